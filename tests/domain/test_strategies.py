"""The public strategies build values that storages accept and the domain rules call valid."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from petcare_core.domain.account import PortalAccount
from petcare_core.domain.facility import Facility
from petcare_core.domain.form_values import canonical_form_value, text_problem
from petcare_core.domain.forms import FieldType, FormDefinition, FormField, Visibility
from petcare_core.domain.ids import FacilityId, LocationId, OwnerId, StaffUserId
from petcare_core.domain.immunization import ImmunizationRecord, RecordSource, RecordStatus
from petcare_core.domain.money import Money, is_currency_code
from petcare_core.domain.owner import Owner
from petcare_core.domain.signup import normalize_email
from petcare_core.domain.staff import ApiKey
from petcare_core.testing.strategies import (
    Household,
    api_keys,
    aware_datetimes,
    custom_icons,
    dates,
    employee_notes,
    facilities,
    form_definitions,
    form_fields,
    immunization_records,
    money,
    owner_households,
    owners,
    phones,
    portal_accounts,
    text,
)

FACILITY = FacilityId(1)


def storable(value: str) -> bool:
    return all(unicodedata.category(c) not in {"Cs", "Cc"} or c == "\n" for c in value)


@given(text(max_size=80), text(min_size=1, multiline=True))
def test_text_is_stripped_and_storable(single: str, multi: str) -> None:
    assert single == single.strip()
    assert text_problem(single, max_length=80) is None
    assert text_problem(multi, max_length=1000, multiline=True) is None
    assert multi
    assert storable(single)
    assert storable(multi)


@given(employee_notes(), custom_icons())
def test_business_only_values_are_valid(notes: str, icons: tuple[str, ...]) -> None:
    assert text_problem(notes, max_length=5000, multiline=True) is None
    assert len(set(icons)) == len(icons)
    assert all(icon and "," not in icon and icon == icon.strip() for icon in icons)


@given(aware_datetimes(), dates())
def test_times_are_utc_and_dates_sane(moment: datetime, day: date) -> None:
    assert moment.tzinfo is UTC
    assert moment.fold == 0
    assert 1990 <= moment.year <= 2090
    assert date(1990, 1, 1) <= day <= date(2090, 12, 31)


@given(facilities(FACILITY), money())
def test_facilities_and_money(facility: Facility, amount: Money) -> None:
    assert facility.id == FACILITY
    assert facility.slug == facility.slug.lower()
    assert is_currency_code(facility.currency)
    assert facility.created_at.tzinfo is UTC
    assert is_currency_code(amount.currency)


@given(form_fields())
def test_only_choice_fields_have_options_and_they_are_distinct(field: FormField) -> None:
    if field.field_type is FieldType.CHOICE:
        assert field.options
        assert len(set(field.options)) == len(field.options)
    else:
        assert field.options == ()


@given(
    form_definitions(FACILITY).flatmap(
        lambda form: st.tuples(
            st.just(form),
            owners(FACILITY, OwnerId(4), form=form, home_location_ids=[LocationId(9)]),
        )
    )
)
def test_owners_fit_their_ids_and_form(case: tuple[FormDefinition, Owner]) -> None:
    form, owner = case
    assert (owner.id, owner.facility_id) == (OwnerId(4), FACILITY)
    assert owner.first_name
    assert owner.last_name
    assert owner.created_at <= owner.modified_at
    assert owner.email == "" or normalize_email(owner.email) == owner.email
    assert owner.home_location_id in {None, LocationId(9)}
    for field in form.fields:
        value = owner.custom_fields.get(field.key)
        assert value is not None or not field.required
        if value is not None:
            assert canonical_form_value(field, value) == value
    assert set(owner.custom_fields) <= {field.key for field in form.fields}


@given(phones())
def test_phones_are_e164(phone: str) -> None:
    assert phone.startswith("+")
    assert phone[1:].isdigit()
    assert 8 <= len(phone) <= 15


@given(
    st.sampled_from(RecordStatus).flatmap(
        lambda s: st.tuples(
            st.just(s), immunization_records(status=s, staff_user_ids=[StaffUserId(3)])
        )
    )
)
def test_immunization_records_are_coherent_with_their_status(
    case: tuple[RecordStatus, ImmunizationRecord],
) -> None:
    status, record = case
    assert record.status is status
    uploaded = record.source is RecordSource.PARENT_UPLOAD
    assert uploaded or status is RecordStatus.VERIFIED
    assert (record.document is not None) == uploaded
    reviewed = uploaded and status is not RecordStatus.PENDING_REVIEW
    assert (record.reviewed_at is not None) == reviewed
    assert record.reviewed_at is None or record.reviewed_at >= record.created_at
    assert record.reviewed_by in {None, StaffUserId(3)}
    assert bool(record.rejection_reason) == (status is RecordStatus.REJECTED)
    assert record.administered_on is None or record.administered_on <= record.expires_on


@given(api_keys(FACILITY, StaffUserId(2)))
def test_api_keys(key: ApiKey) -> None:
    assert (key.facility_id, key.staff_user_id) == (FACILITY, StaffUserId(2))
    assert key.revoked_at is None or key.revoked_at >= key.created_at
    assert len(key.key_hash) == 64


@given(portal_accounts())
def test_portal_accounts_have_a_login_and_one_owner_per_facility(account: PortalAccount) -> None:
    assert account.email or account.phone
    assert len({link.facility_id for link in account.links}) == len(account.links)
    assert list(account.links) == sorted(account.links)


@given(owner_households(FACILITY))
def test_households_are_consistent(household: Household) -> None:
    owner, pets, records = household.owner, household.animals, household.records
    every_id = [
        owner.id,
        *(pet.id for pet in pets),
        *(kind.id for kind in household.species),
        *(vaccine.id for vaccine in household.immunization_types),
        *(record.id for record in records),
    ]
    assert len(every_id) == len(set(every_id))
    assert all(i > 0 for i in every_id)
    species_ids = {kind.id for kind in household.species}
    vaccines = {vaccine.id: vaccine for vaccine in household.immunization_types}
    pets_by_id = {pet.id: pet for pet in pets}
    assert all(v.species_id in species_ids for v in vaccines.values())
    assert all(pet.owner_id == owner.id and pet.species_id in species_ids for pet in pets)
    for record in records:
        assert vaccines[record.type_id].species_id == pets_by_id[record.animal_id].species_id
    everything = [owner, *pets, *records, *household.species, *vaccines.values()]
    assert {item.facility_id for item in everything} == {FACILITY}
    assert household.owner_form.facility_id == household.animal_form.facility_id == FACILITY
    assert all(
        pet.breed_id is None and pet.vet_id is None and pet.temperament_id is None for pet in pets
    )
    assert owner.home_location_id is None
    visibilities = {f.visibility for f in household.owner_form.fields}
    assert visibilities <= set(Visibility)
