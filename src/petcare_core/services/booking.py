"""Booking: evaluating a booking form, a pet parent's request, and staff booking.

- ``evaluate_booking_as_parent`` / ``evaluate_booking_as_staff`` answer every reason a booking
  cannot be made yet, with its estimate and deposit, and write nothing (the portal calls it on
  every change of the form).
- ``request_reservation``: a pet parent's request, stored ``requested`` — or ``waitlisted``
  when full capacity is all that stops it and the parent chose to join the waitlist. **A
  request holds no place** until staff approve it: the approval checks capacity again and
  takes the place (or offers the waitlist).
- ``book_reservation``: staff book for a household, confirmed at once (the place is taken) or
  as a request, waiving reasons with their override permissions; every waiver is stored.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import datetime

import attrs
from returns.result import Failure, Result, Success

from petcare_core.domain.actors import Actor as HistoryActor
from petcare_core.domain.booking import (
    BookingDraft,
    BookingEvaluation,
    BookingOverride,
    evaluate_booking,
)
from petcare_core.domain.booking_overrides import apply_overrides
from petcare_core.domain.booking_reasons import BookingReason, ReasonCategory, ReasonKey
from petcare_core.domain.events import ReservationEvent
from petcare_core.domain.ids import (
    AnimalId,
    BookingOverrideId,
    FacilityId,
    OwnerId,
    PortalAccountId,
    ReservationId,
    ReservationTypeId,
    StaffUserId,
)
from petcare_core.domain.money import Money
from petcare_core.domain.reasons import InvalidValue, Reason, Rejection, RequiredValueMissing
from petcare_core.domain.reservation import Reservation
from petcare_core.domain.staff import Permission, StaffUser
from petcare_core.ports.unit_of_work import FacilityUnitOfWork
from petcare_core.services._access import Actor, authorize, portal_owner_id
from petcare_core.services._booking_facts import (
    BookingRequest,
    booking_draft,
    load_booking_facts,
)
from petcare_core.services._capacity import LedgerSession, placement_of, zone_of
from petcare_core.services._checks import TEXT_MAX_LENGTH, Checks
from petcare_core.services.context import ServiceContext

#: What an override names: a reason code alone (a reason about the whole booking), or a code
#: and the pet it is about (``("missing", 12)`` or a ``ReasonKey``).
OverrideKey = str | ReasonKey | tuple[str, int | None]
#: Staff's override requests: each reason to waive and the note saying why.
Overrides = Mapping[OverrideKey, str]

NO_OVERRIDES: Overrides = {}


@attrs.frozen
class OverrideNeedsStaffUser(Reason):
    """The operator asked to override: an override is recorded with the member of staff who
    made it, and the operator is nobody."""

    @property
    def message(self) -> str:
        return (
            "an override is recorded with the member of staff who made it; act as a staff "
            "user holding the override permission"
        )

    @property
    def field(self) -> str | None:
        return "overrides"


@attrs.frozen
class BookingResult:
    """A stored booking: the reservation, the evaluation it passed, the overrides recorded for
    it and the deposit still due once waivers count. ``filled`` lists waitlisted reservations
    that got places the change freed (a shortened stay)."""

    reservation: Reservation
    evaluation: BookingEvaluation
    deposit: Money
    overrides: tuple[BookingOverride, ...] = ()
    filled: tuple[Reservation, ...] = ()


@attrs.frozen
class BookableStaff:
    """A member of staff a pet parent may choose as groomer or trainer (first name only: the
    portal shows nothing else about staff)."""

    id: StaffUserId
    first_name: str


def history_actor(actor: Actor) -> HistoryActor:
    """Who a reservation's history names: the staff user, or the system for the operator."""
    return HistoryActor.staff(actor.id) if isinstance(actor, StaffUser) else HistoryActor.system()


def reason_key(key: OverrideKey) -> ReasonKey:
    """An override request's key as the domain names it."""
    if isinstance(key, ReasonKey):
        return key
    if isinstance(key, str):
        return ReasonKey(key.strip())
    code, animal_id = key
    return ReasonKey(code.strip(), None if animal_id is None else AnimalId(animal_id))


