"""``create_app``: the aiohttp application over a ready ``PetcareServices``.

It never reads the environment and never imports adapters: the caller (``petcare serve``, a
test, an embedding application) builds the services and the ``WebConfig`` and owns them.
"""

from __future__ import annotations

from aiohttp import web

from petcare_core.services import PetcareServices
from petcare_web.answer_cache import AnswerCache
from petcare_web.config import WebConfig
from petcare_web.errors import error_middleware
from petcare_web.executor import executor_context
from petcare_web.gingr import add_gingr_routes
from petcare_web.health import healthz
from petcare_web.keys import CONFIG, ERROR_PAGE, GINGR_ANSWERS, SERVICES
from petcare_web.middlewares import request_context_middleware, security_headers_middleware
from petcare_web.openapi import add_openapi_route
from petcare_web.portal import add_portal_routes, portal_error_page
from petcare_web.portal_api import add_portal_api_routes
from petcare_web.staff_api import add_staff_api_routes


def create_app(services: PetcareServices, config: WebConfig) -> web.Application:
    """The web application: portal pages, portal and staff APIs, Gingr-compatible ``/api/v1``
    and ``/forms``, the OpenAPI document and a health check.

    Middlewares, outermost first: request id and access log, security headers, errors. The
    use-case thread pool starts and stops with the application (a cleanup context).
    """
    app = web.Application(
        client_max_size=config.max_body_bytes,
        middlewares=[
            request_context_middleware,
            security_headers_middleware,
            error_middleware,
        ],
    )
    app[SERVICES] = services
    app[CONFIG] = config
    app[GINGR_ANSWERS] = AnswerCache(config.gingr_cache_seconds)
    # HTML error pages in the customer portal's layout.
    app[ERROR_PAGE] = portal_error_page
    app.cleanup_ctx.append(executor_context)
    app.router.add_get("/healthz", healthz)
    add_gingr_routes(app)
    add_portal_routes(app)
    add_portal_api_routes(app)
    add_staff_api_routes(app)
    add_openapi_route(app)
    return app
