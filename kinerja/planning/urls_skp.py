from django.urls import path

from . import views_skp as v

urlpatterns = [
    path("", v.my_skp, name="my_skp"),
    path("salin/", v.skp_copy, name="skp_copy"),
    path("skp/<int:pk>/", v.skp_detail, name="skp_detail"),
    path("skp/<int:pk>/periode/", v.skp_header, name="skp_header"),
    path("skp/<int:pk>/lampiran/", v.skp_lampiran, name="skp_lampiran"),
    path("skp/<int:pk>/rhk/tambah/", v.rhk_edit, name="rhk_create"),
    path("skp/<int:pk>/rhk/<int:rhk_pk>/ubah/", v.rhk_edit, name="rhk_edit"),
    path("skp/<int:pk>/rhk/<int:rhk_pk>/hapus/", v.rhk_delete, name="rhk_delete"),
    path("skp/<int:pk>/rhk/<int:rhk_pk>/tautkan/", v.rhk_link, name="rhk_link"),
    path(
        "skp/<int:pk>/rhk/<int:rhk_pk>/indikator/tambah/",
        v.indicator_edit,
        name="indicator_create",
    ),
    path("skp/<int:pk>/indikator/<int:ind_pk>/ubah/", v.indicator_edit, name="indicator_edit"),
    path("skp/<int:pk>/indikator/<int:ind_pk>/hapus/", v.indicator_delete, name="indicator_delete"),
    path(
        "skp/<int:pk>/rencana-aksi/<int:plan_pk>/hapus/",
        v.action_plan_delete,
        name="action_plan_delete",
    ),
    path(
        "skp/<int:pk>/rhk/<int:rhk_pk>/rencana-aksi/tambah/",
        v.action_plan_edit,
        name="action_plan_create",
    ),
    path(
        "skp/<int:pk>/rencana-aksi/<int:plan_pk>/ubah/",
        v.action_plan_edit,
        name="action_plan_edit",
    ),
    path("skp/<int:pk>/ekspektasi/", v.skp_expectations, name="skp_expectations"),
    path("skp/<int:pk>/ajukan/", v.skp_submit, name="skp_submit"),
    path("skp/<int:pk>/setujui/", v.skp_approve, name="skp_approve"),
    path("skp/<int:pk>/kembalikan/", v.skp_return, name="skp_return"),
    path("skp/<int:pk>/revisi/", v.skp_revise, name="skp_revise"),
    path("persetujuan/", v.approvals, name="approvals"),
    path("turunkan/", v.hand_down, name="hand_down"),
    path("notifikasi/", v.notifications, name="notifications"),
]
