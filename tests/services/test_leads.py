"""Contact Us, account-deletion requests, the leads report and staff notifications."""

from __future__ import annotations

import attrs
import pytest

from petcare_adapters.memory.repositories_portal import MemoryLeadRepository
from petcare_core.domain.events import LeadProcessed, LeadSubmitted
from petcare_core.domain.ids import FacilityId, LeadSubmissionId, LocationId, StaffNotificationId
from petcare_core.domain.leads import LeadKind, LeadStatus
from petcare_core.domain.owner import Channel, MessageCategory
from petcare_core.domain.reasons import PermissionMissing
from petcare_core.domain.staff_notifications import StaffNotificationKind
from petcare_core.ports.errors import NotFound
from petcare_core.services import OPERATOR, NewStaffUser
from petcare_core.services.facilities import LocationDetails

MESSAGE = "Do you board cats?\r\nWe need two weeks in August."


def contact(kit, **changes):
    values = {
        "name": "Val Visitor",
        "email": " Val@Example.COM ",
        "phone": "(202) 555-0188",
        "message": MESSAGE,
    }
    values.update(changes)
    return kit.services.submit_contact_us(kit.world.fid, **values)


def no_owner_rights(kit):
    command = NewStaffUser("groomer", "Gus", "Groomer", "employee", permissions=["animals.read"])
    return kit.services.create_staff_user(kit.world.fid, OPERATOR, command).unwrap()


# Contact Us


def test_contact_us_needs_no_login_and_raises_a_new_lead_notification(kit) -> None:
    world = kit.world

    lead = contact(kit).unwrap()

    assert (lead.kind, lead.status, lead.owner_id) == (LeadKind.CONTACT_US, LeadStatus.NEW, None)
    assert (lead.name, lead.email, lead.phone) == ("Val Visitor", "val@example.com", "+12025550188")
    assert lead.message == "Do you board cats?\nWe need two weeks in August."
    assert lead.submitted_at == kit.clock.now()
    assert kit.services.leads_report(world.fid, world.admin).unwrap() == [lead]
    [notification] = kit.services.staff_notifications(world.fid, world.admin).unwrap()
    assert notification.kind is StaffNotificationKind.NEW_LEAD_RECEIVED
    assert notification.title == "New Lead Received"
    assert notification.body == "Contact Us from Val Visitor"
    assert dict(notification.subjects) == {"lead_id": lead.id}
    assert (notification.created_at, notification.read_at) == (lead.submitted_at, None)
    assert kit.events()[-1] == LeadSubmitted(world.fid, lead.submitted_at, lead.id, lead.kind)


@pytest.mark.parametrize(("email", "phone"), [("val@example.com", ""), ("", "202-555-0188")])
def test_contact_us_needs_only_one_way_to_reply(kit, email: str, phone: str) -> None:
    lead = contact(kit, email=email, phone=phone).unwrap()

    assert (lead.email or lead.phone) != ""


def test_contact_us_reports_every_problem_and_writes_nothing(kit) -> None:
    codes = kit.unchanged(
        lambda: contact(kit, name=" ", email="", phone="", message="", location_id=LocationId(0))
    )

    assert codes == (
        "required_value_missing",
        "required_value_missing",
        "no_way_to_reply",
        "invalid_value",
    )


def test_contact_us_refuses_malformed_details(kit) -> None:
    reasons = kit.reasons(
        lambda: contact(
            kit,
            name="Val\x00Visitor",
            email="val@",
            phone="12",
            message="x" * 5001,
        )
    )

    assert [reason.field for reason in reasons] == ["name", "email", "message", "phone"]
    assert "5000" in reasons[2].message
    assert "not a valid phone number" in reasons[3].message


def test_contact_us_may_name_an_open_location_of_the_facility(kit) -> None:
    world = kit.world
    services = kit.services
    closed = services.add_location(
        world.fid, world.admin, LocationDetails("Uptown", active=False)
    ).unwrap()
    [main] = [location for location in services.list_locations(world.fid) if location.active]
    other = kit.new_world("other-paws")
    [elsewhere] = services.list_locations(other.fid)

    assert contact(kit, location_id=main.id).unwrap().location_id == main.id
    assert kit.unchanged(lambda: contact(kit, location_id=closed.id)) == ("invalid_value",)
    assert kit.unchanged(lambda: contact(kit, location_id=elsewhere.id)) == ("unknown_reference",)


