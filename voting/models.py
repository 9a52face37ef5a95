"""Supports ("dukungan"): one per child per idea, counted exactly.

The count on ``Proposal.support_count`` changes in the same transaction as
the support row, with an atomic ``F()`` update; ``reconcile_tallies`` checks
that the two never drift apart."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from proposals.models import Proposal


class Support(models.Model):
    child = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="supports",
        verbose_name=_("anak"),
    )
    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        related_name="supports",
        verbose_name=_("ide"),
    )
    created_at = models.DateTimeField(_("waktu"), default=timezone.now)

    class Meta:
        verbose_name = _("dukungan")
        verbose_name_plural = _("dukungan")
        constraints = [
            models.UniqueConstraint(
                fields=["child", "proposal"], name="one_support_per_child"
            )
        ]
        indexes = [models.Index(fields=["proposal"], name="support_proposal")]

    def __str__(self):
        return f"{self.child_id} → {self.proposal_id}"
