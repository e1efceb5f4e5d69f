"""``PetcareServices``: every use case behind one object, built once by the composition root.

Each method delegates to the use-case function of the same name in the module of its concept
(``facilities``, ``catalog``, ``staff``, ``api_keys``, ``portal_accounts``, ``owners``,
``animals``, ``immunizations``), whose docstring lists the rejections and the permission it
needs. The set-up methods (facilities, catalog, staff, API keys) live in ``_setup_methods``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from returns.result import Result

from petcare_core.domain.account import PortalAccount
from petcare_core.domain.animal import Animal
from petcare_core.domain.compliance import ComplianceReport, ImmunizationStatusLine
from petcare_core.domain.ids import (
    AnimalId,
    FacilityId,
    ImmunizationRecordId,
    ImmunizationTypeId,
    OwnerId,
    PortalAccountId,
)
from petcare_core.domain.immunization import ImmunizationRecord
from petcare_core.domain.owner import Owner
from petcare_core.domain.projection import PortalAnimalView, PortalOwnerView
from petcare_core.domain.reasons import Rejection
from petcare_core.ports.files import FileStore
from petcare_core.ports.notifications import Notifier
from petcare_core.ports.system import Clock, PasswordHasher, PhoneNumberNormalizer, SecretGenerator
from petcare_core.ports.unit_of_work import UnitOfWorkFactory
from petcare_core.services import (
    animals,
    immunizations,
    owners,
    portal_accounts,
)
from petcare_core.services._access import Actor
from petcare_core.services._booking_catalog_methods import BookingCatalogMethods
from petcare_core.services._directory_methods import DirectoryMethods
from petcare_core.services._portal_methods import PortalMethods
from petcare_core.services._reservation_methods import ReservationMethods
from petcare_core.services._setup_methods import SetupMethods
from petcare_core.services.context import ServiceContext
from petcare_core.services.owners import NewOwner
from petcare_core.services.portal_accounts import LinkedOwner, SignUp


class PetcareServices(
    SetupMethods, DirectoryMethods, PortalMethods, BookingCatalogMethods, ReservationMethods
):
    """Every petcare use case. Expected business failures come back as ``Failure(Rejection)``;
    ``NotFound``, ``ConcurrencyConflict`` and infrastructure errors are raised."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        password_hasher: PasswordHasher,
        secrets: SecretGenerator,
        phones: PhoneNumberNormalizer,
        *,
        notifier: Notifier,
        files: FileStore,
        default_phone_region: str = "US",
    ) -> None:
        self.uow_factory = uow_factory
        self.clock = clock
        self.notifier = notifier
        self.files = files
        self._ctx = ServiceContext(
            uows=uow_factory,
            clock=clock,
            passwords=password_hasher,
            secrets=secrets,
            phones=phones,
            default_phone_region=default_phone_region,
            notifier=notifier,
            files=files,
        )

    def with_clock(self, clock: Clock, *, notifier: Notifier | None = None) -> PetcareServices:
        """The same storage and ports, reading the time from ``clock`` (and sending messages
        through ``notifier`` when given): for replaying or importing what happened at other
        times, as the demo data does, and for tests that move time."""
        ctx = self._ctx
        return PetcareServices(
            ctx.uows,
            clock,
            ctx.passwords,
            ctx.secrets,
            ctx.phones,
            notifier=self.notifier if notifier is None else notifier,
            files=ctx.files,
            default_phone_region=ctx.default_phone_region,
        )

    # Portal accounts

    def sign_up(self, command: SignUp) -> Result[LinkedOwner, Rejection]:
        """Create a portal login linked to a matching or new owner."""
        return portal_accounts.sign_up(self._ctx, command)

    def link_account_to_facility(
        self,
        account_id: PortalAccountId,
        invite_code: str,
        *,
        first_name: str = "",
        last_name: str = "",
    ) -> Result[LinkedOwner, Rejection]:
        """Link a login to another facility by its invite code."""
        return portal_accounts.link_account_to_facility(
            self._ctx, account_id, invite_code, first_name=first_name, last_name=last_name
        )

    def get_portal_account(self, account_id: PortalAccountId) -> PortalAccount:
        """The portal account (links, password hash) for session checks, or ``NotFound``."""
        return portal_accounts.get_portal_account(self._ctx, account_id)

    def authenticate_portal_account(
        self, login: str, password: str, *, phone_region: str | None = None
    ) -> Result[PortalAccount, Rejection]:
        """Log in by email or phone; one generic failure for every mistake."""
        return portal_accounts.authenticate_portal_account(
            self._ctx, login, password, phone_region=phone_region
        )

    # Owners

    def create_owner(
        self, facility_id: FacilityId, actor: Actor, command: NewOwner
    ) -> Result[Owner, Rejection]:
        """Add a household (``owners.write``)."""
        return owners.create_owner(self._ctx, facility_id, actor, command)

    def update_owner_as_staff(
        self, facility_id: FacilityId, actor: Actor, owner_id: OwnerId, patch: Mapping[str, str]
    ) -> Result[Owner, Rejection]:
        """Change any owner field (``owners.write``)."""
        return owners.update_owner_as_staff(self._ctx, facility_id, actor, owner_id, patch)

    def update_owner_from_portal(
        self, facility_id: FacilityId, account_id: PortalAccountId, patch: Mapping[str, str]
    ) -> Result[Owner, Rejection]:
        """The parent changes the portal-editable fields of their household."""
        return owners.update_owner_from_portal(self._ctx, facility_id, account_id, patch)

    def owner_portal_view(
        self, facility_id: FacilityId, account_id: PortalAccountId
    ) -> PortalOwnerView:
        """The parent's household without business-only data."""
        return owners.owner_portal_view(self._ctx, facility_id, account_id)

    def get_owner(
        self, facility_id: FacilityId, actor: Actor, owner_id: OwnerId
    ) -> Result[Owner, Rejection]:
        """The full owner record (``owners.read``)."""
        return owners.get_owner(self._ctx, facility_id, actor, owner_id)

    def owners_modified_between(
        self, facility_id: FacilityId, start: datetime, end: datetime
    ) -> Result[list[Owner], Rejection]:
        """Owners created or modified at ``start <= t < end``."""
        return owners.owners_modified_between(self._ctx, facility_id, start, end)

    # Animals

    def add_animal_from_portal(
        self, facility_id: FacilityId, account_id: PortalAccountId, patch: Mapping[str, str]
    ) -> Result[Animal, Rejection]:
        """The parent adds a pet."""
        return animals.add_animal_from_portal(self._ctx, facility_id, account_id, patch)

    def add_animal_as_staff(
        self, facility_id: FacilityId, actor: Actor, owner_id: OwnerId, patch: Mapping[str, str]
    ) -> Result[Animal, Rejection]:
        """Add a pet to a household (``animals.write``)."""
        return animals.add_animal_as_staff(self._ctx, facility_id, actor, owner_id, patch)

    def update_animal_from_portal(
        self,
        facility_id: FacilityId,
        account_id: PortalAccountId,
        animal_id: AnimalId,
        patch: Mapping[str, str],
    ) -> Result[Animal, Rejection]:
        """The parent changes one of their pets."""
        return animals.update_animal_from_portal(
            self._ctx, facility_id, account_id, animal_id, patch
        )

    def update_animal_as_staff(
        self, facility_id: FacilityId, actor: Actor, animal_id: AnimalId, patch: Mapping[str, str]
    ) -> Result[Animal, Rejection]:
        """Change any field of a pet (``animals.write``)."""
        return animals.update_animal_as_staff(self._ctx, facility_id, actor, animal_id, patch)

    def add_incident_report(
        self,
        facility_id: FacilityId,
        actor: Actor,
        animal_id: AnimalId,
        occurred_on: date,
        description: str,
    ) -> Result[Animal, Rejection]:
        """Record a business-only incident (``animals.write``)."""
        return animals.add_incident_report(
            self._ctx,
            facility_id,
            actor,
            animal_id,
            occurred_on=occurred_on,
            description=description,
        )

    def portal_animals(
        self, facility_id: FacilityId, account_id: PortalAccountId
    ) -> list[PortalAnimalView]:
        """The parent's pets without business-only data."""
        return animals.portal_animals(self._ctx, facility_id, account_id)

    def portal_animal(
        self, facility_id: FacilityId, account_id: PortalAccountId, animal_id: AnimalId
    ) -> PortalAnimalView:
        """One of the parent's pets without business-only data."""
        return animals.portal_animal(self._ctx, facility_id, account_id, animal_id)

    def get_animal(
        self, facility_id: FacilityId, actor: Actor, animal_id: AnimalId
    ) -> Result[Animal, Rejection]:
        """The full pet record (``animals.read``)."""
        return animals.get_animal(self._ctx, facility_id, actor, animal_id)

    def animals_of_owner(
        self, facility_id: FacilityId, actor: Actor, owner_id: OwnerId
    ) -> Result[list[Animal], Rejection]:
        """A household's pets (``animals.read``)."""
        return animals.animals_of_owner(self._ctx, facility_id, actor, owner_id)

    def animals_modified_between(
        self, facility_id: FacilityId, start: datetime, end: datetime
    ) -> Result[list[Animal], Rejection]:
        """Animals created or modified at ``start <= t < end``."""
        return animals.animals_modified_between(self._ctx, facility_id, start, end)

    # Immunizations

    def record_immunization_upload(
        self,
        facility_id: FacilityId,
        account_id: PortalAccountId,
        animal_id: AnimalId,
        *,
        type_id: ImmunizationTypeId,
        expires_on: date,
        document_key: str,
        administered_on: date | None = None,
    ) -> Result[ImmunizationRecord, Rejection]:
        """The parent uploads a record of their pet; it awaits review."""
        return immunizations.record_immunization_upload(
            self._ctx,
            facility_id,
            account_id,
            animal_id,
            type_id=type_id,
            expires_on=expires_on,
            document_key=document_key,
            administered_on=administered_on,
        )

    def record_immunization(
        self,
        facility_id: FacilityId,
        actor: Actor,
        animal_id: AnimalId,
        *,
        type_id: ImmunizationTypeId,
        expires_on: date,
        administered_on: date | None = None,
        document_key: str = "",
        note: str = "",
    ) -> Result[ImmunizationRecord, Rejection]:
        """Staff enter a verified record (``immunizations.review``)."""
        return immunizations.record_immunization(
            self._ctx,
            facility_id,
            actor,
            animal_id,
            type_id=type_id,
            expires_on=expires_on,
            administered_on=administered_on,
            document_key=document_key,
            note=note,
        )

    def verify_immunization(
        self, facility_id: FacilityId, actor: Actor, record_id: ImmunizationRecordId
    ) -> Result[ImmunizationRecord, Rejection]:
        """Accept a pending record (``immunizations.review``)."""
        return immunizations.verify_immunization(self._ctx, facility_id, actor, record_id)

    def reject_immunization(
        self, facility_id: FacilityId, actor: Actor, record_id: ImmunizationRecordId, reason: str
    ) -> Result[ImmunizationRecord, Rejection]:
        """Refuse a pending record, saying why (``immunizations.review``)."""
        return immunizations.reject_immunization(self._ctx, facility_id, actor, record_id, reason)

    def immunization_status(
        self, facility_id: FacilityId, animal_id: AnimalId, today: date | None = None
    ) -> tuple[ImmunizationStatusLine, ...]:
        """Each vaccine of the pet's species and its state today."""
        return immunizations.animal_immunization_status(self._ctx, facility_id, animal_id, today)

    def portal_immunization_status(
        self, facility_id: FacilityId, account_id: PortalAccountId, animal_id: AnimalId
    ) -> tuple[ImmunizationStatusLine, ...]:
        """The vaccine states of one of the parent's own pets."""
        return immunizations.portal_immunization_status(
            self._ctx, facility_id, account_id, animal_id
        )

    def immunization_review_queue(
        self, facility_id: FacilityId, actor: Actor
    ) -> Result[list[ImmunizationRecord], Rejection]:
        """Uploaded records awaiting review (``immunizations.review``)."""
        return immunizations.immunization_review_queue(self._ctx, facility_id, actor)

    def immunization_compliance_for_stay(
        self, facility_id: FacilityId, animal_id: AnimalId, start: date, end: date
    ) -> Result[ComplianceReport, Rejection]:
        """Whether required vaccines hold for the whole stay."""
        return immunizations.immunization_compliance_for_stay(
            self._ctx, facility_id, animal_id, start, end
        )
