"""My reservations: the lists (upcoming, pending, waitlisted, past), one reservation, and what
a parent can do with it — confirm when the facility asks, cancel (the policy and what
cancelling now would do are shown first), reschedule, and book again.

**Book again** opens the booking form filled with the reservation's place, service, pets,
add-ons and groomer: the parent chooses new dates there and sees the live check and the
estimate before sending, as for any booking.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import attrs
from aiohttp import web
from returns.result import Failure

from petcare_core.domain.booking_reasons import BookingReason
from petcare_core.domain.cancellation import PENDING, CancellationOutcome
from petcare_core.domain.dates import clock, long_date
from petcare_core.domain.estimate import PricingUnit
from petcare_core.domain.ids import ReservationId
from petcare_core.domain.reasons import Reason
from petcare_core.domain.reservation import Reservation, ReservationStatus, TransitionNotAllowed
from petcare_core.services import ReservationView
from petcare_web.portal.booking_display import (
    Alert,
    EstimateShown,
    alerts_of,
    hours_text,
    money,
    show_estimate,
)
from petcare_web.portal.booking_form import BookingValues, date_labels, errors_of, parse_when
from petcare_web.portal.forms import NO_ERRORS, ErrorLink, FormErrors, form_errors
from petcare_web.portal.pages_agreements import id_from, local_moment
from petcare_web.portal.visit import Visit, portal_page

_S = ReservationStatus
STATUS_LABELS = {
    _S.REQUESTED: "Requested",
    _S.UNCONFIRMED: "Awaiting your confirmation",
    _S.CONFIRMED: "Confirmed",
    _S.WAITLISTED: "On the waitlist",
    _S.DENIED: "Declined",
    _S.CHECKED_IN: "Checked in",
    _S.CHECKED_OUT: "Completed",
    _S.CANCELLED: "Cancelled",
    _S.NO_SHOW: "Missed",
}
STATUS_HELP = {
    _S.REQUESTED: "The facility will confirm it or tell you why not.",
    _S.UNCONFIRMED: "The facility has accepted it: confirm it to keep your place.",
    _S.WAITLISTED: "The dates are full: the facility offers you a place if one frees up.",
}
# Messages after a redirect (``?done=<code>``): fixed texts, so a link cannot write into a page.
DONE = {
    "requested": "Your request is sent: the facility will confirm it or tell you why not.",
    "waitlisted": (
        "You are on the waitlist: the facility offers you a place if one frees up on these dates."
    ),
    "confirmed": "Thank you: the reservation is confirmed.",
    "cancelled": "The reservation is cancelled, at no charge.",
    "cancel-requested": (
        "Your cancellation is sent to the facility for review: they will confirm it and tell "
        "you whether anything is charged. The reservation stays in place until then."
    ),
    "rescheduled": "The new dates are saved.",
    "reschedule-requested": (
        "Your new dates are sent to the facility for review: the reservation keeps its "
        "current dates until they accept the change."
    ),
}
# The core names the stay's times start and end; the form has a date and a time for each.
DATE_ALIASES = {"start": "start_date", "end": "end_date"}
CHANGEABLE = frozenset({_S.REQUESTED, _S.UNCONFIRMED, _S.WAITLISTED, _S.CONFIRMED})


def when_text(reservation: Reservation, unit: PricingUnit, timezone: str) -> str:
    """``4 March 2026, 09:00 to 7 March 2026, 17:00`` (``4 March 2026, 08:00 to 17:00`` within
    a day); an appointment as its day, time and length."""
    zone = ZoneInfo(timezone)
    start, end = reservation.start.astimezone(zone), reservation.end.astimezone(zone)
    if unit is PricingUnit.APPOINTMENT:
        minutes = int((reservation.end - reservation.start).total_seconds() // 60)
        return f"{long_date(start.date())}, {clock(start.time())} ({minutes} minutes)"
    first = f"{long_date(start.date())}, {clock(start.time())}"
    if end.date() == start.date():
        return f"{first} to {clock(end.time())}"
    return f"{first} to {long_date(end.date())}, {clock(end.time())}"


@attrs.frozen
class ReservationCard:
    """A reservation as the pages show it."""

    view: ReservationView
    status: str
    status_help: str
    when: str
    total: str
    deposit: str
    estimate: EstimateShown
    free_until: str

    @property
    def id(self) -> ReservationId:
        """The reservation's id."""
        return self.view.reservation.id

    @property
    def state(self) -> str:
        """The status as a class name (``checked-in``)."""
        return self.view.reservation.status.value.replace("_", "-")

    @property
    def can_confirm(self) -> bool:
        """True when the facility asks the parent to confirm."""
        return self.view.awaiting_confirmation

    @property
    def can_cancel(self) -> bool:
        """True when cancelling online is possible now (free, or sent for review)."""
        return self.view.cancellation.outcome is not CancellationOutcome.NOT_ALLOWED

    @property
    def can_reschedule(self) -> bool:
        """True for a reservation not yet started whose status allows new dates."""
        reservation = self.view.reservation
        return reservation.status in CHANGEABLE and self.can_cancel


