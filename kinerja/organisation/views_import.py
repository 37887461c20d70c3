"""Import pages (placeholder until the importer lands)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from .permissions import access_for


@login_required
def import_page(request):
    if not access_for(request.user).is_admin:
        raise Http404
    return render(request, "organisation/import.html", {})
