"""In-app notifications, with e-mail when configured. Sent after the transaction commits."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from .models import Notification

logger = logging.getLogger(__name__)


def notify(users: Iterable[Any], message: str, url: str = "") -> None:
    """Store a notification for each user now; e-mail after commit if KINERJA_NOTIFY_EMAIL."""
    recipients = [u for u in users if u is not None]
    if not recipients:
        return
    Notification.objects.bulk_create(
        [Notification(user=u, message=str(message)[:500], url=url) for u in recipients]
    )
    if not getattr(settings, "KINERJA_NOTIFY_EMAIL", False):
        return
    addresses = [u.email for u in recipients if getattr(u, "email", "")]
    if addresses:

        def send() -> None:
            # One message per person: recipients never see each other's addresses.
            for address in addresses:
                try:
                    send_mail(
                        "Kinerja", f"{message}\n\n{url}", None, [address], fail_silently=False
                    )
                except Exception:  # noqa: BLE001 - mail trouble must not break the workflow
                    logger.exception("notification e-mail to one recipient failed")

        transaction.on_commit(send)
