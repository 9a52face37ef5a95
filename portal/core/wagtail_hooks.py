from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_js")
def csp_safe_widget_start():
    """Start the date choosers and inline panels that Wagtail starts with
    inline scripts (refused by the Content-Security-Policy)."""
    return format_html('<script src="{}" defer></script>', static("js/admin-csp.js"))
