"""The real clock."""

from __future__ import annotations

from datetime import UTC, datetime


class SystemClock:
    """The machine's clock, always timezone-aware in UTC (the ``Clock`` port)."""

    def now(self) -> datetime:
        """The current time in UTC."""
        return datetime.now(UTC)
