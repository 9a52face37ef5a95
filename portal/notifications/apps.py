from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "portal.notifications"
    label = "notifications"
    verbose_name = _("Pemberitahuan")

    def ready(self):
        from portal.accounts import export_registry, page_registry

        from . import sections

        page_registry.register(sections.my_notifications)
        export_registry.register(sections.export_notifications)
