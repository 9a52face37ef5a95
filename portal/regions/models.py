"""Administrative regions of the regency, keyed by their Kemendagri codes.

Codes are Kemendagri codes (61.07.xx.xxxx), never BPS codes: the two
numberings differ, so nothing may be joined on the number alone.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kecamatan(models.Model):
    """A district. Public pages identify children only down to this level."""

    code = models.CharField(_("kode Kemendagri"), max_length=8, unique=True)
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")

    def __str__(self):
        return self.name


class Desa(models.Model):
    """A village (desa) or urban village (kelurahan) inside one kecamatan."""

    class Kind(models.TextChoices):
        DESA = "desa", _("Desa")
        KELURAHAN = "kelurahan", _("Kelurahan")

    code = models.CharField(_("kode Kemendagri"), max_length=13, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    kind = models.CharField(
        _("jenis"), max_length=10, choices=Kind.choices, default=Kind.DESA
    )
    kecamatan = models.ForeignKey(
        Kecamatan,
        on_delete=models.PROTECT,
        related_name="desa_set",
        verbose_name=_("kecamatan"),
    )

    class Meta:
        ordering = ["kecamatan__name", "name"]
        verbose_name = _("desa/kelurahan")
        verbose_name_plural = _("desa/kelurahan")

    def __str__(self):
        return f"{self.name}, {self.kecamatan.name}"
