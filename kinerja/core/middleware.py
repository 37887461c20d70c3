class SecurityHeadersMiddleware:
    """Headers Django does not set by itself: a strict same-origin content policy (no CDN is used)
    and a permissions policy."""

    CSP = (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; "
        "form-action 'self'"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # The API docs page (/api/v1/docs) needs no exception: ninja's Swagger UI loads its
        # script and settings from /static/ninja/ and runs under this policy.
        response.headers.setdefault("Content-Security-Policy", self.CSP)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response


class IndonesianByDefaultMiddleware:
    """The interface is Indonesian unless the user chose English (the language cookie set by the
    footer switch): the browser's Accept-Language is ignored, so an office PC with an English
    browser still shows Indonesian by default. Runs before LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
