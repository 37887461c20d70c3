from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "kinerja.organisation"
    label = "organisation"
    verbose_name = _("Organisasi")

    def ready(self) -> None:
        # Registers the "organisation.import" job runner, so the worker knows it whatever it
        # loaded first.
        from . import importers  # noqa: F401
