"""The facade's methods for setting a facility up: facilities, catalog, staff, API keys."""

from __future__ import annotations

from collections.abc import Sequence

from returns.result import Result

from petcare_core.domain.catalog import Breed, ImmunizationType, Species, Temperament, Vet
from petcare_core.domain.facility import Facility, FacilitySettings, Location
from petcare_core.domain.forms import FormDefinition, FormField, FormKind
from petcare_core.domain.ids import (
    ApiKeyId,
    FacilityId,
    ImmunizationTypeId,
    LocationId,
    SpeciesId,
    StaffUserId,
)
from petcare_core.domain.reasons import Rejection
from petcare_core.domain.staff import ApiKey, StaffUser
from petcare_core.services import api_keys, catalog, facilities, forms, staff
from petcare_core.services._access import Actor
from petcare_core.services.api_keys import ApiPrincipal, IssuedApiKey
from petcare_core.services.catalog import VetDetails
from petcare_core.services.context import ServiceContext
from petcare_core.services.facilities import LocationDetails, NewFacility
from petcare_core.services.staff import NewStaffUser


class SetupMethods:
    """Facilities, locations, reference lists, staff users and API keys (part of the facade)."""

    _ctx: ServiceContext

    # Facilities and locations

    def create_facility(self, command: NewFacility) -> Result[Facility, Rejection]:
        """Create a tenant with an invite code and its first location (operator only)."""
        return facilities.create_facility(self._ctx, command)

    def get_facility(self, facility_id: FacilityId) -> Facility:
        """The facility, or ``NotFound``."""
        return facilities.get_facility(self._ctx, facility_id)

    def facility_by_slug(self, slug: str) -> Facility:
        """The facility with this slug, or ``NotFound``."""
        return facilities.facility_by_slug(self._ctx, slug)

    def update_facility_settings(
        self,
        facility_id: FacilityId,
        actor: Actor,
        settings: FacilitySettings,
        *,
        expected_version: int | None = None,
    ) -> Result[Facility, Rejection]:
        """Replace the facility's policies (``facility.settings``); ``ConcurrencyConflict``
        when the facility is no longer at ``expected_version``."""
        return facilities.update_facility_settings(
            self._ctx, facility_id, actor, settings, expected_version=expected_version
        )

    def add_location(
        self, facility_id: FacilityId, actor: Actor, details: LocationDetails
    ) -> Result[Location, Rejection]:
        """Open another location (``facility.settings``)."""
        return facilities.add_location(self._ctx, facility_id, actor, details)

    def update_location(
        self,
        facility_id: FacilityId,
        actor: Actor,
        location_id: LocationId,
        details: LocationDetails,
    ) -> Result[Location, Rejection]:
        """Replace a location's details (``facility.settings``)."""
        return facilities.update_location(self._ctx, facility_id, actor, location_id, details)

    def list_locations(self, facility_id: FacilityId) -> list[Location]:
        """The facility's locations."""
        return facilities.list_locations(self._ctx, facility_id)

    # Catalog

    def add_species(
        self, facility_id: FacilityId, actor: Actor, name: str
    ) -> Result[Species, Rejection]:
        """Add a species (``catalog.manage``)."""
        return catalog.add_species(self._ctx, facility_id, actor, name)

    def add_breed(
        self, facility_id: FacilityId, actor: Actor, species_id: SpeciesId, name: str
    ) -> Result[Breed, Rejection]:
        """Add a breed of a species (``catalog.manage``)."""
        return catalog.add_breed(self._ctx, facility_id, actor, species_id, name)

    def add_vet(
        self, facility_id: FacilityId, actor: Actor, details: VetDetails
    ) -> Result[Vet, Rejection]:
        """Add a veterinary practice (``catalog.manage``)."""
        return catalog.add_vet(self._ctx, facility_id, actor, details)

    def add_temperament(
        self, facility_id: FacilityId, actor: Actor, name: str
    ) -> Result[Temperament, Rejection]:
        """Add a temperament label (``catalog.manage``)."""
        return catalog.add_temperament(self._ctx, facility_id, actor, name)

    def add_immunization_type(
        self,
        facility_id: FacilityId,
        actor: Actor,
        species_id: SpeciesId,
        name: str,
        *,
        required: bool = False,
    ) -> Result[ImmunizationType, Rejection]:
        """Add a vaccine of a species (``catalog.manage``)."""
        return catalog.add_immunization_type(
            self._ctx, facility_id, actor, species_id, name, required=required
        )

    def set_immunization_type_required(
        self, facility_id: FacilityId, actor: Actor, type_id: ImmunizationTypeId, required: bool
    ) -> Result[ImmunizationType, Rejection]:
        """Make a vaccine required for stays, or optional (``catalog.manage``)."""
        return catalog.set_immunization_type_required(
            self._ctx, facility_id, actor, type_id, required
        )

    def list_species(self, facility_id: FacilityId) -> list[Species]:
        """The facility's species."""
        return catalog.list_species(self._ctx, facility_id)

    def list_breeds(
        self, facility_id: FacilityId, species_id: SpeciesId | None = None
    ) -> list[Breed]:
        """The facility's breeds, of one species when given."""
        return catalog.list_breeds(self._ctx, facility_id, species_id)

    def list_vets(self, facility_id: FacilityId) -> list[Vet]:
        """The facility's vets."""
        return catalog.list_vets(self._ctx, facility_id)

    def list_temperaments(self, facility_id: FacilityId) -> list[Temperament]:
        """The facility's temperaments."""
        return catalog.list_temperaments(self._ctx, facility_id)

    def list_immunization_types(
        self, facility_id: FacilityId, species_id: SpeciesId | None = None
    ) -> list[ImmunizationType]:
        """The facility's immunization types, of one species when given."""
        return catalog.list_immunization_types(self._ctx, facility_id, species_id)

    # Forms

    def define_form(
        self, facility_id: FacilityId, actor: Actor, kind: FormKind, fields: Sequence[FormField]
    ) -> Result[FormDefinition, Rejection]:
        """Replace the fields of the owner or animal form (``facility.settings``)."""
        return forms.define_form(self._ctx, facility_id, actor, kind, fields)

    def get_form(self, facility_id: FacilityId, kind: FormKind) -> FormDefinition:
        """The facility's owner or animal form (empty, version 0, when never defined)."""
        return forms.get_form(self._ctx, facility_id, kind)

    # Staff users and API keys

    def create_staff_user(
        self, facility_id: FacilityId, actor: Actor, command: NewStaffUser
    ) -> Result[StaffUser, Rejection]:
        """Add a staff user (``staff.manage``)."""
        return staff.create_staff_user(self._ctx, facility_id, actor, command)

    def get_staff_user(self, facility_id: FacilityId, staff_user_id: StaffUserId) -> StaffUser:
        """The staff user, or ``NotFound``."""
        return staff.get_staff_user(self._ctx, facility_id, staff_user_id)

    def find_staff_user(self, facility_id: FacilityId, username: str) -> StaffUser | None:
        """The staff user with this username (any case), if any."""
        return staff.find_staff_user(self._ctx, facility_id, username)

    def create_api_key(
        self,
        facility_id: FacilityId,
        staff_user_id: StaffUserId,
        label: str,
        *,
        actor: Actor,
    ) -> Result[IssuedApiKey, Rejection]:
        """Issue a key for a staff user; the plain key is in the result, once."""
        return api_keys.create_api_key(self._ctx, facility_id, staff_user_id, label, actor=actor)

    def authenticate_api_key(self, plain_key: str) -> Result[ApiPrincipal, Rejection]:
        """The facility and staff user a key acts as."""
        return api_keys.authenticate_api_key(self._ctx, plain_key)

    def revoke_api_key(
        self, facility_id: FacilityId, api_key_id: ApiKeyId, *, actor: Actor
    ) -> Result[ApiKey, Rejection]:
        """Revoke a key at once."""
        return api_keys.revoke_api_key(self._ctx, facility_id, api_key_id, actor=actor)

    def list_api_keys(self, facility_id: FacilityId, staff_user_id: StaffUserId) -> list[ApiKey]:
        """A staff user's keys (hashes only)."""
        return api_keys.list_api_keys(self._ctx, facility_id, staff_user_id)
