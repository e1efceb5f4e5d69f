"""Phone numbers as people write them, read with libphonenumber."""

from __future__ import annotations

import phonenumbers


class LibPhoneNumberNormalizer:
    """The ``PhoneNumberNormalizer`` port over the ``phonenumbers`` package."""

    def to_e164(self, raw: str, region: str) -> str | None:
        """``raw`` as E.164, reading it in ``region`` (ISO 3166 alpha-2) when it has no ``+``.

        ``None`` for anything libphonenumber does not consider a valid, dialable number —
        including an unknown region for a number written without a country code.
        """
        text = raw.strip()
        if not text:
            return None
        try:
            number = phonenumbers.parse(text, region.upper() or None)
        except phonenumbers.NumberParseException:
            return None
        if not phonenumbers.is_valid_number(number):
            return None
        formatted: str = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        return formatted
