"""The facade's methods behind the customer portal: leads, password resets, vaccination
documents, pet photos and the notification center.

Each delegates to the function of the same name in ``leads``, ``password_resets``,
``documents`` or ``photos``, whose docstring lists its rejections and the permission it needs.
"""

from __future__ import annotations

from datetime import date

from returns.result import Result

from petcare_core.domain.account import PortalAccount
from petcare_core.domain.animal import Animal
from petcare_core.domain.ids import (
    AnimalId,
    FacilityId,
    ImmunizationRecordId,
    ImmunizationTypeId,
    LeadSubmissionId,
    LocationId,
    PortalAccountId,
    StaffNotificationId,
)
from petcare_core.domain.leads import LeadKind, LeadSubmission
from petcare_core.domain.notification_center import PortalNotice
from petcare_core.domain.reasons import Rejection
from petcare_core.domain.staff_notifications import StaffNotification
from petcare_core.services import documents, leads, password_resets, photos
from petcare_core.services._access import Actor
from petcare_core.services.context import ServiceContext
from petcare_core.services.documents import DocumentDownload, UploadedImmunization
from petcare_core.services.password_resets import PasswordResetRequested
from petcare_core.services.photos import PetPhoto


class PortalMethods:
    """Contact Us and account-deletion leads, staff notifications, password resets, vaccination
    documents, pet photos and the notification center (part of the facade)."""

    _ctx: ServiceContext

    # Leads and staff notifications

    # Callers (web forms) pass these positionally, as the issue specified them.
    def submit_contact_us(  # noqa: PLR0917
        self,
        facility_id: FacilityId,
        name: str,
        email: str,
        phone: str,
        message: str,
        location_id: LocationId | None = None,
    ) -> Result[LeadSubmission, Rejection]:
        """Anyone sends the Contact Us form; staff get a "New Lead Received" notification."""
        return leads.submit_contact_us(
            self._ctx,
            facility_id,
            name=name,
            email=email,
            phone=phone,
            message=message,
            location_id=location_id,
        )

    def request_account_deletion(
        self, facility_id: FacilityId, account_id: PortalAccountId, note: str = ""
    ) -> Result[LeadSubmission, Rejection]:
        """A logged-in parent asks the facility to delete their owner account."""
        return leads.request_account_deletion(self._ctx, facility_id, account_id, note)

    def leads_report(
        self, facility_id: FacilityId, actor: Actor, kind: LeadKind | str | None = None
    ) -> Result[list[LeadSubmission], Rejection]:
        """The facility's leads, newest first, of one form when given (``owners.read``)."""
        return leads.leads_report(self._ctx, facility_id, actor, kind)

    def mark_lead_processed(
        self, facility_id: FacilityId, actor: Actor, lead_id: LeadSubmissionId
    ) -> Result[LeadSubmission, Rejection]:
        """Record that staff dealt with a lead (``owners.write``)."""
        return leads.mark_lead_processed(self._ctx, facility_id, actor, lead_id)

    def staff_notifications(
        self, facility_id: FacilityId, actor: Actor, unread_only: bool = False
    ) -> Result[list[StaffNotification], Rejection]:
        """The staff notifications, newest first (``owners.read``)."""
        return leads.staff_notifications(self._ctx, facility_id, actor, unread_only)

    def mark_staff_notification_read(
        self, facility_id: FacilityId, actor: Actor, notification_id: StaffNotificationId
    ) -> Result[StaffNotification, Rejection]:
        """Mark a staff notification read (``owners.read``)."""
        return leads.mark_staff_notification_read(self._ctx, facility_id, actor, notification_id)

    # Password resets

    def request_password_reset(
        self, login: str, reset_url: str, *, phone_region: str | None = None
    ) -> Result[PasswordResetRequested, Rejection]:
        """Send a single-use, one-hour reset link; the same answer whether or not an account
        exists."""
        return password_resets.request_password_reset(
            self._ctx, login, reset_url, phone_region=phone_region
        )

    def reset_password(self, token: str, new_password: str) -> Result[PortalAccount, Rejection]:
        """Choose a new password with a reset link's token."""
        return password_resets.reset_password(self._ctx, token, new_password)

    # Vaccination documents and the notification center

    # Callers (web forms) pass these positionally, as the issue specified them.
    def upload_immunization_document(  # noqa: PLR0917
        self,
        facility_id: FacilityId,
        account_id: PortalAccountId,
        animal_id: AnimalId,
        type_id: ImmunizationTypeId,
        expires_on: date,
        filename: str,
        content: bytes,
        administered_on: date | None = None,
    ) -> Result[UploadedImmunization, Rejection]:
        """The parent uploads a vet's record (PDF, JPEG or PNG, at most 10 MB); it awaits
        review."""
        return documents.upload_immunization_document(
            self._ctx,
            facility_id,
            account_id,
            animal_id,
            type_id=type_id,
            expires_on=expires_on,
            filename=filename,
            content=content,
            administered_on=administered_on,
        )

    def immunization_document(
        self, facility_id: FacilityId, actor: Actor, record_id: ImmunizationRecordId
    ) -> Result[DocumentDownload, Rejection]:
        """Staff read the document of any record of the facility (``animals.read``)."""
        return documents.immunization_document(self._ctx, facility_id, actor, record_id)

    def portal_immunization_document(
        self, facility_id: FacilityId, account_id: PortalAccountId, record_id: ImmunizationRecordId
    ) -> DocumentDownload:
        """The parent reads the document of a record of one of their own pets."""
        return documents.portal_immunization_document(self._ctx, facility_id, account_id, record_id)

    def portal_notifications(
        self, facility_id: FacilityId, account_id: PortalAccountId
    ) -> tuple[PortalNotice, ...]:
        """The parent's notification center, most urgent first."""
        return documents.portal_notifications(self._ctx, facility_id, account_id)

    # Pet photos

    def set_animal_photo_from_portal(
        self,
        facility_id: FacilityId,
        account_id: PortalAccountId,
        animal_id: AnimalId,
        filename: str,
        content: bytes,
    ) -> Result[Animal, Rejection]:
        """The parent sets or replaces their pet's photo (JPEG or PNG, at most 5 MB)."""
        return photos.set_animal_photo_from_portal(
            self._ctx, facility_id, account_id, animal_id, filename=filename, content=content
        )

    def remove_animal_photo_from_portal(
        self, facility_id: FacilityId, account_id: PortalAccountId, animal_id: AnimalId
    ) -> Animal:
        """The parent removes their pet's photo (nothing is written when it has none)."""
        return photos.remove_animal_photo_from_portal(self._ctx, facility_id, account_id, animal_id)

    def portal_animal_photo(
        self, facility_id: FacilityId, account_id: PortalAccountId, animal_id: AnimalId
    ) -> PetPhoto:
        """The photo of one of the parent's own pets (``NotFound`` when it has none)."""
        return photos.portal_animal_photo(self._ctx, facility_id, account_id, animal_id)

    def animal_photo(
        self, facility_id: FacilityId, actor: Actor, animal_id: AnimalId
    ) -> Result[PetPhoto, Rejection]:
        """Staff read the photo of any pet of the facility (``animals.read``)."""
        return photos.animal_photo(self._ctx, facility_id, actor, animal_id)
