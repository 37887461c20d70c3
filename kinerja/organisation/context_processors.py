from django.conf import settings


def roles(request):
    """The current user's resolved access, for navigation by role."""
    from .permissions import access_for

    ctx = {"KINERJA_PEMDA_NAME": settings.KINERJA_PEMDA_NAME}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        ctx["access"] = access_for(user)
    return ctx
