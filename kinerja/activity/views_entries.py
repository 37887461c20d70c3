"""Placeholder views: being built."""

from django.contrib.auth.decorators import login_required
from django.http import Http404


@login_required
def my_entries(request, pk=None):
    raise Http404


@login_required
def feedback(request, pk=None):
    raise Http404
