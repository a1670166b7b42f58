"""Targeting intervention for HR (issue 14): from "which unit is low" to who, why, what to do first, over time.

- `gaps`: what each latest assessment lacks (scoring's advice, stored with it), summed per unit by the database.
- `drill`: /rekap's unit pages: a unit, its sub-units, its members lowest first with what they lack.
- `needs`: per indicator, who lacks it and what meeting it adds to the mean; the intervention list.
- `compare`: the map as of a past date, and the change per unit between two dates.
- `handlers`, `render`: /rekap with its buttons (the map itself is `bot.unitmap`'s).
Every request re-checks the HR admin's scope here, in the services: a button pressed yesterday or forged
today reaches nothing outside it.
"""
