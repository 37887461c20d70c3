"""Placeholder views: being built."""

from django.contrib.auth.decorators import login_required
from django.http import Http404


@login_required
def queue(request, pk=None):
    raise Http404


@login_required
def team(request, pk=None):
    raise Http404


@login_required
def agency(request, pk=None):
    raise Http404
