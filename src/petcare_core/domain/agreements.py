"""Agreements (waivers): versioned text a pet parent signs, and which required ones are unsigned.

An agreement keeps every version it has published; a signature names the version signed, the
signer, the time, the IP address and the location the signature was given for (research §4.3).
Only a signature of the current version counts: publishing a new version asks everyone to sign
again. See docs/capacity-and-requirements.md, "Agreements".
"""

from __future__ import annotations

import ipaddress
import itertools
from collections.abc import Iterable
from datetime import datetime

import attrs

from petcare_core.domain.events import DomainEvent
from petcare_core.domain.ids import (
    AgreementId,
    AgreementSignatureId,
    FacilityId,
    LocationId,
    OwnerId,
)
from petcare_core.domain.reasons import Reason


def _required_text(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not value.strip():
        raise ValueError(f"{attribute.name} must not be blank")


def _check_aware(_: object, attribute: attrs.Attribute[datetime], value: datetime) -> None:
    if value.utcoffset() is None:
        raise ValueError(f"{attribute.name} must be timezone-aware")


@attrs.frozen
class AgreementVersion:
    """One published text of an agreement; versions are numbered from 1."""

    number: int = attrs.field(validator=attrs.validators.ge(1))
    text: str = attrs.field(validator=_required_text)
    published_at: datetime = attrs.field(validator=_check_aware)


def _check_versions(_: object, __: object, versions: tuple[AgreementVersion, ...]) -> None:
    if not versions:
        raise ValueError("an agreement needs at least one version")
    if [version.number for version in versions] != list(range(1, len(versions) + 1)):
        raise ValueError("agreement versions must be numbered 1, 2, 3... in order")
    for earlier, later in itertools.pairwise(versions):
        if later.published_at < earlier.published_at:
            raise ValueError("a version cannot be published before the one it replaces")


@attrs.frozen
class Agreement:
    """A facility's waiver or policy text; ``location_ids`` empty means every location."""

    id: AgreementId
    facility_id: FacilityId
    title: str = attrs.field(validator=_required_text)
    versions: tuple[AgreementVersion, ...] = attrs.field(validator=_check_versions)
    location_ids: frozenset[LocationId] = frozenset()
    active: bool = True
    version: int = 1

    @classmethod
    def create(
        cls,
        *,
        id: AgreementId,
        facility_id: FacilityId,
        title: str,
        text: str,
        at: datetime,
        location_ids: frozenset[LocationId] = frozenset(),
    ) -> Agreement:
        """A new agreement whose first version is ``text``, published ``at``."""
        return cls(id, facility_id, title, (AgreementVersion(1, text, at),), location_ids)

    @property
    def current(self) -> AgreementVersion:
        """The version parents sign now: the latest published."""
        return self.versions[-1]

    def publish(self, text: str, at: datetime) -> Agreement:
        """The agreement with ``text`` as its next version; earlier signatures stop counting.

        The text may equal the current one: that is how a facility asks everyone to sign again.
        """
        latest = AgreementVersion(self.current.number + 1, text, at)
        return attrs.evolve(self, versions=(*self.versions, latest))

    def applies_at(self, location_id: LocationId) -> bool:
        """True when the agreement is required at ``location_id``."""
        return not self.location_ids or location_id in self.location_ids


def _canonical_ip(value: str) -> str:
    # Stored in one spelling (lower-case, compressed IPv6) so reports group by address.
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        raise ValueError(f"ip_address must be an IPv4 or IPv6 address, got {value!r}") from None


@attrs.frozen
class AgreementSignature:
    """Who signed which version of an agreement, when, from which IP address, and for where.

    ``location_id`` is the signature's context: the home location at enrolment, the booking's
    location for a booking request, the staff member's location for a device hand-over; None
    when there is none.
    """

    id: AgreementSignatureId
    facility_id: FacilityId
    agreement_id: AgreementId
    version_number: int = attrs.field(validator=attrs.validators.ge(1))
    owner_id: OwnerId
    signer_name: str = attrs.field(validator=_required_text)
    signed_at: datetime = attrs.field(validator=_check_aware)
    ip_address: str = attrs.field(converter=_canonical_ip)
    location_id: LocationId | None = None


@attrs.frozen
class AgreementSigned(DomainEvent):
    """A pet parent signed the given version of an agreement."""

    agreement_id: AgreementId
    version_number: int
    signature_id: AgreementSignatureId
    owner_id: OwnerId


def sign(
    agreement: Agreement,
    *,
    id: AgreementSignatureId,
    owner_id: OwnerId,
    signer_name: str,
    at: datetime,
    ip_address: str,
    location_id: LocationId | None,
) -> tuple[AgreementSignature, AgreementSigned]:
    """A signature of the agreement's current version, and the event recording it.

    Raises ``ValueError`` for an inactive agreement (no longer offered, so nothing to sign).
    """
    if not agreement.active:
        raise ValueError(f"agreement {agreement.id} is no longer in use and cannot be signed")
    signature = AgreementSignature(
        id=id,
        facility_id=agreement.facility_id,
        agreement_id=agreement.id,
        version_number=agreement.current.number,
        owner_id=owner_id,
        signer_name=signer_name,
        signed_at=at,
        ip_address=ip_address,
        location_id=location_id,
    )
    event = AgreementSigned(
        facility_id=agreement.facility_id,
        occurred_at=at,
        agreement_id=agreement.id,
        version_number=signature.version_number,
        signature_id=id,
        owner_id=owner_id,
    )
    return signature, event


@attrs.frozen
class AgreementUnsigned(Reason):
    """A required agreement has no signature of its current version.

    ``signed_version`` is the latest version the household signed, or None if it never signed.
    """

    agreement_id: AgreementId
    title: str
    current_version: int
    signed_version: int | None = None

    @property
    def new_version(self) -> bool:
        """True when an older version was signed and the new one must be signed again."""
        return self.signed_version is not None

    @property
    def message(self) -> str:
        if self.signed_version is not None:
            return (
                f"{self.title}: the agreement has changed since you signed version "
                f"{self.signed_version}; read and sign the new version before booking"
            )
        return f"{self.title}: read and sign this agreement before booking"


def unsigned_agreements(
    required: Iterable[Agreement],
    signatures: Iterable[AgreementSignature],
    *,
    location_id: LocationId | None = None,
) -> tuple[AgreementUnsigned, ...]:
    """The required agreements the household's ``signatures`` leave unsigned, in given order.

    Only a signature of an agreement's current version counts. Inactive agreements are not
    required, nor, when ``location_id`` is given, agreements that do not apply there. An
    agreement listed twice is reported once.
    """
    latest: dict[AgreementId, int] = {}
    for signature in signatures:
        known = latest.get(signature.agreement_id, 0)
        latest[signature.agreement_id] = max(known, signature.version_number)
    reasons: dict[AgreementId, AgreementUnsigned] = {}
    for agreement in required:
        if agreement.id in reasons or not agreement.active:
            continue
        if location_id is not None and not agreement.applies_at(location_id):
            continue
        signed = latest.get(agreement.id)
        if signed is None or signed < agreement.current.number:
            reasons[agreement.id] = AgreementUnsigned(
                agreement.id, agreement.title, agreement.current.number, signed
            )
    return tuple(reasons.values())
