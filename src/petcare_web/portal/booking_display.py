"""How the booking pages word things: amounts, prices, hours, an estimate line by line, and
the booking evaluation's reasons as alerts, each with the link that fixes it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from urllib.parse import urlencode

import attrs

from petcare_core.domain.add_ons import AdditionalService
from petcare_core.domain.booking import BookingEvaluation
from petcare_core.domain.booking_reasons import BookingReason, FixTarget, ReasonCategory
from petcare_core.domain.booking_window import WEEKDAYS, WeeklyHours
from petcare_core.domain.compliance import ExpiresDuringStay, ExpiringSoon, Missing, Rejected
from petcare_core.domain.estimate import AddOnCharge, Estimate, EstimateLine, LineKind, PricingUnit
from petcare_core.domain.ids import AnimalId
from petcare_core.domain.money import Money
from petcare_core.domain.reasons import Reason
from petcare_core.domain.reservation_types import ReservationType
from petcare_web.portal.booking_form import BookingSetting, BookingValues
from petcare_web.portal.forms import ErrorLink, FormErrors
from petcare_web.portal.visit import Visit

SYMBOLS = {"USD": "$", "CAD": "$", "AUD": "$", "NZD": "$", "EUR": "€", "GBP": "£"}
UNITS = {PricingUnit.NIGHT: ("night", "nights"), PricingUnit.DAY: ("day", "days")}


# Formatting


def money(amount: Money) -> str:
    """``$1,234.50`` (``-$5.00`` for a discount); the currency's code for unlisted ones."""
    text = f"{abs(Decimal(amount.format_plain())):,}"
    symbol = SYMBOLS.get(amount.currency)
    shown = f"{symbol}{text}" if symbol else f"{text} {amount.currency}"
    return f"-{shown}" if amount.amount < 0 else shown


def units_text(unit: PricingUnit, count: int) -> str:
    """``3 nights``, ``1 day``, ``1 appointment``."""
    one, many = UNITS.get(unit, ("appointment", "appointments"))
    return f"{count} {one if count == 1 else many}"


def price_text(kind: ReservationType) -> str:
    """What a service costs: ``$45.00 a night``, ``$60.00 an appointment (60 minutes)``."""
    if kind.unit is PricingUnit.APPOINTMENT:
        return f"{money(kind.base_price)} an appointment ({kind.appointment_minutes} minutes)"
    return f"{money(kind.base_price)} a {UNITS[kind.unit][0]}"


def add_on_price_text(service: AdditionalService, unit: PricingUnit) -> str:
    """What an add-on costs: ``$10.00 a stay``, ``$5.00 a night``."""
    if service.charge is AddOnCharge.PER_UNIT and unit in UNITS:
        return f"{money(service.price)} a {UNITS[unit][0]}"
    each = "an appointment" if unit is PricingUnit.APPOINTMENT else "a stay"
    return f"{money(service.price)} {each}"


def hours_text(what: str, weekly: WeeklyHours) -> str:
    """``Drop-off hours: every day 07:00-19:00.`` or each weekday's hours."""
    days = weekly.days
    if all(day == days[0] for day in days):
        return f"{what}: every day {days[0]}." if days[0] else f"{what}: none."
    parts = [f"{name} {day or 'none'}" for name, day in zip(WEEKDAYS, days, strict=True)]
    return f"{what}: {', '.join(parts)}."


def line_text(line: EstimateLine, kind_name: str, unit: PricingUnit) -> str:
    """One estimate line in words: ``Boarding: 3 nights``, ``Bath``, ``Tax``."""
    if line.kind is LineKind.BASE:
        return f"{kind_name}: {units_text(unit, line.quantity)}"
    if line.kind is LineKind.ADD_ON:
        if line.quantity == 1:
            return line.description
        return f"{line.description} ({units_text(unit, line.quantity)})"
    if line.kind is LineKind.PEAK:
        return f"{line.description} surcharge: {units_text(unit, line.quantity)}"
    return line.description[:1].upper() + line.description[1:]


@attrs.frozen
class PetEstimate:
    """One pet's lines of an estimate, in words, and its total."""

    name: str
    lines: tuple[tuple[str, str], ...]
    total: str


@attrs.frozen
class EstimateShown:
    """An estimate as the pages show it: per pet, then the total and the tax in it."""

    pets: tuple[PetEstimate, ...]
    total: str
    tax: str


def show_estimate(
    estimate: Estimate, names: Mapping[AnimalId, str], kind_name: str, unit: PricingUnit
) -> EstimateShown:
    """``estimate`` grouped by pet (in line order) for a page."""
    order = list(dict.fromkeys(line.animal_id for line in estimate.lines))
    pets = tuple(
        PetEstimate(
            names.get(pet, f"Pet #{pet}"),
            tuple(
                (line_text(line, kind_name, unit), money(line.amount))
                for line in estimate.lines
                if line.animal_id == pet
            ),
            money(estimate.pet_total(pet)),
        )
        for pet in order
    )
    tax = "" if estimate.tax.amount == 0 else money(estimate.tax)
    return EstimateShown(pets, money(estimate.total), tax)


