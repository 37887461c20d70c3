"""The SKP as the official printable document (PDF)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from .documents import skp_pdf_bytes, skp_pdf_filename
from .permissions import get_skp_for_user


@login_required
def skp_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Whoever may see the SKP may print it; anyone else gets 404. `?unduh=1` downloads."""
    skp = get_skp_for_user(request.user, pk)
    response = HttpResponse(skp_pdf_bytes(skp), content_type="application/pdf")
    disposition = "attachment" if request.GET.get("unduh") else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{skp_pdf_filename(skp)}"'
    response["Cache-Control"] = "private, no-store"
    return response
