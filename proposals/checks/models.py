"""What staff change in the word lists of the checks (issue 13 item 1).

The shipped lists are files (``data/*.txt``); a ``CheckWord`` adds a word or
phrase to one of them, or takes a shipped one out ("abaikan"), so that a
moderator can react to a new rude word or a false warning the same day,
without a release. Only moderators and administrators may (their role
groups hold this model's permissions; ``ROLE_PERMISSIONS``).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import wordlists


class CheckWord(models.Model):
    """One staff entry in a word list: added to it, or a shipped entry
    ignored. Saving or deleting one drops the kept lists (``wordlists.changed``)
    so that the next check reads it."""

    class Action(models.TextChoices):
        ADD = wordlists.ADD, _("Tambahkan")
        IGNORE = wordlists.IGNORE, _("Abaikan (kata bawaan)")

    word_list = models.CharField(
        _("daftar"),
        max_length=40,
        choices=[(name, wl.label) for name, wl in wordlists.LISTS.items()],
    )
    word = models.CharField(
        _("kata atau frasa"),
        max_length=400,
        help_text=_(
            "Huruf kecil, ejaan biasa: ejaan lain (huruf diulang, angka untuk "
            "huruf, huruf besar) dikenali sendiri. Frasa: kata dipisah spasi; "
            "a|b berarti a atau b; # berarti angka. Daftar kata dasar kekerasan "
            "juga mengenali imbuhan (pukul: dipukul, pukulan)."
        ),
    )
    action = models.CharField(
        _("tindakan"),
        max_length=10,
        choices=Action.choices,
        default=Action.ADD,
        help_text=_(
            "Tambahkan: kata ini ikut diperiksa. Abaikan: kata bawaan ini tidak "
            "diperiksa lagi (untuk peringatan yang keliru)."
        ),
    )
    note = models.TextField(
        _("catatan"),
        blank=True,
        help_text=_("Mengapa kata ini ditambahkan atau diabaikan, dengan contoh."),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("ditambahkan oleh"),
    )
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["word_list", "word"]
        verbose_name = _("kata pemeriksaan")
        verbose_name_plural = _("daftar kata pemeriksaan")
        constraints = [
            models.UniqueConstraint(
                fields=["word_list", "word"],
                name="one_check_word_per_list",
                violation_error_message=_("Kata ini sudah ada di daftar ini."),
            )
        ]

    def __str__(self):
        return self.word

    def clean(self):
        """The entry as the checks compare it (lower case, single spaces),
        readable in its list's syntax; an ignored entry must be a shipped
        one, an added one must not be."""
        self.word = wordlists.clean_entry(self.word or "")
        word_list = wordlists.LISTS.get(self.word_list)
        if word_list is None or not self.word:
            return
        try:
            entry = wordlists.expand(self.word, wordlists.MACROS[self.word_list])
        except ValueError:
            entry = None
        problem = (
            wordlists.problem(entry, word_list.kind)
            if entry is not None
            else _("Singkatan @... ini tidak dikenal di daftar ini.")
        )
        if problem:
            raise ValidationError({"word": problem})
        shipped = entry in wordlists.DEFAULTS[self.word_list]
        if self.action == self.Action.IGNORE and not shipped:
            raise ValidationError(
                {
                    "word": _(
                        "Kata ini tidak ada di daftar bawaan, jadi tidak perlu "
                        "diabaikan."
                    )
                }
            )
        if self.action == self.Action.ADD and shipped:
            raise ValidationError({"word": _("Kata ini sudah ada di daftar bawaan.")})
