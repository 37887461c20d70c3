"""Planning URLs, split by area so each module owns its routes."""

from .urls_admin import urlpatterns as admin_patterns
from .urls_pdf import urlpatterns as pdf_patterns
from .urls_skp import urlpatterns as skp_patterns

app_name = "planning"
urlpatterns = skp_patterns + admin_patterns + pdf_patterns
