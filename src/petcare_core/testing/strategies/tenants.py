"""Facilities, locations, staff users, API keys and portal logins."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from petcare_core.domain.account import OwnerLink, PortalAccount
from petcare_core.domain.facility import Facility, FacilitySettings, Location
from petcare_core.domain.ids import (
    ApiKeyId,
    FacilityId,
    LocationId,
    OwnerId,
    PortalAccountId,
    StaffUserId,
)
from petcare_core.domain.owner import Address
from petcare_core.domain.staff import ApiKey, Permission, StaffRole, StaffUser
from petcare_core.testing.strategies.values import (
    TIMEZONES,
    _given_or,
    _later_than,
    aware_datetimes,
    currencies,
    emails,
    ids,
    names,
    phones,
    text,
)


def facility_settings() -> st.SearchStrategy[FacilitySettings]:
    """Facility policies."""
    return st.builds(
        FacilitySettings,
        phone_region=st.sampled_from(("US", "CA", "GB", "AU", "DE", "FR")),
        immunization_grace_days=st.integers(0, 30),
        expiring_soon_days=st.integers(0, 90),
        reference_lists_enveloped=st.booleans(),
    )


def facilities(facility_id: FacilityId | None = None) -> st.SearchStrategy[Facility]:
    """Tenants with a URL-safe slug and invite code."""
    return st.builds(
        Facility,
        id=_given_or(facility_id, ids().map(FacilityId)),
        slug=st.from_regex(r"[a-z0-9][a-z0-9-]{0,30}[a-z0-9]", fullmatch=True),
        name=names(),
        timezone=st.sampled_from(TIMEZONES),
        currency=currencies(),
        invite_code=st.from_regex(r"[A-Za-z0-9_-]{8,32}", fullmatch=True),
        settings=facility_settings(),
        created_at=aware_datetimes(),
    )


def addresses() -> st.SearchStrategy[Address]:
    """Postal addresses, possibly blank."""
    return st.builds(
        Address,
        address_1=text(max_size=60),
        address_2=text(max_size=60),
        city=text(max_size=30),
        region=text(max_size=30),
        postal_code=text(max_size=10),
        country=st.sampled_from(("", "US", "CA", "GB", "Deutschland")),
    )


def locations(
    facility_id: FacilityId | None = None, location_id: LocationId | None = None
) -> st.SearchStrategy[Location]:
    """Sites of a facility, with a tax rate of up to 25% to four places."""
    return st.builds(
        Location,
        id=_given_or(location_id, ids().map(LocationId)),
        facility_id=_given_or(facility_id, ids().map(FacilityId)),
        name=names(),
        address_1=text(max_size=60),
        city=text(max_size=30),
        phone=st.just("") | phones(),
        email=st.just("") | emails(),
        tax_rate=st.decimals(min_value=0, max_value=Decimal("0.25"), places=4),
        active=st.booleans(),
    )


def staff_users(
    facility_id: FacilityId | None = None, staff_user_id: StaffUserId | None = None
) -> st.SearchStrategy[StaffUser]:
    """Staff users with any role and set of permissions."""
    return st.builds(
        StaffUser,
        id=_given_or(staff_user_id, ids().map(StaffUserId)),
        facility_id=_given_or(facility_id, ids().map(FacilityId)),
        username=st.from_regex(r"[a-z][a-z0-9._-]{0,29}", fullmatch=True),
        email=emails(),
        first_name=names(),
        last_name=names(),
        role=st.sampled_from(StaffRole),
        permissions=st.frozensets(st.sampled_from(Permission)),
        created_at=aware_datetimes(),
        active=st.booleans(),
    )


@st.composite
def api_keys(
    draw: st.DrawFn,
    facility_id: FacilityId | None = None,
    staff_user_id: StaffUserId | None = None,
    api_key_id: ApiKeyId | None = None,
) -> ApiKey:
    """API keys, revoked (after creation) or not; only a SHA-256 hex hash is kept."""
    created_at = draw(aware_datetimes())
    return ApiKey(
        id=draw(_given_or(api_key_id, ids().map(ApiKeyId))),
        facility_id=draw(_given_or(facility_id, ids().map(FacilityId))),
        staff_user_id=draw(_given_or(staff_user_id, ids().map(StaffUserId))),
        prefix=draw(st.from_regex(r"pk_[A-Za-z0-9]{8}", fullmatch=True)),
        key_hash=draw(st.from_regex(r"[0-9a-f]{64}", fullmatch=True)),
        label=draw(text(max_size=40)),
        created_at=created_at,
        revoked_at=draw(st.none() | _later_than(created_at)),
    )


@st.composite
def portal_accounts(draw: st.DrawFn, account_id: PortalAccountId | None = None) -> PortalAccount:
    """Logins by email, phone or both, linked to at most one owner per facility."""
    email, phone = draw(st.tuples(st.just("") | emails(), st.just("") | phones()).filter(any))
    links = draw(st.dictionaries(ids(), ids(), max_size=3))
    return PortalAccount(
        id=draw(_given_or(account_id, ids().map(PortalAccountId))),
        email=email,
        phone=phone,
        password_hash=draw(
            st.from_regex(r"\$argon2id\$v=19\$[A-Za-z0-9+/$=,]{20,60}", fullmatch=True)
        ),
        created_at=draw(aware_datetimes()),
        links=tuple(sorted(OwnerLink(FacilityId(f), OwnerId(o)) for f, o in links.items())),
    )
