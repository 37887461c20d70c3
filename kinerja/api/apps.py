from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "kinerja.api"
    label = "kinerja_api"
    verbose_name = "API"
