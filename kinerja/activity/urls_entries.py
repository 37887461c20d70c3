from django.urls import path

from . import views_entries as v

urlpatterns = [
    path("", v.my_entries, name="my_entries"),
    path("umpan-balik/", v.feedback, name="feedback"),
]
