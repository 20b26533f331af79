"""Outgoing e-mail through a pluggable sender: the default writes messages to the log, tests record them.

A deployment plugs in an SMTP or API sender implementing :class:`EmailSender`; the account services only
ever call ``send``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Protocol

log = logging.getLogger("clusterobs.platform.mail")


@dataclass(frozen=True)
class EmailMessage:
    to: str
    subject: str
    body: str


class EmailSender(Protocol):
    def send(self, message: EmailMessage) -> None: ...


class LogEmailSender:
    """Writes each message to the ``clusterobs.platform.mail`` logger (development and demo)."""

    def send(self, message: EmailMessage) -> None:
        log.info("e-mail to %s: %s\n%s", message.to, message.subject, message.body)


@dataclass
class RecordingEmailSender:
    """Keeps messages in memory (tests, and pages that show 'the e-mail we would have sent')."""

    outbox: list[EmailMessage] = field(default_factory=list)

    def send(self, message: EmailMessage) -> None:
        self.outbox.append(message)


__all__ = ["EmailMessage", "EmailSender", "LogEmailSender", "RecordingEmailSender"]
