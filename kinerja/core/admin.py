from django.contrib import admin

from .models import AuditLog, Job


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor_repr", "action", "object_type", "object_repr"]
    list_filter = ["object_type"]
    search_fields = ["action", "object_repr", "actor_repr"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "status", "progress", "total", "created_by", "created_at"]
