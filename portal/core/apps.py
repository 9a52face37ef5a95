from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "portal.core"
    label = "core"
    verbose_name = _("Inti portal")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Site

        from . import chooser_csp
        from .context_processors import forget_portal_settings
        from .models import PortalSettings

        for model in (PortalSettings, Site):
            post_save.connect(
                forget_portal_settings, sender=model, dispatch_uid=f"forget_{model}"
            )
            post_delete.connect(
                forget_portal_settings, sender=model, dispatch_uid=f"forget_d_{model}"
            )
        chooser_csp.install()
        label_wagtail_fields()


def label_wagtail_fields():
    """Wagtail fields that have no label of their own, so Django makes an
    untranslated English one from the field's name (read by screen readers:
    the workflow form's content types are a hidden label)."""
    from wagtail.admin.forms.workflows import WorkflowContentTypeForm

    WorkflowContentTypeForm.base_fields["content_types"].label = _("Jenis konten")
