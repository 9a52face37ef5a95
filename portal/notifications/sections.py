from django.utils import timezone

from portal.accounts.export_registry import local_iso

from .models import Notification


def my_notifications(request):
    """The notifications section of /saya/; showing them marks them read."""
    items = list(Notification.objects.for_user(request.user)[:30])
    unread = [n.pk for n in items if n.read_at is None]
    if unread:
        Notification.objects.filter(pk__in=unread).update(read_at=timezone.now())
    return {
        "template": "notifications/section.html",
        "notifications": items,
        "unread_ids": set(unread),
        "order": 10,
    }


def export_notifications(user):
    return {
        "pemberitahuan": [
            {
                "judul": n.display_title,
                "isi": n.display_body,
                "waktu": local_iso(n.created_at),
            }
            for n in Notification.objects.for_user(user)
        ]
    }
