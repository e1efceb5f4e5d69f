"""Facilities, their settings and locations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs
import pytest

from petcare_core.domain.estimate import PeakRange
from petcare_core.domain.events import FacilityCreated, LocationCreated
from petcare_core.domain.facility import FacilitySettings
from petcare_core.domain.ids import LocationId
from petcare_core.domain.money import Money
from petcare_core.domain.reasons import InvalidValue, PermissionMissing
from petcare_core.ports.errors import ConcurrencyConflict, NotFound
from petcare_core.services import OPERATOR, LocationDetails, NewFacility, PetcareServices


def test_create_facility_with_invite_code_and_first_location(services: PetcareServices) -> None:
    command = NewFacility(
        slug="happy-paws", name=" Happy Paws ", timezone="Europe/London", currency="gbp"
    )

    facility = services.create_facility(command).unwrap()

    assert (facility.slug, facility.name, facility.currency) == ("happy-paws", "Happy Paws", "GBP")
    assert len(facility.invite_code) >= 16
    assert services.facility_by_slug("happy-paws") == facility
    assert services.get_facility(facility.id) == facility
    [location] = services.list_locations(facility.id)
    assert location.name == "Happy Paws"
    with services.uow_factory.for_facility(facility.id) as uow:
        events = [entry.event for entry in uow.outbox.list()]
    assert [type(event) for event in events] == [FacilityCreated, LocationCreated]


def test_two_facilities_get_different_invite_codes(services: PetcareServices) -> None:
    first = services.create_facility(NewFacility("one-place", "One", "UTC", "USD")).unwrap()
    second = services.create_facility(NewFacility("two-place", "Two", "UTC", "USD")).unwrap()

    assert first.invite_code != second.invite_code


def test_create_facility_reports_every_bad_input_and_writes_nothing(kit) -> None:
    command = NewFacility(
        slug="Bad Slug!",
        name="",
        timezone="Mars/Olympus",
        currency="dollars",
        settings=FacilitySettings(phone_region="usa", immunization_grace_days=-1),
        first_location=LocationDetails(name="Main", tax_rate=Decimal("1.5")),
    )

    reasons = kit.reasons(lambda: kit.services.create_facility(command))

    assert {reason.field for reason in reasons} == {
        "slug",
        "name",
        "timezone",
        "currency",
        "settings.phone_region",
        "settings.immunization_grace_days",
        "first_location.tax_rate",
    }


def test_create_facility_refuses_a_taken_slug(kit) -> None:
    command = NewFacility(kit.world.facility.slug, "Copy", "UTC", "USD")

    assert kit.unchanged(lambda: kit.services.create_facility(command)) == ("already_exists",)


def test_facility_by_unknown_slug_is_not_found(services: PetcareServices) -> None:
    with pytest.raises(NotFound):
        services.facility_by_slug("nowhere")


def test_update_settings_needs_the_facility_settings_permission(kit) -> None:
    world = kit.world
    new = FacilitySettings(phone_region="CA", immunization_grace_days=7, expiring_soon_days=14)

    reasons = kit.reasons(
        lambda: kit.services.update_facility_settings(world.fid, world.employee, new)
    )
    updated = kit.services.update_facility_settings(world.fid, world.admin, new).unwrap()

    assert reasons == (PermissionMissing("facility.settings"),)
    assert updated.settings == new
    assert kit.services.get_facility(world.fid).settings == new


def test_update_settings_refuses_out_of_range_policies(kit) -> None:
    bad = FacilitySettings(phone_region="1", immunization_grace_days=400, expiring_soon_days=-2)

    reasons = kit.reasons(
        lambda: kit.services.update_facility_settings(kit.world.fid, OPERATOR, bad)
    )

    assert [reason.field for reason in reasons] == [
        "settings.phone_region",
        "settings.immunization_grace_days",
        "settings.expiring_soon_days",
    ]


def test_update_settings_refuses_unnamed_peaks_and_surcharges_in_another_currency(kit) -> None:
    facility = kit.services.get_facility(kit.world.fid)
    other = "EUR" if facility.currency != "EUR" else "USD"
    peaks = (
        PeakRange(" ", date(2026, 12, 20), date(2026, 12, 31), Money(500, facility.currency)),
        PeakRange("Summer", date(2027, 7, 1), date(2027, 8, 31), Money(500, other)),
    )

    reasons = kit.reasons(
        lambda: kit.services.update_facility_settings(
            kit.world.fid, OPERATOR, FacilitySettings(peak_ranges=peaks)
        )
    )

    assert [reason.field for reason in reasons] == [
        "settings.peak_ranges[0].name",
        "settings.peak_ranges",
    ]
    assert kit.services.get_facility(kit.world.fid) == facility


def test_settings_derived_from_an_older_version_raise_a_conflict(kit) -> None:
    fid = kit.world.fid
    read = kit.services.get_facility(fid)
    kit.services.update_facility_settings(
        fid, OPERATOR, attrs.evolve(read.settings, expiring_soon_days=10)
    ).unwrap()
    stale = attrs.evolve(read.settings, immunization_grace_days=3)

    with pytest.raises(ConcurrencyConflict):
        kit.services.update_facility_settings(fid, OPERATOR, stale, expected_version=read.version)

    assert kit.services.get_facility(fid).settings.expiring_soon_days == 10
    fresh = kit.services.get_facility(fid)
    kit.services.update_facility_settings(
        fid,
        OPERATOR,
        attrs.evolve(fresh.settings, immunization_grace_days=3),
        expected_version=fresh.version,
    ).unwrap()


def test_add_location_normalises_contact_details(kit) -> None:
    world = kit.world
    details = LocationDetails(
        name="Uptown",
        phone="(202) 555-0123",
        email="Front@Example.COM",
        tax_rate=Decimal("0.0825"),
    )

    location = kit.services.add_location(world.fid, world.admin, details).unwrap()

    assert (location.phone, location.email) == ("+12025550123", "front@example.com")
    assert location in kit.services.list_locations(world.fid)
    assert kit.events()[-1] == LocationCreated(world.fid, kit.clock.now(), location.id)


def test_add_location_reports_every_bad_input(kit) -> None:
    details = LocationDetails(
        name=" ",
        phone="12",
        email="nope",
        country="USA",
        tax_rate=Decimal(-1),
        postal_code="x" * 21,
    )

    reasons = kit.reasons(lambda: kit.services.add_location(kit.world.fid, OPERATOR, details))

    assert {reason.field for reason in reasons} == {
        "name",
        "phone",
        "email",
        "country",
        "tax_rate",
        "postal_code",
    }


def test_add_location_needs_permission(kit) -> None:
    world = kit.world
    codes = kit.unchanged(
        lambda: kit.services.add_location(world.fid, world.employee, LocationDetails("X"))
    )

    assert codes == ("permission_missing",)


def test_update_location_replaces_details(kit) -> None:
    world = kit.world
    [first] = kit.services.list_locations(world.fid)

    updated = kit.services.update_location(
        world.fid, world.admin, first.id, LocationDetails(name="Downtown", city="Springfield")
    ).unwrap()

    assert (updated.name, updated.city, updated.version) == ("Downtown", "Springfield", 2)
    assert kit.services.list_locations(world.fid) == [updated]


def test_update_location_with_same_details_writes_nothing(kit) -> None:
    world = kit.world
    [first] = kit.services.list_locations(world.fid)
    same = LocationDetails(
        **{name: getattr(first, name) for name in attrs.fields_dict(LocationDetails)}
    )

    result = kit.services.update_location(world.fid, world.admin, first.id, same)

    assert result.unwrap() == first


def test_update_unknown_location_is_not_found(kit) -> None:
    with pytest.raises(NotFound):
        kit.services.update_location(
            kit.world.fid, OPERATOR, LocationId(999_999), LocationDetails("X")
        )


def test_invalid_value_messages_name_the_field(kit) -> None:
    reasons = kit.reasons(
        lambda: kit.services.create_facility(NewFacility("ok-slug", "Name", "Nowhere/City", "USD"))
    )

    [reason] = reasons
    assert isinstance(reason, InvalidValue)
    assert reason.message.startswith("timezone: 'Nowhere/City' is not a known time zone")
