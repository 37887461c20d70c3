from django.urls import path

from . import views_admin as v

urlpatterns = [
    path("tahun/", v.year_list, name="year_list"),
    path("papan/", v.status_board, name="status_board"),
    path("kaskade/", v.cascade, name="cascade"),
    path("templat/", v.template_list, name="template_list"),
]
