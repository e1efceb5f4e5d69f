"""The test facilities' own dates.

Every test facility keeps its days in its own time zone (Denver unless a test says otherwise)
while the machine's clock runs in UTC. From midnight UTC until midnight in Denver the two dates
differ, so a test that took ``date.today()`` for the facility's day failed only in those hours
(a vaccine given "today" was then in the facility's future).
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from zoneinfo import ZoneInfo

DENVER = ZoneInfo("America/Denver")


def facility_today(zone: tzinfo = DENVER) -> date:
    """Today's date where the facility is."""
    return datetime.now(zone).date()