def test_contact_us_at_an_unknown_facility_is_not_found(kit) -> None:
    with pytest.raises(NotFound):
        kit.services.submit_contact_us(FacilityId(999_999), "Val", "val@example.com", "", "Hi")


# Account deletion requests


def test_a_parent_asks_for_deletion_and_gets_a_confirmation(kit, notifier) -> None:
    world = kit.world

    lead = kit.services.request_account_deletion(
        world.fid, world.account.id, note="Moving abroad."
    ).unwrap()

    assert (lead.kind, lead.owner_id, lead.status) == (
        LeadKind.DELETE_OWNER_ACCOUNT,
        world.owner.id,
        LeadStatus.NEW,
    )
    assert (lead.name, lead.email, lead.phone, lead.message) == (
        "Pat Parent",
        "pat@example.com",
        "+12025550143",
        "Moving abroad.",
    )
    [notification] = kit.services.staff_notifications(world.fid, world.admin).unwrap()
    assert notification.body == "Delete Owner Account from Pat Parent"
    assert dict(notification.subjects) == {"lead_id": lead.id, "owner_id": world.owner.id}
    assert kit.events()[-1] == LeadSubmitted(world.fid, lead.submitted_at, lead.id, lead.kind)
    [message] = notifier.sent
    assert (message.channel, message.to) == (Channel.EMAIL, "pat@example.com")
    assert message.category is MessageCategory.TRANSACTIONAL
    assert "Happy Paws" in message.subject
    assert "request to delete your account" in message.body


def test_the_confirmation_goes_even_to_a_parent_who_opted_out_of_email(kit, notifier) -> None:
    world = kit.world
    patch = {"email_transactional": "no", "email_reminders": "no", "email_marketing": "no"}
    kit.services.update_owner_from_portal(world.fid, world.account.id, patch).unwrap()

    kit.services.request_account_deletion(world.fid, world.account.id).unwrap()

    # They have just asked for it: the receipt is not something to opt out of.
    assert [message.to for message in notifier.sent] == ["pat@example.com"]


def test_a_parent_without_email_is_confirmed_by_sms(kit, notifier) -> None:
    world = kit.world
    kit.services.update_owner_as_staff(world.fid, world.admin, world.owner.id, {"email": ""})

    kit.services.request_account_deletion(world.fid, world.account.id).unwrap()

    assert [(m.channel, m.to) for m in notifier.sent] == [(Channel.SMS, "+12025550143")]


def test_a_failed_confirmation_does_not_undo_the_request(kit, notifier) -> None:
    world = kit.world
    notifier.fail_with = "mail server down"

    lead = kit.services.request_account_deletion(world.fid, world.account.id).unwrap()

    assert kit.services.leads_report(world.fid, world.admin).unwrap() == [lead]


def test_a_second_open_request_is_refused_until_staff_process_the_first(kit) -> None:
    world = kit.world
    services = kit.services
    first = services.request_account_deletion(world.fid, world.account.id).unwrap()

    reasons = kit.reasons(lambda: services.request_account_deletion(world.fid, world.account.id))

    assert [reason.code for reason in reasons] == ["deletion_already_requested"]
    assert "already with the facility" in reasons[0].message
    services.mark_lead_processed(world.fid, world.admin, first.id).unwrap()
    assert services.request_account_deletion(world.fid, world.account.id).unwrap() != first


def test_two_requests_at_once_keep_one(kit, monkeypatch: pytest.MonkeyPatch) -> None:
    world = kit.world
    kit.services.request_account_deletion(world.fid, world.account.id).unwrap()
    # The second request's check ran before the first was stored: only the storage's
    # one-open-request rule stands between it and a duplicate.
    monkeypatch.setattr(MemoryLeadRepository, "open_deletion_request", lambda self, owner: None)

    codes = kit.unchanged(
        lambda: kit.services.request_account_deletion(world.fid, world.account.id)
    )

    assert codes == ("deletion_already_requested",)


def test_a_deletion_note_is_checked(kit) -> None:
    world = kit.world

    codes = kit.unchanged(
        lambda: kit.services.request_account_deletion(world.fid, world.account.id, "x" * 5001)
    )

    assert codes == ("invalid_value",)


def test_only_a_parent_linked_to_the_facility_can_ask(kit) -> None:
    other = kit.new_world("other-paws")

    with pytest.raises(NotFound):
        kit.services.request_account_deletion(other.fid, kit.world.account.id)


# The leads report and processing


