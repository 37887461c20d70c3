from django.urls import path

from . import views_review as v

urlpatterns = [
    path("verifikasi/", v.queue, name="queue"),
    path("verifikasi/<int:pk>/", v.review_one, name="review_one"),
    path("tim/", v.team, name="team"),
    path("rekap/", v.agency, name="agency"),
]
