"""The answer of ``existing_reservation_estimate`` (gingr-api-v1.md §3.11): a stored
reservation priced at today's prices, one entry per pet, with its deposit and location."""

from __future__ import annotations

from datetime import tzinfo

from petcare_core.domain.estimate import LineKind
from petcare_core.domain.facility import Location
from petcare_core.domain.money import Money
from petcare_core.domain.reservation import ReservationLine
from petcare_core.services.reservation_views import ReservationEstimate
from petcare_web.gingr.rows_reservations import JsonObject, money, units
from petcare_web.gingr.values import Row, decimal_text, local_iso


def _location(location: Location) -> Row:
    return {
        "id": str(location.id),
        "name": location.name,
        "address_1": location.address_1,
        "address_2": location.address_2,
        "city": location.city,
        "state": location.region,
        "zip": location.postal_code,
        "phone": location.phone,
        "email": location.email,
        "tax_rate": decimal_text(location.tax_rate),
    }


def _pet_estimate(found: ReservationEstimate, line: ReservationLine, zone: tzinfo) -> JsonObject:
    reservation, kind = found.reservation, found.reservation_type
    lines = [item for item in found.estimate.lines if item.animal_id == line.animal_id]
    currency = found.estimate.currency

    def total(*kinds: LineKind) -> Money:
        amount = sum(item.amount.amount for item in lines if item.kind in kinds)
        return Money(amount, currency)

    # The add-on lines follow the pet's add-ons in order (domain.estimate.estimate).
    charged = [item for item in lines if item.kind is LineKind.ADD_ON]
    services = [
        {
            "s_id": str(service_id),
            "name": item.description,
            "price": money(found.add_ons[service_id].price),
            "quantity": str(item.quantity),
            "total": money(item.amount),
        }
        for service_id, item in zip(line.services, charged, strict=True)
    ]
    modifiers = [
        {
            "label": item.description,
            "quantity": str(item.quantity),
            "amount": money(item.amount),
            "daily_rate_modifier": (
                money(Money(item.amount.amount // item.quantity, currency))
                if item.kind is LineKind.PEAK and item.quantity
                else None
            ),
            "base_rate_modifier": None,
        }
        for item in lines
        if item.kind in (LineKind.PEAK, LineKind.DISCOUNT)
    ]
    count = units(reservation, kind.unit, zone)
    return {
        "id": str(reservation.id),
        "animal_id": str(line.animal_id),
        "type_id": str(kind.id),
        "type": kind.name,
        "start_date": local_iso(reservation.start, zone),
        "end_date": local_iso(reservation.end, zone),
        "unit": kind.unit.value,
        "base_rate": money(kind.base_price),
        "units": str(count),
        "quantity": str(count),
        "base_amount": money(total(LineKind.BASE)),
        "reservation_services": services,
        "modifiers": modifiers,
        "subtotal": money(total(LineKind.BASE, LineKind.ADD_ON, LineKind.PEAK, LineKind.DISCOUNT)),
        "tax_amount": money(total(LineKind.TAX)),
        "total": money(total(*LineKind)),
    }


def estimate_data(found: ReservationEstimate, zone: tzinfo) -> JsonObject:
    """``existing_reservation_estimate`` (§3.11): one entry of ``reservations`` per pet,
    ``deposits`` (the deposit due, or none), ``location`` and the totals."""
    reservation, estimate = found.reservation, found.estimate
    deposits: list[JsonObject] = []
    if found.deposit_due.amount > 0:
        deposits.append(
            {
                "id": None,
                "amount": money(found.deposit_due),
                "paid_amount": money(Money.zero(found.deposit_due.currency)),
                "payment_method": None,
                "payment_method_id": None,
                "last_payment": None,
                "refunded_at": None,
                "forfeited_at": None,
                "consumed_at": None,
            }
        )
    return {
        "reservation_id": str(reservation.id),
        "currency": estimate.currency,
        "reservations": [_pet_estimate(found, line, zone) for line in reservation.lines],
        "deposits": deposits,
        "location": _location(found.location),
        "subtotal": money(estimate.subtotal),
        "tax_amount": money(estimate.tax),
        "total": money(estimate.total),
        "deposit_due": money(found.deposit_due),
    }
