"""``restrict_to`` and the ``params[...]`` filters of ``reservations_by_animal`` and
``reservations_by_owner`` (gingr-api-v1.md §3.2; docs/gingr-api.md, "Reservations").

Each reservation contributes one row per pet (Gingr keeps one reservation per pet); the filters
keep rows, and all of them must hold:

- ``restrict_to``: ``pending_requests`` (requests awaiting the business), ``currently_checked_in``,
  ``wait_listed``, ``future`` (starting after now) or ``past`` (ended by now);
- ``params[fromDate]``/``params[toDate]``: the stay overlaps the period (a date is its whole
  local day, both ends included);
- ``params[reservationTypeIds][]``, ``params[animalIds][]``: one of these types, pets;
- ``params[cancelledOnly]`` (cancelled, denied or no-show), ``params[confirmedOnly]``
  (confirmed, checked in or checked out), ``params[completedOnly]`` (checked out);
- ``params[limit]``: at most that many rows.

Rows come by start, then reservation id, then pet order; ``past`` comes latest first, so that
``params[limit]`` keeps the most recent stays.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime, time, timedelta, tzinfo
from itertools import islice

import attrs

from petcare_core.domain.reservation import Reservation, ReservationLine, ReservationStatus
from petcare_web.gingr.envelope import GingrError
from petcare_web.gingr.params import ParamValue
from petcare_web.gingr.request import MAX_ID, GingrParams

_S = ReservationStatus
_DIGITS = re.compile(r"[0-9]{1,19}")
# Dates outside these years are typos; refusing them keeps every date computation in range.
FIRST_YEAR, LAST_YEAR = 1970, 2999


class RestrictTo(enum.Enum):
    """The values of ``restrict_to``."""

    PENDING_REQUESTS = "pending_requests"
    CURRENTLY_CHECKED_IN = "currently_checked_in"
    FUTURE = "future"
    PAST = "past"
    WAIT_LISTED = "wait_listed"


_RESTRICT_STATUS = {
    RestrictTo.PENDING_REQUESTS: _S.REQUESTED,
    RestrictTo.CURRENTLY_CHECKED_IN: _S.CHECKED_IN,
    RestrictTo.WAIT_LISTED: _S.WAITLISTED,
}
_ONLY = {
    "cancelledOnly": frozenset({_S.CANCELLED, _S.DENIED, _S.NO_SHOW}),
    "confirmedOnly": frozenset({_S.CONFIRMED, _S.CHECKED_IN, _S.CHECKED_OUT}),
    "completedOnly": frozenset({_S.CHECKED_OUT}),
}
FILTER_NAMES = (
    "fromDate",
    "toDate",
    "reservationTypeIds",
    "animalIds",
    "cancelledOnly",
    "confirmedOnly",
    "completedOnly",
    "limit",
)
_BY_LOWER = {name.lower(): name for name in FILTER_NAMES}


def checked_moment(params: GingrParams, name: str) -> date | datetime | None:
    """``params.moment(name)``, refused outside the years 1970 to 2999."""
    value = params.moment(name)
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise GingrError.invalid(
            f"{name} must be a date from {FIRST_YEAR}-01-01 to {LAST_YEAR}-12-31, got "
            f"{value.isoformat()[:40]!r}"
        )
    return value


def instant(moment: date | datetime, zone: tzinfo, *, end: bool) -> datetime:
    """A date as the start of its local day (of the next day, for an inclusive ``end``); a
    datetime without offset as local time."""
    if isinstance(moment, datetime):
        return moment if moment.utcoffset() is not None else moment.replace(tzinfo=zone)
    day = moment + timedelta(days=1) if end else moment
    return datetime.combine(day, time(), tzinfo=zone)


def _restrict_to(params: GingrParams) -> RestrictTo | None:
    raw = params.text("restrict_to")
    if not raw:
        return None
    try:
        return RestrictTo(raw.lower())
    except ValueError:
        choices = ", ".join(item.value for item in RestrictTo)
        raise GingrError.invalid(
            f"restrict_to must be one of {choices}, got {raw[:40]!r}"
        ) from None


def _ids(value: ParamValue | None, label: str) -> frozenset[int] | None:
    """A list of ids (``x[]=1&x[]=2``, or ``x=1,2``); ``None`` when absent."""
    if value is None:
        return None
    if isinstance(value, str):
        items: list[ParamValue] = [part for part in value.split(",") if part.strip()]
    else:
        items = list(value.values()) if isinstance(value, dict) else list(value)
    ids: set[int] = set()
    for item in items:
        text = item.strip() if isinstance(item, str) else ""
        if not _DIGITS.fullmatch(text) or not 0 < int(text) <= MAX_ID:
            raise GingrError.invalid(
                f"{label} must list positive whole numbers, e.g. {label}[]=3&{label}[]=4"
            )
        ids.add(int(text))
    return frozenset(ids)


def _limit(params: GingrParams, label: str) -> int | None:
    raw = params.text(label)
    if not raw:
        return None
    if not _DIGITS.fullmatch(raw):
        raise GingrError.invalid(f"{label} must be a whole number of rows, e.g. 100")
    return int(raw)


@attrs.frozen
class ReservationFilter:
    """The rows a ``reservations_by_*`` request keeps."""

    restrict_to: RestrictTo | None = None
    since: datetime | None = None
    until: datetime | None = None
    type_ids: frozenset[int] | None = None
    animal_ids: frozenset[int] | None = None
    statuses: tuple[frozenset[ReservationStatus], ...] = ()
    limit: int | None = None

    def _keeps(self, reservation: Reservation, now: datetime) -> bool:
        restrict = self.restrict_to
        if restrict in _RESTRICT_STATUS and reservation.status is not _RESTRICT_STATUS[restrict]:
            return False
        if restrict is RestrictTo.FUTURE and reservation.start <= now:
            return False
        if restrict is RestrictTo.PAST and reservation.end > now:
            return False
        if self.since is not None and reservation.end <= self.since:
            return False
        if self.until is not None and reservation.start >= self.until:
            return False
        if self.type_ids is not None and reservation.type_id not in self.type_ids:
            return False
        return all(reservation.status in allowed for allowed in self.statuses)

    def only_animal(self, animal_id: int) -> ReservationFilter:
        """This filter keeping only the lines of ``animal_id`` (none if ``animal_ids`` leaves
        it out)."""
        wanted = self.animal_ids
        only = frozenset({animal_id}) if wanted is None else wanted & {animal_id}
        return attrs.evolve(self, animal_ids=only)

    def apply(
        self, reservations: Iterable[Reservation], now: datetime
    ) -> Iterator[tuple[Reservation, ReservationLine]]:
        """The kept (reservation, pet line) pairs of ``reservations`` (ordered by start), in
        the answer's order, at most ``limit`` of them."""
        kept = [reservation for reservation in reservations if self._keeps(reservation, now)]
        if self.restrict_to is RestrictTo.PAST:
            kept.reverse()
        pairs = (
            (reservation, line)
            for reservation in kept
            for line in reservation.lines
            if self.animal_ids is None or line.animal_id in self.animal_ids
        )
        return pairs if self.limit is None else islice(pairs, self.limit)