@attrs.frozen
class Waivers:
    """What staff's override requests did to an evaluation.

    ``blocking`` is empty when the booking may go ahead; otherwise it holds the reasons still
    standing and the refused requests. ``capacity`` is true when full capacity is waived (by a
    new or a stored override), so the place is taken over capacity.
    """

    records: tuple[BookingOverride, ...]
    blocking: tuple[Reason, ...]
    capacity: bool
    deposit: Money


def _notes(checks: Checks, overrides: Overrides) -> list[tuple[ReasonKey, str]]:
    requests: list[tuple[ReasonKey, str]] = []
    for raw, note in overrides.items():
        key = reason_key(raw)
        cleaned = checks.text("overrides", note, required=False, max_length=TEXT_MAX_LENGTH)
        requests.append((key, cleaned))
    return requests


def staff_waivers(
    uow: FacilityUnitOfWork,
    actor: Actor,
    evaluation: BookingEvaluation,
    overrides: Overrides,
    *,
    reservation_id: ReservationId,
    at: datetime,
    stored: Iterable[BookingOverride] = (),
    ignore: Collection[ReasonCategory] = (),
) -> Waivers:
    """Apply staff's override requests to ``evaluation`` (``apply_overrides``).

    ``stored`` are overrides recorded on the reservation before: they keep waiving their
    reasons and are not recorded again. Reasons of the ``ignore`` categories do not block (a
    request that holds no place is not stopped by a full pool). A note over 500 characters and
    the operator asking to override (nobody to record) are refused too.
    """
    checks = Checks()
    requests = _notes(checks, overrides)
    earlier = {override.key for override in stored}
    requests = [(key, note) for key, note in requests if key not in earlier]
    permissions: frozenset[Permission] = frozenset()
    # apply_overrides needs a staff id; the operator's requests are refused before it, so no
    # record is ever made with the placeholder.
    if isinstance(actor, StaffUser):
        permissions = uow.staff.get(actor.id).permissions
    elif any(key in {reason.key for reason in evaluation.reasons} for key, _ in requests):
        checks.add(OverrideNeedsStaffUser())
        requests = []
    outcome = apply_overrides(
        evaluation,
        requests,
        permissions=permissions,
        staff_user_id=actor.id if isinstance(actor, StaffUser) else StaffUserId(0),
        facility_id=uow.facility_id,
        reservation_id=reservation_id,
        at=at,
        ids=lambda: BookingOverrideId(uow.new_id()),
    )
    remaining = [
        reason
        for reason in outcome.remaining
        if reason.key not in earlier and reason.category not in ignore
    ]
    waived = earlier | {record.key for record in outcome.overrides}
    capacity = any(
        reason.key in waived
        for reason in evaluation.reasons
        if reason.category is ReasonCategory.CAPACITY
    )
    deposit = outcome.deposit
    if any(reason.key in earlier for reason in evaluation.reasons if _is_deposit(reason)):
        deposit = Money.zero(deposit.currency)
    return Waivers(
        records=outcome.overrides,
        blocking=(*remaining, *outcome.refused, *checks.reasons),
        capacity=capacity,
        deposit=deposit,
    )


def _is_deposit(reason: BookingReason) -> bool:
    return reason.category is ReasonCategory.DEPOSIT


def _is_capacity(reason: Reason) -> bool:
    return isinstance(reason, BookingReason) and reason.category is ReasonCategory.CAPACITY


def staff_owner(
    checks: Checks, uow: FacilityUnitOfWork, owner_id: OwnerId | None
) -> OwnerId | None:
    """The household staff book for: required, and one of this facility's."""
    if owner_id is None:
        checks.add(RequiredValueMissing("owner_id"))
        return None
    owner = checks.reference("owner_id", owner_id, uow.owners.get)
    return None if owner is None else owner.id


def bookable_staff(
    ctx: ServiceContext,
    facility_id: FacilityId,
    account_id: PortalAccountId,
    type_id: ReservationTypeId | None = None,
) -> tuple[BookableStaff, ...]:
    """The staff a pet parent may choose for an appointment that assigns staff: the active
    staff users who do the work of ``type_id`` (every active one for a type that names nobody,
    or when no type is given), by first name then id. ``NotFound`` when the account is not
    linked to the facility, or the type is not the facility's."""
    with ctx.uows.for_facility(facility_id) as uow:
        portal_owner_id(uow, account_id)
        kind = None if type_id is None else uow.reservation_types.get(type_id)
        users = [
            user
            for user in uow.staff.list()
            if user.active and (kind is None or kind.done_by(user.id))
        ]
    users.sort(key=lambda user: (user.first_name.casefold(), user.id))
    return tuple(BookableStaff(user.id, user.first_name) for user in users)


