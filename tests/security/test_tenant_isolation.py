"""Tenant isolation (issue 3 §5): with two facilities on one storage, no page or API answer
of facility A carries an identifier or a string of facility B.

Facility B is filled through the use cases with Hypothesis-drawn owners, pets, notes and custom
field values. Then facility A's parent (portal pages and ``/portal/api``) and A's staff key
(``/staff/api``, ``/api/v1``, ``/forms``) request every GET route of the application, taken
from its router, and no body may contain one of B's ids or strings.
"""

from __future__ import annotations

import asyncio
import html
import json
import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import attrs
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from facility_clock import facility_today
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from petcare_adapters.bootstrap import build
from petcare_adapters.settings import Settings
from petcare_core.domain.evaluations import EvaluationResult
from petcare_core.domain.facility import FacilitySettings
from petcare_core.domain.forms import FieldType, FormField, FormKind, Visibility
from petcare_core.domain.ids import AnimalId, FacilityId, LocationId, OwnerId
from petcare_core.domain.staff import StaffRole
from petcare_core.services import (
    OPERATOR,
    AdditionalServiceDetails,
    BookingRequest,
    CapacityPoolDetails,
    LocationDetails,
    NewFacility,
    NewOwner,
    NewStaffUser,
    PetcareServices,
    ReservationTypeDetails,
    SignUp,
)
from petcare_core.testing import strategies as pst
from petcare_web.app import create_app
from petcare_web.config import WebConfig

PASSWORD = "a-long-enough-parent-password"
SECRET = b"i" * 32
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
# B's records get ids from here on: small ids ("7") occur in every body as counts, dates and
# sizes, while a 13-digit number occurs only where a record id is printed.
B_IDS_FROM = 8_700_000_000_000
# Shorter strings could occur in A's answers by chance (a word, a date) and prove nothing.
MIN_DISTINCT = 8


@st.composite
def distinctive(draw: st.DrawFn, strategy: st.SearchStrategy[str], max_size: int = 30) -> str:
    """A value of ``strategy`` long enough that finding it elsewhere is no coincidence.

    Short values are extended with further draws rather than filtered out: most of what the
    text strategies draw is short, and filtering would discard nearly every example.
    """
    value = ""
    while len(value) < MIN_DISTINCT:
        value = (value + draw(strategy))[:max_size].strip()
    return value


@st.composite
def distinctive_emails(draw: st.DrawFn) -> str:
    """An email address from the strategy, its local part lengthened to be distinctive."""
    email = draw(pst.emails())
    return draw(st.from_regex(r"[a-z]{8}", fullmatch=True)) + email


@attrs.frozen
class PetSpec:
    """One of B's pets as drawn."""

    name: str
    notes: str
    incident: str
    toy: str


@attrs.frozen
class OwnerSpec:
    """One of B's owners as drawn."""

    first_name: str
    last_name: str
    email: str
    phone: str
    notes: str
    referral: str
    pets: tuple[PetSpec, ...]


@attrs.frozen
class FacilitySpec:
    """Everything drawn for facility B."""

    name: str
    location: str
    species: str
    field_label: str
    parent_email: str
    owners: tuple[OwnerSpec, ...]
    service: str = "boarding"
    add_on: str = "bath"
    pool: str = "runs"
    agreement: str = "agreement"


pets = st.builds(
    PetSpec,
    name=distinctive(pst.names()),
    notes=distinctive(pst.employee_notes(), 200),
    incident=distinctive(pst.text(max_size=60), 60),
    toy=distinctive(pst.text(max_size=40)),
)
owner_specs = st.builds(
    OwnerSpec,
    first_name=distinctive(pst.names()),
    last_name=distinctive(pst.names()),
    email=distinctive_emails(),
    # Fictional 720-556 numbers: a number must be valid to be stored, and a US region makes
    # every one of them valid.
    phone=st.integers(0, 9999).map(lambda n: f"+1720556{n:04d}"),
    notes=distinctive(pst.employee_notes(), 200),
    referral=distinctive(pst.text(max_size=40)),
    pets=st.lists(pets, min_size=1, max_size=2).map(tuple),
)
facility_specs = st.builds(
    FacilitySpec,
    name=distinctive(pst.names()),
    location=distinctive(pst.names()),
    species=distinctive(pst.names()),
    field_label=distinctive(pst.text(max_size=40)),
    service=distinctive(pst.names()),
    add_on=distinctive(pst.names()),
    pool=distinctive(pst.names()),
    agreement=distinctive(pst.text(max_size=60), 60),
    parent_email=distinctive_emails(),
    owners=st.lists(
        owner_specs,
        min_size=1,
        max_size=3,
        unique_by=(lambda o: o.email, lambda o: o.phone),
    ).map(tuple),
    # An email is one owner's in a facility: the parent's owner has parent_email already.
).filter(lambda spec: spec.parent_email not in {owner.email for owner in spec.owners})