# The check: the evaluation's reasons as alerts with links to fix them


@attrs.frozen
class Alert:
    """One reason, in words, with where to fix it."""

    category: str
    message: str
    link: str
    link_text: str


@attrs.frozen
class CheckOutcome:
    """What the check region shows: alerts, warnings, the estimate and the deposit."""

    alerts: tuple[Alert, ...] = ()
    warnings: tuple[Alert, ...] = ()
    estimate: EstimateShown | None = None
    deposit: str = ""
    offers_waitlist: bool = False
    can_request: bool = False
    evaluated: bool = False


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _vaccine_link(base: str, reason: Reason, animal_id: AnimalId) -> str:
    """The pet's upload page, with the vaccine chosen when the reason names one."""
    query = ""
    if isinstance(reason, Missing | ExpiresDuringStay | Rejected | ExpiringSoon):
        query = f"?type={reason.type_id}"
    return f"{base}/pets/{animal_id}/vaccines/upload{query}"


def fix_link(base: str, reason: BookingReason, back: str, location_id: int) -> tuple[str, str]:
    """Where the parent fixes ``reason``, and the link's words."""
    fix = reason.fix
    target = fix.target
    pet = f" for {reason.pet_name}" if reason.pet_name else ""
    if target is FixTarget.UPLOAD_VACCINE and fix.animal_id is not None:
        return _vaccine_link(base, reason.reason, fix.animal_id), f"Upload the record{pet}"
    if target is FixTarget.SIGN_AGREEMENT and fix.agreement_id is not None:
        query = urlencode({"next": back, "location_id": location_id})
        return f"{base}/agreements/{fix.agreement_id}?{query}", "Read and sign the agreement"
    links = {
        FixTarget.CHOOSE_PETS: ("#f-animal_id", "Change the pets"),
        FixTarget.CHOOSE_SERVICE: (f"{base}/book", "Choose another service"),
        FixTarget.CHOOSE_LOCATION: (f"{base}/book", "Choose another location"),
        FixTarget.CHOOSE_STAFF: ("#f-staff_id", "Choose a groomer or trainer"),
        FixTarget.BOOK_EVALUATION: (f"{base}/#contact", "Ask the facility for an evaluation"),
        FixTarget.CHOOSE_DATES: ("#f-start_date", "Change the dates"),
        FixTarget.CHOOSE_ADD_ONS: ("#f-add_ons", "Change the add-ons"),
        FixTarget.JOIN_WAITLIST: ("#f-join_waitlist", "Join the waitlist"),
    }
    return links.get(target, (f"{base}/#contact", "Contact the facility"))


def alerts_of(
    base: str, reasons: Sequence[BookingReason], back: str, location_id: int
) -> tuple[Alert, ...]:
    """``reasons`` as alerts with their fix links."""
    found: list[Alert] = []
    for reason in reasons:
        link, text = fix_link(base, reason, back, location_id)
        found.append(Alert(reason.category.value, _sentence(reason.message), link, text))
    return tuple(found)


def outcome_of(
    visit: Visit, evaluation: BookingEvaluation, setting: BookingSetting, values: BookingValues
) -> CheckOutcome:
    """The evaluation as the check region shows it."""
    back = f"{visit.base}/book?{values.query(setting)}"
    location_id = setting.location.id
    estimate = evaluation.estimate
    shown = (
        None
        if estimate is None
        else show_estimate(estimate, setting.pet_names(), setting.kind.name, setting.kind.unit)
    )
    return CheckOutcome(
        alerts=alerts_of(visit.base, evaluation.blocking, back, location_id),
        warnings=alerts_of(visit.base, evaluation.warnings, back, location_id),
        estimate=shown,
        deposit="" if evaluation.deposit.amount <= 0 else money(evaluation.deposit),
        offers_waitlist=evaluation.offers_waitlist,
        can_request=evaluation.can_request,
        evaluated=True,
    )


def reasons_outcome(
    visit: Visit, reasons: Sequence[Reason], setting: BookingSetting, values: BookingValues
) -> tuple[CheckOutcome, FormErrors]:
    """A refused request's reasons: the booking rules' as alerts, any other as form errors."""
    back = f"{visit.base}/book?{values.query(setting)}"
    rules = [reason for reason in reasons if isinstance(reason, BookingReason)]
    blocking = [reason for reason in rules if reason.blocking]
    others = [reason for reason in reasons if not isinstance(reason, BookingReason)]
    summary = tuple(ErrorLink("", _sentence(reason.message)) for reason in others)
    outcome = CheckOutcome(
        alerts=alerts_of(visit.base, blocking, back, setting.location.id),
        offers_waitlist=bool(blocking)
        and all(r.category is ReasonCategory.CAPACITY for r in blocking),
        evaluated=True,
    )
    return outcome, FormErrors({}, summary)
