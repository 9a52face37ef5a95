"""In-app notifications: the only channel to a child (no e-mail, no SMS).

A notification is written once and read later, perhaps in another language
than the one of the person whose action sent it. So it keeps its message key
(the Indonesian msgid) and its values, and is translated when it is read; its
link keeps the URL pattern's name and arguments and is reversed when read.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Message:
    """A message key (an Indonesian msgid, marked with ``gettext_noop`` or
    ``gettext_lazy``) and its values, translated only when rendered.

    A value may itself be a lazy translation or a ``Message`` (e.g. a stage
    label, "Kasus #5"): it is translated with the message. ``%(agency)s`` is
    the planning agency's name from the site settings, when read."""

    def __init__(self, key, **values):
        self.key = _msgid(key)
        self.values = values

    @classmethod
    def coerce(cls, text):
        """A plain string is literal text (e.g. what a moderator wrote)."""
        if isinstance(text, cls):
            return text
        if isinstance(text, Promise):
            return cls(text)
        return None

    def to_json(self):
        return {
            "key": self.key,
            "values": {k: _value_json(v) for k, v in self.values.items()},
        }

    def __str__(self):
        return render(self.key, self.to_json()["values"])


def _msgid(text):
    if isinstance(text, Promise):
        with translation.override(None):
            return str(text)
    return str(text)


def _value_json(value):
    if isinstance(value, Message):
        return {"message": value.to_json()}
    if isinstance(value, Promise):
        return {"message": {"key": _msgid(value), "values": {}}}
    if isinstance(value, bool | int | float) or value is None:
        return value
    return str(value)


def _value(value):
    if isinstance(value, dict) and "message" in value:
        return render(value["message"]["key"], value["message"].get("values") or {})
    return value


def render(key, values, literal=""):
    """The message in the active language; the literal text when no key."""
    if not key:
        return literal
    translated = gettext(key)
    resolved = {k: _value(v) for k, v in (values or {}).items()}
    if "%(agency)s" in translated and "agency" not in resolved:
        from portal.core.models import planning_agency

        resolved["agency"] = planning_agency()
    try:
        return translated % resolved
    except (KeyError, ValueError, TypeError):
        return translated


def link_for(url):
    """The URL pattern (name, arguments, #anchor) of a site path, or None
    when the path is not one of the site's own."""
    if not url or not url.startswith("/"):
        return None
    path, _sep, anchor = url.partition("#")
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return {
        "name": match.view_name,
        "args": list(match.args),
        "kwargs": match.kwargs,
        "anchor": anchor,
    }


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_user(self, user):
        return self.filter(user=user)


class Notification(models.Model):
    """One message for one user, translated for its reader when read.

    ``title``, ``body`` and ``url`` hold the literal text: what a person wrote,
    the Indonesian text of a keyed message (for the admin and search), and the
    whole text of notifications written before messages had keys."""

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
    title_key = models.CharField(_("kunci judul"), max_length=300, blank=True)
    title_values = models.JSONField(
        _("nilai judul"), default=dict, blank=True, encoder=DjangoJSONEncoder
    )
    body_key = models.TextField(_("kunci isi"), blank=True)
    body_values = models.JSONField(
        _("nilai isi"), default=dict, blank=True, encoder=DjangoJSONEncoder
    )
    link = models.JSONField(
        _("rute tautan"), null=True, blank=True, encoder=DjangoJSONEncoder
    )
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("pemberitahuan")
        verbose_name_plural = _("pemberitahuan")
        indexes = [models.Index(fields=["user", "read_at"], name="notif_user_unread")]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        """The title in the active language (the reader's)."""
        return render(self.title_key, self.title_values, self.title)

    @property
    def display_body(self):
        return render(self.body_key, self.body_values, self.body)

    @property
    def display_url(self):
        """The link, reversed now (so a moved page still opens)."""
        if self.link:
            try:
                path = reverse(
                    self.link["name"],
                    args=self.link.get("args") or None,
                    kwargs=self.link.get("kwargs") or None,
                )
            except NoReverseMatch:
                return self.url
            anchor = self.link.get("anchor")
            return f"{path}#{anchor}" if anchor else path
        return self.url

    def live_payload(self):
        """What the live push carries: enough to translate the title for
        the language of the page that receives it, without a query."""
        return {
            "type": "notification.new",
            "title": self.title,
            "title_key": self.title_key,
            "title_values": self.title_values,
        }


def _fields(prefix, text):
    message = Message.coerce(text)
    if message is None:
        return {prefix: str(text or "")}
    data = message.to_json()
    with translation.override(settings.LANGUAGE_CODE):
        literal = render(data["key"], data["values"])
    return {
        prefix: literal,
        f"{prefix}_key": data["key"],
        f"{prefix}_values": data["values"],
    }


def notify(users, *, kind, title, body="", url=""):
    """Create one notification per user (a single INSERT) and, once the
    transaction commits, push it to the pages the users have open.

    ``title`` and ``body`` are a ``Message`` (translated for each reader when
    read) or literal text (what a person wrote); ``url`` a site path, kept as
    its URL pattern and reversed when read."""
    from django.db import transaction

    from .live import push

    fields = {
        **_fields("title", title),
        **_fields("body", body),
        "url": url,
        "link": link_for(url),
    }
    fields["title"] = fields["title"][:200]
    created = Notification.objects.bulk_create(
        [Notification(user=user, kind=kind, **fields) for user in users]
    )
    transaction.on_commit(lambda: push(created))
    return created
