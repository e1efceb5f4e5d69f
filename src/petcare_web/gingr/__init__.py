"""The Gingr-compatible API: ``/api/v1/...`` and ``/forms/get_form`` (gingr-api-v1.md).

An integration written for Gingr works unchanged against petcare: only the base URL and the
key change. The tenant is the API key's facility. docs/gingr-api.md lists what is implemented
and the choices made where Gingr's behaviour is unknown.
"""

from __future__ import annotations

from aiohttp import web

from petcare_web.gingr import catalog, people, reservations
from petcare_web.gingr.endpoint import Work, gingr_handler
from petcare_web.gingr.owner_login import throttled_login_handler

API_PREFIX = "/api/v1/"

ENDPOINTS: dict[str, Work] = {
    "/api/v1/owners": people.owners,
    "/api/v1/owner": people.owner,
    "/api/v1/animals": people.animals,
    "/api/v1/new_modified_owners": people.new_modified_owners,
    "/api/v1/authorize_owner": people.authorize_owner,
    "/api/v1/get_locations": catalog.get_locations,
    "/api/v1/get_species": catalog.get_species,
    "/api/v1/get_breeds": catalog.get_breeds,
    "/api/v1/get_temperaments": catalog.get_temperaments,
    "/api/v1/get_vets": catalog.get_vets,
    "/api/v1/get_immunization_types": catalog.get_immunization_types,
    "/api/v1/get_animal_immunizations": catalog.get_animal_immunizations,
    "/api/v1/reservations": reservations.reservations,
    "/api/v1/reservations_by_animal": reservations.reservations_by_animal,
    "/api/v1/reservations_by_owner": reservations.reservations_by_owner,
    "/api/v1/reservation_types": reservations.reservation_types,
    "/api/v1/get_services_by_type": reservations.get_services_by_type,
    "/api/v1/recently_cancelled_reservations": reservations.recently_cancelled_reservations,
    "/api/v1/existing_reservation_estimate": reservations.existing_reservation_estimate,
    "/api/v1/back_of_house": reservations.back_of_house,
    "/forms/get_form": catalog.get_form,
}
# Endpoints that check a pet parent's password: their failures count in the login throttle.
LOGIN_ENDPOINTS = frozenset({"/api/v1/authorize_owner"})


def add_gingr_routes(app: web.Application) -> None:
    """Route every endpoint for GET (and HEAD) and POST: Gingr clients use either."""
    for path, work in ENDPOINTS.items():
        handler = (throttled_login_handler if path in LOGIN_ENDPOINTS else gingr_handler)(work)
        app.router.add_get(path, handler)
        app.router.add_post(path, handler)
