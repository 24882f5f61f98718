"""Admin: users' channel choices are editable; deliveries and the reminder log are read-only."""

from django.contrib import admin

from delivery.models import ChannelPreference, Delivery, ReminderLog


@admin.register(ChannelPreference)
class ChannelPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "email", "sms", "phone", "language"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(ReadOnly):
    list_display = ["id", "notification_id", "channel", "state", "attempts", "sent_at"]
    list_filter = ["state", "channel"]


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnly):
    list_display = ["kind", "target_id", "step", "day", "recipient", "created_at"]
    list_filter = ["kind", "step"]
    list_select_related = ["recipient"]