def evaluate_booking_as_parent(
    ctx: ServiceContext,
    facility_id: FacilityId,
    account_id: PortalAccountId,
    request: BookingRequest,
) -> Result[BookingEvaluation, Rejection]:
    """Every reason the parent's booking cannot be requested yet, its estimate and deposit.

    Writes nothing. ``NotFound`` when the account is not linked to the facility. Rejections:
    only the form's shape (see ``booking_draft``); the booking's own problems are the
    evaluation's reasons.
    """
    checks = Checks()
    with ctx.uows.for_facility(facility_id) as uow:
        owner_id = portal_owner_id(uow, account_id)
        draft = booking_draft(checks, uow, facility_id, owner_id, request)
        if draft is None:
            return checks.failure()
        facts = load_booking_facts(uow, draft, ctx.clock.now())
        return Success(evaluate_booking(draft, facts))


def evaluate_booking_as_staff(
    ctx: ServiceContext, facility_id: FacilityId, actor: Actor, request: BookingRequest
) -> Result[BookingEvaluation, Rejection]:
    """As ``evaluate_booking_as_parent``, for the household ``request.owner_id`` (required).
    Needs ``reservations.read``; each reason says which permission may override it."""
    checks = Checks()
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.RESERVATIONS_READ)) is not None:
            return Failure(denied)
        owner_id = staff_owner(checks, uow, request.owner_id)
        draft = booking_draft(checks, uow, facility_id, owner_id, request)
        if draft is None:
            return checks.failure()
        facts = load_booking_facts(uow, draft, ctx.clock.now())
        return Success(evaluate_booking(draft, facts))


def new_reservation(
    draft: BookingDraft,
    reservation_id: ReservationId,
    *,
    at: datetime,
    by: HistoryActor,
    confirm: bool,
) -> tuple[Reservation, ReservationEvent]:
    """The reservation ``draft`` becomes: booked confirmed, or requested."""
    create = Reservation.book if confirm else Reservation.request
    return create(
        id=reservation_id,
        facility_id=draft.facility_id,
        location_id=draft.location_id,
        owner_id=draft.owner_id,
        type_id=draft.type_id,
        start=draft.start,
        end=draft.end,
        lines=draft.lines,
        at=at,
        by=by,
        staff_id=draft.staff_id,
    )


def request_in(
    uow: FacilityUnitOfWork,
    ctx: ServiceContext,
    owner_id: OwnerId,
    request: BookingRequest,
    *,
    join_waitlist: bool,
) -> Result[BookingResult, Rejection]:
    """``request_reservation`` inside an open unit of work (the caller commits on success)."""
    checks = Checks()
    draft = booking_draft(checks, uow, uow.facility_id, owner_id, request)
    if draft is None:
        return checks.failure()
    now = ctx.clock.now()
    evaluation = evaluate_booking(draft, load_booking_facts(uow, draft, now))
    waitlisted = join_waitlist and evaluation.offers_waitlist
    if evaluation.blocking and not waitlisted:
        return Failure(Rejection(evaluation.blocking))
    by = HistoryActor.owner(owner_id)
    reservation, requested = new_reservation(
        draft, ReservationId(uow.new_id()), at=now, by=by, confirm=False
    )
    events: list[ReservationEvent] = [requested]
    if waitlisted:
        reservation, on_list = reservation.waitlist(at=now, by=by)
        events.append(on_list)
    uow.reservations.add(reservation)
    for event in events:
        uow.record(event)
    return Success(BookingResult(reservation, evaluation, evaluation.deposit))


def request_reservation(
    ctx: ServiceContext,
    facility_id: FacilityId,
    account_id: PortalAccountId,
    request: BookingRequest,
    *,
    join_waitlist: bool = False,
) -> Result[BookingResult, Rejection]:
    """A pet parent asks for a reservation for their household; it holds no place yet.

    Stored ``requested`` (``ReservationRequested``) when nothing blocks it. When full capacity
    is all that blocks it and ``join_waitlist`` is set, stored ``requested`` then
    ``waitlisted`` (both events). Otherwise rejected with every blocking reason of the
    evaluation (a lone ``capacity_full`` offers the waitlist), or with the form's shape
    problems. ``NotFound`` when the account is not linked to the facility.
    """
    with ctx.uows.for_facility(facility_id) as uow:
        owner_id = portal_owner_id(uow, account_id)
        result = request_in(uow, ctx, owner_id, request, join_waitlist=join_waitlist)
        if isinstance(result, Success):
            uow.commit()
    return result


