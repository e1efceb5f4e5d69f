"""The staff API under ``/staff/api/``: the writes and reads a business's own tools need.

Authenticated by an API key (``Authorization: Bearer <key>`` or ``X-Api-Key``) whose staff
user holds ``api.access``; the tenant is the key's facility, and each use case checks the
permission it needs (a missing one is a 403 naming it). docs/api.md describes every endpoint.
"""

from __future__ import annotations

from aiohttp import web

from petcare_web.staff_api import facility, leads, people, reviews

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
