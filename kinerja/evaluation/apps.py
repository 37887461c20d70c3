from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "kinerja.evaluation"
    label = "evaluation"
    verbose_name = _("Penilaian")

    def ready(self) -> None:
        # Registers the "evaluation.pdf_batch" job runner, so the worker knows it whatever it
        # loaded first.
        from . import tasks  # noqa: F401
        from .recompute import run_recompute_job  # noqa: F401 - "evaluation.recompute"