def _filters(raw: Mapping[str, ParamValue]) -> GingrParams:
    """The ``params[...]`` filters under their own names (any case), labelled
    ``params[name]``; an unknown name is refused."""
    named: dict[str, ParamValue] = {}
    for key, value in raw.items():
        name = _BY_LOWER.get(key.strip().lower())
        if name is None:
            raise GingrError.invalid(
                f"params[{key[:40]}] is not a filter of this endpoint; use "
                + ", ".join(f"params[{item}]" for item in FILTER_NAMES)
            )
        named[f"params[{name}]"] = value
    return GingrParams(named)


def parse_filter(params: GingrParams, zone: tzinfo) -> ReservationFilter:
    """The filter of ``restrict_to`` and ``params[...]``; ``GingrError`` naming what cannot be
    read."""
    filters = _filters(params.mapping("params"))
    start = checked_moment(filters, "params[fromDate]")
    end = checked_moment(filters, "params[toDate]")
    since = None if start is None else instant(start, zone, end=False)
    until = None if end is None else instant(end, zone, end=True)
    if since is not None and end is not None and instant(end, zone, end=False) < since:
        raise GingrError.invalid("params[toDate] is before params[fromDate]")
    statuses = tuple(
        allowed for name, allowed in _ONLY.items() if filters.boolean(f"params[{name}]")
    )
    return ReservationFilter(
        restrict_to=_restrict_to(params),
        since=since,
        until=until,
        type_ids=_ids(filters.tree.get("params[reservationTypeIds]"), "params[reservationTypeIds]"),
        animal_ids=_ids(filters.tree.get("params[animalIds]"), "params[animalIds]"),
        statuses=statuses,
        limit=_limit(filters, "params[limit]"),
    )
