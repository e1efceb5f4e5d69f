"""The demo data set: "Happy Tails Pet Resort", built through the use cases like real data.

Loading is idempotent: every record is looked up by a natural key (a location's name, an
owner's email, a pet's name within its household) and only created when missing, so running it
twice, or again after an interruption, ends with the same data. Each run issues a fresh API key
for the demo staff user and revokes the earlier demo keys, because a key is only shown once.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import TypeVar
from zoneinfo import ZoneInfo

import attrs
from returns.result import Failure, Result, Success

from petcare_core.domain.animal import Animal
from petcare_core.domain.catalog import ImmunizationType, Species
from petcare_core.domain.compliance import ImmunizationState
from petcare_core.domain.facility import Facility, FacilitySettings, Location
from petcare_core.domain.forms import FieldType, FormField, FormKind, Visibility
from petcare_core.domain.ids import FacilityId, OwnerId, PortalAccountId
from petcare_core.domain.immunization import RecordStatus
from petcare_core.domain.owner import Owner
from petcare_core.domain.reasons import Rejection
from petcare_core.domain.staff import StaffRole, StaffUser
from petcare_core.ports.errors import NotFound
from petcare_core.services import (
    OPERATOR,
    AccountAlreadyRegistered,
    LocationDetails,
    NewFacility,
    NewOwner,
    NewStaffUser,
    PetcareServices,
    SignUp,
    VetDetails,
)
from petcare_web.demo_bookings import BookingSummary, DemoBookingError, load_demo_bookings
from petcare_web.demo_regulars import RegularsError, load_regulars

FACILITY_SLUG = "happy-tails"
FACILITY_TIMEZONE = "America/Denver"
FACILITY_NAME = "Happy Tails Pet Resort"
STAFF_USERNAME = "demo.manager"
API_KEY_LABEL = "demo"
PARENT_EMAIL = "demo.parent@example.com"
PARENT_PASSWORD = "wagging-tails-2026"  # noqa: S105 - a published demo login
OWNER_COUNT = 50
ANIMAL_COUNT = 80
PARENTS_WITH_LOGINS = 12

T = TypeVar("T")
Progress = Callable[[str], None]

_LOCATIONS = (
    LocationDetails(
        name="Happy Tails - Downtown",
        address_1="120 Pearl Street",
        city="Boulder",
        region="CO",
        postal_code="80302",
        phone="(303) 555-0140",
        email="downtown@happytails.example",
        tax_rate=Decimal("0.0845"),
    ),
    LocationDetails(
        name="Happy Tails - Riverside",
        address_1="4800 Riverbend Road",
        city="Boulder",
        region="CO",
        postal_code="80301",
        phone="(303) 555-0188",
        email="riverside@happytails.example",
        tax_rate=Decimal("0.0845"),
    ),
)
_BREEDS = {
    "Dog": ("Labrador Retriever", "Golden Retriever", "German Shepherd", "French Bulldog",
            "Bernese Mountain Dog", "Beagle", "Poodle", "Border Collie", "Mixed Breed"),
    "Cat": ("Domestic Shorthair", "Maine Coon", "Siamese", "Ragdoll"),
}  # fmt: skip
_VACCINES = {
    "Dog": (("Rabies", True), ("DHPP", True), ("Bordetella", True), ("Canine Influenza", False)),
    "Cat": (("Rabies", True), ("FVRCP", True)),
}
_VETS = (
    VetDetails(name="Flatirons Animal Hospital", phone="(303) 555-0101", city="Boulder"),
    VetDetails(name="Boulder Valley Vet Clinic", phone="(303) 555-0102", city="Boulder"),
    VetDetails(name="Mapleton Pet Care", phone="(303) 555-0103", city="Boulder"),
)
_REJECTION_NOTE = "The document is unreadable; please upload a clearer photo."
_STREETS = ("Maple", "Spruce", "Walnut", "Pine")
_ESCAPE_NOTE = "Escape artist: double-check gates."
_TEMPERAMENTS = ("Friendly", "Shy", "Energetic", "Needs slow introductions")
_FIRST_NAMES = (
    "Olivia",
    "Liam",
    "Emma",
    "Noah",
    "Ava",
    "Elijah",
    "Sofía",
    "Mateo",
    "Mia",
    "Lucas",
    "Amelia",
    "Zoë",
    "Harper",
    "Ethan",
    "Chloé",
    "Aiden",
    "Priya",
    "Kenji",
    "Fatima",
    "Jonas",
    "Ingrid",
    "Tomás",
    "Aisha",
    "Wei",
    "Nora",
)
_LAST_NAMES = (
    "Anderson",
    "García",
    "Nguyen",
    "Okafor",
    "Müller",
    "Rossi",
    "Kowalski",
    "Patel",
    "Johansson",
    "O'Brien",
    "Silva",
    "Kim",
    "Haddad",
    "Novak",
    "Brown",
    "Dubois",
    "Tanaka",
    "Moreau",
    "Schmidt",
    "Rivera",
)
_PET_NAMES = (
    "Biscuit",
    "Luna",
    "Max",
    "Bella",
    "Charlie",
    "Daisy",
    "Cooper",
    "Milo",
    "Pepper",
    "Rosie",
    "Tucker",
    "Olive",
    "Winston",
    "Hazel",
    "Ziggy",
    "Maple",
    "Otis",
    "Nala",
    "Bear",
    "Willow",
    "Gus",
    "Juniper",
    "Scout",
    "Clementine",
)
_OWNER_FORM = (
    FormField("referral", "How did you hear about us?", FieldType.CHOICE,
              options=("Friend", "Search engine", "Social media", "Vet referral", "Other"),
              visibility=Visibility.PORTAL_EDITABLE),
    FormField("gate_code", "Gate code for pick-ups", FieldType.TEXT,
              visibility=Visibility.PORTAL_EDITABLE),
    FormField("member_since", "Member since", FieldType.DATE,
              visibility=Visibility.PORTAL_VISIBLE),
    FormField("credit_risk", "Payment follow-up notes", FieldType.LONG_TEXT),
)  # fmt: skip
_ANIMAL_FORM = (
    FormField("favourite_toy", "Favourite toy", FieldType.TEXT,
              visibility=Visibility.PORTAL_EDITABLE),
    FormField("playgroup", "Playgroup", FieldType.CHOICE,
              options=("Small & calm", "Medium", "Large & lively"),
              visibility=Visibility.PORTAL_VISIBLE),
    FormField("handling_notes", "Handling notes (staff)", FieldType.LONG_TEXT),
)  # fmt: skip


class DemoDataError(Exception):
    """A step of the demo data was refused; the message carries the reasons."""


@attrs.frozen
class DemoSummary:
    """What the demo data set holds after loading, and how to use it."""

    facility: Facility
    locations: tuple[Location, ...]
    staff_user: StaffUser
    api_key: str
    parent_email: str
    parent_password: str
    owners: int
    animals: int
    records_by_status: dict[str, int]
    vaccine_states: dict[str, int]
    created: int
    bookings: BookingSummary


def _ok(step: str, result: Result[T, Rejection]) -> T:
    if isinstance(result, Failure):
        raise DemoDataError(f"{step}: " + "; ".join(result.failure().messages))
    return result.unwrap()


class _Loader:
    """One load of the demo data, counting what it creates."""

    def __init__(self, services: PetcareServices, progress: Progress) -> None:
        self.services = services
        self.progress = progress
        self.created = 0
        # A fixed seed: the same data on every machine and every run.
        self.random = random.Random(20261128)  # noqa: S311 - demo data, not secrets
        # The facility's own date: "today" in UTC is already tomorrow in Denver each evening,
        # and a vaccine given "today" would then be in the facility's future.
        self.today = services.clock.now().astimezone(ZoneInfo(FACILITY_TIMEZONE)).date()

    def facility(self) -> Facility:
        try:
            return self.services.facility_by_slug(FACILITY_SLUG)
        except NotFound:
            self.created += 1
            command = NewFacility(
                slug=FACILITY_SLUG,
                name=FACILITY_NAME,
                timezone=FACILITY_TIMEZONE,
                currency="USD",
                settings=FacilitySettings(phone_region="US"),
                first_location=_LOCATIONS[0],
            )
            return _ok("facility", self.services.create_facility(command))

    def locations(self, fid: FacilityId) -> tuple[Location, ...]:
        existing = {location.name for location in self.services.list_locations(fid)}
        for details in _LOCATIONS:
            if details.name not in existing:
                self.created += 1
                _ok("location", self.services.add_location(fid, OPERATOR, details))
        return tuple(self.services.list_locations(fid))

    def catalog(self, fid: FacilityId) -> dict[str, tuple[Species, list[ImmunizationType]]]:
        species_by_name = {species.name: species for species in self.services.list_species(fid)}
        catalog: dict[str, tuple[Species, list[ImmunizationType]]] = {}
        for name, breeds in _BREEDS.items():
            species = species_by_name.get(name)
            if species is None:
                self.created += 1
                species = _ok("species", self.services.add_species(fid, OPERATOR, name))
            have = {breed.name for breed in self.services.list_breeds(fid, species.id)}
            for breed in breeds:
                if breed not in have:
                    self.created += 1
                    _ok("breed", self.services.add_breed(fid, OPERATOR, species.id, breed))
            types = {
                kind.name: kind for kind in self.services.list_immunization_types(fid, species.id)
            }
            for vaccine, required in _VACCINES[name]:
                if vaccine not in types:
                    self.created += 1
                    types[vaccine] = _ok(
                        "immunization type",
                        self.services.add_immunization_type(
                            fid, OPERATOR, species.id, vaccine, required=required
                        ),
                    )
            catalog[name] = (species, [types[vaccine] for vaccine, _ in _VACCINES[name]])
        vets = {vet.name for vet in self.services.list_vets(fid)}
        for vet in _VETS:
            if vet.name not in vets:
                self.created += 1
                _ok("vet", self.services.add_vet(fid, OPERATOR, vet))
        temperaments = {item.name for item in self.services.list_temperaments(fid)}
        for temperament in _TEMPERAMENTS:
            if temperament not in temperaments:
                self.created += 1
                _ok("temperament", self.services.add_temperament(fid, OPERATOR, temperament))
        for kind, fields in (
            (FormKind.OWNER_FORM, _OWNER_FORM),
            (FormKind.ANIMAL_FORM, _ANIMAL_FORM),
        ):
            if not self.services.get_form(fid, kind).fields:
                self.created += 1
                _ok("form", self.services.define_form(fid, OPERATOR, kind, fields))
        return catalog

    def staff(self, fid: FacilityId) -> tuple[StaffUser, str]:
        user = self.services.find_staff_user(fid, STAFF_USERNAME)
        if user is None:
            self.created += 1
            command = NewStaffUser(
                username=STAFF_USERNAME,
                first_name="Morgan",
                last_name="Lee",
                role=StaffRole.MANAGER,
                email="manager@happytails.example",
            )
            user = _ok("staff user", self.services.create_staff_user(fid, OPERATOR, command))
        for key in self.services.list_api_keys(fid, user.id):
            if key.label == API_KEY_LABEL and key.active:
                _ok("revoke key", self.services.revoke_api_key(fid, key.id, actor=OPERATOR))
        issued = self.services.create_api_key(fid, user.id, API_KEY_LABEL, actor=OPERATOR)
        return user, _ok("api key", issued).plain_key

    def owners(
        self, fid: FacilityId, facility: Facility
    ) -> list[tuple[Owner, PortalAccountId | None]]:
        households: list[tuple[Owner, PortalAccountId | None]] = []
        for number in range(OWNER_COUNT):
            first = _FIRST_NAMES[number % len(_FIRST_NAMES)]
            last = _LAST_NAMES[(number * 7) % len(_LAST_NAMES)]
            email = (
                PARENT_EMAIL
                if number == 0
                else f"{_ascii(first)}.{_ascii(last)}{number}@example.com"
            )
            phone = f"+1303555{2000 + number:04d}"
            owner = self._find_owner(fid, email)
            account_id: PortalAccountId | None = None
            if number < PARENTS_WITH_LOGINS:
                # Signing up links the login to the owner with this email, or creates the owner.
                password = PARENT_PASSWORD if number == 0 else f"demo-login-{number:02d}-tails"
                signed = self.services.sign_up(
                    SignUp(
                        first_name=first,
                        last_name=last,
                        password=password,
                        email=email,
                        phone=phone,
                        facility_slug=facility.slug,
                    )
                )
                match signed:
                    case Success(linked):
                        self.created += 1 if linked.owner_created else 0
                        account_id = linked.account.id
                    case Failure(rejection) if _already_registered(rejection):
                        account_id = self._account_id(email)
                    case Failure(rejection):
                        raise DemoDataError("sign-up: " + "; ".join(rejection.messages))
                owner = self._find_owner(fid, email)
            if owner is None:
                self.created += 1
                details = {
                    "address_1": f"{100 + number * 3} {self.random.choice(_STREETS)} Street",
                    "city": "Boulder",
                    "region": "CO",
                    "postal_code": self.random.choice(("80301", "80302", "80303", "80304")),
                    "emergency_contact_name": f"{_FIRST_NAMES[(number + 5) % 25]} {last}",
                    "emergency_contact_phone": f"+1720555{3000 + number:04d}",
                    "custom.referral": self.random.choice(_OWNER_FORM[0].options),
                    "custom.credit_risk": "Pays on pick-up." if number % 9 == 0 else "",
                    "employee_notes": "Prefers text messages." if number % 4 == 0 else "",
                }
                owner = _ok(
                    "owner",
                    self.services.create_owner(
                        fid,
                        OPERATOR,
                        NewOwner(
                            first_name=first,
                            last_name=last,
                            email=email,
                            cell_phone=phone,
                            details=details,
                        ),
                    ),
                )
            elif number < PARENTS_WITH_LOGINS and not owner.address.address_1:
                patch = {
                    "address_1": f"{100 + number * 3} Walnut Street",
                    "city": "Boulder",
                    "region": "CO",
                    "postal_code": "80302",
                }
                owner = _ok(
                    "owner", self.services.update_owner_as_staff(fid, OPERATOR, owner.id, patch)
                )
            households.append((owner, account_id))
            self.progress(f"owners {number + 1}/{OWNER_COUNT}")
        return households

    def animals(
        self,
        fid: FacilityId,
        households: list[tuple[Owner, PortalAccountId | None]],
        catalog: dict[str, tuple[Species, list[ImmunizationType]]],
    ) -> list[tuple[Animal, PortalAccountId | None, list[ImmunizationType]]]:
        breeds = {
            name: self.services.list_breeds(fid, species.id)
            for name, (species, _) in catalog.items()
        }
        vets = self.services.list_vets(fid)
        temperaments = self.services.list_temperaments(fid)
        pets: list[tuple[Animal, PortalAccountId | None, list[ImmunizationType]]] = []
        for number in range(ANIMAL_COUNT):
            # Every owner gets one pet; the first thirty get a second.
            owner, account_id = households[number % OWNER_COUNT]
            kind = "Cat" if number % 5 == 4 else "Dog"
            species, vaccines = catalog[kind]
            name = _PET_NAMES[(number * 5) % len(_PET_NAMES)]
            if number >= OWNER_COUNT:
                name = f"{name} {_PET_NAMES[number % len(_PET_NAMES)]}"
            animal = self._find_animal(fid, owner.id, name)
            if animal is None:
                self.created += 1
                patch = {
                    "name": name,
                    "species_id": str(species.id),
                    "breed_id": str(self.random.choice(breeds[kind]).id),
                    "sex": self.random.choice(("male", "female")),
                    "birthday": (
                        self.today - timedelta(days=self.random.randint(200, 4000))
                    ).isoformat(),
                    "weight": str(
                        self.random.randint(8, 110) if kind == "Dog" else self.random.randint(6, 16)
                    ),
                    "altered": self.random.choice(("true", "false")),
                    "vet_id": str(self.random.choice(vets).id),
                    "temperament_id": str(self.random.choice(temperaments).id),
                    "feeding_notes": self.random.choice(
                        ("", "1 cup twice a day", "Own food, no treats")
                    ),
                    "custom.favourite_toy": self.random.choice(
                        ("", "Tennis ball", "Rope", "Squeaky duck")
                    ),
                    "custom.playgroup": self.random.choice(_ANIMAL_FORM[1].options),
                    "employee_notes": _ESCAPE_NOTE if number % 11 == 0 else "",
                }
                animal = _ok(
                    "animal", self.services.add_animal_as_staff(fid, OPERATOR, owner.id, patch)
                )
            pets.append((animal, account_id, vaccines))
            self.progress(f"pets {number + 1}/{ANIMAL_COUNT}")
        return pets

    def immunizations(
        self,
        fid: FacilityId,
        pets: list[tuple[Animal, PortalAccountId | None, list[ImmunizationType]]],
    ) -> None:
        for number, (animal, account_id, vaccines) in enumerate(pets):
            self.progress(f"vaccination records {number + 1}/{len(pets)}")
            if self._has_records(fid, animal):
                continue
            # One pet in six each: all current, one expiring soon, one expired, one awaiting
            # review, one rejected, one never recorded.
            scenario = number % 6
            if account_id is None and scenario in (3, 4):
                scenario = 0
            for position, vaccine in enumerate(vaccines):
                target = position == 0
                if scenario == 5 and target:
                    continue
                expires = self.today + timedelta(days=self.random.randint(120, 700))
                if scenario == 1 and target:
                    expires = self.today + timedelta(days=self.random.randint(5, 25))
                if scenario == 2 and target:
                    expires = self.today - timedelta(days=self.random.randint(3, 60))
                self.created += 1
                if scenario in (3, 4) and target and account_id is not None:
                    upload = self.services.upload_immunization_document(
                        fid,
                        account_id,
                        animal.id,
                        vaccine.id,
                        expires,
                        f"{animal.name} {vaccine.name}.pdf",
                        _demo_certificate(animal.name, vaccine.name, expires),
                    )
                    record = _ok("vaccine upload", upload).record
                    if scenario == 4:
                        _ok(
                            "reject upload",
                            self.services.reject_immunization(
                                fid, OPERATOR, record.id, _REJECTION_NOTE
                            ),
                        )
                    continue
                _ok(
                    "vaccine",
                    self.services.record_immunization(
                        fid,
                        OPERATOR,
                        animal.id,
                        type_id=vaccine.id,
                        expires_on=expires,
                        administered_on=min(expires - timedelta(days=365), self.today),
                    ),
                )

    def _find_owner(self, fid: FacilityId, email: str) -> Owner | None:
        with self.services.uow_factory.for_facility(fid) as uow:
            found = uow.owners.find_by_email(email)
        return found[0] if found else None

    def _account_id(self, email: str) -> PortalAccountId | None:
        with self.services.uow_factory.platform() as uow:
            account = uow.accounts.find_by_email(email)
        return account.id if account is not None else None

    def _find_animal(self, fid: FacilityId, owner_id: OwnerId, name: str) -> Animal | None:
        with self.services.uow_factory.for_facility(fid) as uow:
            pets = uow.animals.list_for_owner(owner_id)
        return next((pet for pet in pets if pet.name == name), None)

    def _has_records(self, fid: FacilityId, animal: Animal) -> bool:
        with self.services.uow_factory.for_facility(fid) as uow:
            return bool(uow.immunizations.list_for_animal(animal.id))


def _demo_certificate(pet: str, vaccine: str, expires: date) -> bytes:
    """A small, valid one-page PDF standing in for a vet's certificate."""
    text = f"{vaccine} vaccination certificate for {pet}, valid until {expires.isoformat()}"
    text = text.encode("ascii", "replace").decode("ascii").replace("(", "[").replace(")", "]")
    stream = f"BT /F1 14 Tf 40 760 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    document = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(document))
        document += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(document)
    document += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    document += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    document += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(document)


