"""A moment written in the facility's own time, as staff read it in a notification."""

from __future__ import annotations

import zoneinfo
from datetime import datetime

from petcare_core.domain.dates import clock, long_date
from petcare_core.ports.unit_of_work import FacilityUnitOfWork


def local_moment(uow: FacilityUnitOfWork, moment: datetime) -> str:
    """``moment`` in the unit of work's facility's time zone: ``3 June 2026 at 08:00``."""
    local = moment.astimezone(zoneinfo.ZoneInfo(uow.facility().timezone))
    return f"{long_date(local.date())} at {clock(local.time())}"
