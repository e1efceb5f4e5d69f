"""The staff API under ``/staff/api/``: the writes and reads a business's own tools need.

Authenticated by an API key (``Authorization: Bearer <key>`` or ``X-Api-Key``) whose staff
user holds ``api.access``; the tenant is the key's facility, and each use case checks the
permission it needs (a missing one is a 403 naming it). docs/api.md describes every endpoint.
"""

from __future__ import annotations

from aiohttp import web

from petcare_web.staff_api import (
    agreements,
    booking_catalog,
    capacity_pools,
    facility,
    leads,
    people,
    reservation_actions,
    reservations,
    reviews,
)

PREFIX = "/staff/api"


def add_staff_api_routes(app: web.Application) -> None:
    """Route the staff API in ``app``."""
    router = app.router
    router.add_get(f"{PREFIX}/owners", people.list_owners)
    router.add_post(f"{PREFIX}/owners", people.create_owner)
    router.add_get(f"{PREFIX}/owners/{{id}}", people.get_owner)
    router.add_patch(f"{PREFIX}/owners/{{id}}", people.patch_owner)
    router.add_get(f"{PREFIX}/animals", people.list_animals)
    router.add_post(f"{PREFIX}/animals", people.create_animal)
    router.add_get(f"{PREFIX}/animals/{{id}}", people.get_animal)
    router.add_patch(f"{PREFIX}/animals/{{id}}", people.patch_animal)
    router.add_post(f"{PREFIX}/animals/{{id}}/incidents", people.add_incident)
    router.add_get(f"{PREFIX}/animals/{{id}}/immunizations", reviews.animal_records)
    router.add_get(f"{PREFIX}/immunizations/queue", reviews.review_queue)
    router.add_post(f"{PREFIX}/immunizations/{{id}}/verify", reviews.verify)
    router.add_post(f"{PREFIX}/immunizations/{{id}}/reject", reviews.reject)
    router.add_get(f"{PREFIX}/immunizations/{{id}}/document", reviews.document)
    router.add_get(f"{PREFIX}/leads", leads.leads_report)
    router.add_post(f"{PREFIX}/leads/{{id}}/processed", leads.mark_processed)
    router.add_get(f"{PREFIX}/notifications", leads.notifications)
    router.add_post(f"{PREFIX}/notifications/{{id}}/read", leads.mark_read)
    router.add_get(f"{PREFIX}/facility", facility.get_facility)
    router.add_get(f"{PREFIX}/facility/settings", facility.get_settings)
    router.add_patch(f"{PREFIX}/facility/settings", facility.patch_settings)
    _add_booking_routes(router)


def _add_booking_routes(router: web.UrlDispatcher) -> None:
    """The booking catalog, agreements, evaluations and reservations."""
    router.add_get(f"{PREFIX}/reservation-types", booking_catalog.list_types)
    router.add_post(f"{PREFIX}/reservation-types", booking_catalog.create_type)
    router.add_get(f"{PREFIX}/reservation-types/{{id}}", booking_catalog.get_type)
    router.add_patch(f"{PREFIX}/reservation-types/{{id}}", booking_catalog.patch_type)
    router.add_get(f"{PREFIX}/additional-services", booking_catalog.list_services)
    router.add_post(f"{PREFIX}/additional-services", booking_catalog.create_service)
    router.add_patch(f"{PREFIX}/additional-services/{{id}}", booking_catalog.patch_service)
    router.add_get(f"{PREFIX}/capacity-pools", capacity_pools.list_pools)
    router.add_post(f"{PREFIX}/capacity-pools", capacity_pools.create_pool)
    router.add_patch(f"{PREFIX}/capacity-pools/{{id}}", capacity_pools.patch_pool)
    router.add_get(f"{PREFIX}/capacity-pools/{{id}}/lodgings", capacity_pools.list_lodgings)
    router.add_post(f"{PREFIX}/capacity-pools/{{id}}/lodgings", capacity_pools.add_lodging)
    router.add_patch(f"{PREFIX}/lodgings/{{id}}", capacity_pools.patch_lodging)
    router.add_get(f"{PREFIX}/agreements", agreements.list_agreements)
    router.add_post(f"{PREFIX}/agreements", agreements.create_agreement)
    router.add_get(f"{PREFIX}/agreements/{{id}}", agreements.get_agreement)
    router.add_patch(f"{PREFIX}/agreements/{{id}}", agreements.patch_agreement)
    router.add_post(f"{PREFIX}/agreements/{{id}}/versions", agreements.publish_version)
    router.add_get(f"{PREFIX}/animals/{{id}}/evaluations", agreements.list_evaluations)
    router.add_post(f"{PREFIX}/animals/{{id}}/evaluations", agreements.record_evaluation)
    router.add_get(f"{PREFIX}/reservations", reservations.list_reservations)
    router.add_post(f"{PREFIX}/reservations", reservation_actions.book)
    router.add_post(f"{PREFIX}/reservations/evaluate", reservation_actions.evaluate)
    router.add_get(f"{PREFIX}/reservations/{{id}}", reservations.get_reservation)
    router.add_get(f"{PREFIX}/reservations/{{id}}/estimate", reservations.get_estimate)
    actions = {
        "approve": reservation_actions.approve,
        "deny": reservation_actions.deny,
        "waitlist": reservation_actions.waitlist,
        "requeue": reservation_actions.requeue,
        "check-in": reservation_actions.check_in,
        "check-out": reservation_actions.check_out,
        "no-show": reservation_actions.no_show,
        "cancel": reservation_actions.cancel,
        "lodging": reservation_actions.assign_lodging,
        "staff": reservation_actions.assign_staff,
        "reschedule": reservation_actions.reschedule,
        "book-again": reservation_actions.book_again,
    }
    for action, handler in actions.items():
        router.add_post(f"{PREFIX}/reservations/{{id}}/{action}", handler)
    router.add_get(f"{PREFIX}/locations/{{id}}/day-sheet", reservations.day_sheet)
