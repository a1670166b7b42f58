"""Claims: what employees state about themselves beside HR's official records, and how it is reviewed.

`service` makes and changes an employee's own claims (from /asesmen, /pelatihan, /catatan); `review`
decides them (who may, in what order, exactly once); `similar` tells when two trainings look the same.
No Telegram here: the feature folders (`assessment`, `training`, `review`, `records`) talk to people.
"""
