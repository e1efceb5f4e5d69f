"""Lead forms and staff notifications: Contact Us (anyone), account-deletion requests (logged-in
parents), the leads report and the "New Lead Received" notifications staff work from."""

from __future__ import annotations

from returns.result import Failure, Result, Success

from petcare_core.domain.events import LeadProcessed, LeadSubmitted
from petcare_core.domain.ids import (
    FacilityId,
    LeadSubmissionId,
    LocationId,
    PortalAccountId,
    StaffNotificationId,
)
from petcare_core.domain.leads import (
    DeletionAlreadyRequested,
    LeadAlreadyProcessed,
    LeadKind,
    LeadSubmission,
    NoWayToReply,
)
from petcare_core.domain.messages import Message, owner_channel
from petcare_core.domain.owner import MessageCategory, Owner
from petcare_core.domain.reasons import InvalidValue, Rejection
from petcare_core.domain.staff import Permission, StaffUser
from petcare_core.domain.staff_notifications import StaffNotification, new_lead_notification
from petcare_core.ports.errors import ConcurrencyConflict
from petcare_core.ports.unit_of_work import FacilityUnitOfWork
from petcare_core.services._access import Actor, authorize, portal_owner_id
from petcare_core.services._checks import LONG_TEXT_MAX_LENGTH, Checks
from petcare_core.services._messages import deliver
from petcare_core.services.context import ServiceContext


def _store(uow: FacilityUnitOfWork, lead: LeadSubmission) -> None:
    """Add ``lead`` with its "New Lead Received" notification and its event."""
    uow.leads.add(lead)
    uow.staff_notifications.add(new_lead_notification(StaffNotificationId(uow.new_id()), lead))
    uow.record(
        LeadSubmitted(
            facility_id=lead.facility_id,
            occurred_at=lead.submitted_at,
            lead_id=lead.id,
            kind=lead.kind,
        )
    )


def submit_contact_us(
    ctx: ServiceContext,
    facility_id: FacilityId,
    *,
    name: str,
    email: str,
    phone: str,
    message: str,
    location_id: LocationId | None = None,
) -> Result[LeadSubmission, Rejection]:
    """Anyone, logged in or not, sends the facility's Contact Us form.

    The submission appears in the leads report and raises a "New Lead Received" staff
    notification; records ``LeadSubmitted``. ``NotFound`` for an unknown facility. The phone is
    read in the facility's phone region.

    Rejections: name or message missing or too long (100 and 5000 characters); email or phone
    malformed; neither email nor phone (``NoWayToReply``); a location not of this facility
    (``UnknownReference``) or closed.
    """
    checks = Checks()
    clean_name = checks.text("name", name)
    clean_email = checks.email("email", email)
    clean_message = checks.text("message", message, max_length=LONG_TEXT_MAX_LENGTH, multiline=True)
    if not email.strip() and not phone.strip():
        checks.add(NoWayToReply())
    with ctx.uows.for_facility(facility_id) as uow:
        region = uow.facility().settings.phone_region
        clean_phone = checks.phone("phone", phone, region, ctx.phones)
        if location_id is not None:
            location = checks.reference("location_id", location_id, uow.locations.get)
            if location is not None and not location.active:
                checks.add(InvalidValue("location_id", "this location is closed; choose another"))
        if checks.failed:
            return checks.failure()
        lead = LeadSubmission(
            id=LeadSubmissionId(uow.new_id()),
            facility_id=facility_id,
            kind=LeadKind.CONTACT_US,
            name=clean_name,
            email=clean_email,
            phone=clean_phone,
            message=clean_message,
            submitted_at=ctx.clock.now(),
            location_id=location_id,
        )
        _store(uow, lead)
        uow.commit()
    return Success(lead)


def _confirmation(facility_name: str, owner: Owner) -> Message | None:
    reach = owner_channel(owner.email, owner.cell_phone)
    if reach is None:
        return None
    channel, address = reach
    return Message(
        channel=channel,
        to=address,
        subject=f"{facility_name}: we received your request to delete your account",
        body=(
            f"Hello {owner.first_name},\n\n{facility_name} has received your request to delete "
            "your account. They will review it and contact you once it is done.\n\n"
            "If you did not ask for this, contact the facility."
        ),
        category=MessageCategory.TRANSACTIONAL,
        requested=True,
    )