@attrs.frozen
class BookingIds:
    """A facility's booking records that routes name by id."""

    location_id: int
    type_id: int
    service_id: int
    pool_id: int
    lodging_id: int
    agreement_id: int
    reservation_id: int
    evaluation_id: int

    @property
    def ids(self) -> set[int]:
        """Every id above."""
        return set(attrs.astuple(self))


def add_booking(
    services: PetcareServices,
    fid: FacilityId,
    owner_id: int,
    animal_id: int,
    names: tuple[str, str, str, str],
) -> BookingIds:
    """A boarding type, an add-on, a pool with a lodging, an agreement, an evaluation and a
    confirmed stay of ``animal_id`` next month, named with ``names`` (service, add-on, pool,
    agreement)."""
    ok = OPERATOR
    service, add_on, pool_name, agreement_text = names
    location_id = services.list_locations(fid)[0].id
    boarding = services.define_reservation_type(
        fid, ok, ReservationTypeDetails(name=service, unit="night", base_price=45)
    ).unwrap()
    extra = services.define_additional_service(
        fid, ok, AdditionalServiceDetails(name=add_on, price=10, type_ids=frozenset({boarding.id}))
    ).unwrap()
    pool = services.define_capacity_pool(
        fid,
        ok,
        CapacityPoolDetails(
            location_id=LocationId(location_id),
            name=pool_name,
            kind="room",
            capacity=5,
            type_ids=frozenset({boarding.id}),
        ),
    ).unwrap()
    lodging = services.add_lodging(fid, ok, pool.id, f"{pool_name} 1").unwrap()
    agreement = services.create_agreement(fid, ok, agreement_text, agreement_text).unwrap()
    staff = services.create_staff_user(
        fid, ok, NewStaffUser(f"assessor{fid}", "Ava", "Assessor", StaffRole.EMPLOYEE)
    ).unwrap()
    evaluation = services.record_evaluation(
        fid, ok, AnimalId(animal_id), EvaluationResult.PASS, notes=agreement_text,
        recorded_by=staff.id,
    ).unwrap()  # fmt: skip
    start = datetime.now(UTC).replace(hour=17, minute=0, second=0, microsecond=0)
    start += timedelta(days=20)
    request = BookingRequest(
        location_id=LocationId(location_id),
        type_id=boarding.id,
        start=start,
        end=start + timedelta(days=2),
        pets=((AnimalId(animal_id), (extra.id,)),),
        owner_id=OwnerId(owner_id),
    )
    booked = services.book_reservation(fid, ok, request).unwrap()
    return BookingIds(
        location_id, boarding.id, extra.id, pool.id, lodging.id, agreement.id,
        booked.reservation.id, evaluation.id,
    )  # fmt: skip


@attrs.frozen
class FacilityA:
    """Facility A, the one whose answers are checked, and the ids its routes need."""

    fid: FacilityId
    slug: str
    key: str
    email: str
    owner_id: int
    animal_id: int
    upload_id: int
    booking: BookingIds


@attrs.frozen
class Secrets:
    """What of B must never show in A's answers: its ids and its strings."""

    ids: frozenset[int]
    strings: frozenset[str]


