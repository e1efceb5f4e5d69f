"""``owners``, ``owner``, ``animals``, ``new_modified_owners``, ``authorize_owner``: shapes,
where-clauses, lookups and tenant isolation."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from facility_clock import facility_today

from petcare_core.services import OPERATOR, PetcareServices

pytestmark = pytest.mark.asyncio

OWNER_FIELDS = {
    "id", "first_name", "last_name", "email", "cell_phone", "home_phone", "address_1",
    "address_2", "city", "state", "zip", "emergency_contact_name", "emergency_contact_phone",
    "notes", "home_location", "current_balance", "animal_names", "banned_animal_names",
    "created_at", "created_by", "owner_created_at_iso", "last_reservation", "next_reservation",
    "number_reservations", "source", "opt_out_email", "opt_out_sms", "opt_out_marketing_email",
    "opt_out_marketing_sms",
}  # fmt: skip
ANIMAL_FIELDS = {
    "id", "owner_id", "first_name", "last_name", "species_id", "breed_id", "gender", "fixed",
    "birthday", "weight", "image", "vip", "banned", "medicines", "allergies", "notes",
    "feeding_notes", "grooming_notes", "temperment", "next_immunization_expiration",
    "last_reservation", "next_reservation", "number_reservations", "owner_first_name",
    "owner_last_name", "vet_id",
}  # fmt: skip
DENVER = ZoneInfo("America/Denver")


def _scalars_are_strings_or_null(row: dict[str, Any]) -> bool:
    return all(value is None or isinstance(value, str) for value in row.values())


async def test_owner_rows_have_gingr_fields_as_strings(
    make_client: Any, call: Any, alpha: Any
) -> None:
    client = await make_client()
    _, body = await call(client, "owners", alpha.key)
    rows = {row["id"]: row for row in body["data"]}
    pat = rows[str(alpha.pat.id)]
    assert set(pat) >= OWNER_FIELDS
    assert all(_scalars_are_strings_or_null(row) for row in rows.values())
    assert pat["first_name"] == "Pat"
    assert pat["zip"] == "80302"
    assert pat["state"] == "CO"
    assert pat["home_location"] == str(alpha.locations[0].id)
    assert pat["notes"] == "alpha pays late"
    assert pat["animal_names"] == "Rex"
    assert pat["banned_animal_names"] == "Bolt"
    assert pat["current_balance"] == "0.00"
    assert pat["number_reservations"] == "0"
    assert pat["last_reservation"] is None
    assert pat["opt_out_marketing_email"] == "1"
    assert pat["opt_out_email"] == "0"
    assert pat["created_at"] == str(int(alpha.pat.created_at.timestamp()))
    created = datetime.fromisoformat(pat["owner_created_at_iso"])
    assert created == alpha.pat.created_at.replace(microsecond=0)
    assert created.utcoffset() == alpha.pat.created_at.astimezone(DENVER).utcoffset()
    lee = rows[str(alpha.lee.id)]
    assert (lee["home_location"], lee["email"], lee["animal_names"]) == (None, "", "")


async def test_animal_rows_have_gingr_fields_as_strings(
    make_client: Any, call: Any, alpha: Any
) -> None:
    client = await make_client()
    _, body = await call(client, "animals", alpha.key, method="POST")
    rows = {row["id"]: row for row in body["data"]}
    rex = rows[str(alpha.rex.id)]
    assert set(rex) >= ANIMAL_FIELDS
    assert all(_scalars_are_strings_or_null(row) for row in rows.values())
    assert (rex["first_name"], rex["last_name"], rex["owner_first_name"]) == (
        "Rex",
        "Parker",
        "Pat",
    )
    assert rex["owner_id"] == str(alpha.pat.id)
    assert rex["breed_id"] == str(alpha.labrador.id)
    assert (rex["gender"], rex["fixed"], rex["weight"]) == ("Male", "1", "42.5")
    assert rex["temperment"] == "Shy"
    assert rex["medicines"] == "Half a pill at dinner"
    birthday = datetime.fromtimestamp(int(rex["birthday"]), DENVER)
    assert (birthday.date(), birthday.hour) == (date(2019, 11, 5), 0)
    # The newer Rabies record replaces the expired one; Bordetella (200 days) comes first.
    expiry = datetime.fromtimestamp(int(rex["next_immunization_expiration"]), DENVER).date()
    assert expiry == facility_today() + timedelta(days=200)
    misty = rows[str(alpha.misty.id)]
    assert (misty["fixed"], misty["weight"], misty["next_immunization_expiration"]) == (
        None,
        None,
        None,
    )
    assert rows[str(alpha.bolt.id)]["banned"] == "1"


async def test_animals_by_id_gives_that_animal_first(
    make_client: Any, call: Any, alpha: Any
) -> None:
    client = await make_client()
    _, body = await call(client, "animals", alpha.key, **{"params[id]": str(alpha.misty.id)})
    assert [row["id"] for row in body["data"]] == [str(alpha.misty.id)]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"params[zip]": "80302"}, ["pat", "lee"]),
        ({"params[ZIP]": "80302", "params[limit]": "1"}, ["pat"]),
        ({"params[email]": "KIM@{slug}.EXAMPLE"}, ["kim"]),
        ({"params[first_name]": "pat"}, ["pat"]),
        # As in MySQL, an empty city differs from Boulder; only null never matches.
        ({"params[city !=]": "Boulder"}, ["kim", "lee"]),
        ({"params[id >]": "{kim}"}, ["lee"]),
        ({"params[id <=]": "{kim}"}, ["pat", "kim"]),
        ({"params[home_location]": "{location}"}, ["pat"]),
        ({"params[cell_phone]": "(720) 555-0111"}, ["kim"]),
        ({"params[home_phone]": "+1 303 555 0177"}, ["lee"]),
        ({"params[home_phone] !=": "3035550177"}, ["pat", "kim"]),
        ({"params[owners.zip]": "80301"}, ["kim"]),
        ({"params[year(from_unixtime(created_at))]": "{year}"}, ["pat", "kim", "lee"]),
        ({"params[date(from_unixtime(created_at))] <": "2000-01-01"}, []),
        ({"params[limit]": "0"}, []),
    ],
)
async def test_owner_where_clauses(
    make_client: Any, call: Any, alpha: Any, params: dict[str, str], expected: list[str]
) -> None:
    client = await make_client()
    names = {
        "pat": alpha.pat.id,
        "kim": alpha.kim.id,
        "lee": alpha.lee.id,
    }
    values = {
        "slug": alpha.facility.slug,
        "kim": alpha.kim.id,
        "location": alpha.locations[0].id,
        "year": alpha.pat.created_at.astimezone(DENVER).year,
    }
    filled = {key.replace("] !=", " !=]"): value.format(**values) for key, value in params.items()}
    _, body = await call(client, "owners", alpha.key, **filled)
    assert body["success"] is True, body
    assert [row["id"] for row in body["data"]] == [str(names[name]) for name in expected]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"params[month(from_unixtime(birthday))]": "11"}, ["rex", "bolt"]),
        ({"params[MONTH( FROM_UNIXTIME(`birthday`) )]": "3"}, ["misty"]),
        ({"params[year(from_unixtime(birthday))] >=": "2020"}, ["misty", "bolt"]),
        ({"params[day(from_unixtime(birthday))]": "5"}, ["rex"]),
        ({"params[date(from_unixtime(birthday))]": "2021-03-14"}, ["misty"]),
        ({"params[species_id]": "{dog}"}, ["rex", "bolt"]),
        ({"params[owner_id]": "{pat}", "params[banned]": "false"}, ["rex"]),
        ({"params[name]": "MISTY"}, ["misty"]),
        ({"params[gender]": "female"}, ["misty"]),
        ({"params[weight] >": "40"}, ["rex"]),
        ({"params[breed_id]": "{labrador}"}, ["rex"]),
    ],
)
async def test_animal_where_clauses(
    make_client: Any, call: Any, alpha: Any, params: dict[str, str], expected: list[str]
) -> None:
    client = await make_client()
    names = {"rex": alpha.rex.id, "misty": alpha.misty.id, "bolt": alpha.bolt.id}
    values = {"dog": alpha.dog.id, "pat": alpha.pat.id, "labrador": alpha.labrador.id}
    filled = {
        key.replace("] >=", " >=]").replace("] >", " >]"): value.format(**values)
        for key, value in params.items()
    }
    _, body = await call(client, "animals", alpha.key, **filled)
    assert body["success"] is True, body
    assert [row["id"] for row in body["data"]] == [str(names[name]) for name in expected]


@pytest.mark.parametrize(
    ("endpoint", "params", "fragment"),
    [
        ("owners", {"params[system_id]": "1"}, "there is no column 'system_id'"),
        ("owners", {"params[password]": "x"}, "there is no column 'password'"),
        ("animals", {"params[lower(name)]": "rex"}, "the function 'lower' is not supported"),
        ("animals", {"params[month(birthday)]": "11"}, "write month(from_unixtime(column))"),
        ("animals", {"params[month(from_unixtime(name))]": "1"}, "'name' is not a date column"),
        ("animals", {"params[id = 1 OR 1]": "1"}, "cannot read this condition"),
        ("owners", {"params[id]": "abc"}, "'abc' is not a whole number"),
        ("owners", {"params[limit]": "-5"}, "params[limit] must be a whole number"),
        # Unicode digits pass str.isdigit() but not int(); once a 500.
        ("owners", {"params[limit]": "³"}, "params[limit] must be a whole number"),
        ("owners", {"params[limit]": "9" * 5000}, "params[limit] must be a whole number"),
        ("owners", {"params[cell_phone >]": "1"}, "phone numbers can only be compared"),
        ("animals", {"params[date(from_unixtime(birthday))]": "11/05"}, "is not a date"),
        ("animals", {"params[weight]": "heavy"}, "'heavy' is not a number"),
        # Found by schemathesis: a line break inside the key once crashed the parser.
        ("owners", {"params[zip\nOR 1]": "1"}, "params[zip"),
    ],
)
async def test_unreadable_where_clauses_are_refused_by_name(
    make_client: Any,
    call: Any,
    alpha: Any,
    endpoint: str,
    params: dict[str, str],
    fragment: str,
) -> None:
    client = await make_client()
    status, body = await call(client, endpoint, alpha.key, **params)
    assert (status, body["success"]) == (200, False)
    assert fragment in body["error"]
    assert next(iter(params)).removeprefix("params[").split("]")[0][:6] in body["error"]


@pytest.mark.parametrize("lookup", ["id", "animal_id", "phone", "email"])
async def test_owner_is_found_by_each_lookup(
    make_client: Any, call: Any, alpha: Any, lookup: str
) -> None:
    client = await make_client()
    value = {
        "id": str(alpha.kim.id),
        "animal_id": str(alpha.misty.id),
        "phone": "720.555.0111",
        "email": alpha.kim.email.upper(),
    }[lookup]
    _, body = await call(client, "owner", alpha.key, **{lookup: value})
    assert body["success"] is True, body
    assert body["data"]["id"] == str(alpha.kim.id)
    assert body["data"]["animal_names"] == "Misty"


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({}, "give one of id, animal_id, reservation_id, phone, email"),
        ({"id": "999999"}, "no owner with id 999999 exists"),
        ({"animal_id": "999999"}, "no owner with an animal with id 999999"),
        ({"reservation_id": "12"}, "no reservation with id 12 exists"),
        ({"email": "nobody@example.com"}, "no owner with email"),
        ({"phone": "12"}, "phone: '12' is not a valid phone number"),
        ({"email": "not an email"}, "email: 'not an email' is not an email address"),
        ({"id": "0"}, "id must be a positive whole number"),
        ({"id": "1e3"}, "id must be a positive whole number"),
    ],
)
async def test_owner_lookups_that_find_nothing_get_the_error_envelope(
    make_client: Any, call: Any, alpha: Any, params: dict[str, str], fragment: str
) -> None:
    client = await make_client()
    status, body = await call(client, "owner", alpha.key, **params)
    assert (status, body["success"], body["status"]) == (200, False, "error")
    assert fragment in body["error"]


async def test_owner_lookup_precedence_takes_the_id_first(
    make_client: Any, call: Any, alpha: Any
) -> None:
    client = await make_client()
    _, body = await call(client, "owner", alpha.key, id=str(alpha.lee.id), email=alpha.kim.email)
    assert body["data"]["id"] == str(alpha.lee.id)


async def test_new_modified_owners_by_period_and_location(
    make_client: Any, call: Any, services: PetcareServices, alpha: Any
) -> None:
    client = await make_client()
    today = datetime.now(DENVER).date()
    _, body = await call(
        client, "new_modified_owners", alpha.key, method="POST",
        start_date=today.isoformat(), end_date=today.isoformat(),
    )  # fmt: skip
    assert [row["id"] for row in body["data"]] == [
        str(alpha.pat.id),
        str(alpha.kim.id),
        str(alpha.lee.id),
    ]
    _, body = await call(
        client, "new_modified_owners", alpha.key, start_date=today.isoformat(),
        end_date=today.isoformat(), location_id=str(alpha.locations[0].id),
    )  # fmt: skip
    assert [row["id"] for row in body["data"]] == [str(alpha.pat.id)]
    _, past = await call(
        client, "new_modified_owners", alpha.key,
        start_date="2015-06-04T00:00:00+00:00", end_date="2015-06-05T00:00:00+00:00",
    )  # fmt: skip
    assert past == {"success": True, "error": False, "data": []}
    # A later change brings an owner back into a later window.
    after = datetime.now(DENVER)
    services.update_owner_as_staff(alpha.fid, OPERATOR, alpha.lee.id, {"city": "Lyons"}).unwrap()
    _, body = await call(
        client, "new_modified_owners", alpha.key, start_date=after.isoformat(),
        end_date=(after + timedelta(hours=1)).isoformat(),
    )  # fmt: skip
    assert [row["id"] for row in body["data"]] == [str(alpha.lee.id)]


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"end_date": "2024-01-01"}, "start_date is required"),
        ({"start_date": "2024-01-02", "end_date": "2024-01-01"}, "end_date: is before start_date"),
        ({"start_date": "2024-01-01", "end_date": "2024-02-30"}, "end_date must be a date"),
        ({"start_date": "2024-01-01", "end_date": "2024-01-02", "location_id": "99999"},
         "location_id: no record with id '99999'"),
    ],
)  # fmt: skip
async def test_new_modified_owners_refusals(
    make_client: Any, call: Any, alpha: Any, params: dict[str, str], fragment: str
) -> None:
    client = await make_client()
    _, body = await call(client, "new_modified_owners", alpha.key, **params)
    assert body["success"] is False
    assert fragment in body["error"]


async def test_authorize_owner_returns_the_owner_for_the_right_password(
    make_client: Any, call: Any, alpha: Any
) -> None:
    client = await make_client()
    _, body = await call(
        client, "authorize_owner", alpha.key, method="POST",
        email=alpha.parent_email.upper(), password="a-long-enough-parent-password",
    )  # fmt: skip
    assert body["success"] is True, body
    assert body["data"]["id"] == str(alpha.pat.id)
    assert body["data"]["animal_names"] == "Rex"


async def test_authorize_owner_failures_are_generic(
    make_client: Any, call: Any, alpha: Any, beta: Any
) -> None:
    client = await make_client()
    attempts = [
        {"email": alpha.parent_email, "password": "wrong password"},
        {"email": "nobody@example.com", "password": "a-long-enough-parent-password"},
        # A real login of another facility is no login here.
        {"email": beta.parent_email, "password": "a-long-enough-parent-password"},
    ]
    messages = set()
    for fields in attempts:
        _, body = await call(client, "authorize_owner", alpha.key, method="POST", **fields)
        assert body["success"] is False
        messages.add(body["error"])
    assert messages == {"the login or password is incorrect"}
    _, body = await call(client, "authorize_owner", alpha.key, email=alpha.parent_email)
    assert body["error"] == "password is required"


async def test_a_key_never_sees_another_facility(
    make_client: Any, call: Any, alpha: Any, beta: Any
) -> None:
    client = await make_client()
    requests = [
        ("owners", {}),
        ("animals", {}),
        ("owner", {"id": str(beta.pat.id)}),
        ("owner", {"email": beta.kim.email}),
        ("owner", {"animal_id": str(beta.rex.id)}),
        ("get_animal_immunizations", {"animal_id": str(beta.rex.id)}),
        ("animals", {"params[id]": str(beta.rex.id)}),
        ("get_species", {}),
        ("get_breeds", {"species_id": str(beta.dog.id)}),
        ("get_locations", {}),
        ("get_vets", {"vetFlag": "true"}),
        ("get_immunization_types", {"species_id": str(beta.dog.id)}),
        ("/forms/get_form", {"form": "owner_form"}),
        ("new_modified_owners", {"start_date": "2000-01-01", "end_date": "2100-01-01"}),
    ]
    beta_ids = {
        str(value.id)
        for value in (beta.pat, beta.kim, beta.lee, beta.rex, beta.misty, beta.bolt, beta.dog,
                      beta.cat, beta.vet, beta.labrador, beta.rabies)
    }  # fmt: skip
    for endpoint, params in requests:
        _, body = await call(client, endpoint, alpha.key, **params)
        # Error messages may repeat what was asked; what comes back as data must not leak.
        text = json.dumps(body.get("data"))
        assert "beta" not in text, endpoint
        if body["success"] and isinstance(body["data"], list):
            ids = {row.get("id") or row.get("value") for row in body["data"]}
            assert not ids & beta_ids, endpoint
