"""Leads and staff notifications in the staff API: the leads report (Contact Us and account
deletion requests), marking a lead processed, and the "New Lead Received" notifications."""

from __future__ import annotations

import functools

from aiohttp import web

from petcare_core.domain.ids import LeadSubmissionId, StaffNotificationId
from petcare_core.domain.leads import LeadKind
from petcare_web.portal_api.jsonio import path_id, read_json, read_query
from petcare_web.portal_api.rejections import ok
from petcare_web.staff_api import views
from petcare_web.staff_api.auth import StaffCall, as_staff

LEAD_KINDS = tuple(kind.value for kind in LeadKind)
_BOOLEANS = ("true", "false")


def _leads(kind: str | None, call: StaffCall) -> object:
    leads = ok(call.services.leads_report(call.facility_id, call.actor, kind))
    return {"leads": [views.lead_json(lead) for lead in leads]}


async def leads_report(request: web.Request) -> web.Response:
    """``GET /staff/api/leads?kind=contact_us|delete_owner_account``: leads, newest first
    (``owners.read``)."""
    query = read_query(request, {"kind": LEAD_KINDS})
    return await as_staff(request, functools.partial(_leads, query.get("kind")))


def _processed(lead_id: LeadSubmissionId, call: StaffCall) -> object:
    lead = ok(call.services.mark_lead_processed(call.facility_id, call.actor, lead_id))
    return views.lead_json(lead)


async def mark_processed(request: web.Request) -> web.Response:
    """``POST /staff/api/leads/{id}/processed``: staff dealt with the lead (``owners.write``;
    409 when it was processed before)."""
    lead_id = LeadSubmissionId(path_id(request, "id", "lead_id"))
    await read_json(request, {})
    return await as_staff(request, functools.partial(_processed, lead_id))


def _notifications(unread_only: bool, call: StaffCall) -> object:
    found = ok(call.services.staff_notifications(call.facility_id, call.actor, unread_only))
    return {"notifications": [views.notification_json(item) for item in found]}


async def notifications(request: web.Request) -> web.Response:
    """``GET /staff/api/notifications?unread=true``: staff notifications, newest first
    (``owners.read``)."""
    query = read_query(request, {"unread": _BOOLEANS})
    unread_only = query.get("unread") == "true"
    return await as_staff(request, functools.partial(_notifications, unread_only))


def _read(notification_id: StaffNotificationId, call: StaffCall) -> object:
    item = ok(
        call.services.mark_staff_notification_read(call.facility_id, call.actor, notification_id)
    )
    return views.notification_json(item)


async def mark_read(request: web.Request) -> web.Response:
    """``POST /staff/api/notifications/{id}/read``: mark a notification read (``owners.read``)."""
    notification_id = StaffNotificationId(path_id(request, "id", "notification_id"))
    await read_json(request, {})
    return await as_staff(request, functools.partial(_read, notification_id))