def make_a(services: PetcareServices) -> FacilityA:
    """Facility A: a manager with an API key and a parent with a pet and an uploaded record."""
    ok = OPERATOR
    slug = f"alpha-{uuid.uuid4().hex[:8]}"
    facility = services.create_facility(
        NewFacility(
            slug=slug,
            name="Alpha Pets",
            timezone="America/Denver",
            currency="USD",
            settings=FacilitySettings(phone_region="US"),
            first_location=LocationDetails(name="Alpha Downtown", city="Boulder"),
        )
    ).unwrap()
    fid = facility.id
    manager = services.create_staff_user(
        fid, ok, NewStaffUser("alpha.manager", "Morgan", "Lee", StaffRole.MANAGER)
    ).unwrap()
    dog = services.add_species(fid, ok, "Dog").unwrap()
    rabies = services.add_immunization_type(fid, ok, dog.id, "Rabies", required=True).unwrap()
    email = f"pat@{slug}.example"
    linked = services.sign_up(
        SignUp(
            first_name="Pat",
            last_name="Parker",
            password=PASSWORD,
            email=email,
            facility_slug=slug,
        )
    ).unwrap()
    rex = services.add_animal_as_staff(
        fid, ok, linked.owner_id, {"name": "Rex", "species_id": str(dog.id)}
    ).unwrap()
    upload = services.record_immunization_upload(
        fid,
        linked.account.id,
        rex.id,
        type_id=rabies.id,
        expires_on=facility_today() + timedelta(days=365),
        document_key="uploads/none.pdf",
    ).unwrap()
    key = services.create_api_key(fid, manager.id, "tests", actor=ok).unwrap().plain_key
    # Staff's own record makes Rex bookable; the upload above stays pending review.
    services.record_immunization(
        fid, ok, rex.id, type_id=rabies.id, expires_on=facility_today() + timedelta(days=400)
    ).unwrap()
    names = ("Alpha Boarding", "Alpha Bath", "Alpha Runs", "Alpha agreement text")
    booking = add_booking(services, fid, linked.owner_id, rex.id, names)
    return FacilityA(fid, slug, key, email, linked.owner_id, rex.id, upload.id, booking)


def bump_id_sequence(services: PetcareServices, start: int) -> None:
    """Make the memory storage's id sequence continue from ``start``.

    The test's own reach into the memory adapter, like ``setval`` on a database sequence: the
    use cases offer no way to choose ids, and B's ids must be numbers no answer prints by chance.
    """
    state: Any = services.uow_factory._state  # type: ignore[attr-defined]
    state._last_id = start


def fill_b(services: PetcareServices, spec: FacilitySpec) -> Secrets:
    """Facility B, filled through the use cases; its ids and (stored) strings."""
    ok = OPERATOR
    slug = f"beta-{uuid.uuid4().hex[:8]}"
    facility = services.create_facility(
        NewFacility(
            slug=slug,
            name=spec.name,
            timezone="America/Denver",
            currency="USD",
            settings=FacilitySettings(phone_region="US"),
            first_location=LocationDetails(name=spec.location, city="Boulder"),
        )
    ).unwrap()
    fid = facility.id
    ids: set[int] = {fid, *(location.id for location in services.list_locations(fid))}
    strings: set[str] = {slug, facility.name, facility.invite_code, spec.location}
    species = services.add_species(fid, ok, spec.species).unwrap()
    ids.add(species.id)
    strings.add(species.name)
    field = FormField(
        "referral", spec.field_label, FieldType.TEXT, visibility=Visibility.PORTAL_EDITABLE
    )
    services.define_form(fid, ok, FormKind.OWNER_FORM, [field]).unwrap()
    toy = FormField("toy", spec.field_label, FieldType.TEXT, visibility=Visibility.PORTAL_EDITABLE)
    services.define_form(fid, ok, FormKind.ANIMAL_FORM, [toy]).unwrap()
    strings.add(spec.field_label)
    linked = services.sign_up(
        SignUp(
            first_name="Blair",
            last_name="Parent",
            password=PASSWORD,
            email=spec.parent_email,
            facility_slug=slug,
        )
    ).unwrap()
    ids.update({linked.owner_id, linked.account.id})
    strings.add(linked.account.email)
    stays: list[tuple[int, int]] = []  # (owner, pet) pairs a stay can be booked for
    for drawn in spec.owners:
        owner = services.create_owner(
            fid,
            ok,
            NewOwner(drawn.first_name, drawn.last_name, email=drawn.email, cell_phone=drawn.phone),
        ).unwrap()
        owner = services.update_owner_as_staff(
            fid,
            ok,
            owner.id,
            {"employee_notes": drawn.notes, "custom.referral": drawn.referral},
        ).unwrap()
        ids.add(owner.id)
        strings.update(
            {
                owner.first_name,
                owner.last_name,
                owner.email,
                owner.cell_phone,
                owner.employee_notes,
                *owner.custom_fields.values(),
            }
        )
        for pet in drawn.pets:
            animal = services.add_animal_as_staff(
                fid,
                ok,
                owner.id,
                {
                    "name": pet.name,
                    "species_id": str(species.id),
                    "employee_notes": pet.notes,
                    "custom.toy": pet.toy,
                },
            ).unwrap()
            animal = services.add_incident_report(
                fid, ok, animal.id, facility_today(), pet.incident
            ).unwrap()
            ids.add(animal.id)
            stays.append((owner.id, animal.id))
            strings.update({animal.name, animal.employee_notes, *animal.custom_fields.values()})
            strings.update(report.description for report in animal.incident_reports)
    names = (spec.service, spec.add_on, spec.pool, spec.agreement)
    booking = add_booking(services, fid, stays[0][0], stays[0][1], names)
    ids.update(booking.ids)
    strings.update(names)
    return Secrets(frozenset(ids), frozenset(strings))