def card(view: ReservationView, timezone: str) -> ReservationCard:
    """``view`` with its words and amounts."""
    reservation = view.reservation
    status = STATUS_LABELS[reservation.status]
    if reservation.cancellation is not None and reservation.cancellation.late:
        status = "Cancelled late"
    names = {pet.animal_id: pet.name for pet in view.pets}
    return ReservationCard(
        view=view,
        status=status,
        status_help=STATUS_HELP.get(reservation.status, ""),
        when=when_text(reservation, view.unit, timezone),
        total=money(view.estimate_total),
        deposit="" if view.deposit_due.amount <= 0 else money(view.deposit_due),
        estimate=show_estimate(view.estimate, names, view.type_name, view.unit),
        free_until=local_moment(view.cancellation.free_until, timezone),
    )


@portal_page(member=True)
async def reservations(request: web.Request, visit: Visit) -> web.StreamResponse:
    """``/f/{slug}/reservations``: upcoming, pending (requests and those awaiting the
    parent's confirmation), waitlisted and past reservations."""
    assert visit.facility is not None
    mine = await visit.call(visit.services.my_reservations, visit.facility.id, visit.account_id)
    zone = visit.facility.timezone
    sections = [
        ("upcoming", "Upcoming", [card(view, zone) for view in mine.upcoming]),
        ("pending", "Requests and confirmations", [card(view, zone) for view in mine.pending]),
        ("waitlisted", "On the waitlist", [card(view, zone) for view in mine.waitlisted]),
        ("past", "Past and cancelled", [card(view, zone) for view in mine.past]),
    ]
    return visit.render("reservations.html", sections=sections)


async def _card(visit: Visit, reservation_id: ReservationId) -> ReservationCard:
    assert visit.facility is not None
    view = await visit.call(
        visit.services.my_reservation, visit.facility.id, visit.account_id, reservation_id
    )
    return card(view, visit.facility.timezone)


def _reservation_id(request: web.Request) -> ReservationId:
    return ReservationId(id_from(request, "reservation_id"))


@portal_page(member=True)
async def reservation(request: web.Request, visit: Visit) -> web.StreamResponse:
    """``/f/{slug}/reservations/{id}``: one reservation, its estimate and what can be done."""
    shown = await _card(visit, _reservation_id(request))
    notice = DONE.get(request.query.get("done", ""), "")
    return visit.render("reservation.html", shown=shown, page_notice=notice, errors=NO_ERRORS)


