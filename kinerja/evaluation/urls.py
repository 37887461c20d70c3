"""Evaluation URLs, split by area so each module owns its routes."""

from .urls_admin import urlpatterns as admin_patterns
from .urls_pages import urlpatterns as page_patterns
from .urls_pdf import urlpatterns as pdf_patterns

app_name = "evaluation"
urlpatterns = page_patterns + admin_patterns + pdf_patterns
