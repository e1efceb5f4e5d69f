"""Additional services (add-ons): extras a pet parent may add to a reservation of certain types.

An add-on is priced once per stay or for every unit of it, and may be added only to the
reservation types it lists. ``add_on_reasons`` says why requested add-ons cannot be added. See
docs/booking-rules.md, "Add-ons".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from petcare_core.domain.estimate import AddOnCharge, AddOnPrice
from petcare_core.domain.ids import AdditionalServiceId, FacilityId, ReservationTypeId
from petcare_core.domain.money import Money
from petcare_core.domain.reasons import Reason


def _required_text(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not value.strip():
        raise ValueError(f"{attribute.name} must not be blank")


def _not_negative(_: object, attribute: attrs.Attribute[Money], value: Money) -> None:
    if value.amount < 0:
        raise ValueError(f"{attribute.name} must not be negative")


def _types(ids: Iterable[ReservationTypeId]) -> frozenset[ReservationTypeId]:
    return frozenset(ids)


@attrs.frozen
class AdditionalService:
    """An add-on (bath, extra walk, nail trim) and the reservation types it may be added to.

    ``type_ids`` lists those types; an empty set means it cannot be added to any.
    """

    id: AdditionalServiceId
    facility_id: FacilityId
    name: str = attrs.field(validator=_required_text)
    price: Money = attrs.field(validator=_not_negative)
    charge: AddOnCharge
    type_ids: frozenset[ReservationTypeId] = attrs.field(converter=_types)
    active: bool = True
    version: int = 1

    def allowed_for(self, type_id: ReservationTypeId) -> bool:
        """True when the add-on may be added to reservations of ``type_id``."""
        return type_id in self.type_ids

    def as_price(self) -> AddOnPrice:
        """The add-on as an estimate prices it."""
        return AddOnPrice(self.id, self.name, self.price, self.charge)


@attrs.frozen
class AddOnReason(Reason):
    """Why one requested add-on cannot go on the reservation."""

    service_id: AdditionalServiceId

    @property
    def field(self) -> str | None:
        return "services"


@attrs.frozen
class UnknownAddOn(AddOnReason):
    """A requested add-on does not exist in this facility."""

    @property
    def message(self) -> str:
        return (
            f"add-on #{self.service_id} is not offered by this facility; remove it from the request"
        )


@attrs.frozen
class AddOnUnavailable(AddOnReason):
    """A requested add-on is no longer offered (it was deactivated)."""

    name: str

    @property
    def message(self) -> str:
        return f"{self.name} is no longer offered; remove it from the request"


@attrs.frozen
class AddOnNotAllowed(AddOnReason):
    """A requested add-on cannot be added to this reservation type."""

    name: str

    @property
    def message(self) -> str:
        return (
            f"{self.name} cannot be added to this kind of reservation; remove it or choose "
            "one of the add-ons offered with it"
        )


def add_on_reasons(
    type_id: ReservationTypeId,
    requested: Iterable[AdditionalServiceId],
    services: Mapping[AdditionalServiceId, AdditionalService],
) -> tuple[AddOnReason, ...]:
    """Why each of the ``requested`` add-ons cannot go on a reservation of ``type_id``.

    ``services`` holds the facility's add-ons by id. Each failing add-on gets one reason, in the
    order requested (an add-on requested twice is judged once): unknown, else no longer offered,
    else not allowed for this type.
    """
    reasons: list[AddOnReason] = []
    for service_id in dict.fromkeys(requested):
        service = services.get(service_id)
        if service is None:
            reasons.append(UnknownAddOn(service_id))
        elif not service.active:
            reasons.append(AddOnUnavailable(service_id, service.name))
        elif not service.allowed_for(type_id):
            reasons.append(AddOnNotAllowed(service_id, service.name))
    return tuple(reasons)
