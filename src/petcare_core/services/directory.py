"""Staff and integration reads: every household, every pet, owner lookups, vaccination records.

These back the Gingr-compatible API (``owners``, ``owner``, ``animals``, ``new_modified_owners``,
``authorize_owner``, ``get_animal_immunizations``). Each runs in one unit of work with a fixed
number of queries, never one per owner: listing a facility's households is one query for the
owners and one for the animals. Each needs ``owners.read`` or ``animals.read``.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta

import attrs
from returns.result import Failure, Result, Success

from petcare_core.domain.animal import Animal
from petcare_core.domain.catalog import Breed, ImmunizationType, Species, Temperament
from petcare_core.domain.facility import Facility
from petcare_core.domain.ids import (
    AnimalId,
    BreedId,
    FacilityId,
    ImmunizationTypeId,
    LocationId,
    OwnerId,
    SpeciesId,
    TemperamentId,
)
from petcare_core.domain.immunization import ImmunizationRecord, RecordStatus
from petcare_core.domain.owner import Owner
from petcare_core.domain.reasons import InvalidValue, Rejection, RequiredValueMissing
from petcare_core.domain.staff import Permission
from petcare_core.ports.errors import NotFound
from petcare_core.ports.unit_of_work import FacilityUnitOfWork
from petcare_core.services._access import Actor, authorize
from petcare_core.services._checks import Checks
from petcare_core.services.context import ServiceContext
from petcare_core.services.portal_accounts import authenticate_portal_account
from petcare_core.services.reasons import InvalidCredentials

# Up to this many owners, their animals are read owner by owner (indexed, cheap); above it, one
# query for every animal of the facility is cheaper than that many round trips.
_PER_OWNER_ANIMAL_QUERIES = 20


@attrs.frozen
class Household:
    """An owner and their animals (ordered by id)."""

    owner: Owner
    animals: tuple[Animal, ...]


@attrs.frozen
class Households:
    """Households of one facility, ordered by owner id, with the facility (its time zone)."""

    facility: Facility
    households: tuple[Household, ...]


@attrs.frozen
class PetListing:
    """An animal with its owner and the earliest expiry among its current vaccinations."""

    animal: Animal
    owner: Owner
    next_immunization_expiration: date | None


@attrs.frozen
class PetDirectory:
    """Every animal of a facility with the catalog names its listing shows."""

    facility: Facility
    pets: tuple[PetListing, ...]
    species: Mapping[SpeciesId, Species]
    breeds: Mapping[BreedId, Breed]
    temperaments: Mapping[TemperamentId, Temperament]


@attrs.frozen
class ImmunizationEntry:
    """One vaccination record with its vaccine."""

    record: ImmunizationRecord
    kind: ImmunizationType


@attrs.frozen
class AnimalImmunizations:
    """Every vaccination record of one animal (ordered by id), with the facility."""

    facility: Facility
    animal: Animal
    entries: tuple[ImmunizationEntry, ...]


@attrs.frozen
class OwnerLookup:
    """How to find an owner: exactly one of the criteria.

    ``email`` is compared case-insensitively; ``phone`` is read in the facility's phone region
    and matches a cell or home phone.
    """

    owner_id: OwnerId | None = None
    animal_id: AnimalId | None = None
    email: str = ""
    phone: str = ""


def next_immunization_expiration(records: Iterable[ImmunizationRecord]) -> date | None:
    """The earliest expiry among the current verified records, one per vaccine.

    For each vaccine only its latest verified expiry counts (an old, renewed record is history);
    pending and rejected uploads never count. ``None`` when nothing is verified.
    """
    latest: dict[ImmunizationTypeId, date] = {}
    for record in records:
        if record.status is RecordStatus.VERIFIED:
            known = latest.get(record.type_id)
            if known is None or record.expires_on > known:
                latest[record.type_id] = record.expires_on
    return min(latest.values(), default=None)


def _households(uow: FacilityUnitOfWork, owners: list[Owner]) -> tuple[Household, ...]:
    if len(owners) <= _PER_OWNER_ANIMAL_QUERIES:
        return tuple(
            Household(owner, tuple(uow.animals.list_for_owner(owner.id))) for owner in owners
        )
    grouped: dict[OwnerId, list[Animal]] = {owner.id: [] for owner in owners}
    for animal in uow.animals.list():
        pets = grouped.get(animal.owner_id)
        if pets is not None:
            pets.append(animal)
    return tuple(Household(owner, tuple(grouped[owner.id])) for owner in owners)


def list_households(
    ctx: ServiceContext, facility_id: FacilityId, actor: Actor
) -> Result[Households, Rejection]:
    """Every owner of the facility with their animals, ordered by owner id. Needs
    ``owners.read``; two queries whatever the number of owners."""
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.OWNERS_READ)) is not None:
            return Failure(denied)
        owners = uow.owners.list()
        grouped: dict[OwnerId, list[Animal]] = {}
        for animal in uow.animals.list():
            grouped.setdefault(animal.owner_id, []).append(animal)
        households = tuple(Household(owner, tuple(grouped.get(owner.id, ()))) for owner in owners)
        return Success(Households(uow.facility(), households))


def _lookup_checks(lookup: OwnerLookup) -> Checks:
    checks = Checks()
    given = [
        name
        for name, value in (
            ("owner_id", lookup.owner_id),
            ("animal_id", lookup.animal_id),
            ("email", lookup.email.strip()),
            ("phone", lookup.phone.strip()),
        )
        if value
    ]
    if not given:
        checks.add(RequiredValueMissing("owner_id"))
    elif len(given) > 1:
        checks.add(InvalidValue(given[1], f"give only one of {', '.join(given)} to find an owner"))
    if lookup.owner_id is not None:
        checks.positive_id("owner_id", lookup.owner_id)
    if lookup.animal_id is not None:
        checks.positive_id("animal_id", lookup.animal_id)
    return checks


def find_households(
    ctx: ServiceContext, facility_id: FacilityId, actor: Actor, lookup: OwnerLookup
) -> Result[Households, Rejection]:
    """The households ``lookup`` finds (none, one, or several sharing a phone or email), ordered
    by owner id. Needs ``owners.read``.

    Rejections: no criterion or more than one; an id that is not a positive integer; a malformed
    email or phone number. An id of nothing in this facility finds nothing.
    """
    checks = _lookup_checks(lookup)
    email = checks.email("email", lookup.email)
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.OWNERS_READ)) is not None:
            return Failure(denied)
        facility = uow.facility()
        phone = checks.phone("phone", lookup.phone, facility.settings.phone_region, ctx.phones)
        if checks.failed:
            return checks.failure()
        return Success(Households(facility, _households(uow, _find(uow, lookup, email, phone))))


def _find(uow: FacilityUnitOfWork, lookup: OwnerLookup, email: str, phone: str) -> list[Owner]:
    """The owners one (checked) criterion of ``lookup`` finds."""
    if email:
        return uow.owners.find_by_email(email)
    if phone:
        return uow.owners.find_by_phone(phone)
    try:
        if lookup.owner_id is not None:
            return [uow.owners.get(lookup.owner_id)]
        if lookup.animal_id is not None:
            return [uow.owners.get(uow.animals.get(lookup.animal_id).owner_id)]
    except NotFound:
        pass
    return []


def _instant(moment: date | datetime, facility: Facility, *, end: bool) -> datetime:
    """A date as the start of that day in the facility (the day after, for an inclusive end);
    a naive datetime as the facility's local time."""
    zone = zoneinfo.ZoneInfo(facility.timezone)
    if isinstance(moment, datetime):
        return moment if moment.utcoffset() is not None else moment.replace(tzinfo=zone)
    day = moment + timedelta(days=1) if end else moment
    return datetime.combine(day, time(), tzinfo=zone)


