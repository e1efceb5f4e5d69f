"""Pet photos: a parent sets, replaces or removes the photo of one of their own pets, and the
parent or staff read it back.

The picture lives in the file store; ``Animal.photo`` holds its key. A file is never left named
by nothing on purpose: a new file whose pet could not be saved is deleted again, and the file a
replacement or removal displaced is deleted once the change is committed.
"""

from __future__ import annotations

import contextlib

import attrs
from returns.result import Failure, Result, Success

from petcare_core.domain.animal import Animal
from petcare_core.domain.events import AnimalModified
from petcare_core.domain.ids import AnimalId, FacilityId, PortalAccountId
from petcare_core.domain.reasons import Rejection
from petcare_core.domain.staff import Permission
from petcare_core.domain.uploads import check_photo
from petcare_core.ports.errors import NotFound, PersistenceUnavailable
from petcare_core.ports.unit_of_work import FacilityUnitOfWork
from petcare_core.services._access import Actor, authorize, owned_animal, portal_owner_id
from petcare_core.services.context import ServiceContext


@attrs.frozen
class PetPhoto:
    """A pet's stored photo: its sniffed media type (``image/jpeg`` or ``image/png``) and
    content."""

    content_type: str
    content: bytes = attrs.field(repr=lambda content: f"<{len(content)} bytes>")


def _own_animal(
    uow: FacilityUnitOfWork, account_id: PortalAccountId, animal_id: AnimalId
) -> Animal:
    return owned_animal(uow, portal_owner_id(uow, account_id), animal_id)


def _save_photo(
    ctx: ServiceContext, uow: FacilityUnitOfWork, animal: Animal, key: str | None
) -> Animal:
    """Point ``animal`` at ``key`` (``None``: no photo), record ``AnimalModified`` and commit."""
    now = ctx.clock.now()
    stored = uow.animals.update(attrs.evolve(animal, photo=key, modified_at=now))
    uow.record(
        AnimalModified(
            facility_id=uow.facility_id, occurred_at=now, animal_id=animal.id, fields=("photo",)
        )
    )
    uow.commit()
    return stored


def _discard(ctx: ServiceContext, key: str, facility_id: FacilityId) -> None:
    """Delete a file no record names any more.

    A store that fails now leaves an orphan no record names, which is harmless (ADR 0008); the
    change the parent made is already committed and must not be reported as failed.
    """
    with contextlib.suppress(PersistenceUnavailable):
        ctx.files.delete(key, facility_id)


def set_animal_photo_from_portal(
    ctx: ServiceContext,
    facility_id: FacilityId,
    account_id: PortalAccountId,
    animal_id: AnimalId,
    *,
    filename: str,
    content: bytes,
) -> Result[Animal, Rejection]:
    """The pet parent sets or replaces the photo of one of their own pets.

    The picture is checked first (JPEG or PNG by its content, at most 5 MB, not empty, a plain
    file name), then stored in the file store, then named by the pet (``AnimalModified`` with
    the field ``photo``). Nothing is stored when anything is refused; a new file whose pet
    cannot be saved is deleted again; the photo it replaces is deleted after the commit.
    ``NotFound`` for a pet that is not the account's (checked before anything is stored).

    Rejections, all at once: ``EmptyPhoto``, ``PhotoTooLarge``, ``UnsupportedPhotoType`` (a
    PDF, a GIF, a script renamed ``.jpg``), a file name with a path, hidden characters or over
    255 characters.
    """
    checked = check_photo(filename, content)
    with ctx.uows.for_facility(facility_id) as uow:
        _own_animal(uow, account_id, animal_id)
    if isinstance(checked, tuple):
        return Failure(Rejection(checked))
    # Written outside the transaction: no database connection is held while the file is.
    key = ctx.files.put(content, checked.value, facility_id)
    try:
        with ctx.uows.for_facility(facility_id) as uow:
            # Read again: the pet may have been changed (or given another photo) meanwhile.
            animal = _own_animal(uow, account_id, animal_id)
            previous = animal.photo
            stored = _save_photo(ctx, uow, animal, key)
    except BaseException:
        # The original error is the one to report; the new file is named by nothing.
        with contextlib.suppress(PersistenceUnavailable):
            ctx.files.delete(key, facility_id)
        raise
    if previous is not None and previous != key:
        _discard(ctx, previous, facility_id)
    return Success(stored)


def remove_animal_photo_from_portal(
    ctx: ServiceContext,
    facility_id: FacilityId,
    account_id: PortalAccountId,
    animal_id: AnimalId,
) -> Animal:
    """The pet parent removes the photo of one of their own pets (``AnimalModified`` with the
    field ``photo``; the file is deleted after the commit).

    Removing a photo the pet does not have writes nothing. ``NotFound`` for a pet that is not
    the account's.
    """
    with ctx.uows.for_facility(facility_id) as uow:
        animal = _own_animal(uow, account_id, animal_id)
        previous = animal.photo
        if previous is None:
            return animal
        stored = _save_photo(ctx, uow, animal, None)
    _discard(ctx, previous, facility_id)
    return stored


def _read(ctx: ServiceContext, facility_id: FacilityId, animal: Animal) -> PetPhoto:
    if animal.photo is None:
        raise NotFound("photo of animal", animal.id)
    stored = ctx.files.get(animal.photo, facility_id)
    return PetPhoto(stored.content_type, stored.content)


def portal_animal_photo(
    ctx: ServiceContext,
    facility_id: FacilityId,
    account_id: PortalAccountId,
    animal_id: AnimalId,
) -> PetPhoto:
    """The photo of one of the parent's own pets.

    ``NotFound`` when the pet has no photo, its file is gone, or the pet is another owner's
    (the same answer as for a pet that does not exist).
    """
    with ctx.uows.for_facility(facility_id) as uow:
        animal = _own_animal(uow, account_id, animal_id)
    # Read after the transaction: no database connection is held while the file is read.
    return _read(ctx, facility_id, animal)


def animal_photo(
    ctx: ServiceContext, facility_id: FacilityId, actor: Actor, animal_id: AnimalId
) -> Result[PetPhoto, Rejection]:
    """The photo of any pet of the facility, for staff (``animals.read``).

    ``NotFound`` when the pet does not exist here, has no photo, or its file is gone.
    """
    with ctx.uows.for_facility(facility_id) as uow:
        if (denied := authorize(uow, actor, Permission.ANIMALS_READ)) is not None:
            return Failure(denied)
        animal = uow.animals.get(animal_id)
    return Success(_read(ctx, facility_id, animal))
