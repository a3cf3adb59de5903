"""The fixed moments every example builder uses: no builder reads the clock.

The example day is Monday 2 March 2026; the example dose is given at 09:10 UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Final

__all__ = ["DEFAULT_DAY", "DEFAULT_DOSED", "DEFAULT_TIME"]

DEFAULT_TIME: Final = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DEFAULT_DAY: Final = date(2026, 3, 2)
"""The day every example happens on, unless told otherwise (a Monday)."""
DEFAULT_DOSED: Final = datetime(2026, 3, 2, 9, 10, tzinfo=UTC)
"""When the example session's dose is given."""
