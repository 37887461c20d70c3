"""Planning pages (being built)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .permissions import get_skp_for_user


@login_required
def skp_detail(request, pk: int):
    skp = get_skp_for_user(request.user, pk)
    return render(request, "planning/skp_detail.html", {"skp": skp})
