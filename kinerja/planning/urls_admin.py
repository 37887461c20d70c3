from django.urls import path

from . import views_admin as v

urlpatterns = [
    path("tahun/", v.year_list, name="year_list"),
    path("tahun/baru/", v.year_create, name="year_create"),
    path("tahun/<int:pk>/", v.year_detail, name="year_detail"),
    path("tahun/<int:pk>/tutup/", v.year_close, name="year_close"),
    path("tahun/<int:pk>/jadwal/", v.year_edit, name="year_edit"),
    path("target/<int:pk>/hapus/", v.target_delete, name="target_delete"),
    path("templat/<int:pk>/hapus/", v.template_delete, name="template_delete"),
    path("tahun/<int:pk>/buka-kembali/", v.year_reopen, name="year_reopen"),
    path("tahun/<int:pk>/target/", v.target_list, name="target_list"),
    path("tahun/<int:year_pk>/target/baru/", v.target_edit, name="target_create"),
    path("tahun/<int:pk>/target/impor/", v.target_import, name="target_import"),
    path("target/<int:pk>/ubah/", v.target_edit, name="target_edit"),
    path("target/templat.<str:fmt>", v.target_import_template, name="target_import_template"),
    path("papan/", v.status_board, name="status_board"),
    path("papan/pegawai/", v.board_people, name="board_people"),
    path("kaskade/", v.cascade, name="cascade"),
    path("kaskade/rhk/<int:pk>/", v.cascade_children, name="cascade_children"),
    path("kaskade/celah/", v.cascade_gaps, name="cascade_gaps"),
    path("templat/", v.template_list, name="template_list"),
    path("templat/baru/", v.template_edit, name="template_create"),
    path("templat/dari-skp/", v.template_from_skp, name="template_from_skp"),
    path("templat/<int:pk>/ubah/", v.template_edit, name="template_edit"),
    path("templat/<int:pk>/terapkan/", v.template_apply, name="template_apply"),
]
