"""The portal use cases end to end on SQLite and PostgreSQL, built as production builds them."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from petcare_adapters.bootstrap import build, open_sql_storage
from petcare_adapters.settings import Settings
from petcare_core.domain.events import LeadProcessed, LeadSubmitted
from petcare_core.domain.leads import LeadKind
from petcare_core.domain.notification_center import NoticeKind
from petcare_core.services import OPERATOR, NewFacility, PetcareServices, SignUp

PASSWORD = "correct horse battery staple"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n%%EOF\n"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def services(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[PetcareServices]:
    url = str(
        request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "postgres_url")
    )
    settings = Settings(
        database_url=url,
        files_dir=str(tmp_path / "files"),
        password_hash_time_cost=1,
        password_hash_memory_kib=64,
    )
    storage = open_sql_storage(settings)
    storage.upgrade()
    storage.close()
    built, close = build(settings)
    yield built
    close()


def test_leads_resets_uploads_and_notices_on_sql(
    services: PetcareServices, capsys: pytest.CaptureFixture[str]
) -> None:
    slug = f"paws-{uuid.uuid4().hex[:10]}"
    facility = services.create_facility(NewFacility(slug, "Happy Paws", "UTC", "USD")).unwrap()
    fid = facility.id
    dog = services.add_species(fid, OPERATOR, "Dog").unwrap()
    rabies = services.add_immunization_type(fid, OPERATOR, dog.id, "Rabies", required=True)
    email = f"pat@{slug}.example"
    parent = services.sign_up(
        SignUp(
            first_name="Pat",
            last_name="Parent",
            email=email,
            password=PASSWORD,
            facility_slug=slug,
        )
    ).unwrap()

    contact = services.submit_contact_us(fid, "Val", "val@example.com", "", "Hi!").unwrap()
    deletion = services.request_account_deletion(fid, parent.account.id, "Bye").unwrap()
    assert services.request_account_deletion(fid, parent.account.id).failure()
    assert services.leads_report(fid, OPERATOR, LeadKind.CONTACT_US).unwrap() == [contact]
    processed = services.mark_lead_processed(fid, OPERATOR, deletion.id).unwrap()
    notifications = services.staff_notifications(fid, OPERATOR, unread_only=True).unwrap()
    assert [n.subjects["lead_id"] for n in notifications] == [deletion.id, contact.id]
    with services.uow_factory.for_facility(fid) as uow:
        events = [entry.event for entry in uow.outbox.list()]
    assert LeadSubmitted(fid, deletion.submitted_at, deletion.id, deletion.kind) in events
    assert events[-1] == LeadProcessed(fid, processed.processed_at, deletion.id, deletion.kind)

    services.request_password_reset(email, "https://portal.example/reset").unwrap()
    # The default console notifier printed the message.
    printed = capsys.readouterr().out
    token = printed.split("https://portal.example/reset?token=", 1)[1].split()[0]
    services.reset_password(token, "a brand new passphrase").unwrap()
    assert services.reset_password(token, "another new passphrase").failure()
    services.authenticate_portal_account(email, "a brand new passphrase").unwrap()

    pet = services.add_animal_from_portal(
        fid, parent.account.id, {"name": "Rex", "species_id": str(dog.id)}
    ).unwrap()
    today = services.clock.now().date()
    uploaded = services.upload_immunization_document(
        fid, parent.account.id, pet.id, rabies.unwrap().id, today + timedelta(days=200),
        "rabies.pdf", PDF,
    ).unwrap()  # fmt: skip
    [notice] = services.portal_notifications(fid, parent.account.id)
    assert notice.kind is NoticeKind.UPLOAD_PENDING_REVIEW
    download = services.portal_immunization_document(fid, parent.account.id, uploaded.record.id)
    assert (download.content, download.filename) == (
        PDF,
        f"Rex-Rabies-{today + timedelta(200)}.pdf",
    )
