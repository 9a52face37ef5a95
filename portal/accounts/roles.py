"""The roles of the portal, as Django groups created by a data migration."""

from django.utils.translation import gettext_lazy as _

ANAK = "Anak"
FORUM_ANAK = "Forum Anak"
FASILITATOR = "Fasilitator"
MODERATOR = "Moderator"
PERLINDUNGAN = "Petugas Perlindungan"
BAPPEDA = "Bappeda"
OPD = "OPD"
ADMIN = "Admin"

CHILD_ROLES = [ANAK, FORUM_ANAK]
ADULT_ROLES = [FASILITATOR, MODERATOR, PERLINDUNGAN, BAPPEDA, OPD, ADMIN]
ALL_ROLES = CHILD_ROLES + ADULT_ROLES

ROLE_LABELS = {
    ANAK: _("Anak"),
    FORUM_ANAK: _("Forum Anak"),
    FASILITATOR: _("Fasilitator"),
    MODERATOR: _("Moderator"),
    PERLINDUNGAN: _("Petugas Perlindungan"),
    BAPPEDA: _("Bappeda"),
    OPD: _("OPD"),
    ADMIN: _("Admin"),
}


def has_role(user, *roles):
    """True when the user belongs to one of ``roles`` (superusers hold every role)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    cache = getattr(user, "_role_names", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._role_names = cache
    return bool(cache.intersection(roles))


def ensure_roles():
    """Create the role groups with the permissions of
    ``portal.accounts.permissions.ROLE_PERMISSIONS``.

    The data migrations do this once; tests that flush the database (and
    any other fresh start) call it again. Idempotent.
    """
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    from .permissions import grant_role_permissions

    grant_role_permissions(Group, Permission, ContentType)
