"""The admin screen where moderators maintain the checks' word lists
("Daftar kata pemeriksaan"). Who may open it is the model's permissions
(``ROLE_PERMISSIONS``: moderators and administrators); Wagtail's history
records who added, changed or deleted which entry."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from .models import CheckWord


class CheckWordCreateView(CreateView):
    def save_instance(self):
        self.form.instance.added_by = self.request.user
        return super().save_instance()


class CheckWordViewSet(SnippetViewSet):
    model = CheckWord
    add_view_class = CheckWordCreateView
    icon = "tag"
    menu_label = _("Daftar kata pemeriksaan")
    menu_name = "daftar-kata"
    menu_order = 216
    add_to_admin_menu = True
    list_display = ["word", "word_list", "action", "added_by", "created_at"]
    list_filter = ["word_list", "action"]
    panels = [
        FieldPanel("word_list"),
        FieldPanel("word"),
        FieldPanel("action"),
        FieldPanel("note"),
    ]
