"""Explicit example records for the contract suites, chosen to be awkward for a storage.

Every builder takes the unit of work that allocates the id and returns a record that is not yet
added; keyword arguments replace fields. Values mix accents, emoji and right-to-left text, and
times are timezone-aware UTC with microseconds, so that a storage that truncates or re-encodes
anything fails a round-trip.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import attrs

from petcare_core.domain.account import PortalAccount
from petcare_core.domain.animal import Animal, AnimalStatus, IncidentReport, Sex
from petcare_core.domain.catalog import Breed, ImmunizationType, Species, Temperament, Vet
from petcare_core.domain.facility import Facility, FacilitySettings, Location
from petcare_core.domain.forms import FieldType, FormDefinition, FormField, FormKind, Visibility
from petcare_core.domain.ids import (
    AnimalId,
    ApiKeyId,
    BreedId,
    FacilityId,
    ImmunizationRecordId,
    ImmunizationTypeId,
    LeadSubmissionId,
    LocationId,
    OwnerId,
    PasswordResetTokenId,
    PortalAccountId,
    SpeciesId,
    StaffNotificationId,
    StaffUserId,
    TemperamentId,
    VetId,
)
from petcare_core.domain.immunization import ImmunizationRecord, RecordSource, RecordStatus
from petcare_core.domain.leads import LeadKind, LeadSubmission
from petcare_core.domain.owner import Address, CommunicationPreferences, Owner
from petcare_core.domain.password_reset import RESET_TOKEN_LIFETIME, PasswordResetToken
from petcare_core.domain.staff import ROLE_PERMISSIONS, ApiKey, Permission, StaffRole, StaffUser
from petcare_core.domain.staff_notifications import StaffNotification, StaffNotificationKind
from petcare_core.ports.unit_of_work import FacilityUnitOfWork, UnitOfWork, UnitOfWorkFactory

# A time with microseconds just before midnight: truncation or a local-time conversion shows.
T0 = datetime(2024, 3, 9, 23, 59, 58, 987654, tzinfo=UTC)
TEXT = "Zoë Ñúñez-Ødegård 🐶 «ß» שלום"


def at(seconds: float) -> datetime:
    """``T0`` plus ``seconds`` (fractions keep microseconds)."""
    return T0 + timedelta(seconds=seconds)


def create_facility(uow_factory: UnitOfWorkFactory, **changes: Any) -> Facility:
    """Create and commit a new tenant with a unique slug and invite code; returns it."""
    with uow_factory.platform() as uow:
        facility = make_facility(uow, **changes)
        uow.facilities.add(facility)
        uow.commit()
    return facility


def make_facility(uow: UnitOfWork, **changes: Any) -> Facility:
    """A facility whose slug and invite code derive from its fresh id."""
    facility_id = FacilityId(uow.new_id())
    facility = Facility(
        id=facility_id,
        slug=f"contract-{facility_id}",
        name=f"Pattes & Museaux {facility_id} 🐾",
        timezone="America/New_York",
        currency="USD",
        invite_code=f"INV{facility_id}X",
        settings=FacilitySettings(
            phone_region="GB",
            immunization_grace_days=3,
            expiring_soon_days=14,
            reference_lists_enveloped=False,
        ),
        created_at=T0,
    )
    return attrs.evolve(facility, **changes)


def make_location(uow: FacilityUnitOfWork, **changes: Any) -> Location:
    """A location with a fractional tax rate and a full address."""
    location = Location(
        id=LocationId(uow.new_id()),
        facility_id=uow.facility_id,
        name=f"Ålesund Nord {TEXT}",
        address_1="1 Rue de l'Église",
        address_2="Bâtiment B",
        city="Zürich",
        region="ZH",
        postal_code="8001",
        country="CH",
        phone="+41445551234",
        email="nord@example.com",
        tax_rate=Decimal("0.08875"),
        active=True,
    )
    return attrs.evolve(location, **changes)


def make_species(uow: FacilityUnitOfWork, **changes: Any) -> Species:
    """A species."""
    species = Species(SpeciesId(uow.new_id()), uow.facility_id, f"Chien {TEXT}")
    return attrs.evolve(species, **changes)


def make_breed(uow: FacilityUnitOfWork, species_id: SpeciesId, **changes: Any) -> Breed:
    """A breed of ``species_id``."""
    breed = Breed(BreedId(uow.new_id()), uow.facility_id, species_id, "Bichon Frisé")
    return attrs.evolve(breed, **changes)


def make_vet(uow: FacilityUnitOfWork, **changes: Any) -> Vet:
    """A vet with every contact field filled."""
    vet = Vet(
        id=VetId(uow.new_id()),
        facility_id=uow.facility_id,
        name="Clínica Veterinária São João",
        phone="+351215550100",
        fax="+351215550101",
        email="clinica@example.pt",
        address_1="Avenida da Liberdade 10",
        address_2="2.º andar",
        city="Lisboa",
        region="Lisboa",
        postal_code="1250-096",
        notes=TEXT,
        active=False,
    )
    return attrs.evolve(vet, **changes)


def make_temperament(uow: FacilityUnitOfWork, **changes: Any) -> Temperament:
    """A temperament label."""
    temperament = Temperament(TemperamentId(uow.new_id()), uow.facility_id, "Câlin 🤗")
    return attrs.evolve(temperament, **changes)


def make_immunization_type(
    uow: FacilityUnitOfWork, species_id: SpeciesId, **changes: Any
) -> ImmunizationType:
    """A required vaccine of ``species_id``."""
    vaccine = ImmunizationType(
        ImmunizationTypeId(uow.new_id()), uow.facility_id, species_id, "Tollwut", required=True
    )
    return attrs.evolve(vaccine, **changes)


def make_owner(uow: FacilityUnitOfWork, **changes: Any) -> Owner:
    """An owner with every field away from its default."""
    owner_id = OwnerId(uow.new_id())
    owner = Owner(
        id=owner_id,
        facility_id=uow.facility_id,
        first_name="Zoë",
        last_name="Ñúñez-Ødegård 🐶",
        created_at=T0,
        modified_at=at(3600.000001),
        email=f"zoe.{owner_id}@example.com",
        cell_phone=f"+1555{owner_id % 10_000_000:07d}",
        home_phone="+442079460000",
        address=Address("12 Chemin des Écoliers", "Appt 3", "Montréal", "QC", "H2X 1Y4", "CA"),
        emergency_contact_name="François Ça Va",
        emergency_contact_phone="+15145550199",
        home_location_id=None,
        communication=CommunicationPreferences(
            email_marketing=False, sms_reminders=False, sms_marketing=False
        ),
        custom_fields={"favourite_treat": "Käse 🧀", "gate_code": "0042", "note": ""},
        employee_notes="Pays late — «toujours» 💸",
        custom_icons=("vip", "⚠️"),
        active=False,
    )
    return attrs.evolve(owner, **changes)


def make_animal(
    uow: FacilityUnitOfWork, owner_id: OwnerId, species_id: SpeciesId, **changes: Any
) -> Animal:
    """An animal of ``owner_id`` with every optional field filled."""
    animal = Animal(
        id=AnimalId(uow.new_id()),
        facility_id=uow.facility_id,
        owner_id=owner_id,
        name="Réglisse 🐕",
        species_id=species_id,
        created_at=T0,
        modified_at=at(0.5),
        sex=Sex.FEMALE,
        birthday=date(2019, 2, 28),
        weight=Decimal("23.75"),
        colour="Fauve / blanc",
        altered=True,
        feeding_notes="½ tasse matin & soir",
        medication_notes="Apoquel 16 mg",
        allergies="Poulet",
        photo="photos/réglisse.jpg",
        status=AnimalStatus.INACTIVE,
        custom_fields={"crate": "yes", "micro_chip": "250268500012345"},
        employee_notes="Escape artist 🏃",
        incident_reports=(
            IncidentReport(date(2023, 7, 14), "Nipped at a volunteer — «léger»", None),
            IncidentReport(date(2024, 1, 2), "Ate a sock 🧦"),
        ),
        custom_icons=("escape", "🦴"),
    )
    return attrs.evolve(animal, **changes)


def make_staff_user(uow: FacilityUnitOfWork, **changes: Any) -> StaffUser:
    """A manager whose username derives from its fresh id."""
    staff_id = StaffUserId(uow.new_id())
    staff = StaffUser(
        id=staff_id,
        facility_id=uow.facility_id,
        username=f"Agnès.{staff_id}",
        email=f"agnes.{staff_id}@example.com",
        first_name="Agnès",
        last_name="Łukasiewicz",
        role=StaffRole.MANAGER,
        permissions=ROLE_PERMISSIONS[StaffRole.MANAGER] - {Permission.OVERRIDE_CAPACITY},
        created_at=T0,
    )
    return attrs.evolve(staff, **changes)


def make_api_key(uow: FacilityUnitOfWork, staff_user_id: StaffUserId, **changes: Any) -> ApiKey:
    """An active key of ``staff_user_id`` whose prefix derives from its fresh id."""
    key_id = ApiKeyId(uow.new_id())
    key = ApiKey(
        id=key_id,
        facility_id=uow.facility_id,
        staff_user_id=staff_user_id,
        prefix=f"pk{key_id}",
        key_hash="9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        label="Intégration « Zapier » ⚡",
        created_at=T0,
    )
    return attrs.evolve(key, **changes)


def make_immunization_record(
    uow: FacilityUnitOfWork,
    animal_id: AnimalId,
    type_id: ImmunizationTypeId,
    **changes: Any,
) -> ImmunizationRecord:
    """A reviewed record with every optional field filled."""
    record = ImmunizationRecord(
        id=ImmunizationRecordId(uow.new_id()),
        facility_id=uow.facility_id,
        animal_id=animal_id,
        type_id=type_id,
        expires_on=date(2025, 12, 31),
        source=RecordSource.PARENT_UPLOAD,
        status=RecordStatus.REJECTED,
        created_at=T0,
        administered_on=date(2024, 12, 31),
        document="uploads/certificat-vétérinaire.pdf",
        note="Scan illisible 📄",
        reviewed_by=None,
        reviewed_at=at(86_400.25),
        rejection_reason="Date d'expiration manquante",
    )
    return attrs.evolve(record, **changes)


def make_account(uow: UnitOfWork, **changes: Any) -> PortalAccount:
    """A login whose email and phone derive from its fresh id."""
    account_id = PortalAccountId(uow.new_id())
    account = PortalAccount(
        id=account_id,
        email=f"parent.{account_id}@example.com",
        phone=f"+4477009{account_id % 1_000_000:06d}",
        password_hash="$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo",
        created_at=T0,
    )
    return attrs.evolve(account, **changes)


def make_form(facility_id: FacilityId, kind: FormKind, version: int) -> FormDefinition:
    """A form with a field of every type and visibility, read at ``version``."""
    fields = tuple(
        FormField(
            key=f"field_{field_type.value}",
            label=f"{field_type.value.title()} — «{TEXT}»",
            field_type=field_type,
            required=index % 2 == 0,
            options=("Oui", "Non", "Peut-être 🤷") if field_type is FieldType.CHOICE else (),
            visibility=list(Visibility)[index % len(Visibility)],
        )
        for index, field_type in enumerate(FieldType)
    )
    return FormDefinition(facility_id, kind, fields, version=version)


def make_lead(uow: FacilityUnitOfWork, **changes: Any) -> LeadSubmission:
    """A new Contact Us submission with a multi-line message (``owner_id`` and ``kind`` in
    ``changes`` make it a deletion request)."""
    lead = LeadSubmission(
        id=LeadSubmissionId(uow.new_id()),
        facility_id=uow.facility_id,
        kind=LeadKind.CONTACT_US,
        name="Zoë Ñúñez-Ødegård 🐶",
        email="zoe@example.com",
        phone="+442079460000",
        message=f"Bonjour !\n{TEXT}\n\tMerci",
        submitted_at=at(7.000001),
    )
    return attrs.evolve(lead, **changes)


def make_staff_notification(uow: FacilityUnitOfWork, **changes: Any) -> StaffNotification:
    """An unread "New Lead Received" notification about two records."""
    notification = StaffNotification(
        id=StaffNotificationId(uow.new_id()),
        facility_id=uow.facility_id,
        kind=StaffNotificationKind.NEW_LEAD_RECEIVED,
        title="New Lead Received",
        body=f"Contact Us from {TEXT}",
        created_at=at(9.5),
        subjects={"lead_id": 2**31 - 2, "owner_id": 7},
    )
    return attrs.evolve(notification, **changes)


def make_reset_token(
    uow: UnitOfWork, account_id: PortalAccountId, **changes: Any
) -> PasswordResetToken:
    """A live reset token of ``account_id`` whose hash derives from its fresh id."""
    token_id = PasswordResetTokenId(uow.new_id())
    token = PasswordResetToken(
        id=token_id,
        account_id=account_id,
        token_hash=f"{token_id:064x}",
        issued_at=at(11.25),
        expires_at=at(11.25) + RESET_TOKEN_LIFETIME,
    )
    return attrs.evolve(token, **changes)
