from django.urls import path

from . import views_entries as v

urlpatterns = [
    path("", v.my_entries, name="my_entries"),
    path("minggu/", v.week, name="week"),
    path("ulangi/", v.repeat_last, name="repeat_last"),
    path("ajukan/", v.submit_many, name="submit_many"),
    path("laporan/<int:pk>/", v.entry_detail, name="entry_detail"),
    path("laporan/<int:pk>/hapus/", v.entry_delete, name="entry_delete"),
    path("laporan/<int:pk>/ajukan/", v.entry_submit, name="entry_submit"),
    path("laporan/<int:pk>/koreksi/", v.entry_correct, name="entry_correct"),
    path("laporan/<int:pk>/bukti/", v.evidence_add, name="evidence_add"),
    path("bukti/<int:pk>/", v.evidence_download, name="evidence_download"),
    path("bukti/<int:pk>/hapus/", v.evidence_delete, name="evidence_delete"),
    path("impor/", v.import_entries, name="import"),
    path("impor/templat.<str:fmt>", v.import_template, name="import_template"),
    path("umpan-balik/", v.feedback, name="feedback"),
    path("umpan-balik/<int:pk>/balas/", v.feedback_reply, name="feedback_reply"),
]
