"""The REST API at /api/v1/: one NinjaAPI, session or token auth, one error shape.

Endpoints live in each app's api.py and are mounted here. Every answer that is not a success has
the same body, whatever went wrong (bad input, no credentials, missing or forbidden object, wrong
method, unknown path, a bug):

    {"error": {"code": "...", "message": "...", "details": ...}}

`details` is present only when there is something to add (for example the invalid fields)."""

from __future__ import annotations

import logging
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, path, re_path
from ninja import Field, NinjaAPI, Router, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import Swagger
from ninja.security import HttpBearer, django_auth

from kinerja.accounts.services import api_token_user
from kinerja.activity.api import router as activity_router
from kinerja.evaluation.api import router as evaluation_router
from kinerja.organisation.api import PegawaiOut
from kinerja.organisation.api import router as organisation_router
from kinerja.organisation.models import Pegawai, Role
from kinerja.organisation.permissions import access_for
from kinerja.planning.api import router as planning_router

logger = logging.getLogger("kinerja.api")


class TokenAuth(HttpBearer):
    """`Authorization: Bearer knj_...` — a personal access token from the profile page.

    A request that presents a bearer token is judged by that token alone: a revoked, expired or
    unknown token is a 401 even if the browser also sends a session cookie."""

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get(self.header)
        if not header:
            return None
        scheme, _sep, token = header.partition(" ")
        if scheme.lower() != self.openapi_scheme:
            return None
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(token)
        if user is None:
            raise AuthenticationError(
                401, "Token tidak valid, sudah kedaluwarsa, atau sudah dicabut."
            )
        request.user = user
        return user


class KinerjaAPI(NinjaAPI):
    """NinjaAPI whose every URL under the prefix answers in the error shape: unknown paths and
    wrong methods too (ninja itself gives Django's HTML 404 and a plain-text 405)."""

    def _get_urls(self) -> list[Any]:
        patterns = []
        for pattern in super()._get_urls():
            if not isinstance(pattern, URLPattern):
                patterns.append(pattern)
            elif pattern.name == "api-root":
                patterns.append(path("", self._not_found_view, name="api-root"))
            elif pattern.name in ("openapi-json", "openapi-view"):
                patterns.append(self._rewrap(pattern, _only_get(pattern.callback)))
            else:
                patterns.append(self._rewrap(pattern, _json_405(pattern.callback)))
        patterns.append(re_path(r"^.+$", self._not_found_view, name="not-found"))
        return patterns

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        """Document the error shape once, and the error answers every operation can give."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema["components"].setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        for methods in schema["paths"].values():
            for operation in methods.values():
                responses = operation.setdefault("responses", {})
                params = operation.get("parameters", [])
                errors = {401: "Tidak terautentikasi, atau token tidak valid/kedaluwarsa/dicabut."}
                if any(p["in"] == "path" for p in params):
                    errors[404] = "Tidak ditemukan, atau tidak boleh Anda lihat."
                if params:
                    errors[422] = "Parameter tidak valid."
                errors[500] = "Kesalahan server (dicatat)."
                for status, description in errors.items():
                    responses.setdefault(status, {"description": description, **ref})
        return schema

    @staticmethod
    def _rewrap(pattern: URLPattern, callback: Any) -> URLPattern:
        return URLPattern(pattern.pattern, callback, pattern.default_args, pattern.name)

    def _not_found_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return error_response(
            request, 404, "not_found", "Alamat API tidak dikenal. Lihat /api/v1/docs."
        )

    _not_found_view.csrf_exempt = True  # type: ignore[attr-defined]


def _method_not_allowed(request: HttpRequest, allowed: str) -> HttpResponse:
    response = error_response(
        request,
        405,
        "method_not_allowed",
        f"Metode {request.method} tidak diizinkan di alamat ini. Izinkan: {allowed}.",
    )
    response["Allow"] = allowed
    return response


def _json_405(view: Any) -> Any:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and "json" not in response.get("Content-Type", ""):
            return _method_not_allowed(request, response.get("Allow", "GET"))
        return response

    return wrapper


def _only_get(view: Any) -> Any:
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return _method_not_allowed(request, "GET, HEAD")
        return view(request, *args, **kwargs)

    wrapper.csrf_exempt = True  # type: ignore[attr-defined]
    return wrapper


api = KinerjaAPI(
    title="Kinerja API",
    version="1.0.0",
    description=(
        "REST API Kinerja. Autentikasi: sesi peramban, atau token akses pribadi "
        "yang dibuat di halaman Profil dan dikirim sebagai `Authorization: Bearer <token>`.\n\n"
        "Setiap galat memakai satu bentuk: "
        '`{"error": {"code": "...", "message": "...", "details": ...}}`. '
        "Objek yang tidak boleh Anda lihat dijawab 404, sama seperti objek yang tidak ada.\n\n"
        "Daftar dipaginasi: `?page=1&page_size=50` (maksimum 500), dengan amplop "
        '`{"count", "page", "page_size", "results"}`.'
    ),
    auth=[TokenAuth(), django_auth],
    urls_namespace="api-v1",
    # Assets come from ninja's static files (no CDN); validatorUrl None stops Swagger UI from
    # sending the schema address to validator.swagger.io.
    docs=Swagger(settings={"validatorUrl": None, "defaultModelsExpandDepth": 0}),
)


# ---------------------------------------------------------------- the error shape

ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "description": "Bentuk tunggal setiap galat.",
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {
                    "type": "string",
                    "description": "Kode galat yang stabil, mis. `not_found`, `invalid`, "
                    "`unauthenticated`, `method_not_allowed`, `csrf_failed`, `server_error`.",
                },
                "message": {"type": "string", "description": "Pesan yang dapat dibaca manusia."},
                "details": {"description": "Rincian tambahan, mis. daftar parameter yang salah."},
            },
        }
    },
}


def error_response(
    request: HttpRequest, status: int, code: str, message: str, details: Any = None
) -> HttpResponse:
    body: dict[str, Any] = {"error": {"code": code, "message": message}}
    if details:
        body["error"]["details"] = details
    return api.create_response(request, body, status=status)


def _clean_validation_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keep what a client can act on: where (`loc`), what (`msg`) and the kind (`type`)."""
    return [
        {
            "loc": list(e.get("loc", ())),
            "msg": str(e.get("msg", "")),
            "type": str(e.get("type", "")),
        }
        for e in errors
    ]