def _ascii(name: str) -> str:
    table = str.maketrans("áéíóúüöëçñ", "aeiouuoecn", "'")
    return name.casefold().translate(table)


def _already_registered(rejection: Rejection) -> bool:
    return any(isinstance(reason, AccountAlreadyRegistered) for reason in rejection.reasons)


def _count(items: Iterable[object]) -> int:
    return sum(1 for _ in items)


def load_demo_data(services: PetcareServices, progress: Progress = lambda _: None) -> DemoSummary:
    """Create (or complete) the demo facility and summarise it. Raises ``DemoDataError``."""
    loader = _Loader(services, progress)
    facility = loader.facility()
    fid = facility.id
    locations = loader.locations(fid)
    catalog = loader.catalog(fid)
    staff_user, api_key = loader.staff(fid)
    households = loader.owners(fid, facility)
    pets = loader.animals(fid, households, catalog)
    loader.immunizations(fid, pets)
    dog, dog_vaccines = catalog["Dog"]
    try:
        regular_households, regular_dogs, created = load_regulars(
            services, fid, dog, dog_vaccines, today=loader.today, progress=progress
        )
        bookings = load_demo_bookings(
            services,
            facility,
            locations,
            manager=staff_user,
            households=[*households, *regular_households],
            pets=[*pets, *regular_dogs],
            regulars=frozenset(owner.id for owner, _ in regular_households),
            progress=progress,
        )
    except (DemoBookingError, RegularsError) as error:
        raise DemoDataError(str(error)) from error
    loader.created += created
    with services.uow_factory.for_facility(fid) as uow:
        owners = _count(uow.owners.list())
        animals = _count(uow.animals.list())
        records = uow.immunizations.list()
    by_status = {status.value: 0 for status in RecordStatus}
    for record in records:
        by_status[record.status.value] += 1
    states = {state.value: 0 for state in ImmunizationState}
    for animal, _, _ in [*pets, *regular_dogs]:
        for line in services.immunization_status(fid, animal.id):
            states[line.state.value] += 1
    return DemoSummary(
        facility=facility,
        locations=locations,
        staff_user=staff_user,
        api_key=api_key,
        parent_email=PARENT_EMAIL,
        parent_password=PARENT_PASSWORD,
        owners=owners,
        animals=animals,
        records_by_status=by_status,
        vaccine_states=states,
        created=loader.created + bookings.created,
        bookings=bookings,
    )
