"""My pets: the list, adding and editing a pet, its vaccines; and the notification center."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
from aiohttp import web
from returns.result import Failure

from petcare_core.domain.catalog import Breed, Species, Temperament, Vet
from petcare_core.domain.compliance import ImmunizationStatusLine
from petcare_core.domain.forms import FormKind
from petcare_core.domain.ids import AnimalId, FacilityId, PortalAccountId
from petcare_core.domain.notification_center import NoticeKind, PortalNotice, TargetPage
from petcare_core.domain.projection import PortalAnimalView, PortalField
from petcare_core.services import PetcareServices
from petcare_web.portal.forms import (
    ANIMAL_LABELS,
    NO_ERRORS,
    FormErrors,
    custom_labels,
    custom_patch,
    form_errors,
    portal_fields,
    text_fields,
    with_values,
)
from petcare_web.portal.visit import Visit, portal_page


@attrs.frozen
class Catalog:
    """The facility's pick lists, and the names to show for ids."""

    species: tuple[Species, ...]
    breeds: tuple[Breed, ...]
    vets: tuple[Vet, ...]
    temperaments: tuple[Temperament, ...]

    def breeds_of(self, species: Species) -> list[Breed]:
        """The breeds of one species (an option group of the breed list)."""
        return [breed for breed in self.breeds if breed.species_id == species.id]

    def name(self, kind: str, record_id: int | None) -> str:
        """The name of the species, breed, vet or temperament ``record_id`` (empty if none)."""
        records: Sequence[Species | Breed | Vet | Temperament] = getattr(self, kind)
        return next((record.name for record in records if record.id == record_id), "")


def _catalog(services: PetcareServices, facility_id: FacilityId) -> Catalog:
    return Catalog(
        species=tuple(services.list_species(facility_id)),
        breeds=tuple(services.list_breeds(facility_id)),
        vets=tuple(services.list_vets(facility_id)),
        temperaments=tuple(services.list_temperaments(facility_id)),
    )


@attrs.frozen
class PetFile:
    """One pet with its vaccine states, and why the facility refused an upload."""

    pet: PortalAnimalView
    lines: tuple[ImmunizationStatusLine, ...]
    refusals: dict[int, str]


def _pet_files(
    services: PetcareServices,
    facility_id: FacilityId,
    account_id: PortalAccountId,
    animal_id: AnimalId | None,
) -> list[PetFile]:
    pets = (
        services.portal_animals(facility_id, account_id)
        if animal_id is None
        else [services.portal_animal(facility_id, account_id, animal_id)]
    )
    refusals: dict[tuple[int, int], str] = {
        (notice.animal_id or 0, notice.type_id or 0): notice.detail
        for notice in services.portal_notifications(facility_id, account_id)
        if notice.kind is NoticeKind.UPLOAD_REJECTED
    }
    return [
        PetFile(
            pet,
            services.portal_immunization_status(facility_id, account_id, pet.id),
            {type_id: why for (pet_id, type_id), why in refusals.items() if pet_id == pet.id},
        )
        for pet in pets
    ]


def animal_id_from(request: web.Request) -> AnimalId:
    """The pet id in the address (the route only matches digits)."""
    # The bound keeps an absurd number out of the database query.
    raw = request.match_info["animal_id"]
    if len(raw) > 18:
        raise web.HTTPNotFound()
    return AnimalId(int(raw))


@portal_page(member=True)
async def pets(request: web.Request, visit: Visit) -> web.StreamResponse:
    """``/f/{slug}/pets``: the parent's pets and how their vaccines stand."""
    assert visit.facility is not None
    fid = visit.facility.id
    files = await visit.call(_pet_files, visit.services, fid, visit.account_id, None)
    catalog = await visit.call(_catalog, visit.services, fid)
    return visit.render("pets.html", files=files, catalog=catalog)


async def render_pet(
    visit: Visit, animal_id: AnimalId, *, photo_errors: FormErrors = NO_ERRORS, status: int = 200
) -> web.Response:
    """The pet's page, with why a photo was refused when it was (``photo_errors``)."""
    assert visit.facility is not None
    fid = visit.facility.id
    files = await visit.call(_pet_files, visit.services, fid, visit.account_id, animal_id)
    catalog = await visit.call(_catalog, visit.services, fid)
    return visit.render(
        "pet.html", status=status, file=files[0], catalog=catalog, photo_errors=photo_errors
    )