def spellings(value: str) -> Iterator[str]:
    """The forms ``value`` takes in a body: as is, HTML-escaped, JSON-escaped (each line of a
    multi-line text too, as a page may break it into paragraphs)."""
    for line in {value, *value.splitlines()}:
        part = line.strip()
        if len(part) < MIN_DISTINCT:
            continue
        yield part
        yield html.escape(part)
        yield html.escape(part, quote=False)
        yield json.dumps(part)[1:-1]
        yield json.dumps(part, ensure_ascii=False)[1:-1]


def placeholder_value(path: str, name: str, a: FacilityA) -> str:
    """A's id for the ``{name}`` placeholder of ``path``, chosen by the segment before it."""
    if name == "slug":
        return a.slug
    before = path.split("{" + name + "}", maxsplit=1)[0].rstrip("/").rsplit("/", 1)[-1]
    by_collection = {
        "pets": a.animal_id,
        "animals": a.animal_id,
        "owners": a.owner_id,
        "immunizations": a.upload_id,
        "agreements": a.booking.agreement_id,
        "reservations": a.booking.reservation_id,
        "reservation-types": a.booking.type_id,
        "capacity-pools": a.booking.pool_id,
        "locations": a.booking.location_id,
    }
    assert before in by_collection, f"no id of A for {path}: teach placeholder_value"
    return str(by_collection[before])


GINGR_QUERIES: dict[str, list[dict[str, str]]] = {
    "/api/v1/owner": [{"id": "{owner}"}, {"email": "{email}"}],
    "/api/v1/new_modified_owners": [{"start_date": "2000-01-01", "end_date": "2100-01-01"}],
    "/api/v1/authorize_owner": [{"email": "{email}", "password": PASSWORD}],
    "/api/v1/get_animal_immunizations": [{"animal_id": "{animal}", "include_unverified": "1"}],
    "/forms/get_form": [{"form": "owner_form"}, {"form": "animal_form"}],
    "/api/v1/reservations": [{"start_date": "{today}", "end_date": "{in_30_days}"}],
    "/api/v1/reservations_by_animal": [{"id": "{animal}"}],
    "/api/v1/reservations_by_owner": [{"id": "{owner}"}],
    "/api/v1/existing_reservation_estimate": [{"id": "{reservation}"}],
    "/api/v1/get_services_by_type": [{"type_id": "{type}"}, {"id": "{type}"}],
    "/api/v1/back_of_house": [{"location_id": "{location}", "date": "{in_20_days}"}],
}


def gingr_paths(path: str, a: FacilityA) -> list[str]:
    """``path`` with A's key and, for endpoints that need them, A's parameters."""
    today = facility_today()
    fill = {
        "{owner}": str(a.owner_id),
        "{animal}": str(a.animal_id),
        "{email}": a.email,
        "{reservation}": str(a.booking.reservation_id),
        "{type}": str(a.booking.type_id),
        "{location}": str(a.booking.location_id),
        "{today}": today.isoformat(),
        "{in_20_days}": (today + timedelta(days=20)).isoformat(),
        "{in_30_days}": (today + timedelta(days=30)).isoformat(),
    }
    paths = []
    for query in GINGR_QUERIES.get(path, [{}]):
        values = {name: fill.get(value, value) for name, value in query.items()}
        paths.append(f"{path}?{urlencode({'key': a.key, **values})}")
    return paths


def get_routes(app: web.Application, a: FacilityA) -> list[str]:
    """Every GET route of ``app``, filled in with A's slug and ids."""
    paths: list[str] = []
    for route in app.router.routes():
        info = route.resource.get_info() if route.resource else {}
        if route.method != "GET" or "directory" in info:
            continue  # static files are the same for every facility
        canonical = route.resource.canonical if route.resource else ""
        path = canonical
        for name in re.findall(r"{(\w+)}", canonical):
            path = path.replace("{" + name + "}", placeholder_value(canonical, name, a))
        if path.startswith(("/api/v1/", "/forms/")):
            paths.extend(gingr_paths(path, a))
        else:
            paths.append(path)
            paths.extend(f"{path}?{query}" for query in page_queries(canonical, a))
    return paths