def households_modified_between(
    ctx: ServiceContext,
    facility_id: FacilityId,
    actor: Actor,
    start: date | datetime,
    end: date | datetime,
    *,
    home_location_id: LocationId | None = None,
) -> Result[Households, Rejection]:
    """Households whose owner was created or modified in the period (Gingr's
    ``new_modified_owners``), of one home location when given. Needs ``owners.read``.

    A date means the whole day in the facility's time zone (an end date is included); a
    datetime without offset is the facility's local time; the period is ``start <= t < end``.
    Rejections: the end before the start; a location that is not this facility's.
    """
    checks = Checks()
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.OWNERS_READ)) is not None:
            return Failure(denied)
        facility = uow.facility()
        since = _instant(start, facility, end=False)
        until = _instant(end, facility, end=True)
        if _instant(end, facility, end=False) < since:
            checks.add(InvalidValue("end_date", "is before start_date"))
        if home_location_id is not None:
            checks.reference("location_id", home_location_id, uow.locations.get)
        if checks.failed:
            return checks.failure()
        owners = [
            owner
            for owner in uow.owners.modified_between(since, until)
            if home_location_id is None or owner.home_location_id == home_location_id
        ]
        return Success(Households(facility, _households(uow, owners)))


def authorize_owner(
    ctx: ServiceContext, facility_id: FacilityId, actor: Actor, login: str, password: str
) -> Result[Household, Rejection]:
    """The household of the portal account whose email (or phone) and password these are,
    when that account is linked to an owner of this facility (Gingr's ``authorize_owner``).
    Needs ``owners.read``.

    Every failure is the same ``InvalidCredentials``: a wrong password, an unknown login and a
    login of another facility cannot be told apart.
    """
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.OWNERS_READ)) is not None:
            return Failure(denied)
        region = uow.facility().settings.phone_region
    # Outside the unit of work: hashing the password takes a while and needs no transaction.
    match authenticate_portal_account(ctx, login, password, phone_region=region):
        case Success(account):
            owner_id = account.owner_in(facility_id)
        case _:
            owner_id = None
    if owner_id is None:
        return Failure(Rejection((InvalidCredentials(),)))
    with ctx.uows.for_facility(facility_id) as uow:
        owner = uow.owners.get(owner_id)
        return Success(Household(owner, tuple(uow.animals.list_for_owner(owner.id))))


