"""What the reservation reads return: reservations with the records they name (staff), the
day sheet, a stored reservation's estimate, and a pet parent's view of their reservations.

Built by ``reservation_queries``; plain data, except that ``ReservationRecords`` prices a
reservation from the records it holds.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Mapping
from datetime import date, tzinfo

import attrs

from petcare_core.domain.add_ons import AdditionalService
from petcare_core.domain.animal import Animal
from petcare_core.domain.booking import BookingOverride, existing_reservation_estimate
from petcare_core.domain.cancellation import CancellationDecision
from petcare_core.domain.capacity import Lodging
from petcare_core.domain.catalog import Breed, Species, Temperament, Vet
from petcare_core.domain.deposits import deposit_due
from petcare_core.domain.estimate import Estimate, PricingUnit
from petcare_core.domain.facility import Facility, Location
from petcare_core.domain.ids import (
    AdditionalServiceId,
    AnimalId,
    BreedId,
    LocationId,
    LodgingId,
    OwnerId,
    ReservationTypeId,
    SpeciesId,
    StaffUserId,
    TemperamentId,
    VetId,
)
from petcare_core.domain.money import Money
from petcare_core.domain.owner import Owner
from petcare_core.domain.reservation import Reservation, ReservationStatus
from petcare_core.domain.reservation_types import ReservationType
from petcare_core.domain.staff import StaffUser


@attrs.frozen
class ReservationRecords:
    """Reservations with every record they name, for staff screens and integrations.

    The mappings hold (at least) what the reservations refer to: their owners and pets, and
    the facility's reservation types, locations, add-ons, lodgings, staff users, species,
    breeds, vets and temperaments. ``estimate`` and ``deposit_due`` price a reservation from
    them without another query.
    """

    facility: Facility
    reservations: tuple[Reservation, ...]
    owners: Mapping[OwnerId, Owner]
    animals: Mapping[AnimalId, Animal]
    types: Mapping[ReservationTypeId, ReservationType]
    locations: Mapping[LocationId, Location]
    add_ons: Mapping[AdditionalServiceId, AdditionalService]
    lodgings: Mapping[LodgingId, Lodging]
    staff: Mapping[StaffUserId, StaffUser]
    species: Mapping[SpeciesId, Species]
    breeds: Mapping[BreedId, Breed]
    vets: Mapping[VetId, Vet]
    temperaments: Mapping[TemperamentId, Temperament]

    @property
    def zone(self) -> tzinfo:
        """The facility's time zone, in which a reservation's dates are read."""
        return zoneinfo.ZoneInfo(self.facility.timezone)

    def pets(self, reservation: Reservation) -> tuple[Animal, ...]:
        """The reservation's pets, in line order."""
        return tuple(self.animals[animal_id] for animal_id in reservation.animal_ids)

    def estimate(self, reservation: Reservation) -> Estimate:
        """The reservation's estimate at today's prices (the facility's peak dates and
        multi-pet discount, the location's tax)."""
        settings = self.facility.settings
        return existing_reservation_estimate(
            reservation,
            self.types[reservation.type_id],
            self.locations[reservation.location_id],
            self.add_ons,
            peaks=settings.peak_ranges,
            multi_pet_discount=settings.multi_pet_discount,
            zone=self.zone,
        )

    def deposit_due(self, reservation: Reservation) -> Money:
        """The deposit the reservation's type asks for on its estimate (zero for none)."""
        return deposit_due(self.types[reservation.type_id].deposit, self.estimate(reservation))


@attrs.frozen
class ReservationDetail:
    """One reservation with its records and the overrides staff recorded on it."""

    records: ReservationRecords
    overrides: tuple[BookingOverride, ...]

    @property
    def reservation(self) -> Reservation:
        """The reservation."""
        return self.records.reservations[0]


@attrs.frozen
class ReservationEstimate:
    """A stored reservation's estimate and deposit, with the type, location and add-ons it
    was priced from (Gingr's ``existing_reservation_estimate``)."""

    reservation: Reservation
    reservation_type: ReservationType
    location: Location
    add_ons: Mapping[AdditionalServiceId, AdditionalService]
    estimate: Estimate
    deposit_due: Money


@attrs.frozen
class PetOnReservation:
    """One pet of a reservation as screens name it: its add-ons and lodging by name."""

    animal_id: AnimalId
    name: str
    add_ons: tuple[str, ...]
    lodging: str | None


@attrs.frozen
class DaySheetEntry:
    """One reservation on a day sheet, with the names a printout shows."""

    reservation: Reservation
    owner: Owner
    type_name: str
    pets: tuple[PetOnReservation, ...]
    staff_name: str | None

    @property
    def owner_name(self) -> str:
        """The household's first and last name."""
        return f"{self.owner.first_name} {self.owner.last_name}".strip()


@attrs.frozen
class DaySheet:
    """One location's day: who arrives, who leaves, who is checked in.

    ``arrivals``: confirmed or unconfirmed reservations starting that local day, by start.
    ``departures``: confirmed or checked-in reservations ending that day, by end.
    ``checked_in``: checked-in reservations whose stay covers part of that day, by start
    (a checked-in pet leaving that day is in both lists).
    """

    location: Location
    day: date
    arrivals: tuple[DaySheetEntry, ...]
    departures: tuple[DaySheetEntry, ...]
    checked_in: tuple[DaySheetEntry, ...]


@attrs.frozen
class ReservationView:
    """A reservation as its pet parent sees it (nothing business-only).

    ``estimate`` is priced at today's prices; ``deposit_due`` is what the type asks for on
    it; ``cancellation`` is what cancelling now would do (free, staff review, or not
    allowed), for the portal to show before the parent confirms.
    """

    reservation: Reservation
    type_name: str
    unit: PricingUnit
    location_name: str
    pets: tuple[PetOnReservation, ...]
    staff_first_name: str | None
    estimate: Estimate
    deposit_due: Money
    cancellation: CancellationDecision

    @property
    def estimate_total(self) -> Money:
        """What the reservation is estimated to cost, tax included."""
        return self.estimate.total

    @property
    def pet_names(self) -> tuple[str, ...]:
        """The pets' names, in line order."""
        return tuple(pet.name for pet in self.pets)

    @property
    def add_on_names(self) -> tuple[str, ...]:
        """Every add-on of every pet, each named once, in order."""
        return tuple(dict.fromkeys(name for pet in self.pets for name in pet.add_ons))

    @property
    def awaiting_confirmation(self) -> bool:
        """True when the facility asks the parent to confirm."""
        return self.reservation.status is ReservationStatus.UNCONFIRMED


@attrs.frozen
class MyReservations:
    """A household's reservations for the portal.

    ``upcoming``: confirmed ones not yet over and checked-in ones; ``pending``: requests and
    reservations awaiting the parent's confirmation, not yet over; ``waitlisted``: on the
    waitlist, not yet over — each by start. ``past``: everything else (over, cancelled,
    denied, no-show, checked out), latest start first.
    """

    upcoming: tuple[ReservationView, ...]
    pending: tuple[ReservationView, ...]
    waitlisted: tuple[ReservationView, ...]
    past: tuple[ReservationView, ...]