def request_account_deletion(
    ctx: ServiceContext, facility_id: FacilityId, account_id: PortalAccountId, note: str = ""
) -> Result[LeadSubmission, Rejection]:
    """A logged-in pet parent asks the facility to delete their owner account.

    The request is a "Delete Owner Account" lead naming the parent's owner record (staff carry
    it out); it raises a "New Lead Received" notification, records ``LeadSubmitted``, and a
    confirmation goes to the owner's email (or mobile). ``NotFound`` when the account is not
    linked to this facility.

    Rejections: the note over 5000 characters or with control characters; a request of theirs
    that staff have not processed yet (``DeletionAlreadyRequested``), also when two arrive at
    once.
    """
    checks = Checks()
    clean_note = checks.text(
        "note", note, required=False, max_length=LONG_TEXT_MAX_LENGTH, multiline=True
    )
    already = Failure(Rejection((DeletionAlreadyRequested(),)))
    with ctx.uows.for_facility(facility_id) as uow:
        facility = uow.facility()
        owner = uow.owners.get(portal_owner_id(uow, account_id))
        if uow.leads.open_deletion_request(owner.id) is not None:
            checks.add(DeletionAlreadyRequested())
        if checks.failed:
            return checks.failure()
        lead = LeadSubmission(
            id=LeadSubmissionId(uow.new_id()),
            facility_id=facility_id,
            kind=LeadKind.DELETE_OWNER_ACCOUNT,
            name=owner.full_name,
            email=owner.email,
            phone=owner.cell_phone or owner.home_phone,
            message=clean_note,
            submitted_at=ctx.clock.now(),
            owner_id=owner.id,
            location_id=owner.home_location_id,
        )
        try:
            _store(uow, lead)
            uow.commit()
        except ConcurrencyConflict:
            # Another request of this owner was stored between our check and our write (the
            # storage allows one open request per owner); nothing of ours was kept.
            return already
    confirmation = _confirmation(facility.name, owner)
    if confirmation is not None:
        deliver(ctx, confirmation, owner.communication)
    return Success(lead)


def _lead_kind(checks: Checks, kind: LeadKind | str | None) -> LeadKind | None:
    if kind is None or isinstance(kind, LeadKind):
        return kind
    try:
        return LeadKind(kind.strip())
    except ValueError:
        known = ", ".join(member.value for member in LeadKind)
        checks.add(InvalidValue("kind", f"{kind[:40]!r} is not a lead form; use one of {known}"))
        return None


def leads_report(
    ctx: ServiceContext, facility_id: FacilityId, actor: Actor, kind: LeadKind | str | None = None
) -> Result[list[LeadSubmission], Rejection]:
    """Every lead of the facility, newest first; only one form's when ``kind`` is given
    (``contact_us`` or ``delete_owner_account``). Needs ``owners.read``.

    Rejection: an unknown ``kind``.
    """
    checks = Checks()
    wanted = _lead_kind(checks, kind)
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.OWNERS_READ)) is not None:
            return Failure(denied)
        if checks.failed:
            return checks.failure()
        return Success(uow.leads.newest_first(wanted))


def mark_lead_processed(
    ctx: ServiceContext, facility_id: FacilityId, actor: Actor, lead_id: LeadSubmissionId
) -> Result[LeadSubmission, Rejection]:
    """Staff record that they have dealt with a lead (answered it, or deleted the account).
    Needs ``owners.write``; records ``LeadProcessed``. ``NotFound`` for an unknown lead.

    Rejection: the lead was processed already (``LeadAlreadyProcessed``).
    """
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.OWNERS_WRITE)) is not None:
            return Failure(denied)
        lead = uow.leads.get(lead_id)
        if not lead.is_open:
            return Failure(Rejection((LeadAlreadyProcessed(),)))
        now = ctx.clock.now()
        by = actor.id if isinstance(actor, StaffUser) else None
        stored = uow.leads.update(lead.processed(by, now))
        uow.record(
            LeadProcessed(facility_id=facility_id, occurred_at=now, lead_id=lead.id, kind=lead.kind)
        )
        uow.commit()
    return Success(stored)


def staff_notifications(
    ctx: ServiceContext, facility_id: FacilityId, actor: Actor, unread_only: bool = False
) -> Result[list[StaffNotification], Rejection]:
    """The facility's staff notifications, newest first (only unread ones when asked). Needs
    ``owners.read``."""
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.OWNERS_READ)) is not None:
            return Failure(denied)
        return Success(uow.staff_notifications.newest_first(unread_only=unread_only))


def mark_staff_notification_read(
    ctx: ServiceContext,
    facility_id: FacilityId,
    actor: Actor,
    notification_id: StaffNotificationId,
) -> Result[StaffNotification, Rejection]:
    """Mark a staff notification read (a read one is returned unchanged, nothing written).
    Needs ``owners.read``; ``NotFound`` for an unknown notification."""
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.OWNERS_READ)) is not None:
            return Failure(denied)
        notification = uow.staff_notifications.get(notification_id)
        if notification.is_read:
            return Success(notification)
        stored = uow.staff_notifications.update(notification.marked_read(ctx.clock.now()))
        uow.commit()
    return Success(stored)
