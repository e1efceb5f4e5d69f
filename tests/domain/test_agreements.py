"""Agreements: versions, signatures of the current version, and what is left to sign."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from petcare_core.domain.agreements import (
    Agreement,
    AgreementSignature,
    AgreementSigned,
    AgreementUnsigned,
    AgreementVersion,
    sign,
    unsigned_agreements,
)
from petcare_core.domain.ids import (
    AgreementId,
    AgreementSignatureId,
    FacilityId,
    LocationId,
    OwnerId,
)
from petcare_core.testing.strategies import aware_datetimes, ids, names
from petcare_core.testing.strategies.capacity import (
    agreement_signatures,
    agreements,
    ip_addresses,
)

FACILITY, HOME, DOWNTOWN = FacilityId(1), LocationId(1), LocationId(2)
PARENT = OwnerId(7)
MAY = datetime(2026, 5, 1, 9, tzinfo=UTC)
WAIVER = Agreement.create(
    id=AgreementId(1), facility_id=FACILITY, title="Boarding waiver", text="I agree.", at=MAY
)
PHOTOS = Agreement.create(
    id=AgreementId(2),
    facility_id=FACILITY,
    title="Photo release",
    text="You may post photos.",
    at=MAY,
    location_ids=frozenset({DOWNTOWN}),
)


def signed(agreement: Agreement) -> AgreementSignature:
    signature, _ = sign(
        agreement,
        id=AgreementSignatureId(agreement.id),
        owner_id=PARENT,
        signer_name="Jane Doe",
        at=MAY + timedelta(days=1),
        ip_address="203.0.113.5",
        location_id=HOME,
    )
    return signature


# -- versions ------------------------------------------------------------------------------------


def test_publishing_adds_the_next_version() -> None:
    june = MAY + timedelta(days=31)
    revised = WAIVER.publish("I agree, and I accept the new vaccine policy.", june)
    assert [(v.number, v.published_at) for v in revised.versions] == [(1, MAY), (2, june)]
    assert revised.current == AgreementVersion(2, revised.current.text, june)
    assert WAIVER.current.number == 1  # the agreement is a value: the original is unchanged
    assert revised.publish(revised.current.text, june).current.number == 3  # same text: re-sign


def test_versions_must_be_numbered_in_order_and_published_in_time_order() -> None:
    with pytest.raises(ValueError, match="before the one it replaces"):
        WAIVER.publish("New text", MAY - timedelta(seconds=1))
    with pytest.raises(ValueError, match="numbered"):
        attrs.evolve(WAIVER, versions=(AgreementVersion(2, "x", MAY),))
    with pytest.raises(ValueError, match="at least one version"):
        attrs.evolve(WAIVER, versions=())
    with pytest.raises(ValueError, match="blank"):
        WAIVER.publish(" \n ", MAY)
    with pytest.raises(ValueError, match="timezone-aware"):
        WAIVER.publish("text", MAY.replace(tzinfo=None))
    with pytest.raises(ValueError, match="blank"):
        attrs.evolve(WAIVER, title="")


def test_an_agreement_applies_at_its_locations_or_everywhere() -> None:
    assert WAIVER.applies_at(HOME)
    assert WAIVER.applies_at(DOWNTOWN)
    assert PHOTOS.applies_at(DOWNTOWN)
    assert not PHOTOS.applies_at(HOME)


# -- signatures ----------------------------------------------------------------------------------


def test_signing_records_the_current_version_and_an_event() -> None:
    revised = WAIVER.publish("Version two", MAY + timedelta(days=1))
    at = MAY + timedelta(days=2)
    signature, event = sign(
        revised,
        id=AgreementSignatureId(9),
        owner_id=PARENT,
        signer_name="Jane Doe",
        at=at,
        ip_address=" 2001:DB8:0:0::1 ",
        location_id=None,
    )
    assert signature == AgreementSignature(
        id=AgreementSignatureId(9),
        facility_id=FACILITY,
        agreement_id=WAIVER.id,
        version_number=2,
        owner_id=PARENT,
        signer_name="Jane Doe",
        signed_at=at,
        ip_address="2001:db8::1",
        location_id=None,
    )
    assert event == AgreementSigned(FACILITY, at, WAIVER.id, 2, AgreementSignatureId(9), PARENT)


def test_a_signature_needs_a_name_an_ip_address_and_an_aware_time() -> None:
    good = signed(WAIVER)
    with pytest.raises(ValueError, match="IPv4 or IPv6"):
        attrs.evolve(good, ip_address="203.0.113.500")
    with pytest.raises(ValueError, match="IPv4 or IPv6"):
        attrs.evolve(good, ip_address="")
    with pytest.raises(ValueError, match="blank"):
        attrs.evolve(good, signer_name="  ")
    with pytest.raises(ValueError, match="timezone-aware"):
        attrs.evolve(good, signed_at=MAY.replace(tzinfo=None))


def test_an_inactive_agreement_cannot_be_signed() -> None:
    with pytest.raises(ValueError, match="no longer in use"):
        signed(attrs.evolve(WAIVER, active=False))


def _padded(address: str) -> str:
    return f" {address}\t"


@given(ip_addresses(), st.sampled_from([str, str.upper, _padded]))
def test_ip_addresses_are_stored_in_one_spelling(address: str, spell: Callable[[str], str]) -> None:
    signature = attrs.evolve(signed(WAIVER), ip_address=spell(address))
    assert signature.ip_address == str(ipaddress.ip_address(address))


# -- what is left to sign ------------------------------------------------------------------------


def test_unsigned_agreements_say_what_to_sign() -> None:
    revised = WAIVER.publish("Version two", MAY + timedelta(days=1))
    reasons = unsigned_agreements([revised, PHOTOS], [signed(WAIVER)])
    assert reasons == (
        AgreementUnsigned(WAIVER.id, "Boarding waiver", 2, 1),
        AgreementUnsigned(PHOTOS.id, "Photo release", 1, None),
    )
    assert [reason.new_version for reason in reasons] == [True, False]
    assert reasons[0].message == (
        "Boarding waiver: the agreement has changed since you signed version 1; read and sign "
        "the new version before booking"
    )
    assert reasons[1].message == "Photo release: read and sign this agreement before booking"
    assert reasons[0].code == "agreement_unsigned"


def test_only_active_agreements_that_apply_at_the_location_are_required() -> None:
    retired = attrs.evolve(WAIVER, active=False)
    assert unsigned_agreements([retired, PHOTOS], [], location_id=HOME) == ()
    assert unsigned_agreements([PHOTOS, PHOTOS], [], location_id=DOWNTOWN) == (
        AgreementUnsigned(PHOTOS.id, "Photo release", 1, None),
    )
    assert unsigned_agreements([WAIVER, PHOTOS], [signed(WAIVER), signed(PHOTOS)]) == ()


@given(agreements(), st.data())
def test_a_new_version_invalidates_every_older_signature(
    agreement: Agreement, data: st.DataObject
) -> None:
    agreement = attrs.evolve(agreement, active=True)
    signatures = data.draw(st.lists(agreement_signatures(agreement, PARENT), max_size=4))
    later = agreement.current.published_at + timedelta(days=data.draw(st.integers(0, 400)))
    revised = agreement.publish(data.draw(names()), later)
    best = max((s.version_number for s in signatures), default=None)
    assert unsigned_agreements([revised], signatures) == (
        AgreementUnsigned(agreement.id, agreement.title, revised.current.number, best),
    )


@given(agreements(), st.data())
def test_an_agreement_is_unsigned_exactly_when_its_current_version_is(
    agreement: Agreement, data: st.DataObject
) -> None:
    agreement = attrs.evolve(agreement, active=True)
    signatures = data.draw(st.lists(agreement_signatures(agreement, PARENT), max_size=4))
    current = agreement.current.number
    unsigned = unsigned_agreements([agreement], signatures) != ()
    assert unsigned is all(s.version_number < current for s in signatures)


@given(agreements(), ids(), names(), aware_datetimes(), ip_addresses())
def test_signing_satisfies_the_agreement(
    agreement: Agreement, signature_id: int, name: str, at: datetime, address: str
) -> None:
    agreement = attrs.evolve(agreement, active=True)
    signature, event = sign(
        agreement,
        id=AgreementSignatureId(signature_id),
        owner_id=PARENT,
        signer_name=name,
        at=at,
        ip_address=address,
        location_id=HOME,
    )
    assert unsigned_agreements([agreement], [signature]) == ()
    assert (event.version_number, event.signature_id) == (agreement.current.number, signature.id)
