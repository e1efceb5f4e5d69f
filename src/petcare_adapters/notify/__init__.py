"""Notifiers: deliver email and SMS messages (``petcare_core.ports.notifications.Notifier``).

``ConsoleNotifier`` writes messages to a stream (the default: development, demos, and SMS until
an SMS gateway adapter exists); ``SmtpNotifier`` sends email through an SMTP server;
``ChannelRouter`` sends each channel through its own notifier. None of them decides whether a
message may be sent: the core applies the owner's preferences before calling them.
"""

from petcare_adapters.notify.console import ConsoleNotifier
from petcare_adapters.notify.routing import ChannelRouter
from petcare_adapters.notify.smtp import SmtpNotifier

__all__ = ["ChannelRouter", "ConsoleNotifier", "SmtpNotifier"]
