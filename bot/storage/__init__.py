"""The data layer: tables (`models`), engine and sessions (`db`), migrations (`schema`), the profile
builder (`profiles`), roles and the unit tree (`roles`, `units`), and the audit log (`audit`)."""
