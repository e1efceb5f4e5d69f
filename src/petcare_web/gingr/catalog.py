"""The catalog endpoints: the reference lists, immunization types and records, and
``/forms/get_form``.

The reference lists (``get_locations``, ``get_species``, ``get_breeds``, ``get_temperaments``,
``get_vets``) are ``[{"value": "<id>", "label": "<name>"}]``, in the envelope or as a bare
array as the facility's ``reference_lists_enveloped`` setting says (Gingr clients disagree).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from petcare_core.domain.catalog import Vet
from petcare_core.domain.forms import FormDefinition, FormKind
from petcare_core.domain.ids import AnimalId, FacilityId, SpeciesId
from petcare_core.domain.immunization import RecordStatus
from petcare_core.services import PetcareServices
from petcare_web.gingr.endpoint import GingrCall, ok
from petcare_web.gingr.envelope import GingrError, envelope, reference_list
from petcare_web.gingr.values import Row, flag, optional_id, unix_day

FORMS = {kind.value: kind for kind in FormKind}


def _enveloped(services: PetcareServices, facility_id: FacilityId) -> bool:
    return services.get_facility(facility_id).settings.reference_lists_enveloped


def _item(item_id: int, label: str) -> Row:
    return {"value": str(item_id), "label": label}


def get_locations(call: GingrCall) -> bytes:
    """The facility's locations."""
    rows = [_item(item.id, item.name) for item in call.services.list_locations(call.facility_id)]
    return reference_list(rows, _enveloped(call.services, call.facility_id))


def get_species(call: GingrCall) -> bytes:
    """The facility's species."""
    rows = [_item(item.id, item.name) for item in call.services.list_species(call.facility_id)]
    return reference_list(rows, _enveloped(call.services, call.facility_id))


def get_breeds(call: GingrCall) -> bytes:
    """The facility's breeds, of one species when ``species_id`` is given."""
    species_id = call.params.identifier("species_id")
    breeds = call.services.list_breeds(
        call.facility_id, None if species_id is None else SpeciesId(species_id)
    )
    rows = [_item(item.id, item.name) for item in breeds]
    return reference_list(rows, _enveloped(call.services, call.facility_id))


def get_temperaments(call: GingrCall) -> bytes:
    """The facility's temperaments."""
    items = call.services.list_temperaments(call.facility_id)
    rows = [_item(item.id, item.name) for item in items]
    return reference_list(rows, _enveloped(call.services, call.facility_id))


def _vet_details(vet: Vet) -> Row:
    return {
        "id": str(vet.id),
        "location_id": None,
        "name": vet.name,
        "phone_number": vet.phone,
        "fax_number": vet.fax,
        "email": vet.email,
        "address_1": vet.address_1,
        "address_2": vet.address_2,
        "city": vet.city,
        "state": vet.region,
        "zip": vet.postal_code,
        "notes": vet.notes,
        "status": flag(vet.active),
    }


def get_vets(call: GingrCall) -> bytes:
    """The facility's vets; ``vetFlag=true`` adds every detail of each."""
    details = call.params.boolean("vetFlag")
    rows = [
        _item(vet.id, vet.name) | (_vet_details(vet) if details else {})
        for vet in call.services.list_vets(call.facility_id)
    ]
    return reference_list(rows, _enveloped(call.services, call.facility_id))


def get_immunization_types(call: GingrCall) -> bytes:
    """The vaccines in use, of one species when ``species_id`` is given (always enveloped)."""
    species_id = call.params.identifier("species_id")
    kinds = call.services.list_immunization_types(
        call.facility_id, None if species_id is None else SpeciesId(species_id)
    )
    return envelope(
        [
            {
                "id": str(kind.id),
                "type": kind.name,
                "required": flag(kind.required),
                "species_id": str(kind.species_id),
            }
            for kind in kinds
            if kind.active
        ]
    )


def get_animal_immunizations(call: GingrCall) -> bytes:
    """The animal's verified vaccination records; ``include_unverified=true`` adds uploads
    pending review and rejected ones (see their ``status``)."""
    animal_id = call.params.identifier("animal_id", required=True)
    unverified = call.params.boolean("include_unverified")
    found = ok(
        call.services.animal_immunizations(call.facility_id, call.actor, AnimalId(animal_id))
    )
    zone = ZoneInfo(found.facility.timezone)
    rows = []
    for entry in found.entries:
        record = entry.record
        if record.status is not RecordStatus.VERIFIED and not unverified:
            continue
        rows.append(
            {
                "id": str(record.id),
                "animal_id": str(record.animal_id),
                "type_id": str(record.type_id),
                "type": entry.kind.name,
                "expiration_date": unix_day(record.expires_on, zone),
                "formated_expiry_date": record.expires_on.isoformat(),
                "administered_date": (
                    None if record.administered_on is None else record.administered_on.isoformat()
                ),
                "note": record.note,
                "status": record.status.value,
                "source": record.source.value,
                "rejection_reason": record.rejection_reason or None,
                "reviewed_by": optional_id(record.reviewed_by),
            }
        )
    return envelope(rows)


def _form_data(form: FormDefinition) -> dict[str, object]:
    return {
        "form": form.kind.value,
        "version": str(form.version),
        "fields": [
            {
                "name": field.key,
                "label": field.label,
                "type": field.field_type.value,
                "required": flag(field.required),
                "options": [{"value": option, "label": option} for option in field.options],
                "visibility": field.visibility.value,
                "portal_visible": flag(field.portal_visible),
                "portal_editable": flag(field.portal_editable),
            }
            for field in form.fields
        ],
    }


def get_form(call: GingrCall) -> bytes:
    """The facility's custom fields of the owner or animal record (``form``)."""
    name = call.params.text("form", required=True)
    kind = FORMS.get(name)
    if kind is None:
        raise GingrError.invalid(f"form must be owner_form or animal_form, got {name[:40]!r}")
    return envelope(_form_data(call.services.get_form(call.facility_id, kind)))
