"""The resort's regulars: households without a portal login whose dogs come most weekdays.

The demo's first households tell stories (a parent with a login, vaccines expiring, uploads
awaiting review); the regulars give it the volume of a busy two-location resort, about 150
reservations a day. Each has one or two dogs with every vaccine on file and current, entered by
the front desk through the use cases like the other households. A later run finds them by email
and adds only what is missing.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import TypeVar

from returns.result import Failure, Result

from petcare_core.domain.animal import Animal
from petcare_core.domain.catalog import ImmunizationType, Species
from petcare_core.domain.ids import FacilityId, PortalAccountId
from petcare_core.domain.owner import Owner
from petcare_core.domain.reasons import Rejection
from petcare_core.services import OPERATOR, NewOwner, PetcareServices

#: How many regular households the demo has; every other one has two dogs.
REGULAR_COUNT = 320
REGULAR_DOG_COUNT = sum(1 + number % 2 for number in range(REGULAR_COUNT))
Household = tuple[Owner, PortalAccountId | None]
Pet = tuple[Animal, PortalAccountId | None, list[ImmunizationType]]
Progress = Callable[[str], None]
T = TypeVar("T")

_FIRST = ("Alex", "Bea", "Chris", "Dana", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jules", "Kai",
          "Lena", "Milo", "Nora", "Otis", "Pia", "Quinn", "Rosa", "Sami", "Tess", "Uma", "Vic",
          "Wren", "Yara", "Zed")  # fmt: skip
_LAST = ("Abbott", "Brandt", "Cortez", "Dube", "Engel", "Fischer", "Gallo", "Haddad", "Ito",
         "Jansen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Olsen", "Petrov", "Quiroga",
         "Rossi", "Sato", "Tanaka", "Uribe", "Varga", "Weber", "Yilmaz", "Zhou")  # fmt: skip
_DOGS = ("Archie", "Bailey", "Biscuit", "Bruno", "Cooper", "Daisy", "Dexter", "Ellie", "Finn",
         "Gizmo", "Hazel", "Indy", "Juno", "Koda", "Loki", "Mabel", "Nala", "Ollie", "Pepper",
         "Remy", "Scout", "Tucker", "Waffles", "Willow", "Ziggy")  # fmt: skip


class RegularsError(Exception):
    """A step creating the regulars was refused; the message carries the reasons."""


def _ok(step: str, result: Result[T, Rejection]) -> T:
    if isinstance(result, Failure):
        raise RegularsError(f"{step}: " + "; ".join(result.failure().messages))
    return result.unwrap()


def regular_email(number: int) -> str:
    """The ``number``-th regular household's email, its natural key."""
    return f"regular{number:03d}@example.com"


def load_regulars(
    services: PetcareServices,
    fid: FacilityId,
    dog: Species,
    vaccines: Sequence[ImmunizationType],
    *,
    today: date,
    progress: Progress = lambda _: None,
) -> tuple[list[Household], list[Pet], int]:
    """Create (or find) the regulars; their households, their dogs and how many records were
    created."""
    rng = random.Random(20261129)  # noqa: S311 - demo data, not secrets
    breeds = services.list_breeds(fid, dog.id)
    vets = services.list_vets(fid)
    temperaments = services.list_temperaments(fid)
    with services.uow_factory.for_facility(fid) as uow:
        owners = {owner.email: owner for owner in uow.owners.list()}
        animals: dict[int, dict[str, Animal]] = {}
        for known in uow.animals.list():
            animals.setdefault(known.owner_id, {})[known.name] = known
        on_file = {record.animal_id for record in uow.immunizations.list()}
    households: list[Household] = []
    pets: list[Pet] = []
    created = 0
    for number in range(REGULAR_COUNT):
        first, last = _FIRST[number % len(_FIRST)], _LAST[(number * 7 + 3) % len(_LAST)]
        owner = owners.get(regular_email(number))
        if owner is None:
            created += 1
            details = {
                "address_1": f"{200 + number * 7} {rng.choice(('Oak', 'Elm', 'Cedar'))} Avenue",
                "city": "Boulder",
                "region": "CO",
                "postal_code": rng.choice(("80301", "80302", "80303", "80304", "80305")),
            }
            command = NewOwner(
                first_name=first,
                last_name=last,
                email=regular_email(number),
                cell_phone=f"+1303556{number:04d}",
                details=details,
            )
            owner = _ok("regular owner", services.create_owner(fid, OPERATOR, command))
        households.append((owner, None))
        mine = animals.get(owner.id, {})
        for position in range(1 + number % 2):  # REGULAR_DOG_COUNT counts them
            # 11 apart in a list of 25: a household's two dogs never share a name.
            name = _DOGS[(number * 3 + position * 11) % len(_DOGS)]
            animal = mine.get(name)
            if animal is None:
                created += 1
                patch = {
                    "name": name,
                    "species_id": str(dog.id),
                    "breed_id": str(rng.choice(breeds).id),
                    "sex": rng.choice(("male", "female")),
                    "birthday": (today - timedelta(days=rng.randint(300, 3600))).isoformat(),
                    "weight": str(rng.randint(12, 95)),
                    "altered": "true",
                    "vet_id": str(rng.choice(vets).id),
                    "temperament_id": str(rng.choice(temperaments).id),
                }
                added = services.add_animal_as_staff(fid, OPERATOR, owner.id, patch)
                animal = _ok("regular dog", added)
            if animal.id not in on_file:
                for vaccine in vaccines:
                    created += 1
                    # Given in the last months, good for a year: current all through the plan.
                    given = today - timedelta(days=rng.randint(20, 180))
                    recorded = services.record_immunization(
                        fid,
                        OPERATOR,
                        animal.id,
                        type_id=vaccine.id,
                        expires_on=given + timedelta(days=365),
                        administered_on=given,
                    )
                    _ok("regular vaccine", recorded)
            pets.append((animal, None, list(vaccines)))
        progress(f"regulars {number + 1}/{REGULAR_COUNT}")
    return households, pets, created
