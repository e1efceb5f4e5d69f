"""Signing up (at a facility, or anywhere with an invite code), logging in and out, and
forgotten passwords."""

from __future__ import annotations

from functools import partial

from aiohttp import web
from returns.result import Failure

from petcare_core.domain.account import PortalAccount
from petcare_core.domain.facility import Facility
from petcare_core.services import SignUp
from petcare_core.services.password_resets import PasswordResetRequested
from petcare_web.portal.forms import NO_ERRORS, FormErrors, form_errors, single_error, text_fields
from petcare_web.portal.state import LOGIN_THROTTLE
from petcare_web.portal.throttle import throttle_keys
from petcare_web.portal.visit import Visit, portal_page

SIGN_UP_LABELS = {
    "first_name": "First name",
    "last_name": "Last name",
    "email": "Email address",
    "phone": "Mobile phone",
    "password": "Password",
}
JOIN_LABELS = {"invite_code": "Invite code", **SIGN_UP_LABELS}
LOGIN_LABELS = {"login": "Email address or mobile phone", "password": "Password"}
RESET_LABELS = {"password": "New password", "confirm": "New password again"}
# The same words for an unknown login and a wrong password: they must not tell which it was.
LOGIN_FAILED = (
    "The email address, phone number or password is not right. Check them and try again, or "
    "reset your password."
)


def _signed_up(visit: Visit, account: PortalAccount, facility: Facility) -> web.Response:
    visit.log_in(account)
    return visit.redirect(f"/f/{facility.slug}/?notice=signed-up")


def _sign_up_command(visit: Visit, *, slug: str = "", invite_code: str = "") -> SignUp:
    values = text_fields(visit.form, SIGN_UP_LABELS)
    return SignUp(
        first_name=values["first_name"],
        last_name=values["last_name"],
        password=values["password"],
        email=values["email"],
        phone=values["phone"],
        facility_slug=slug,
        invite_code=invite_code,
    )


@portal_page()
async def sign_up(request: web.Request, visit: Visit) -> web.StreamResponse:
    """``/f/{slug}/signup``: a new login at this facility (linked to a matching owner)."""
    assert visit.facility is not None
    if visit.account is not None:
        return visit.redirect(f"{visit.base}/")
    values = text_fields(visit.form, SIGN_UP_LABELS)
    if request.method == "GET":
        return visit.render("signup.html", errors=NO_ERRORS, values=values, join=False)
    command = _sign_up_command(visit, slug=visit.facility.slug)
    result = await visit.call(visit.services.sign_up, command)
    if isinstance(result, Failure):
        errors = form_errors(result.failure().reasons, SIGN_UP_LABELS)
        return visit.render("signup.html", status=422, errors=errors, values=values, join=False)
    return _signed_up(visit, result.unwrap().account, visit.facility)


@portal_page(with_facility=False)
async def join(request: web.Request, visit: Visit) -> web.StreamResponse:
    """``/join``: sign up with the invite code a facility gave out (no facility in the URL)."""
    values = text_fields(visit.form, JOIN_LABELS)
    if request.method == "GET":
        return visit.render("signup.html", errors=NO_ERRORS, values=values, join=True)
    command = _sign_up_command(visit, invite_code=values["invite_code"])
    result = await visit.call(visit.services.sign_up, command)
    if isinstance(result, Failure):
        errors = form_errors(result.failure().reasons, JOIN_LABELS)
        return visit.render("signup.html", status=422, errors=errors, values=values, join=True)
    linked = result.unwrap()
    facility = await visit.call(visit.services.get_facility, linked.facility_id)
    return _signed_up(visit, linked.account, facility)


@portal_page()
async def log_in(request: web.Request, visit: Visit) -> web.StreamResponse:
    """``/f/{slug}/login``: log in by email or mobile phone and password, throttled."""
    assert visit.facility is not None
    after = visit.safe_next(request.query.get("next", ""), f"{visit.base}/")
    values = text_fields(visit.form, ("login",))
    if request.method == "GET":
        return visit.render("login.html", errors=NO_ERRORS, values=values, next=after)
    throttle = request.config_dict[LOGIN_THROTTLE]
    keys = throttle_keys(values["login"], request.remote)
    wait = throttle.retry_after(keys, visit.now())
    if wait is not None:
        minutes = max(1, (wait + 59) // 60)
        return visit.message_page(
            429,
            "Too many attempts",
            f"There have been too many unsuccessful attempts to log in. For your security, wait "
            f"{minutes} minute{'s' if minutes != 1 else ''} before trying again, or reset your "
            "password.",
            headers={"Retry-After": str(wait)},
            forgot_link=True,
        )
    result = await visit.call(
        partial(
            visit.services.authenticate_portal_account,
            values["login"],
            visit.text("password"),
            phone_region=visit.facility.settings.phone_region,
        )
    )
    if isinstance(result, Failure):
        throttle.record_failure(keys, visit.now())
        errors = single_error(LOGIN_FAILED)
        return visit.render("login.html", status=422, errors=errors, values=values, next=after)
    throttle.forget(keys[0])
    visit.log_in(result.unwrap())
    return visit.redirect(after)


@portal_page()
async def log_out(request: web.Request, visit: Visit) -> web.StreamResponse:
    """``POST /f/{slug}/logout``: end the session."""
    visit.log_out()
    return visit.redirect(f"{visit.base}/?notice=logged-out")


def _reset_url(visit: Visit) -> str:
    site = visit.config.site_url(visit.request.scheme, visit.request.host)
    return f"{site}{visit.base}/reset-password"


@portal_page()
async def forgot_password(request: web.Request, visit: Visit) -> web.StreamResponse:
    """``/f/{slug}/forgot-password``: ask for a reset link; the answer never says whether an
    account exists."""
    assert visit.facility is not None
    values = text_fields(visit.form, ("login",))
    sent = PasswordResetRequested().message if request.query.get("sent") else ""
    if request.method == "GET":
        return visit.render("forgot.html", errors=NO_ERRORS, values=values, sent=sent)
    result = await visit.call(
        partial(
            visit.services.request_password_reset,
            values["login"],
            _reset_url(visit),
            phone_region=visit.facility.settings.phone_region,
        )
    )
    if isinstance(result, Failure):
        errors = form_errors(result.failure().reasons, {"login": LOGIN_LABELS["login"]})
        return visit.render("forgot.html", status=422, errors=errors, values=values, sent="")
    return visit.redirect(f"{visit.base}/forgot-password?sent=1")


@portal_page()
async def reset_password(request: web.Request, visit: Visit) -> web.StreamResponse:
    """``/f/{slug}/reset-password?token=...``: choose a new password with a reset link."""
    token = visit.text("token") if request.method == "POST" else request.query.get("token", "")
    if not token:
        return visit.message_page(
            400,
            "This link is incomplete",
            "The password reset link is missing its code. Copy the whole link from the message, "
            "or ask for a new one.",
            forgot_link=True,
        )
    if request.method == "GET":
        return visit.render("reset.html", errors=NO_ERRORS, token=token)
    password = visit.text("password")
    errors: FormErrors = NO_ERRORS
    if password != visit.text("confirm"):
        errors = single_error(
            "The two passwords are different; type the same one twice.",
            "confirm",
            "New password again",
        )
    else:
        result = await visit.call(visit.services.reset_password, token, password)
        if not isinstance(result, Failure):
            visit.log_out()
            return visit.redirect(f"{visit.base}/login?notice=password-changed")
        errors = form_errors(result.failure().reasons, RESET_LABELS)
    return visit.render("reset.html", status=422, errors=errors, token=token)
