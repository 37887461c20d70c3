from django.urls import path

from . import views_skp as v

urlpatterns = [
    path("", v.my_skp, name="my_skp"),
    path("skp/<int:pk>/", v.skp_detail, name="skp_detail"),
    path("persetujuan/", v.approvals, name="approvals"),
    path("turunkan/", v.hand_down, name="hand_down"),
]
