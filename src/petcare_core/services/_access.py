"""Who is acting: a staff user (checked against their current permissions) or the operator."""

from __future__ import annotations

import attrs

from petcare_core.domain.animal import Animal
from petcare_core.domain.ids import AnimalId, OwnerId, PortalAccountId
from petcare_core.domain.reasons import PermissionMissing, Rejection
from petcare_core.domain.staff import Permission, StaffUser
from petcare_core.ports.errors import NotFound
from petcare_core.ports.unit_of_work import FacilityUnitOfWork


@attrs.frozen
class Operator:
    """The deployment's operator: the CLI and embedding code, trusted with every permission.

    The web layer never acts as the operator; it passes the authenticated ``StaffUser``.
    """


OPERATOR = Operator()

Actor = StaffUser | Operator


def authorize(uow: FacilityUnitOfWork, actor: Actor, permission: Permission) -> Rejection | None:
    """The rejection when ``actor`` may not use ``permission`` in this facility, else ``None``.

    A missing permission is reported alone: someone not allowed to act learns nothing about the
    facility's data from the other checks.
    A staff user is re-read in this transaction, so a permission removed or an account deactivated
    since the caller loaded them takes effect at once; a staff user of another facility has no
    permissions here. The facility must exist (``NotFound`` otherwise).
    """
    uow.facility()
    if isinstance(actor, Operator):
        return None
    if actor.facility_id == uow.facility_id and uow.staff.get(actor.id).can(permission):
        return None
    return Rejection((PermissionMissing(permission.value),))


def portal_owner_id(uow: FacilityUnitOfWork, account_id: PortalAccountId) -> OwnerId:
    """The owner a portal account acts as in this facility; ``NotFound`` if it is not linked."""
    owner_id = uow.accounts.get(account_id).owner_in(uow.facility_id)
    if owner_id is None:
        raise NotFound("Owner", f"linked to portal account {account_id}")
    return owner_id


def owned_animal(uow: FacilityUnitOfWork, owner_id: OwnerId, animal_id: AnimalId) -> Animal:
    """The animal, if it belongs to ``owner_id``.

    Another owner's animal raises the same ``NotFound`` as a missing one, so a pet parent cannot
    learn which ids exist.
    """
    animal = uow.animals.get(animal_id)
    if animal.owner_id != owner_id:
        raise NotFound("Animal", animal_id)
    return animal
