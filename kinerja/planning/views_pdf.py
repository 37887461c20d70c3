"""Placeholder views: being built."""

from django.contrib.auth.decorators import login_required
from django.http import Http404


@login_required
def skp_pdf(request, pk=None):
    raise Http404