@api.exception_handler(NinjaValidationError)
def on_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    details = _clean_validation_errors(exc.errors)
    where = ", ".join(
        ".".join(str(p) for p in d["loc"][1:]) or str(d["loc"][0]) for d in details if d["loc"]
    )
    message = f"Parameter tidak valid: {where}." if where else "Permintaan tidak valid."
    return error_response(request, 422, "invalid", message, details)


@api.exception_handler(ValidationError)
def on_django_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return error_response(request, 422, "invalid", " ".join(exc.messages), details)


@api.exception_handler(AuthenticationError)
def on_auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    message = exc.message if exc.message != "Unauthorized" else "Autentikasi diperlukan."
    response = error_response(request, 401, "unauthenticated", message)
    response["WWW-Authenticate"] = 'Bearer realm="kinerja"'
    return response


@api.exception_handler(Http404)
def on_404(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404, "not_found", "Tidak ditemukan.")


HTTP_ERROR_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    429: "throttled",
}


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = HTTP_ERROR_CODES.get(exc.status_code, "error")
    message = str(exc)
    if exc.status_code == 403 and "CSRF" in message:
        code, message = "csrf_failed", "Pemeriksaan CSRF gagal: kirim header X-CSRFToken."
    return error_response(request, exc.status_code, code, message)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    """A service refused an action on an object the user may see."""
    message = str(exc) or "Anda tidak berwenang melakukan tindakan ini."
    return error_response(request, 403, "forbidden", message)


@api.exception_handler(Exception)
def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return error_response(
        request, 500, "server_error", "Terjadi kesalahan di server. Kejadian ini sudah dicatat."
    )


# ---------------------------------------------------------------- who am I


class UserOut(Schema):
    """Akun yang sedang masuk."""

    id: int = Field(..., description="ID akun.")
    username: str = Field(..., description="Nama pengguna (untuk pegawai: NIP).")
    full_name: str = Field(..., description="Nama akun.")
    is_superuser: bool = Field(..., description="Superuser (akses penuh).")


class RoleOut(Schema):
    """Peran yang diberikan administrator."""

    code: str = Field(..., description="Kode peran: " + ", ".join(Role.values) + ".")
    label: str = Field(..., description="Nama peran.")
    instansi_id: int | None = Field(
        ..., description="Instansi lingkup peran; kosong bila se-Pemda."
    )
    instansi_name: str | None = Field(..., description="Nama instansi lingkup peran.")


class MeOut(Schema):
    """Siapa saya: akun, data pegawai dan peran."""

    user: UserOut = Field(..., description="Akun yang sedang masuk.")
    pegawai: PegawaiOut | None = Field(..., description="Data pegawai milik akun ini, bila ada.")
    roles: list[RoleOut] = Field(..., description="Peran yang diberikan administrator.")
    is_atasan: bool = Field(..., description="Memiliki bawahan (berperan sebagai atasan).")


me_router = Router(tags=["akun"])


@me_router.get("/me", response=MeOut, summary="Siapa saya")
def me(request: HttpRequest) -> dict[str, Any]:
    """Akun yang sedang masuk, ringkasan pegawainya, dan peran yang dimilikinya."""
    user = request.auth
    access = access_for(user)
    pegawai = None
    if access.pegawai is not None:
        pegawai = Pegawai.objects.select_related("instansi", "unit", "jabatan", "atasan").get(
            pk=access.pegawai.pk
        )
    roles = [
        {
            "code": r.role,
            "label": str(r.get_role_display()),
            "instansi_id": r.instansi_id,
            "instansi_name": r.instansi.name if r.instansi else None,
        }
        for r in user.roles.select_related("instansi").order_by("role", "instansi__name")
    ]
    return {
        "user": {
            "id": user.pk,
            "username": user.get_username(),
            "full_name": user.get_full_name(),
            "is_superuser": user.is_superuser,
        },
        "pegawai": pegawai,
        "roles": roles,
        "is_atasan": access.has_subordinates,
    }


api.add_router("/", me_router)
api.add_router("/", organisation_router)
api.add_router("/", planning_router)
api.add_router("/", activity_router)
api.add_router("/", evaluation_router)