@portal_page(member=True)
async def confirm(request: web.Request, visit: Visit) -> web.StreamResponse:
    """``POST /f/{slug}/reservations/{id}/confirm``: the parent confirms a reservation the
    facility asked them to confirm. A ``GET`` shows the reservation, whose page has the
    button."""
    assert visit.facility is not None
    reservation_id = _reservation_id(request)
    page = f"{visit.base}/reservations/{reservation_id}"
    if request.method == "GET":
        return visit.redirect(page)
    result = await visit.call(
        visit.services.confirm_reservation_as_parent,
        visit.facility.id,
        visit.account_id,
        reservation_id,
    )
    if isinstance(result, Failure):
        shown = await _card(visit, reservation_id)
        problems = _summary(result.failure().reasons)
        return visit.render(
            "reservation.html", status=422, shown=shown, page_notice="", errors=problems
        )
    return visit.redirect(f"{page}?done=confirmed")


def _summary(reasons: Iterable[Reason]) -> FormErrors:
    return FormErrors({}, tuple(ErrorLink("", _message(reason)) for reason in reasons))


def _message(reason: Reason) -> str:
    """A reason in a parent's words: a refused status change names the status as the pages
    do (``Checked in``) and says what to do."""
    if isinstance(reason, TransitionNotAllowed):
        current = STATUS_LABELS[reason.current].lower()
        if reason.target is _S.CANCELLED:
            return (
                f"This reservation is {current}: it can no longer be cancelled online. "
                "Please call the facility."
            )
        if reason.target is _S.CONFIRMED:
            return f"This reservation is {current}: there is nothing to confirm."
    return reason.message[:1].upper() + reason.message[1:]


CANCEL_LABELS = {"reason": "Reason"}


async def _cancel_page(
    visit: Visit, reservation_id: ReservationId, *, reason: str, errors: FormErrors, status: int
) -> web.Response:
    assert visit.facility is not None
    shown = await _card(visit, reservation_id)
    kind = await visit.call(
        visit.services.get_reservation_type, visit.facility.id, shown.view.reservation.type_id
    )
    return visit.render(
        "cancel.html",
        status=status,
        shown=shown,
        policy_hours=kind.cancellation.free_until_hours,
        pending=shown.view.reservation.status in PENDING,
        reason=reason,
        errors=errors,
    )


@portal_page(member=True)
async def cancel(request: web.Request, visit: Visit) -> web.StreamResponse:
    """``/f/{slug}/reservations/{id}/cancel``: the cancellation policy and what cancelling
    now would do (free, sent to the facility for review, or not possible online); a POST
    cancels (or sends the cancellation for review)."""
    assert visit.facility is not None
    reservation_id = _reservation_id(request)
    if request.method == "GET":
        return await _cancel_page(visit, reservation_id, reason="", errors=NO_ERRORS, status=200)
    reason = visit.text("reason")
    result = await visit.call(
        visit.services.cancel_reservation_as_parent,
        visit.facility.id,
        visit.account_id,
        reservation_id,
        reason,
    )
    if isinstance(result, Failure):
        reasons = result.failure().reasons
        others = [r for r in reasons if not isinstance(r, TransitionNotAllowed)]
        errors = form_errors(others, CANCEL_LABELS)
        errors = FormErrors(
            errors.fields,
            errors.summary
            + _summary(r for r in reasons if isinstance(r, TransitionNotAllowed)).summary,
        )
        return await _cancel_page(visit, reservation_id, reason=reason, errors=errors, status=422)
    done = "cancel-requested" if result.unwrap().sent_for_review else "cancelled"
    return visit.redirect(f"{visit.base}/reservations/{reservation_id}?done={done}")


@portal_page(member=True)
async def book_again(request: web.Request, visit: Visit) -> web.StreamResponse:
    """``/f/{slug}/reservations/{id}/book-again``: the booking form filled with the
    reservation's location, service, pets, add-ons, groomer and times of day; the parent
    chooses the new dates there."""
    assert visit.facility is not None
    view = await visit.call(
        visit.services.my_reservation, visit.facility.id, visit.account_id, _reservation_id(request)
    )
    booked = view.reservation
    zone = ZoneInfo(visit.facility.timezone)
    pairs: list[tuple[str, object]] = [
        ("location_id", booked.location_id),
        ("type_id", booked.type_id),
    ]
    pairs += [("animal_id", line.animal_id) for line in booked.lines]
    for line in booked.lines:
        pairs += [(f"add_on.{line.animal_id}", service) for service in line.services]
    if booked.staff_id is not None:
        pairs.append(("staff_id", booked.staff_id))
    pairs.append(("start_time", clock(booked.start.astimezone(zone).time())))
    if view.unit is not PricingUnit.APPOINTMENT:
        pairs.append(("end_time", clock(booked.end.astimezone(zone).time())))
    return visit.redirect(f"{visit.base}/book?{urlencode(pairs)}")


