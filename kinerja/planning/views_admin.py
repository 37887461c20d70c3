"""Placeholder views: being built."""

from django.contrib.auth.decorators import login_required
from django.http import Http404


@login_required
def year_list(request, pk=None):
    raise Http404


@login_required
def status_board(request, pk=None):
    raise Http404


@login_required
def cascade(request, pk=None):
    raise Http404


@login_required
def template_list(request, pk=None):
    raise Http404
