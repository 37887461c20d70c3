"""Placeholder views: being built."""

from django.contrib.auth.decorators import login_required
from django.http import Http404


@login_required
def my_skp(request, pk=None):
    raise Http404


@login_required
def skp_detail(request, pk=None):
    raise Http404


@login_required
def approvals(request, pk=None):
    raise Http404


@login_required
def hand_down(request, pk=None):
    raise Http404
