"""The facade's methods behind the customer portal: leads, password resets, notifications."""

from __future__ import annotations

from petcare_core.services.context import ServiceContext


class PortalMethods:
    """Contact Us and account-deletion leads, password resets, notification center (part of the
    facade)."""

    _ctx: ServiceContext