def book_in(
    uow: FacilityUnitOfWork,
    ctx: ServiceContext,
    actor: Actor,
    request: BookingRequest,
    *,
    overrides: Overrides,
    confirm: bool,
    join_waitlist: bool = False,
) -> Result[BookingResult, Rejection]:
    """``book_reservation`` inside an open unit of work, permission checked (the caller
    commits on success)."""
    checks = Checks()
    owner_id = staff_owner(checks, uow, request.owner_id)
    draft = booking_draft(checks, uow, uow.facility_id, owner_id, request)
    if confirm and join_waitlist:
        checks.add(
            InvalidValue(
                "join_waitlist", "only a request joins the waitlist; book it with confirm false"
            )
        )
    if draft is None or owner_id is None or checks.failed:
        return checks.failure()
    now = ctx.clock.now()
    zone = zone_of(uow.facility())
    kind = uow.reservation_types.get(draft.type_id)
    placement = placement_of(uow, kind, draft, zone) if confirm else None
    session = None
    if placement is not None:
        session = LedgerSession.open(uow, placement.pool, placement.days, zone=zone, now=now)
    ledgers = None if session is None else {session.pool.id: session.ledger}
    evaluation = evaluate_booking(draft, load_booking_facts(uow, draft, now, ledgers=ledgers))
    reservation_id = ReservationId(uow.new_id())
    waivers = staff_waivers(
        uow, actor, evaluation, overrides, reservation_id=reservation_id, at=now
    )
    # A request taken by phone for a full day may wait for a place, as a parent's may: when
    # the full pool is all that stands in the way.
    waitlisted = join_waitlist and all(_is_capacity(reason) for reason in waivers.blocking)
    if waivers.blocking and not waitlisted:
        return Failure(Rejection(waivers.blocking))
    by = history_actor(actor)
    reservation, event = new_reservation(draft, reservation_id, at=now, by=by, confirm=confirm)
    events: list[ReservationEvent] = [event]
    if waivers.blocking:  # only the full pool: the request joins the waitlist
        reservation, on_list = reservation.waitlist(at=now, by=by)
        events.append(on_list)
    if session is not None and placement is not None:
        session.take(placement.days, placement.demand, overbook=waivers.capacity)
        session.save()
    uow.reservations.add(reservation)
    for record in waivers.records:
        uow.booking_overrides.add(record)
    for change in events:
        uow.record(change)
    return Success(BookingResult(reservation, evaluation, waivers.deposit, waivers.records))


def book_reservation(
    ctx: ServiceContext,
    facility_id: FacilityId,
    actor: Actor,
    request: BookingRequest,
    *,
    overrides: Overrides = NO_OVERRIDES,
    confirm: bool = True,
    join_waitlist: bool = False,
) -> Result[BookingResult, Rejection]:
    """Staff book for the household ``request.owner_id``. Needs ``reservations.manage``.

    ``confirm``: confirmed at once (``ReservationBooked``; the place is taken, over capacity
    only with a ``capacity_full`` override), else stored as a request (``ReservationRequested``;
    no place taken). ``join_waitlist`` (requests only): when the pool is full, the request joins
    the waitlist (``ReservationWaitlisted`` too) instead of being refused, as a parent's may;
    the other reasons still refuse it. ``overrides`` waive reasons (see ``Overrides``), each
    with the permission its reason needs and a note; each waiver is stored as a
    ``BookingOverride`` (actor, reason, note, time). Rejections: the form's shape; every
    blocking reason not waived together with the refused overrides (``override_not_permitted``,
    ``override_note_missing``, ``override_needs_staff_user`` for the operator).
    """
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.RESERVATIONS_MANAGE)) is not None:
            return Failure(denied)
        result = book_in(
            uow,
            ctx,
            actor,
            request,
            overrides=overrides,
            confirm=confirm,
            join_waitlist=join_waitlist,
        )
        if isinstance(result, Success):
            uow.commit()
    return result
