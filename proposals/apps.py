from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Usulan")

    def ready(self):
        from portal.accounts import (
            export_registry,
            page_registry,
            public_name,
            retention,
        )

        from . import checks, sections, signal_handlers
        from . import retention as proposal_retention

        signal_handlers.connect()
        page_registry.register(sections.my_ideas)
        page_registry.register(sections.committee_link)
        page_registry.register(sections.entered_ideas)
        export_registry.register(sections.export_ideas)
        export_registry.register_files(sections.export_photos)
        retention.register(proposal_retention.closed_cases)
        public_name.register(checks.public_name_problems)
