"""Every typed key of the web application's state, defined once.

Application keys (``web.AppKey``) hold what ``create_app`` and its cleanup contexts put in the
application; request keys (``web.RequestKey``) what middlewares attach to a request. Read
application keys with ``request.config_dict[KEY]`` so that nested applications see them too.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from aiohttp import web

from petcare_core.services import PetcareServices
from petcare_web.answer_cache import AnswerCache
from petcare_web.config import WebConfig

ErrorPage = Callable[[int, str, str, str], str]
"""Renders an HTML error page from (status, title, message, request id)."""

SERVICES = web.AppKey("petcare_services", PetcareServices)
CONFIG = web.AppKey("petcare_web_config", WebConfig)
EXECUTOR = web.AppKey("petcare_use_case_executor", ThreadPoolExecutor)
# Successful Gingr answers, kept for WebConfig.gingr_cache_seconds (docs/adr/0010).
GINGR_ANSWERS = web.AppKey("petcare_gingr_answers", AnswerCache)
# The portal may replace it with a page in its own layout; the default is plain HTML.
ERROR_PAGE: web.AppKey[ErrorPage] = web.AppKey("petcare_error_page")

REQUEST_ID = web.RequestKey("petcare_request_id", str)