def page_queries(canonical: str, a: FacilityA) -> list[str]:
    """Query strings with which a page or staff route shows A's booking records too."""
    soon = (facility_today() + timedelta(days=20)).isoformat()
    later = (facility_today() + timedelta(days=40)).isoformat()
    queries: dict[str, dict[str, object]] = {
        "/f/{slug}/book": {
            "location_id": a.booking.location_id,
            "type_id": a.booking.type_id,
        },
        "/staff/api/locations/{id}/day-sheet": {"date": soon},
        "/staff/api/reservations": {"start": facility_today().isoformat(), "end": later},
    }
    query = queries.get(canonical)
    return [urlencode(query)] if query else []


async def portal_login(client: TestClient[Any, Any], a: FacilityA) -> None:
    """Log A's parent in through the portal's login page (the client keeps the cookie)."""
    page = await client.get(f"/f/{a.slug}/login")
    token = CSRF.search(await page.text())
    assert token, "no login form"
    response = await client.post(
        f"/f/{a.slug}/login",
        data={"csrf_token": token.group(1), "login": a.email, "password": PASSWORD},
        allow_redirects=False,
    )
    assert response.status == 303, await response.text()


async def api_token(client: TestClient[Any, Any], a: FacilityA) -> str:
    """A ``/portal/api`` bearer token of A's parent."""
    response = await client.post(
        "/portal/api/login", json={"login": a.email, "password": PASSWORD, "facility": a.slug}
    )
    assert response.status == 200, await response.text()
    token: str = (await response.json())["token"]
    return token


async def a_bodies(services: PetcareServices, a: FacilityA) -> dict[str, str]:
    """Every GET answer of A's routes, by path, as A's parent and A's staff key see them."""
    app = create_app(services, WebConfig(session_secret=SECRET))
    async with TestClient(TestServer(app)) as client:
        await portal_login(client, a)
        token = await api_token(client, a)
        bodies = {}
        for path in get_routes(app, a):
            headers = {}
            if path.startswith("/portal/api/"):
                headers["Authorization"] = f"Bearer {token}"
            elif path.startswith("/staff/api/"):
                headers["Authorization"] = f"Bearer {a.key}"
            response = await client.get(path, headers=headers, allow_redirects=False)
            # A 5xx would hide whatever the page should have shown.
            assert response.status < 500, (path, response.status)
            bodies[path] = (await response.read()).decode("utf-8", "replace")
        return bodies


def leaks(bodies: dict[str, str], secrets: Secrets) -> list[tuple[str, str]]:
    """Every (path, id or string of B) found in A's answers."""
    found: list[tuple[str, str]] = []
    id_token = re.compile(r"\b(\d{13,})\b")
    for path, body in bodies.items():
        found.extend(
            (path, number) for number in id_token.findall(body) if int(number) in secrets.ids
        )
        for value in secrets.strings:
            if any(spelling in body for spelling in spellings(value)):
                found.append((path, value))
    return found


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=facility_specs)
def test_no_answer_of_one_facility_carries_the_other_facilitys_data(spec: FacilitySpec) -> None:
    services, close = build(
        Settings(database_url="memory://", password_hash_time_cost=1, password_hash_memory_kib=64)
    )
    try:
        a = make_a(services)
        # Before B exists, A's answers show what A and the templates print by themselves: a
        # drawn string found there is no leak, only a coincidence, and is not looked for.
        before = " ".join(asyncio.run(a_bodies(services, a)).values())
        bump_id_sequence(services, B_IDS_FROM)
        secrets = fill_b(services, spec)
        secrets = Secrets(
            secrets.ids,
            frozenset(
                value
                for value in secrets.strings
                if len(value) >= MIN_DISTINCT and not any(s in before for s in spellings(value))
            ),
        )
        bodies = asyncio.run(a_bodies(services, a))
        assert len(bodies) >= 40, sorted(bodies)
        # The booking routes answered with A's own records, so they were really looked at.
        booked = a.booking.reservation_id
        for shown in (
            f"/staff/api/reservations/{booked}",
            f"/f/{a.slug}/reservations/{booked}",
            f"/portal/api/f/{a.slug}/reservations/{booked}",
        ):
            assert "Alpha Boarding" in bodies[shown], shown
        assert leaks(bodies, secrets) == []
    finally:
        close()
