"""Which children and Forum Anak groups an adult may act on as facilitator.

The one rule (issue 11 item 16): a facilitator acts only on the children
living in the areas, and on the groups, an admin assigned them
(``FacilitatorAssignment``); a Forum Anak group assignment covers the
group and the children of its desa or kecamatan. Admins act everywhere.
Every facilitator view and action asks here.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from .permissions import can

_EVERYWHERE = object()


def _areas(actor):
    """The Q on a desa (kecamatan, desa) the actor covers, or _EVERYWHERE,
    or None for nowhere."""
    if not getattr(actor, "is_authenticated", False):
        return None
    if can(actor, "accounts.manage_children_everywhere"):
        return _EVERYWHERE
    if not can(actor, "accounts.manage_children"):
        return None
    from .models import FacilitatorAssignment, ForumAnakGroup

    kecamatan_ids, desa_ids = set(), set()
    for a in actor.facilitator_assignments.select_related("group"):
        group_level = a.group.level if a.group_id else None
        if a.scope == FacilitatorAssignment.Scope.KABUPATEN or (
            group_level == ForumAnakGroup.Level.KABUPATEN
        ):
            return _EVERYWHERE
        if a.kecamatan_id:
            kecamatan_ids.add(a.kecamatan_id)
        if a.desa_id:
            desa_ids.add(a.desa_id)
        if a.group_id:
            if a.group.kecamatan_id:
                kecamatan_ids.add(a.group.kecamatan_id)
            if a.group.desa_id:
                desa_ids.add(a.group.desa_id)
    if not kecamatan_ids and not desa_ids:
        return None
    return kecamatan_ids, desa_ids


def _desa_filter(areas, path):
    kecamatan_ids, desa_ids = areas
    return Q(**{f"{path}__kecamatan_id__in": kecamatan_ids}) | Q(
        **{f"{path}_id__in": desa_ids}
    )


def children_in_care(actor, queryset=None):
    """The child accounts ``actor`` may act on as facilitator."""
    from .models import User

    qs = queryset if queryset is not None else User.objects.all()
    qs = qs.filter(child_profile__isnull=False)
    areas = _areas(actor)
    if areas is _EVERYWHERE:
        return qs
    if areas is None:
        return qs.none()
    return qs.filter(_desa_filter(areas, "child_profile__desa"))


def desa_in_care(actor):
    """The desa where ``actor`` may create child accounts."""
    from portal.regions.models import Desa

    areas = _areas(actor)
    if areas is _EVERYWHERE:
        return Desa.objects.all()
    if areas is None:
        return Desa.objects.none()
    kecamatan_ids, desa_ids = areas
    return Desa.objects.filter(Q(kecamatan_id__in=kecamatan_ids) | Q(pk__in=desa_ids))


def groups_in_care(actor):
    """The Forum Anak groups ``actor`` may enter paper ideas for."""
    from .models import ForumAnakGroup

    areas = _areas(actor)
    if areas is _EVERYWHERE:
        return ForumAnakGroup.objects.all()
    if areas is None:
        return ForumAnakGroup.objects.none()
    assigned = actor.facilitator_assignments.filter(group__isnull=False).values(
        "group_id"
    )
    kecamatan_ids, desa_ids = areas
    return ForumAnakGroup.objects.filter(
        Q(pk__in=assigned)
        | Q(kecamatan_id__in=kecamatan_ids)
        | Q(desa_id__in=desa_ids)
        | Q(desa__kecamatan_id__in=kecamatan_ids)
    )


def require_child_in_care(actor, child):
    """Refuse (PermissionDenied) unless ``actor`` may act on ``child``."""
    if not children_in_care(actor).filter(pk=child.pk).exists():
        raise PermissionDenied


def require_group_in_care(actor, group):
    if not groups_in_care(actor).filter(pk=group.pk).exists():
        raise PermissionDenied
