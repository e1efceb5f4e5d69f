"""The owner: a pet-parent household record in one facility."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType

import attrs

from petcare_core.domain.ids import FacilityId, LocationId, OwnerId


def freeze_mapping(value: Mapping[str, str]) -> Mapping[str, str]:
    """A read-only copy, so that frozen aggregates stay immutable."""
    return MappingProxyType(dict(value))


class Channel(enum.StrEnum):
    """How a message reaches a pet parent."""

    EMAIL = "email"
    SMS = "sms"


class MessageCategory(enum.StrEnum):
    """What a message is about; opt-outs are per channel and category."""

    TRANSACTIONAL = "transactional"
    REMINDERS = "reminders"
    MARKETING = "marketing"


@attrs.frozen
class CommunicationPreferences:
    """Which messages a pet parent accepts, per channel and category.

    Categories are independent: opting out of marketing never stops transactional messages.
    """

    email_transactional: bool = True
    email_reminders: bool = True
    email_marketing: bool = True
    sms_transactional: bool = True
    sms_reminders: bool = True
    sms_marketing: bool = True

    def allows(self, channel: Channel, category: MessageCategory) -> bool:
        """True when a message of ``category`` may be sent over ``channel``."""
        allowed: bool = getattr(self, f"{channel.value}_{category.value}")
        return allowed


@attrs.frozen
class Address:
    """A postal address; ``region`` is the state or province."""

    address_1: str = ""
    address_2: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""


@attrs.frozen
class Owner:
    """A pet parent household. ``employee_notes`` and ``custom_icons`` are business-only.

    ``email`` is case-folded and phones are E.164 (``+15551234567``); empty string means none.
    ``custom_fields`` maps a form field key to its canonical string value.
    """

    id: OwnerId
    facility_id: FacilityId
    first_name: str
    last_name: str
    created_at: datetime
    modified_at: datetime
    email: str = ""
    cell_phone: str = ""
    home_phone: str = ""
    address: Address = Address()
    emergency_contact_name: str = ""
    emergency_contact_phone: str = ""
    home_location_id: LocationId | None = None
    communication: CommunicationPreferences = CommunicationPreferences()
    custom_fields: Mapping[str, str] = attrs.field(
        factory=dict, converter=freeze_mapping, hash=False
    )
    employee_notes: str = ""
    custom_icons: tuple[str, ...] = ()
    active: bool = True
    version: int = 1

    @property
    def full_name(self) -> str:
        """First and last name."""
        return f"{self.first_name} {self.last_name}".strip()
