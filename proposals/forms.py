from django import forms
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import ForumAnakGroup
from portal.core.text import VisibleCharField
from portal.regions.models import Desa, Kecamatan

from .models import CLUSTER_HELP, Cluster, Proposal, Report

PAPER_SCAN_MAX_BYTES = 10 * 1024 * 1024


def place_choices():
    """Each kecamatan as an optgroup: the whole kecamatan, then its desa."""
    groups = {}
    kecamatan = {k.pk: k for k in Kecamatan.objects.all()}
    for k in kecamatan.values():
        groups[k.pk] = [
            (f"k{k.pk}", _("Seluruh Kecamatan %(name)s") % {"name": k.name})
        ]
    for desa in Desa.objects.order_by("name"):
        groups[desa.kecamatan_id].append((f"d{desa.pk}", desa.name))
    return [("", _("— Pilih tempat —"))] + [
        (kecamatan[pk].name, options)
        for pk, options in sorted(groups.items(), key=lambda kv: kecamatan[kv[0]].name)
    ]


def cluster_choices():
    return [
        (value, f"{label} — {CLUSTER_HELP[value]}") for value, label in Cluster.choices
    ]


class ProposalForm(forms.Form):
    """One short form a 10-year-old can fill in on a phone."""

    title = VisibleCharField(
        label=_("Judul idemu"),
        max_length=120,
        min_length=5,
        help_text=_("Singkat saja. Contoh: Taman bermain di dekat sekolah."),
        error_messages={
            "required": _("Tulis judul idemu."),
            "min_length": _("Judulnya terlalu pendek. Tulis paling sedikit 5 huruf."),
            "max_length": _("Judulnya terlalu panjang. Paling banyak 120 huruf."),
        },
    )
    problem = VisibleCharField(
        label=_("Apa masalahnya?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        min_length=10,
        max_length=2000,
        help_text=_(
            "Ceritakan apa yang kamu lihat. Contoh: Anak-anak bermain di jalan karena tidak ada lapangan."
        ),
        error_messages={
            "required": _("Ceritakan masalahnya."),
            "min_length": _(
                "Ceritakan sedikit lebih banyak (paling sedikit 10 huruf)."
            ),
            "max_length": _("Terlalu panjang. Paling banyak 2000 huruf."),
        },
    )
    description = VisibleCharField(
        label=_("Apa idemu untuk memperbaikinya?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        min_length=10,
        max_length=3000,
        help_text=_(
            "Tulis dengan kata-katamu sendiri. Jangan tulis nama lengkap, alamat, atau nomor HP."
        ),
        error_messages={
            "required": _("Tulis idemu."),
            "min_length": _(
                "Ceritakan idemu sedikit lebih banyak (paling sedikit 10 huruf)."
            ),
            "max_length": _("Terlalu panjang. Paling banyak 3000 huruf."),
        },
    )
    place = forms.ChoiceField(
        label=_("Untuk tempat mana?"),
        help_text=_("Pilih desanya, atau seluruh kecamatan."),
        error_messages={
            "required": _("Pilih tempat untuk idemu."),
            "invalid_choice": _("Tempat itu tidak ada di daftar."),
        },
    )
    cluster = forms.ChoiceField(
        label=_("Idemu tentang apa?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih salah satu yang paling cocok.")},
    )
    photo = forms.FileField(
        label=_("Foto (boleh tidak ada)"),
        required=False,
        help_text=_(
            "JPG, PNG, atau WebP, paling besar 5 MB. Jangan memotret wajah orang."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = place_choices()
        self.fields["cluster"].choices = cluster_choices()

    def clean_place(self):
        value = self.cleaned_data["place"]
        try:
            kind, pk = value[0], int(value[1:])
            if kind == "d":
                desa = Desa.objects.select_related("kecamatan").get(pk=pk)
                return desa.kecamatan, desa
            if kind == "k":
                return Kecamatan.objects.get(pk=pk), None
        except (ValueError, IndexError, Desa.DoesNotExist, Kecamatan.DoesNotExist):
            pass
        raise forms.ValidationError(_("Tempat itu tidak ada di daftar."))

    def clean_photo(self):
        from .images import PhotoError, sanitise_photo

        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        try:
            return sanitise_photo(upload)
        except PhotoError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def proposal_data(self):
        data = dict(self.cleaned_data)
        data["kecamatan"], data["desa"] = data.pop("place")
        return data

    @staticmethod
    def initial_from(proposal):
        place = (
            f"d{proposal.desa_id}" if proposal.desa_id else f"k{proposal.kecamatan_id}"
        )
        return {
            "title": proposal.title,
            "problem": proposal.problem,
            "description": proposal.description,
            "place": place,
            "cluster": proposal.cluster,
        }


class FacilitatorProposalForm(ProposalForm):
    """The same form, for a facilitator entering a Forum Anak group's idea
    collected offline (on paper)."""

    group = forms.ModelChoiceField(
        label=_("Forum Anak yang mengusulkan"),
        queryset=ForumAnakGroup.objects.all(),
        error_messages={"required": _("Pilih Forum Anak yang mengusulkan.")},
    )
    offline_children_count = forms.IntegerField(
        label=_("Jumlah anak yang ikut dalam sesi luring"),
        min_value=1,
        max_value=1000,
        required=False,
        help_text=_("Kosongkan jika ide ini tidak dari sesi luring."),
    )
    paper_scan = forms.FileField(
        label=_("Pindaian formulir kertas (PDF atau foto, tidak ditampilkan)"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": "application/pdf,image/jpeg,image/png"}
        ),
    )

    field_order = ["group", "offline_children_count", "paper_scan"]

    # The facilitator types what children wrote on paper: the form speaks to
    # the facilitator, not to a child (issue 12 item 7).
    WORDING = {
        "title": {
            "label": _("Judul ide Forum Anak"),
            "help_text": _("Singkat, seperti yang ditulis anak-anak di kertas."),
            "required": _("Tulis judul ide ini."),
        },
        "problem": {
            "label": _("Apa masalah yang diceritakan anak-anak?"),
            "help_text": _("Salin dari kertas dengan kata-kata anak-anak sendiri."),
            "required": _("Tulis masalah yang diceritakan anak-anak."),
            "min_length": _(
                "Tulis masalahnya sedikit lebih lengkap (paling sedikit 10 huruf)."
            ),
        },
        "description": {
            "label": _("Apa ide anak-anak untuk memperbaikinya?"),
            "help_text": _(
                "Salin kata-kata anak-anak tanpa diubah. Jangan tulis nama lengkap, "
                "alamat, atau nomor HP anak."
            ),
            "required": _("Tulis ide anak-anak."),
            "min_length": _(
                "Tulis ide anak-anak sedikit lebih lengkap (paling sedikit 10 huruf)."
            ),
        },
        "place": {
            "label": _("Untuk tempat mana ide ini?"),
            "required": _("Pilih tempat untuk ide ini."),
        },
        "cluster": {
            "label": _("Ide ini tentang apa?"),
            "required": _("Pilih klaster yang paling cocok untuk ide ini."),
        },
        "photo": {
            "help_text": _(
                "JPG, PNG, atau WebP, paling besar 5 MB. Jangan unggah foto wajah anak."
            ),
        },
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, wording in self.WORDING.items():
            field = self.fields[name]
            for attribute in ("label", "help_text"):
                if attribute in wording:
                    setattr(field, attribute, wording[attribute])
            field.error_messages = {
                **field.error_messages,
                **{
                    key: text
                    for key, text in wording.items()
                    if key not in ("label", "help_text")
                },
            }

    def clean_paper_scan(self):
        scan = self.cleaned_data.get("paper_scan")
        if not scan:
            return None
        if scan.size > PAPER_SCAN_MAX_BYTES:
            raise forms.ValidationError(_("Berkas terlalu besar. Paling besar 10 MB."))
        head = scan.read(8)
        scan.seek(0)
        if not (
            head.startswith(b"%PDF")
            or head[:3] == b"\xff\xd8\xff"
            or head.startswith(b"\x89PNG")
        ):
            raise forms.ValidationError(_("Unggah PDF, JPG, atau PNG."))
        return scan


class ProposalFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari ide"), required=False, max_length=100)
    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"),
        queryset=Kecamatan.objects.all(),
        required=False,
        empty_label=_("Semua kecamatan"),
    )
    cluster = forms.ChoiceField(
        label=_("Klaster"),
        required=False,
        choices=[("", _("Semua klaster"))] + Cluster.choices,
    )
    stage = forms.ChoiceField(
        label=_("Tahap"),
        required=False,
        choices=[("", _("Semua tahap"))] + Proposal.Stage.choices[1:],
    )
    sort = forms.ChoiceField(
        label=_("Urutkan"),
        required=False,
        choices=[("supports", _("Paling banyak didukung")), ("newest", _("Terbaru"))],
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Kenapa kamu melaporkan ide ini?"),
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih alasannya.")},
    )
    details = VisibleCharField(
        label=_("Ceritakan sedikit (boleh kosong)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