def pet_directory(
    ctx: ServiceContext, facility_id: FacilityId, actor: Actor
) -> Result[PetDirectory, Rejection]:
    """Every animal of the facility with its owner, its next vaccine expiry and the catalog
    names, ordered by animal id. Needs ``animals.read``; a fixed number of queries."""
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.ANIMALS_READ)) is not None:
            return Failure(denied)
        owners = {owner.id: owner for owner in uow.owners.list()}
        records: dict[AnimalId, list[ImmunizationRecord]] = {}
        for record in uow.immunizations.list():
            records.setdefault(record.animal_id, []).append(record)
        pets = tuple(
            PetListing(
                animal,
                owners[animal.owner_id],
                next_immunization_expiration(records.get(animal.id, ())),
            )
            for animal in uow.animals.list()
        )
        return Success(
            PetDirectory(
                facility=uow.facility(),
                pets=pets,
                species={item.id: item for item in uow.species.list()},
                breeds={item.id: item for item in uow.breeds.list()},
                temperaments={item.id: item for item in uow.temperaments.list()},
            )
        )


def animal_immunizations(
    ctx: ServiceContext, facility_id: FacilityId, actor: Actor, animal_id: AnimalId
) -> Result[AnimalImmunizations, Rejection]:
    """Every vaccination record of one animal, whatever its status, ordered by id. Needs
    ``animals.read``; ``NotFound`` for an animal that is not this facility's."""
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.ANIMALS_READ)) is not None:
            return Failure(denied)
        animal = uow.animals.get(animal_id)
        kinds = {kind.id: kind for kind in uow.immunization_types.list()}
        entries = tuple(
            ImmunizationEntry(record, kinds[record.type_id])
            for record in uow.immunizations.list_for_animal(animal.id)
        )
        return Success(AnimalImmunizations(uow.facility(), animal, entries))
