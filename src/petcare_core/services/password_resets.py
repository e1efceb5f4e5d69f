"""Forgotten passwords: a single-use link, valid for one hour, sent to the login's email or phone.

Asking for a link never reveals whether an account exists: every well-formed request gets the
same answer, whether or not a message went out.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import attrs
from returns.result import Failure, Result, Success

from petcare_core.domain.account import PortalAccount
from petcare_core.domain.ids import PasswordResetTokenId
from petcare_core.domain.messages import Message
from petcare_core.domain.owner import Channel, MessageCategory
from petcare_core.domain.password_reset import (
    RESET_TOKEN_LIFETIME,
    hash_reset_token,
    issue_reset_token,
    may_issue_another,
    reset_token_problem,
)
from petcare_core.domain.reasons import InvalidValue, Reason, Rejection, RequiredValueMissing
from petcare_core.domain.signup import check_password, normalize_email
from petcare_core.ports.unit_of_work import PlatformUnitOfWork
from petcare_core.services._checks import Checks
from petcare_core.services._messages import deliver
from petcare_core.services.context import ServiceContext

# An email address is at most 254 characters; anything longer cannot be a login.
LOGIN_MAX_LENGTH = 254
RESET_URL_MAX_LENGTH = 2000
TOKEN_BYTES = 32
# A token is 43 URL-safe characters; a longer "token" is not one of ours.
TOKEN_MAX_LENGTH = 128
_LIFETIME_MINUTES = int(RESET_TOKEN_LIFETIME.total_seconds() // 60)


@attrs.frozen
class PasswordResetRequested:
    """The answer to every well-formed request, whether or not an account exists."""

    @property
    def message(self) -> str:
        """What to tell the person who asked."""
        return (
            "If an account exists for this email address or phone number, we have sent it a "
            f"link to reset the password. The link works once, within {_LIFETIME_MINUTES} "
            "minutes."
        )


def _login(
    ctx: ServiceContext, checks: Checks, login: str, phone_region: str | None
) -> tuple[str, list[str]]:
    """The email, or the phone numbers (one per region to try), that ``login`` can be."""
    text = login.strip()
    if not text:
        checks.add(RequiredValueMissing("login"))
        return "", []
    problem = "is not an email address or a phone number; write name@example.com or your mobile"
    if len(text) > LOGIN_MAX_LENGTH:
        checks.add(InvalidValue("login", problem))
        return "", []
    if "@" in text:
        email = normalize_email(text)
        if email is None:
            checks.add(InvalidValue("login", problem))
        return email or "", []
    regions = dict.fromkeys(r for r in (phone_region, ctx.default_phone_region) if r)
    phones = [p for p in (ctx.phones.to_e164(text, region) for region in regions) if p]
    if not phones:
        checks.add(InvalidValue("login", problem))
    return "", list(dict.fromkeys(phones))


def _reset_url(checks: Checks, raw: str) -> str:
    url = raw.strip()
    parts = urlsplit(url)
    if (
        len(url) > RESET_URL_MAX_LENGTH
        or parts.scheme not in ("http", "https")
        or not parts.netloc
        or parts.fragment
        or any(character.isspace() or not character.isprintable() for character in url)
    ):
        checks.add(
            InvalidValue(
                "reset_url",
                "must be an absolute http(s) address without a #fragment, such as "
                "https://portal.example.com/reset-password",
            )
        )
    return url


def _find(
    uow: PlatformUnitOfWork, email: str, phones: list[str]
) -> tuple[PortalAccount, Channel] | None:
    if email:
        account = uow.accounts.find_by_email(email)
        return None if account is None else (account, Channel.EMAIL)
    for phone in phones:
        account = uow.accounts.find_by_phone(phone)
        if account is not None:
            return account, Channel.SMS
    return None


def _reset_message(channel: Channel, to: str, link: str) -> Message:
    if channel is Channel.SMS:
        body = f"Reset your pet portal password (the link works once, for 1 hour): {link}"
    else:
        body = (
            "Someone, hopefully you, asked to reset the password of your pet portal account.\n\n"
            f"Open this link within {_LIFETIME_MINUTES} minutes to choose a new password (it "
            f"works once):\n\n{link}\n\n"
            "If you did not ask for this, ignore this message: your password stays as it is."
        )
    return Message(
        channel=channel,
        to=to,
        subject="Reset your password",
        body=body,
        category=MessageCategory.TRANSACTIONAL,
        requested=True,
    )


def request_password_reset(
    ctx: ServiceContext, login: str, reset_url: str, *, phone_region: str | None = None
) -> Result[PasswordResetRequested, Rejection]:
    """Send a password reset link to the account whose email or phone is ``login``.

    ``login`` is read as in ``authenticate_portal_account``. The link is ``reset_url`` with
    ``token=<token>`` added to its query; it works once, for one hour. The message goes to the
    email when ``login`` is one, else by SMS to the phone. An account with three live links
    gets no further one until they end (so nobody can flood an inbox), and a message that cannot
    be delivered is logged; neither changes the answer.

    Rejections (about the input only, never about whether an account exists): ``login``
    missing, or neither an email address nor a phone number; ``reset_url`` not an absolute
    http(s) address.
    """
    checks = Checks()
    email, phones = _login(ctx, checks, login, phone_region)
    base = _reset_url(checks, reset_url)
    if checks.failed:
        return checks.failure()
    sent = Success(PasswordResetRequested())
    now = ctx.clock.now()
    with ctx.uows.platform() as uow:
        found = _find(uow, email, phones)
        if found is None:
            return sent
        account, channel = found
        if not may_issue_another(uow.reset_tokens.list_for_account(account.id), now):
            return sent
        token = ctx.secrets.token(TOKEN_BYTES)
        token_id = PasswordResetTokenId(uow.new_id())
        uow.reset_tokens.add(issue_reset_token(token_id, account.id, token, now))
        uow.commit()
    separator = "&" if urlsplit(base).query else "?"
    to = account.email if channel is Channel.EMAIL else account.phone
    deliver(ctx, _reset_message(channel, to, f"{base}{separator}token={token}"), None)
    return sent


def reset_password(
    ctx: ServiceContext, token: str, new_password: str
) -> Result[PortalAccount, Rejection]:
    """Choose a new password with a reset link's token; returns the account.

    The token is used up, and every other live link of the account stops working.

    Rejections, all at once: the token unknown (``ResetLinkInvalid``), used
    (``ResetLinkUsed``), ended by another link (``ResetLinkReplaced``) or over an hour old
    (``ResetLinkExpired``); the password policy (``WeakPassword``).
    """
    text = token.strip()
    now = ctx.clock.now()
    with ctx.uows.platform() as uow:
        found = None
        if 0 < len(text) <= TOKEN_MAX_LENGTH:
            found = uow.reset_tokens.find_by_hash(hash_reset_token(text))
        account = None if found is None else uow.accounts.get(found.account_id)
        reasons: list[Reason] = []
        if (problem := reset_token_problem(found, now)) is not None:
            reasons.append(problem)
        email, phone = ("", "") if account is None else (account.email, account.phone)
        reasons.extend(check_password(new_password, email=email, phone=phone))
        if reasons or found is None or account is None:
            return Failure(Rejection(tuple(reasons)))
        stored = uow.accounts.update(
            attrs.evolve(account, password_hash=ctx.passwords.hash(new_password))
        )
        uow.reset_tokens.update(found.used(now))
        for other in uow.reset_tokens.list_for_account(account.id):
            if other.id != found.id and other.is_live(now):
                uow.reset_tokens.update(other.revoked(now))
        uow.commit()
    return Success(stored)
