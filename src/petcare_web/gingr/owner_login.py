"""``authorize_owner``'s throttle: its failed logins count with the portal's.

``authorize_owner`` checks a pet parent's portal password, so it is a way to guess passwords
like the portal's login page and JSON API. Its failures are counted in the same
``LoginThrottle`` (the portal's ``LOGIN_THROTTLE``), under the same keys (``throttle_keys``):
five failures per login and per client address in 15 minutes, wherever they were made, make
further attempts wait.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

from petcare_web.errors import ApiError
from petcare_web.gingr.endpoint import GingrCall, Work, gingr_handler
from petcare_web.gingr.envelope import ErrorKind, GingrError
from petcare_web.portal.state import LOGIN_THROTTLE
from petcare_web.portal.throttle import LoginThrottle, throttle_keys


class LoginRefused(GingrError):
    """A login and password that do not match: the failure the throttle counts.

    Other errors (no key, a missing permission, no password given) are no guess at a password
    and are not counted.
    """

    def __init__(self, message: str) -> None:
        super().__init__(ErrorKind.INPUT, message)


def too_many_attempts(wait_seconds: int) -> ApiError:
    """The 429 error envelope telling how long to wait, with ``Retry-After``.

    The same for every login, known or not, so that it tells nothing about which exist.
    """
    minutes = max(1, (wait_seconds + 59) // 60)
    return ApiError(
        f"too many attempts to log in; try again in {minutes} minute"
        f"{'s' if minutes != 1 else ''}, or have the owner reset their password",
        status=429,
        code="too_many_requests",
        headers={"Retry-After": str(wait_seconds)},
    )


def _guarded(work: Work, throttle: LoginThrottle, remote: str | None) -> Work:
    """``work`` checked against and counted in ``throttle``.

    It runs on the use-case thread after the key is authenticated, so a caller without a valid
    key learns nothing about the throttle; ``LoginThrottle`` is thread-safe.
    """

    def run(call: GingrCall) -> bytes:
        keys = throttle_keys(call.params.text("email"), remote)
        wait = throttle.retry_after(keys, call.services.clock.now())
        if wait is not None:
            raise too_many_attempts(wait)
        try:
            body = work(call)
        except LoginRefused:
            throttle.record_failure(keys, call.services.clock.now())
            raise
        # As at the portal's login: a success clears the login's failures, not the address's.
        throttle.forget(keys[0])
        return body

    return run


def throttled_login_handler(work: Work) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """The aiohttp handler of a Gingr endpoint that checks a portal password (``work`` raises
    ``LoginRefused`` for a wrong one), throttled with the portal's logins."""
    # Only for an application without the portal (``create_app`` always installs it): the
    # endpoint is then throttled on its own rather than not at all.
    own = LoginThrottle()

    async def handle(request: web.Request) -> web.StreamResponse:
        shared = request.config_dict.get(LOGIN_THROTTLE)
        throttle = own if shared is None else shared
        # Never cached: every password check must run (and count in the throttle).
        guarded = _guarded(work, throttle, request.remote)
        return await gingr_handler(guarded, cacheable=False)(request)

    return handle
