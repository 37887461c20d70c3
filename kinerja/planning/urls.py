from django.urls import path

from . import views

app_name = "planning"
urlpatterns = [
    path("skp/<int:pk>/", views.skp_detail, name="skp_detail"),
]
