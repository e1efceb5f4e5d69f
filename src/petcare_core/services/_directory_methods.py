"""The facade's read methods for staff and integrations (the Gingr-compatible API)."""

from __future__ import annotations

from petcare_core.services.context import ServiceContext


class DirectoryMethods:
    """Staff and integration reads: owners, animals and their lookups (part of the facade)."""

    _ctx: ServiceContext
