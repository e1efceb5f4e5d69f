"""Preparing owner and animal patches for the projection rules: phones and references.

The projection rules check each value's shape; what needs the outside world — reading a phone
number in the facility's region, and whether a referenced record exists in this facility — is
done here.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from datetime import date
from typing import TypeVar

from petcare_core.domain.animal import Animal
from petcare_core.domain.catalog import Breed, Species
from petcare_core.domain.form_values import read_birthday, read_optional_id
from petcare_core.domain.ids import BreedId, SpeciesId, TemperamentId, VetId
from petcare_core.domain.reasons import InvalidValue, Reason, UnknownReference
from petcare_core.ports.errors import NotFound
from petcare_core.ports.system import PhoneNumberNormalizer
from petcare_core.ports.unit_of_work import FacilityUnitOfWork
from petcare_core.services._checks import Checks

OWNER_PHONE_FIELDS = ("cell_phone", "home_phone", "emergency_contact_phone")
_PHONE_INPUT_MAX_LENGTH = 64

T = TypeVar("T")


def normalize_phones(
    checks: Checks,
    patch: Mapping[str, str],
    region: str,
    phones: PhoneNumberNormalizer,
) -> dict[str, str]:
    """``patch`` with its phone numbers in E.164, read in ``region`` unless they start with ``+``.

    A number that cannot be read is reported and left out of the returned patch, so that the
    projection rules do not report it a second time.
    """
    normalized = dict(patch)
    for name in OWNER_PHONE_FIELDS:
        raw = patch.get(name, "").strip()
        if not raw:
            continue
        e164 = None if len(raw) > _PHONE_INPUT_MAX_LENGTH else phones.to_e164(raw, region)
        if e164 is None:
            checks.add(
                InvalidValue(
                    name,
                    f"{raw[:40]!r} is not a valid phone number; write it with its area code, "
                    "or with + and the country code when it is from another country",
                )
            )
            del normalized[name]
        else:
            normalized[name] = e164
    return normalized


def failed_fields(reasons: Collection[Reason]) -> set[str]:
    """The names of the fields some reason is about."""
    return {reason.field for reason in reasons if reason.field is not None}


def referenced(
    checks: Checks,
    patch: Mapping[str, str],
    name: str,
    load: Callable[[int], T],
    skip: Collection[str],
) -> T | None:
    """The record a patch's ``name`` id refers to, when the patch sets it to an existing one.

    ``None`` when the patch does not set it, clears it, already failed (``skip``), or names no
    record of this facility — the last reported as ``UnknownReference``.
    """
    if name not in patch or name in skip:
        return None
    key = read_optional_id(patch[name])
    if key is None:
        return None
    try:
        return load(key)
    except NotFound:
        checks.add(UnknownReference(name, str(key)))
        return None


def check_animal_references(
    checks: Checks,
    uow: FacilityUnitOfWork,
    patch: Mapping[str, str],
    *,
    current: Animal | None,
    today: date,
    skip: Collection[str],
) -> None:
    """Species, breed, vet and temperament exist here, the breed is of the animal's species, and
    the birthday is not in the future. ``current`` is ``None`` for a new animal."""
    species = referenced(checks, patch, "species_id", lambda k: uow.species.get(SpeciesId(k)), skip)
    breed = referenced(checks, patch, "breed_id", lambda k: uow.breeds.get(BreedId(k)), skip)
    referenced(checks, patch, "vet_id", lambda k: uow.vets.get(VetId(k)), skip)
    referenced(
        checks, patch, "temperament_id", lambda k: uow.temperaments.get(TemperamentId(k)), skip
    )
    _check_breed_species(checks, uow, patch, current=current, species=species, breed=breed)
    if "birthday" in patch and "birthday" not in skip:
        birthday = read_birthday(patch["birthday"])
        if birthday is not None and birthday > today:
            checks.add(InvalidValue("birthday", "is in the future; check the year"))


def _check_breed_species(
    checks: Checks,
    uow: FacilityUnitOfWork,
    patch: Mapping[str, str],
    *,
    current: Animal | None,
    species: Species | None,
    breed: Breed | None,
) -> None:
    if "species_id" in patch:
        if species is None:
            return  # the species was refused already; the breed cannot be judged against it
        species_id = species.id
    elif current is not None:
        species_id = current.species_id
    else:
        return
    # Changing the species alone must not leave the animal with a breed of the old species.
    if "breed_id" not in patch and current is not None and current.breed_id is not None:
        breed = uow.breeds.get(current.breed_id)
    if breed is not None and breed.species_id != species_id:
        checks.add(
            InvalidValue(
                "breed_id",
                f"{breed.name!r} is a breed of another species; choose a breed of this "
                "species or leave the breed empty",
            )
        )
