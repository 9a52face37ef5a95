from allauth.account import forms as allauth_forms
from allauth.account.forms import SignupForm
from django import forms
from django.conf import settings
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from portal.core.text import VisibleCharField, is_mixed_script
from portal.regions.models import Desa

from .models import ChildProfile, ConsentRecord
from .public_name import validate_public_name


def desa_choices():
    """Desa grouped by kecamatan, for a select that works without JavaScript."""
    groups = {}
    for desa in Desa.objects.select_related("kecamatan").order_by(
        "kecamatan__name", "name"
    ):
        groups.setdefault(desa.kecamatan.name, []).append((str(desa.pk), desa.name))
    return [("", _("— Pilih desa —"))] + [
        (kecamatan, options) for kecamatan, options in groups.items()
    ]


class DesaField(forms.TypedChoiceField):
    """A desa, chosen within its kecamatan (an optgroup per kecamatan)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Desa tempat tinggalmu"))
        kwargs.setdefault(
            "help_text", _("Cari nama kecamatanmu, lalu pilih desamu di bawahnya.")
        )
        kwargs.setdefault(
            "error_messages", {"required": _("Pilih desa tempat tinggalmu.")}
        )
        super().__init__(choices=desa_choices, coerce=self.to_desa, **kwargs)

    @staticmethod
    def to_desa(value):
        try:
            return Desa.objects.select_related("kecamatan").get(pk=int(value))
        except (Desa.DoesNotExist, ValueError, TypeError) as exc:
            raise forms.ValidationError(_("Desa itu tidak ada di daftar.")) from exc


def validate_child_birth_year(year, month=None):
    """Ages 6–17 only, with an explanation a child or adult understands.

    The age is the youngest the child can be (``portal.accounts.ageing``):
    with the month, exact to the month; by the year alone, one year less.
    """
    from django.utils.timezone import localdate

    from .ageing import age_on

    age = age_on(year, month, localdate())
    oldest = age if month else age + 1
    if age > settings.CHILD_MAX_AGE:
        raise forms.ValidationError(
            _(
                "Portal ini khusus untuk anak berusia di bawah 18 tahun. Menurut "
                "tahun lahirmu, kamu sudah %(age)s tahun, jadi kamu tidak bisa "
                "membuat akun anak. Terima kasih sudah peduli! Orang dewasa bisa "
                "membantu anak-anak ikut serta lewat Forum Anak atau fasilitator."
            )
            % {"age": age}
        )
    if oldest < settings.CHILD_MIN_AGE:
        raise forms.ValidationError(
            _(
                "Anak di bawah 6 tahun belum bisa mendaftar sendiri. Ajak kakak, "
                "orang tua, atau Forum Anak untuk menyampaikan idemu."
            )
        )


class BirthYearField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Tahun lahir"))
        kwargs.setdefault("help_text", _("Contoh: 2013. Hanya tahunnya saja."))
        kwargs.setdefault(
            "error_messages",
            {
                "required": _("Tulis tahun lahirmu, misalnya 2013."),
                "invalid": _("Tulis tahun lahir dengan angka, misalnya 2013."),
            },
        )
        super().__init__(min_value=1900, max_value=2100, **kwargs)
        self.validators.append(validate_child_birth_year)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})


MONTHS = [
    (1, _("Januari")),
    (2, _("Februari")),
    (3, _("Maret")),
    (4, _("April")),
    (5, _("Mei")),
    (6, _("Juni")),
    (7, _("Juli")),
    (8, _("Agustus")),
    (9, _("September")),
    (10, _("Oktober")),
    (11, _("November")),
    (12, _("Desember")),
]


class BirthMonthField(forms.TypedChoiceField):
    """The month of birth: with the year, enough for the 17-year rule of
    self-consent and for the end of the child account at 18."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Bulan lahir"))
        kwargs.setdefault("error_messages", {"required": _("Pilih bulan lahirmu.")})
        super().__init__(
            choices=[("", _("— Pilih bulan —"))] + MONTHS, coerce=int, **kwargs
        )


