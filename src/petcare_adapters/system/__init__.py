"""Ports backed by the machine: system clock, argon2id hashing, OS randomness, libphonenumber."""

from petcare_adapters.system.clock import SystemClock
from petcare_adapters.system.passwords import Argon2PasswordHasher
from petcare_adapters.system.phones import LibPhoneNumberNormalizer
from petcare_adapters.system.secrets import SecureSecretGenerator

__all__ = [
    "Argon2PasswordHasher",
    "LibPhoneNumberNormalizer",
    "SecureSecretGenerator",
    "SystemClock",
]
