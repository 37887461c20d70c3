from django.urls import path

from . import views_pdf as v

urlpatterns = [
    path("skp/<int:pk>/pdf/", v.skp_pdf, name="skp_pdf"),
]
