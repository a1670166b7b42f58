"""Multi-step conversations whose state lives in the database, so they survive a restart."""
