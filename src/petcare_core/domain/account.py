"""The pet parent's login, which can be linked to owner records in several facilities."""

from __future__ import annotations

from datetime import datetime

import attrs

from petcare_core.domain.ids import FacilityId, OwnerId, PortalAccountId


@attrs.frozen(order=True)
class OwnerLink:
    """This account acts as ``owner_id`` in ``facility_id``."""

    facility_id: FacilityId
    owner_id: OwnerId


@attrs.frozen
class PortalAccount:
    """A login by email or phone (normalised; empty string means none) and an argon2id hash."""

    id: PortalAccountId
    email: str
    phone: str
    password_hash: str
    created_at: datetime
    links: tuple[OwnerLink, ...] = ()
    version: int = 1

    def owner_in(self, facility_id: FacilityId) -> OwnerId | None:
        """The owner this account acts as in ``facility_id``, if linked there."""
        for link in self.links:
            if link.facility_id == facility_id:
                return link.owner_id
        return None

    def linked_to(self, link: OwnerLink) -> PortalAccount:
        """A copy with ``link`` added (links stay sorted and unique)."""
        return attrs.evolve(self, links=tuple(sorted({*self.links, link})))
