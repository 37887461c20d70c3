from django.urls import path

from . import views_admin as v

urlpatterns = [
    path("instansi/", v.agency_results, name="agency_results"),
    path("instansi/hasil.xlsx", v.agency_results_export, name="agency_results_export"),
    path("instansi/buka/", v.agency_open, name="agency_open"),
    path("instansi/hitung-ulang/", v.agency_recompute, name="agency_recompute"),
    path("instansi/predikat-unit/", v.unit_predikat, name="unit_predikat"),
    path("instansi/predikat-unit/simpan/", v.unit_predikat_set, name="unit_predikat_set"),
]
