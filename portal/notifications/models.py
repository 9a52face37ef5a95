"""In-app notifications: the only channel to a child (no e-mail, no SMS)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_user(self, user):
        return self.filter(user=user)


class Notification(models.Model):
    """One message for one user, written for its reader (a child or staff)."""

    class Kind(models.TextChoices):
        MODERATION = "moderation", _("Moderasi")
        SAFEGUARDING = "safeguarding", _("Perlindungan")
        REPORT = "report", _("Laporan")
        OUTCOME = "outcome", _("Kabar ide")
        INFO = "info", _("Info")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("penerima"),
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi"), blank=True)
    url = models.CharField(_("tautan"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("pemberitahuan")
        verbose_name_plural = _("pemberitahuan")
        indexes = [models.Index(fields=["user", "read_at"], name="notif_user_unread")]

    def __str__(self):
        return self.title


def notify(users, *, kind, title, body="", url=""):
    """Create one notification per user (a single INSERT) and, once the
    transaction commits, push it to the pages the users have open."""
    from django.db import transaction

    from .live import push

    created = Notification.objects.bulk_create(
        [
            Notification(
                user=user, kind=kind, title=str(title), body=str(body), url=url
            )
            for user in users
        ]
    )
    transaction.on_commit(lambda: push(created))
    return created
