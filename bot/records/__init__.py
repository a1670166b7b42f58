"""/catatan: an employee's own entries with their status; corrections, withdrawals and disputes (issue 13)."""