class BirthMonthMixin:
    """Checks the age again with the month (after the year's own check)."""

    def clean_birth_month(self):
        month = self.cleaned_data["birth_month"]
        year = self.cleaned_data.get("birth_year")
        if year is not None:
            validate_child_birth_year(year, month)
        return month


NICKNAME_HELP = _(
    "Nama ini terlihat oleh orang lain. Pakai nama panggilan, jangan nama lengkap "
    "aslimu. Contoh: Bunga, Dayu, Kak Rio."
)


class NicknameField(VisibleCharField):
    """A child's public name, wherever it is set or changed: the same checks
    as an idea (personal data, rude words) and no staff title (issue 11
    item 6)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Nama panggilan"))
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("help_text", NICKNAME_HELP)
        kwargs.setdefault("error_messages", {"required": _("Tulis nama panggilanmu.")})
        super().__init__(**kwargs)
        self.validators.append(validate_public_name)


def validate_username_script(username):
    """A user name in Latin letters only: "bunga" with a Cyrillic "у" looks
    exactly like another child's "bunga"."""
    if is_mixed_script(username):
        raise forms.ValidationError(
            _(
                "Nama pengguna hanya boleh memakai huruf biasa (a sampai z), angka, "
                "titik, garis bawah, atau tanda hubung. Ada huruf dari abjad lain "
                "yang mirip huruf biasa; ketik ulang nama penggunamu."
            ),
            code="mixed_script",
        )


