"""The REST API at /api/v1/: one NinjaAPI, session or token auth, one error shape.
Endpoints live in each app's api.py and are mounted here."""

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, django_auth

from kinerja.accounts.services import api_token_user


class TokenAuth(HttpBearer):
    """`Authorization: Bearer knj_...` — a personal access token from the profile page."""

    def authenticate(self, request, token):
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Kinerja API",
    version="1.0.0",
    description="REST API Kinerja. Autentikasi: sesi peramban atau token akses pribadi "
    "(`Authorization: Bearer <token>`) yang dibuat di halaman profil.",
    auth=[TokenAuth(), django_auth],
    urls_namespace="api-v1",
)


def _error(request, status: int, code: str, message: str, details=None):
    body = {"error": {"code": code, "message": message}}
    if details:
        body["error"]["details"] = details
    return api.create_response(request, body, status=status)


@api.exception_handler(NinjaValidationError)
def on_validation(request, exc):
    return _error(request, 422, "invalid", "Permintaan tidak valid.", exc.errors)


@api.exception_handler(ValidationError)
def on_django_validation(request, exc):
    details = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return _error(request, 422, "invalid", " ".join(exc.messages), details)


@api.exception_handler(AuthenticationError)
def on_auth(request, exc):
    return _error(request, 401, "unauthenticated", "Autentikasi diperlukan.")


@api.exception_handler(Http404)
def on_404(request, exc):
    return _error(request, 404, "not_found", "Tidak ditemukan.")


@api.exception_handler(HttpError)
def on_http_error(request, exc):
    return _error(request, exc.status_code, "error", str(exc))


from kinerja.organisation.api import router as organisation_router  # noqa: E402

api.add_router("/", organisation_router)