async def _reschedule_page(
    visit: Visit,
    reservation_id: ReservationId,
    *,
    values: BookingValues | None,
    errors: FormErrors,
    alerts: tuple[Alert, ...] = (),
    status: int = 200,
) -> web.Response:
    assert visit.facility is not None
    shown = await _card(visit, reservation_id)
    booked = shown.view.reservation
    kind = await visit.call(visit.services.get_reservation_type, visit.facility.id, booked.type_id)
    appointment = kind.unit is PricingUnit.APPOINTMENT
    if values is None:
        zone = ZoneInfo(visit.facility.timezone)
        start, end = booked.start.astimezone(zone), booked.end.astimezone(zone)
        values = BookingValues(
            start_date=start.date().isoformat(),
            start_time=clock(start.time()),
            end_date=end.date().isoformat(),
            end_time=clock(end.time()),
        )
    return visit.render(
        "reschedule.html",
        status=status,
        shown=shown,
        appointment=appointment,
        minutes=int((booked.end - booked.start).total_seconds() // 60),
        labels=date_labels(appointment),
        hours={
            "drop_off": hours_text("Drop-off hours", kind.policy.drop_off_hours),
            "pick_up": hours_text("Pick-up hours", kind.policy.pick_up_hours),
        },
        values=values,
        errors=errors,
        alerts=alerts,
    )


@portal_page(member=True)
async def reschedule(request: web.Request, visit: Visit) -> web.StreamResponse:
    """``/f/{slug}/reservations/{id}/reschedule``: new dates for a reservation. A pending
    one moves until it starts; a confirmed one inside the free cancellation window, after
    which the change is sent to the facility for review. Every reason the new dates do not
    work is shown with its fix."""
    assert visit.facility is not None
    reservation_id = _reservation_id(request)
    if request.method == "GET":
        return await _reschedule_page(visit, reservation_id, values=None, errors=NO_ERRORS)
    values = BookingValues.read(visit.form)
    booked = (await _card(visit, reservation_id)).view.reservation
    kind = await visit.call(visit.services.get_reservation_type, visit.facility.id, booked.type_id)
    appointment = kind.unit is PricingUnit.APPOINTMENT
    minutes = int((booked.end - booked.start).total_seconds() // 60) if appointment else None
    problems: dict[str, str] = {}
    start, end = parse_when(problems, values, minutes, visit.facility.timezone)
    if problems or start is None or end is None:
        errors = errors_of(problems, date_labels(appointment))
        return await _reschedule_page(
            visit, reservation_id, values=values, errors=errors, status=422
        )
    result = await visit.call(
        visit.services.reschedule_reservation_as_parent,
        visit.facility.id,
        visit.account_id,
        reservation_id,
        start,
        end,
    )
    if isinstance(result, Failure):
        reasons = result.failure().reasons
        back = f"{visit.base}/reservations/{reservation_id}/reschedule"
        rules = [r for r in reasons if isinstance(r, BookingReason)]
        alerts = alerts_of(visit.base, rules, back, booked.location_id)
        others = [r for r in reasons if not isinstance(r, BookingReason)]
        errors = form_errors(others, date_labels(appointment), aliases=DATE_ALIASES)
        return await _reschedule_page(
            visit, reservation_id, values=values, errors=errors, alerts=alerts, status=422
        )
    done = "reschedule-requested" if result.unwrap().sent_for_review else "rescheduled"
    return visit.redirect(f"{visit.base}/reservations/{reservation_id}?done={done}")
