from django.urls import path

from . import views_review as v

urlpatterns = [
    path("verifikasi/", v.queue, name="queue"),
    path("tim/", v.team, name="team"),
    path("rekap/", v.agency, name="agency"),
]