class ChildSignupForm(BirthMonthMixin, SignupForm):
    """Step one of signup: what the child tells the portal, and nothing more."""

    nickname = NicknameField()
    birth_year = BirthYearField()
    birth_month = BirthMonthField()
    gender = forms.ChoiceField(
        label=_("Jenis kelamin"),
        choices=ChildProfile.Gender.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Pilih salah satu. Boleh 'Tidak ingin menyebut'.")
        },
    )
    desa = DesaField()
    disability = forms.ChoiceField(
        label=_("Apakah kamu penyandang disabilitas? (boleh tidak diisi)"),
        choices=ChildProfile.Disability.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_(
            "Hanya dipakai untuk menghitung berapa banyak anak yang ikut, "
            "tidak pernah ditampilkan."
        ),
    )
    forum_anak = forms.BooleanField(
        label=_("Saya anggota Forum Anak"),
        required=False,
        help_text=_("Fasilitator akan memastikannya nanti."),
    )

    field_order = [
        "nickname",
        "username",
        "password1",
        "password2",
        "birth_year",
        "birth_month",
        "gender",
        "desa",
        "disability",
        "forum_anak",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.label = _("Nama pengguna (untuk masuk)")
        username.help_text = _(
            "Huruf kecil dan angka, tanpa spasi. Contoh: bunga2013. Jangan pakai "
            "nama lengkap."
        )
        username.widget.attrs.pop("placeholder", None)
        username.widget.attrs.update(
            {"autocapitalize": "none", "autocomplete": "username"}
        )
        self.fields["password1"].label = _("Kata sandi")
        self.fields["password1"].help_text = _(
            "Paling sedikit 8 huruf atau angka. Jangan beri tahu siapa pun."
        )
        self.fields["password2"].label = _("Ulangi kata sandi")
        for name in ("password1", "password2"):
            self.fields[name].widget.attrs.pop("placeholder", None)
        self.order_fields(self.field_order)

    def clean_username(self):
        username = super().clean_username()
        validate_username_script(username)
        return username


class GuardianConsentForm(forms.Form):
    """Step two of signup, addressed to the parent or guardian."""

    method = forms.ChoiceField(
        label=_("Siapa yang memberi persetujuan?"),
        choices=[
            (
                ConsentRecord.Method.DEVICE,
                _("Orang tua/wali, sekarang di perangkat ini"),
            ),
            (
                ConsentRecord.Method.SELF,
                _("Saya sendiri (17 tahun), dan orang tua saya sudah saya beri tahu"),
            ),
        ],
        widget=forms.RadioSelect,
        initial=ConsentRecord.Method.DEVICE,
    )
    guardian_name = VisibleCharField(
        label=_("Nama orang tua/wali"),
        max_length=100,
        required=False,
        help_text=_("Tidak pernah ditampilkan kepada siapa pun."),
    )
    guardian_relationship = forms.ChoiceField(
        label=_("Hubungan dengan anak"),
        choices=[("", _("— Pilih —"))] + ConsentRecord.Relationship.choices,
        required=False,
    )
    agree = forms.BooleanField(
        label=_(
            "Saya sudah membaca pemberitahuan di atas dan setuju anak saya ikut "
            "Musrenbang Anak Digital."
        ),
        required=True,
        error_messages={
            "required": _(
                "Centang kotak persetujuan. Tanpa persetujuan, akun tidak bisa dibuat."
            )
        },
    )

    def __init__(self, *args, child_age, **kwargs):
        super().__init__(*args, **kwargs)
        self.child_age = child_age
        if child_age < 17:
            del self.fields["method"]

    def clean(self):
        data = super().clean()
        method = data.get("method", ConsentRecord.Method.DEVICE)
        data["method"] = method
        if method == ConsentRecord.Method.DEVICE:
            if not data.get("guardian_name", "").strip():
                self.add_error(
                    "guardian_name", _("Tulis nama Bapak/Ibu/Wali yang memberi izin.")
                )
            if not data.get("guardian_relationship"):
                self.add_error(
                    "guardian_relationship", _("Pilih hubungan Bapak/Ibu dengan anak.")
                )
        return data


class BatchChildForm(BirthMonthMixin, forms.Form):
    """One child met at an offline session, with the paper consent form."""

    # Errors speak to the facilitator, about the child of this row.
    nickname = NicknameField(
        help_text="", error_messages={"required": _("Tulis nama panggilan anak.")}
    )
    birth_year = BirthYearField(
        error_messages={
            "required": _("Tulis tahun lahir anak, misalnya 2013."),
            "invalid": _("Tulis tahun lahir dengan angka, misalnya 2013."),
        }
    )
    birth_month = BirthMonthField(
        error_messages={"required": _("Pilih bulan lahir anak.")}
    )
    gender = forms.ChoiceField(
        label=_("Jenis kelamin"),
        choices=[("", _("— Pilih —"))] + ChildProfile.Gender.choices,
        error_messages={
            "required": _("Pilih jenis kelamin anak. Boleh 'Tidak ingin menyebut'."),
            "invalid_choice": _("Pilih salah satu dari daftar."),
        },
    )
    desa = DesaField(
        label=_("Desa"),
        help_text="",
        error_messages={
            "required": _("Pilih desa tempat tinggal anak."),
            "invalid_choice": _("Desa itu tidak ada di daftar."),
        },
    )
    consent_reference = forms.CharField(
        label=_("Nomor formulir persetujuan kertas"),
        max_length=60,
        help_text=_(
            "Nomor yang tertulis di formulir yang ditandatangani orang tua/wali."
        ),
        error_messages={
            "required": _(
                "Tulis nomor formulir persetujuan kertas anak ini. Tanpa formulir "
                "yang ditandatangani orang tua/wali, akun tidak bisa dibuat."
            ),
            "max_length": _("Nomor formulir terlalu panjang. Paling banyak 60 huruf."),
        },
    )
    guardian_name = VisibleCharField(
        label=_("Nama orang tua/wali (boleh kosong)"), max_length=100, required=False
    )
    # The same question as the child's own signup, asked by the facilitator
    # (issue 12 item 7): without it the KLA disability table counted every
    # batch-made child as "Tidak disebutkan".
    disability = forms.ChoiceField(
        label=_("Penyandang disabilitas? (boleh kosong)"),
        choices=[("", _("— Pilih —"))] + ChildProfile.Disability.choices,
        required=False,
        error_messages={"invalid_choice": _("Pilih salah satu dari daftar.")},
        help_text=_(
            "Tanyakan kepada anak atau orang tua/wali. Hanya untuk menghitung, "
            "tidak pernah ditampilkan."
        ),
    )

    def __init__(self, *args, desa_options=None, **kwargs):
        super().__init__(*args, **kwargs)
        if desa_options is not None:
            # Computed once for the whole formset: a callable would query the
            # desa list again for every row, twice (issue 12 item 7).
            self.fields["desa"].choices = desa_options

    field_order = [
        "nickname",
        "birth_year",
        "birth_month",
        "gender",
        "desa",
        "disability",
        "consent_reference",
        "guardian_name",
    ]


BATCH_MAX_ROWS = 40
BATCH_ROW_CHOICES = (5, 10, 20, 40)
BATCH_DEFAULT_ROWS = 10


class BaseBatchFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_many_forms": _(
            "Paling banyak %(num)s anak sekali kirim. Kirim sisanya setelah ini."
        ),
        "missing_management_form": _(
            "Formulir tidak lengkap. Muat ulang halaman ini lalu isi lagi."
        ),
    }

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if not hasattr(self, "_desa_options"):
            self._desa_options = desa_choices()
        kwargs["desa_options"] = self._desa_options
        return kwargs

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        filled = [f for f in self.forms if f.has_changed() and not f.errors]
        if not filled:
            raise forms.ValidationError(_("Isi paling sedikit satu anak."))
        references = [f.cleaned_data["consent_reference"] for f in filled]
        if len(set(references)) != len(references):
            raise forms.ValidationError(
                _(
                    "Setiap anak punya formulir persetujuannya sendiri: nomornya tidak boleh sama."
                )
            )


