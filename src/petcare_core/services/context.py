"""What the use cases need from the outside world, bundled once by the facade."""

from __future__ import annotations

import zoneinfo
from datetime import date

import attrs

from petcare_core.domain.facility import Facility
from petcare_core.ports.files import FileStore
from petcare_core.ports.notifications import Notifier
from petcare_core.ports.system import (
    Clock,
    PasswordHasher,
    PhoneNumberNormalizer,
    SecretGenerator,
)
from petcare_core.ports.unit_of_work import UnitOfWorkFactory


@attrs.frozen
class ServiceContext:
    """The ports every use case function takes as its first argument.

    ``default_phone_region`` reads a login phone number written without ``+country code``.
    ``notifier`` delivers email and SMS; ``files`` keeps uploaded documents.
    """

    uows: UnitOfWorkFactory
    clock: Clock
    passwords: PasswordHasher
    secrets: SecretGenerator
    phones: PhoneNumberNormalizer
    default_phone_region: str = "US"
    notifier: Notifier = attrs.field(kw_only=True)
    files: FileStore = attrs.field(kw_only=True)

    def today_in(self, facility: Facility) -> date:
        """Today's date where the facility is (its time zone), from the clock."""
        return self.clock.now().astimezone(zoneinfo.ZoneInfo(facility.timezone)).date()
