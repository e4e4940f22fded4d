"""Every mail the site sends leaves through this backend: it gives each message a
Message-ID in the site's own domain (RFC 5322 §3.6.4: globally unique; Django would take
the machine's hostname) and hands it to the configured transport
(SAMVERKAN_EMAIL_BACKEND: SMTP, or files under var/mail). The sender is
DEFAULT_FROM_EMAIL, set by the services; Django adds Date and the MIME structure."""

from collections.abc import Sequence
from email.utils import make_msgid
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend


def site_url(path: str) -> str:
    """An absolute address for a link in a mail (a mail has no request to take it from);
    `path` is reversed as usual, so a collaboration's path prefix is in it when the mail
    is sent from inside a request of that collaboration."""
    return f"{settings.SAMVERKAN_BASE_URL}{path}"


def message_id() -> str:
    return make_msgid(domain=settings.SAMVERKAN_SITE_DOMAIN)


def stamp(message: EmailMessage) -> EmailMessage:
    """The site's Message-ID on a message that has none."""
    if "message-id" not in {name.lower() for name in message.extra_headers}:
        message.extra_headers["Message-ID"] = message_id()
    return message


class SiteDomainBackend(BaseEmailBackend):
    def __init__(self, fail_silently: bool = False, **kwargs: Any) -> None:
        super().__init__(fail_silently=fail_silently)
        self.transport = get_connection(
            settings.SAMVERKAN_EMAIL_BACKEND, fail_silently=fail_silently, **kwargs
        )

    def open(self) -> bool | None:
        return self.transport.open()

    def close(self) -> None:
        self.transport.close()

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        messages = [stamp(m) for m in email_messages]
        return self.transport.send_messages(messages)


def problems(message: EmailMessage) -> list[str]:
    """What is wrong with a message as sent, for the tests: the sender, the Message-ID's
    domain, the Date, MIME that does not parse cleanly."""
    import email
    import re
    from email import policy

    found = []
    if message.from_email != settings.DEFAULT_FROM_EMAIL:
        found.append(f"From {message.from_email!r}, not DEFAULT_FROM_EMAIL")
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=policy.default)
    domain = re.escape(settings.SAMVERKAN_SITE_DOMAIN)
    if not re.fullmatch(rf"<[^@<>\s]+@{domain}>", str(parsed["Message-ID"] or "")):
        found.append(f"Message-ID {parsed['Message-ID']!r} not in {settings.SAMVERKAN_SITE_DOMAIN}")
    if not parsed["Date"] or parsed["Date"].datetime is None:
        found.append("no Date")
    if parsed["MIME-Version"] != "1.0":
        found.append("no MIME-Version 1.0")
    for part in parsed.walk():
        if part.defects:
            found.append(f"{part.get_content_type()}: {part.defects}")
    return found
