"""The delivery engine's tests read `RetryAfter.retry_after` as production does (a timedelta)."""

import os

os.environ.setdefault("PTB_TIMEDELTA", "1")
