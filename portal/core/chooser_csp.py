"""Wagtail's choosers (snippets, pages, documents, images, tasks) without an
inline script.

``BaseChooser.render`` in Wagtail 8 appends
``<script>new SnippetChooser("id_target_opd", {...})</script>`` to the widget,
which the portal's Content-Security-Policy (``script-src 'self'``) refuses:
the chooser button did nothing, so Bappeda could not set "OPD tujuan".
Wagtail offers no setting or template for that script (it is built in
Python), so ``install()`` (called from ``CoreConfig.ready``) replaces
``render`` for every chooser class with one that leaves a hidden marker
holding the same constructor name and options; ``static/js/admin-csp.js``
(on every admin page) starts it. Choosers made in the browser through
telepath (StreamField blocks) never used an inline script and are unchanged.

After a Wagtail upgrade, compare ``BaseChooser.render`` with
``render_without_inline_script`` below; ``tests/e2e/test_admin_forms_csp.py``
opens every chooser of the portal's forms and fails on a violation.
"""

import json

from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import mark_safe

# Widgets whose ``render_js_init`` calls a function rather than ``new X(id, opts)``.
FUNCTION_STARTERS = {"AdminTaskChooser": "createTaskChooser"}


def marker(widget, id_, name, value_data):
    """The hidden element admin-csp.js turns into the widget's JS object."""
    starter = FUNCTION_STARTERS.get(type(widget).__name__)
    if starter is not None:
        return format_html(
            '<span hidden data-portal-chooser="{}" data-portal-for="{}" '
            'data-portal-config="null"></span>',
            starter,
            id_,
        )
    return format_html(
        '<span hidden data-portal-widget="{}" data-portal-for="{}" '
        'data-portal-config="{}"></span>',
        widget.js_constructor,
        id_,
        json.dumps(widget.get_js_init_options(id_, name, value_data)),
    )


def render_without_inline_script(self, name, value, attrs=None, renderer=None):
    """``BaseChooser.render`` (Wagtail 8.0) with the marker instead of
    ``<script>{render_js_init}</script>``."""
    try:
        id_ = attrs["id"]
    except (KeyError, TypeError) as e:
        raise TypeError(
            "BaseChooser cannot be rendered without an 'id' attribute"
        ) from e
    value_data = self.get_value_data(value)
    widget_html = self.render_html(name, value_data, attrs)
    return mark_safe(f"{widget_html}{marker(self, id_, name, value_data)}")  # noqa: S308 - the widget HTML is Wagtail's own, the marker is escaped


# ``AdminSnippetChooser.__init__`` (Wagtail 8.0) fills in its button texts
# with ``_("...") % {...}``, which translates them at once, in the language of
# whoever first opened the form: Wagtail keeps the form class (and so the
# widget) for the life of the process, so after one English-speaking
# administrator every Indonesian one read "Choose another OPD". The same texts
# are kept lazy here, translated each time the widget is drawn.
SNIPPET_CHOOSER_TEXTS = {
    "choose_one_text": "Choose %(object)s",
    "choose_another_text": "Choose another %(object)s",
    "link_to_chosen_text": "Edit this %(object)s",
}


def _translated(msgid, name):
    from django.utils.translation import gettext

    return gettext(msgid) % {"object": name}


translated_lazily = lazy(_translated, str)


def keep_texts_lazy(original_init):
    def __init__(self, model=None, **kwargs):
        original_init(self, model=model, **kwargs)
        name = self.model._meta.verbose_name
        for attribute, msgid in SNIPPET_CHOOSER_TEXTS.items():
            if attribute not in kwargs:
                setattr(self, attribute, translated_lazily(msgid, name))

    __init__.portal_lazy_texts = True
    return __init__


def install():
    from wagtail.admin.widgets.chooser import BaseChooser
    from wagtail.snippets.widgets import AdminSnippetChooser

    BaseChooser.render = render_without_inline_script
    if not getattr(AdminSnippetChooser.__init__, "portal_lazy_texts", False):
        AdminSnippetChooser.__init__ = keep_texts_lazy(AdminSnippetChooser.__init__)