@portal_page(member=True)
async def pet(request: web.Request, visit: Visit) -> web.StreamResponse:
    """``/f/{slug}/pets/{id}``: one pet, its photo, its details and its vaccines."""
    return await render_pet(visit, animal_id_from(request))


def _animal_patch(visit: Visit, fields: Sequence[PortalField]) -> dict[str, str]:
    return {**text_fields(visit.form, ANIMAL_LABELS), **custom_patch(fields, visit.form)}


async def _pet_form(
    visit: Visit,
    *,
    pet: PortalAnimalView | None,
    fields: Sequence[PortalField],
    values: dict[str, str],
    errors: FormErrors,
    status: int,
) -> web.Response:
    assert visit.facility is not None
    catalog = await visit.call(_catalog, visit.services, visit.facility.id)
    return visit.render(
        "pet_form.html",
        status=status,
        pet=pet,
        fields=fields,
        values=values,
        errors=errors,
        catalog=catalog,
        labels=ANIMAL_LABELS,
    )


def _pet_values(pet: PortalAnimalView) -> dict[str, str]:
    def text(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)

    return {name: text(getattr(pet, name)) for name in ANIMAL_LABELS}


@portal_page(member=True)
async def new_pet(request: web.Request, visit: Visit) -> web.StreamResponse:
    """``/f/{slug}/pets/new``: add a pet."""
    assert visit.facility is not None
    form = await visit.call(visit.services.get_form, visit.facility.id, FormKind.ANIMAL_FORM)
    fields = portal_fields(form)
    if request.method == "GET":
        values = dict.fromkeys(ANIMAL_LABELS, "")
        return await _pet_form(
            visit, pet=None, fields=fields, values=values, errors=NO_ERRORS, status=200
        )
    patch = _animal_patch(visit, fields)
    result = await visit.call(
        visit.services.add_animal_from_portal, visit.facility.id, visit.account_id, patch
    )
    if isinstance(result, Failure):
        labels = {**ANIMAL_LABELS, **custom_labels(fields)}
        errors = form_errors(result.failure().reasons, labels)
        return await _pet_form(
            visit,
            pet=None,
            fields=with_values(fields, patch),
            values=patch,
            errors=errors,
            status=422,
        )
    return visit.redirect(f"{visit.base}/pets/{result.unwrap().id}?notice=pet-added")


@portal_page(member=True)
async def edit_pet(request: web.Request, visit: Visit) -> web.StreamResponse:
    """``/f/{slug}/pets/{id}/edit``: change a pet's details."""
    assert visit.facility is not None
    fid, animal_id = visit.facility.id, animal_id_from(request)
    current = await visit.call(visit.services.portal_animal, fid, visit.account_id, animal_id)
    if request.method == "GET":
        return await _pet_form(
            visit,
            pet=current,
            fields=current.fields,
            values=_pet_values(current),
            errors=NO_ERRORS,
            status=200,
        )
    patch = _animal_patch(visit, current.fields)
    result = await visit.call(
        visit.services.update_animal_from_portal, fid, visit.account_id, animal_id, patch
    )
    if isinstance(result, Failure):
        labels = {**ANIMAL_LABELS, **custom_labels(current.fields)}
        errors = form_errors(result.failure().reasons, labels)
        return await _pet_form(
            visit,
            pet=current,
            fields=with_values(current.fields, patch),
            values=patch,
            errors=errors,
            status=422,
        )
    return visit.redirect(f"{visit.base}/pets/{animal_id}?notice=saved")


def notice_link(base: str, notice: PortalNotice) -> str:
    """Where the parent acts on a notification-center item."""
    target = notice.target
    if target.animal_id is None:
        return f"{base}/pets"
    if target.page is TargetPage.IMMUNIZATION_UPLOAD:
        query = "" if target.type_id is None else f"?type={target.type_id}"
        return f"{base}/pets/{target.animal_id}/vaccines/upload{query}"
    return f"{base}/pets/{target.animal_id}"


@portal_page(member=True)
async def notifications(request: web.Request, visit: Visit) -> web.StreamResponse:
    """``/f/{slug}/notifications``: what needs the parent's attention, most urgent first."""
    assert visit.facility is not None
    notices = await visit.call(
        visit.services.portal_notifications, visit.facility.id, visit.account_id
    )
    items = [(notice, notice_link(visit.base, notice)) for notice in notices]
    return visit.render("notifications.html", items=items)
