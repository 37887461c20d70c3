from django.urls import path

from . import views, views_import

app_name = "organisation"
urlpatterns = [
    path("instansi/", views.instansi_list, name="instansi_list"),
    path("instansi/baru/", views.instansi_edit, name="instansi_create"),
    path("instansi/<int:pk>/", views.instansi_detail, name="instansi_detail"),
    path("instansi/<int:pk>/ubah/", views.instansi_edit, name="instansi_edit"),
    path("unit/baru/", views.unit_edit, name="unit_create"),
    path("unit/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("unit/<int:pk>/ubah/", views.unit_edit, name="unit_edit"),
    path("jabatan/", views.jabatan_list, name="jabatan_list"),
    path("jabatan/baru/", views.jabatan_edit, name="jabatan_create"),
    path("jabatan/<int:pk>/ubah/", views.jabatan_edit, name="jabatan_edit"),
    path("pegawai/", views.pegawai_list, name="pegawai_list"),
    path("pegawai/baru/", views.pegawai_edit, name="pegawai_create"),
    path("pegawai/<int:pk>/", views.pegawai_detail, name="pegawai_detail"),
    path("pegawai/<int:pk>/ubah/", views.pegawai_edit, name="pegawai_edit"),
    path("pegawai/<int:pk>/plt/", views.pegawai_acting, name="pegawai_acting"),
    path("hapus/<str:kind>/<int:pk>/", views.object_delete, name="object_delete"),
    path("impor/", views_import.import_page, name="import"),
    path(
        "impor/templat/<str:kind>.<str:fmt>", views_import.import_template, name="import_template"
    ),
    path("peran/", views.role_list, name="role_list"),
    path("peran/<int:pk>/cabut/", views.role_revoke, name="role_revoke"),
]