def test_the_report_is_newest_first_and_filters_by_form(kit) -> None:
    world = kit.world
    first = contact(kit).unwrap()
    kit.clock.advance(minutes=5)
    deletion = kit.services.request_account_deletion(world.fid, world.account.id).unwrap()
    kit.clock.advance(minutes=5)
    last = contact(kit, name="Lou Later").unwrap()
    report = kit.services.leads_report

    assert report(world.fid, world.employee).unwrap() == [last, deletion, first]
    assert report(world.fid, world.employee, LeadKind.CONTACT_US).unwrap() == [last, first]
    assert report(world.fid, world.employee, " delete_owner_account").unwrap() == [deletion]


def test_the_report_refuses_an_unknown_form_and_staff_without_owner_rights(kit) -> None:
    world = kit.world
    groomer = no_owner_rights(kit)
    contact(kit).unwrap()

    codes = kit.unchanged(lambda: kit.services.leads_report(world.fid, world.admin, "newsletter"))
    # The missing permission is reported alone, even with a bad form name.
    denied = kit.reasons(lambda: kit.services.leads_report(world.fid, groomer, "x"))

    assert codes == ("invalid_value",)
    assert denied == (PermissionMissing("owners.read"),)


def test_one_facilitys_leads_stay_out_of_anothers_report(kit) -> None:
    other = kit.new_world("other-paws")
    contact(kit).unwrap()

    assert kit.services.leads_report(other.fid, other.admin).unwrap() == []
    assert kit.reasons(lambda: kit.services.leads_report(other.fid, kit.world.admin)) == (
        PermissionMissing("owners.read"),
    )


def test_staff_process_a_lead_once(kit) -> None:
    world = kit.world
    lead = contact(kit).unwrap()
    kit.clock.advance(hours=2)

    processed = kit.services.mark_lead_processed(world.fid, world.admin, lead.id).unwrap()

    assert processed == attrs.evolve(
        lead,
        status=LeadStatus.PROCESSED,
        processed_at=kit.clock.now(),
        processed_by=world.admin.id,
        version=lead.version + 1,
    )
    assert kit.events()[-1] == LeadProcessed(world.fid, kit.clock.now(), lead.id, lead.kind)
    assert kit.unchanged(
        lambda: kit.services.mark_lead_processed(world.fid, world.admin, lead.id)
    ) == ("lead_already_processed",)


def test_processing_needs_owner_write_rights(kit) -> None:
    world = kit.world
    lead = contact(kit).unwrap()

    reasons = kit.reasons(
        lambda: kit.services.mark_lead_processed(world.fid, world.employee, lead.id)
    )

    assert reasons == (PermissionMissing("owners.write"),)
    by_operator = kit.services.mark_lead_processed(world.fid, OPERATOR, lead.id).unwrap()
    assert by_operator.processed_by is None
    with pytest.raises(NotFound):
        kit.services.mark_lead_processed(world.fid, OPERATOR, LeadSubmissionId(999_999))


# Staff notifications


def test_notifications_are_newest_first_and_marked_read_once(kit) -> None:
    world = kit.world
    services = kit.services
    contact(kit).unwrap()
    kit.clock.advance(minutes=1)
    contact(kit, name="Lou Later").unwrap()
    newer, older = services.staff_notifications(world.fid, world.employee).unwrap()
    assert (newer.body, older.body) == ("Contact Us from Lou Later", "Contact Us from Val Visitor")
    kit.clock.advance(minutes=1)

    read = services.mark_staff_notification_read(world.fid, world.employee, older.id).unwrap()

    assert read.read_at == kit.clock.now()
    assert services.staff_notifications(world.fid, world.employee, unread_only=True).unwrap() == [
        newer
    ]
    kit.clock.advance(minutes=1)
    again = kit.services.mark_staff_notification_read
    before = len(kit.events())
    assert again(world.fid, world.employee, older.id).unwrap() == read
    assert len(kit.events()) == before


def test_notifications_need_owner_read_rights(kit) -> None:
    world = kit.world
    groomer = no_owner_rights(kit)
    contact(kit).unwrap()
    [notification] = kit.services.staff_notifications(world.fid, world.admin).unwrap()

    assert kit.reasons(lambda: kit.services.staff_notifications(world.fid, groomer)) == (
        PermissionMissing("owners.read"),
    )
    assert kit.reasons(
        lambda: kit.services.mark_staff_notification_read(world.fid, groomer, notification.id)
    ) == (PermissionMissing("owners.read"),)
    with pytest.raises(NotFound):
        kit.services.mark_staff_notification_read(
            world.fid, world.admin, StaffNotificationId(999_999)
        )