BatchChildFormSet = formset_factory(
    BatchChildForm,
    formset=BaseBatchFormSet,
    extra=BATCH_DEFAULT_ROWS,
    max_num=BATCH_MAX_ROWS,
    # Never more forms than the promise, whatever TOTAL_FORMS says: a larger
    # number is refused with the message below, not rendered.
    absolute_max=BATCH_MAX_ROWS,
    validate_max=True,
)


def batch_row_count(value):
    """The number of empty rows asked for (?baris=), one of the choices."""
    try:
        rows = int(value)
    except (TypeError, ValueError):
        return BATCH_DEFAULT_ROWS
    return rows if rows in BATCH_ROW_CHOICES else BATCH_DEFAULT_ROWS


class NicknameForm(forms.Form):
    """/saya/nama/: a child picks a new public name, with the same checks
    as at signup."""

    nickname = NicknameField(label=_("Nama panggilan baru"))


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Tulis kata sandimu untuk memastikan"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Kata sandi salah. Coba lagi."))
        return password


class ChildSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Cari nama panggilan atau nama pengguna"), required=False
    )
    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"), queryset=None, required=False, empty_label=_("Semua")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from portal.regions.models import Kecamatan

        self.fields["kecamatan"].queryset = Kecamatan.objects.all()


def _plain(field, label, help_text=""):
    field.label = label
    field.help_text = help_text
    field.widget.attrs.pop("placeholder", None)


class LoginForm(allauth_forms.LoginForm):
    """allauth's login form with the portal's words (one word per thing)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain(self.fields["login"], _("Nama pengguna"))
        self.fields["login"].widget.attrs["autocapitalize"] = "none"
        _plain(self.fields["password"], _("Kata sandi"))
        if "remember" in self.fields:
            self.fields["remember"].label = _(
                "Ingat saya di perangkat ini (jangan dicentang di HP bersama)"
            )


class ChangePasswordForm(allauth_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain(self.fields["oldpassword"], _("Kata sandi saat ini"))
        _plain(
            self.fields["password1"],
            _("Kata sandi baru"),
            _("Paling sedikit 8 huruf atau angka. Jangan beri tahu siapa pun."),
        )
        _plain(self.fields["password2"], _("Kata sandi baru (lagi)"))


class SetPasswordForm(allauth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain(self.fields["password1"], _("Kata sandi baru"))
        _plain(self.fields["password2"], _("Kata sandi baru (lagi)"))
