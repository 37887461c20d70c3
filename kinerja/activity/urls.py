"""Activity URLs, split by area so each module owns its routes."""

from .urls_entries import urlpatterns as entry_patterns
from .urls_review import urlpatterns as review_patterns

app_name = "activity"
urlpatterns = entry_patterns + review_patterns
