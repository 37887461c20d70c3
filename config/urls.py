from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from kinerja.api.urls import api
from kinerja.organisation.views import home

urlpatterns = [
    path("", home, name="home"),
    path("", include("kinerja.core.urls")),
    path("akun/", include("kinerja.accounts.urls")),
    path("organisasi/", include("kinerja.organisation.urls")),
    path("perencanaan/", include("kinerja.planning.urls")),
    path("pelaksanaan/", include("kinerja.activity.urls")),
    path("penilaian/", include("kinerja.evaluation.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("django-admin/", admin.site.urls),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
