from django.conf import settings
from django.utils.functional import SimpleLazyObject


def roles(request):
    """The current user's resolved access, for navigation by role."""
    from .permissions import access_for

    ctx = {"KINERJA_PEMDA_NAME": settings.KINERJA_PEMDA_NAME}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        ctx["access"] = access_for(user)
        # The navbar's unread badge: one COUNT, and only when a template actually shows it.
        ctx["unread_notifications"] = SimpleLazyObject(
            lambda: user.notifications.filter(read_at__isnull=True).count()
        )
        # The navbar's "Verifikasi" badge: one COUNT of daily entries awaiting this superior,
        # only when shown. The model is looked up by name: organisation does not import activity.
        ctx["pending_verifications"] = SimpleLazyObject(
            lambda: _pending_verifications(ctx["access"])
        )
    return ctx


def _pending_verifications(access) -> int:
    from django.apps import apps
    from django.db.models import Q

    if access.pegawai is None:
        return 0
    entry = apps.get_model("activity", "DailyEntry")
    me = access.pegawai.pk
    return entry.objects.filter(
        Q(rater_id=me) | Q(pegawai__atasan_id=me), status="submitted"
    ).count()
