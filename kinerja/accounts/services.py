"""Login lock-out and API tokens."""

from __future__ import annotations

import datetime
import functools
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kinerja.core.audit import audit_log
from kinerja.core.fastsql import JoinedSelect, Part

from .models import ApiToken, LoginFailure, User


def _window_start() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def login_is_locked(*, username: str, ip_address: str | None) -> bool:
    """Locked when the account, or the address, failed too often within the window."""
    recent = LoginFailure.objects.filter(created_at__gte=_window_start())
    limit = settings.LOGIN_MAX_FAILURES
    if recent.filter(username__iexact=username.strip()).count() >= limit:
        return True
    # An address gets more room: an office shares one address behind NAT.
    return bool(ip_address) and recent.filter(ip_address=ip_address).count() >= limit * 10


def login_failed(*, username: str, ip_address: str | None) -> None:
    LoginFailure.objects.create(username=username.strip()[:150], ip_address=ip_address)


def login_succeeded(*, username: str) -> None:
    LoginFailure.objects.filter(username__iexact=username.strip()).delete()


@transaction.atomic
def api_token_create(
    *, user: Any, name: str, expires_at: datetime.datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a token; returns it with the secret, which is never stored or shown again."""
    key = ApiToken.generate()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100] or "token",
        key_prefix=key[:10],
        key_hash=ApiToken.hash_key(key),
        expires_at=expires_at,
    )
    audit_log(
        actor=user,
        action="api_token.created",
        obj=token,
        after={"name": token.name, "prefix": token.key_prefix},
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: Any) -> None:
    if token.revoked_at:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_log(
        actor=actor, action="api_token.revoked", obj=token, after={"revoked_at": token.revoked_at}
    )


@functools.cache
def _TOKEN_LOOKUP() -> JoinedSelect:  # noqa: N802 - a constant built on first use
    """The token and its account in one pre-built statement (every API request runs it); the
    same rule as `ApiToken.objects.active()`, tested against it."""
    t, u = ApiToken._meta.db_table, User._meta.db_table
    return JoinedSelect(
        [Part(ApiToken, "t"), Part(User, "u", parent=0, via="user")],
        f"FROM {t} t INNER JOIN {u} u ON u.id = t.user_id WHERE t.key_hash = %s "
        "AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > %s)",
    )


def api_token_user(key: str) -> Any | None:
    """The active user a token belongs to, or None."""
    if not key or not key.startswith(ApiToken.PREFIX):
        return None
    now = timezone.now()
    found = _TOKEN_LOOKUP().first([ApiToken.hash_key(key), now])
    token = found[0] if found else None
    if token is None or not token.user.is_active:
        return None
    if not token.last_used_at or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
