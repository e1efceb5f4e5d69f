"""The facade's read methods for staff and integrations (the Gingr-compatible API)."""

from __future__ import annotations

from datetime import date, datetime

from returns.result import Result

from petcare_core.domain.ids import AnimalId, FacilityId, LocationId
from petcare_core.domain.reasons import Rejection
from petcare_core.services import directory
from petcare_core.services._access import Actor
from petcare_core.services.context import ServiceContext
from petcare_core.services.directory import (
    AnimalImmunizations,
    Household,
    Households,
    OwnerLookup,
    PetDirectory,
)


class DirectoryMethods:
    """Staff and integration reads: owners, animals and their lookups (part of the facade)."""

    _ctx: ServiceContext

    def list_households(
        self, facility_id: FacilityId, actor: Actor
    ) -> Result[Households, Rejection]:
        """Every owner with their animals (``owners.read``)."""
        return directory.list_households(self._ctx, facility_id, actor)

    def find_households(
        self, facility_id: FacilityId, actor: Actor, lookup: OwnerLookup
    ) -> Result[Households, Rejection]:
        """The households found by id, animal id, email or phone (``owners.read``)."""
        return directory.find_households(self._ctx, facility_id, actor, lookup)

    def households_modified_between(
        self,
        facility_id: FacilityId,
        actor: Actor,
        start: date | datetime,
        end: date | datetime,
        *,
        home_location_id: LocationId | None = None,
    ) -> Result[Households, Rejection]:
        """Households whose owner was created or modified in the period (``owners.read``)."""
        return directory.households_modified_between(
            self._ctx, facility_id, actor, start, end, home_location_id=home_location_id
        )

    def authorize_owner(
        self, facility_id: FacilityId, actor: Actor, login: str, password: str
    ) -> Result[Household, Rejection]:
        """The household of a portal login of this facility, if the password is right
        (``owners.read``)."""
        return directory.authorize_owner(self._ctx, facility_id, actor, login, password)

    def pet_directory(
        self, facility_id: FacilityId, actor: Actor
    ) -> Result[PetDirectory, Rejection]:
        """Every animal with its owner and next vaccine expiry (``animals.read``)."""
        return directory.pet_directory(self._ctx, facility_id, actor)

    def animal_immunizations(
        self, facility_id: FacilityId, actor: Actor, animal_id: AnimalId
    ) -> Result[AnimalImmunizations, Rejection]:
        """Every vaccination record of one animal (``animals.read``)."""
        return directory.animal_immunizations(self._ctx, facility_id, actor, animal_id)
