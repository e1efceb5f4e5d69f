"""Sign-up rules: reading an email address, matching an existing owner, the password policy."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from petcare_core.domain.common_passwords import COMMON_PASSWORDS
from petcare_core.domain.ids import OwnerId
from petcare_core.domain.owner import Owner
from petcare_core.domain.reasons import Reason

EMAIL_MAX_LENGTH = 254
PASSWORD_MIN_LENGTH = 10
# Long enough for any passphrase or password manager; short enough that hashing a hostile
# megabyte-long "password" cannot be used to burn CPU.
PASSWORD_MAX_LENGTH = 1024
# A national phone number has at least this many digits; a shorter run of digits matching the
# end of the phone is a coincidence, not the phone number.
_PHONE_SUFFIX_MIN_DIGITS = 7
_PHONE_PUNCTUATION = str.maketrans("", "", " +-().")


def normalize_email(raw: str) -> str | None:
    """``raw`` stripped and case-folded, or ``None`` when it is not shaped like an address.

    The check is deliberately loose (one ``@``, a non-empty local part, a dotted domain without
    empty labels, no whitespace or control characters, at most 254 characters): only a
    message that arrives proves an address works.
    """
    email = raw.strip().casefold()
    if not email or len(email) > EMAIL_MAX_LENGTH or email.count("@") != 1:
        return None
    if any(character.isspace() or not character.isprintable() for character in email):
        return None
    local, domain = email.split("@")
    if not local or "." not in domain or "" in domain.split("."):
        return None
    return email


@attrs.frozen
class AmbiguousOwnerMatch(Reason):
    """The email and the phone of a sign-up belong to different customer records."""

    @property
    def message(self) -> str:
        return (
            "Your email address and phone number belong to different customer records at "
            "this facility. Please contact the facility so they can link your login to the "
            "right record."
        )


@attrs.frozen
class NewOwner:
    """No existing owner matches: the sign-up creates one."""


@attrs.frozen
class ExistingOwner:
    """The sign-up is for this existing owner; link the login instead of creating a duplicate."""

    owner_id: OwnerId


def match_owner(
    by_email: Sequence[Owner], by_phone: Sequence[Owner]
) -> NewOwner | ExistingOwner | AmbiguousOwnerMatch:
    """Decide which owner a sign-up is, from the owners found by its email and by its phone.

    No match creates a new owner. One owner in all the matches is that owner. When both
    lookups found owners and exactly one owner is in both, the email and phone agree on it.
    Anything else cannot be decided without the facility.
    """
    email_ids = {owner.id for owner in by_email}
    phone_ids = {owner.id for owner in by_phone}
    every_id = email_ids | phone_ids
    if not every_id:
        return NewOwner()
    if len(every_id) == 1:
        return ExistingOwner(next(iter(every_id)))
    shared = email_ids & phone_ids
    if email_ids and phone_ids and len(shared) == 1:
        return ExistingOwner(next(iter(shared)))
    return AmbiguousOwnerMatch()


@attrs.frozen
class WeakPassword(Reason):
    """The chosen password does not meet the policy; ``problem`` says why and what to do."""

    problem: str

    @property
    def message(self) -> str:
        return f"password: {self.problem}"

    @property
    def field(self) -> str | None:
        return "password"


def _digits(text: str) -> str:
    return "".join(character for character in text if character.isdigit())


def _is_phone(password: str, phone: str) -> bool:
    phone_digits = _digits(phone)
    written = password.translate(_PHONE_PUNCTUATION)
    if not phone_digits or not written.isdigit():
        return False
    # Both the international and the national spelling of the number count as the phone.
    return written == phone_digits or (
        len(written) >= _PHONE_SUFFIX_MIN_DIGITS and phone_digits.endswith(written)
    )


def check_password(password: str, *, email: str = "", phone: str = "") -> tuple[WeakPassword, ...]:
    """Every way ``password`` fails the policy (empty when it is acceptable).

    At least 10 and at most 1024 characters; not the account's email, its local part or its
    phone number; not one of the most common passwords (case-insensitively).
    """
    problems: list[WeakPassword] = []
    if len(password) < PASSWORD_MIN_LENGTH:
        problems.append(
            WeakPassword(
                f"use at least {PASSWORD_MIN_LENGTH} characters; a short phrase of "
                "several words is easy to remember"
            )
        )
    if len(password) > PASSWORD_MAX_LENGTH:
        problems.append(WeakPassword(f"use at most {PASSWORD_MAX_LENGTH} characters"))
    folded = password.casefold()
    email = email.strip().casefold()
    local = email.split("@", 1)[0]
    if folded and folded in {email, local}:
        problems.append(WeakPassword("do not use your email address as your password"))
    if _is_phone(password, phone):
        problems.append(WeakPassword("do not use your phone number as your password"))
    if folded in COMMON_PASSWORDS:
        problems.append(
            WeakPassword("this is one of the most common passwords; choose something less obvious")
        )
    return tuple(problems)
