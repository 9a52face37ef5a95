import json

from allauth.account.utils import complete_signup
from allauth.account.views import SignupView
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portal.core.query import legacy_query_redirect
from portal.regions.models import Desa

from . import actions, care, roles
from .ageing import age_on
from .forms import (
    BATCH_ROW_CHOICES,
    BatchChildFormSet,
    ChildSearchForm,
    DeleteAccountForm,
    GuardianConsentForm,
    NicknameForm,
    batch_row_count,
)
from .models import ChildProfile, ConsentRecord, User
from .permissions import can
from .slips import slip_context

PENDING_KEY = "pending_child_signup"


class ChildSignupView(SignupView):
    """Step one: the child's own details. Nothing is created yet; the data
    waits in the session (the password only as a hash) for the guardian."""

    template_name = "account/signup.html"

    def form_valid(self, form):
        data = form.cleaned_data
        from django.contrib.auth.hashers import make_password

        self.request.session[PENDING_KEY] = {
            "username": data["username"],
            "password_hash": make_password(data["password1"]),
            "nickname": data["nickname"],
            "birth_year": data["birth_year"],
            "birth_month": data["birth_month"],
            "gender": data["gender"],
            "desa": data["desa"].pk,
            "disability": data.get("disability") or "",
            "forum_anak": bool(data.get("forum_anak")),
        }
        return redirect("account_signup_guardian")


@never_cache
def guardian_consent(request):
    """Step two, addressed to the parent or guardian: no account without it."""
    pending = request.session.get(PENDING_KEY)
    if request.user.is_authenticated:
        return redirect("/")
    if not pending:
        messages.info(
            request, _("Isi data dirimu dulu, lalu minta izin orang tua/wali.")
        )
        return redirect("account_signup")
    # The youngest the child can be: self-consent only when certainly 17.
    age = age_on(
        pending["birth_year"], pending.get("birth_month"), timezone.localdate()
    )
    form = GuardianConsentForm(request.POST or None, child_age=age)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        self_consent = data["method"] == ConsentRecord.Method.SELF
        if User.objects.filter(username__iexact=pending["username"]).exists():
            messages.error(
                request,
                _("Nama pengguna itu baru saja dipakai orang lain. Pilih nama lain."),
            )
            return redirect("account_signup")
        try:
            user = actions.create_child_account(
                username=pending["username"],
                password_hash=pending["password_hash"],
                nickname=pending["nickname"],
                birth_year=pending["birth_year"],
                birth_month=pending.get("birth_month"),
                gender=pending["gender"],
                desa=get_object_or_404(Desa, pk=pending["desa"]),
                disability=pending["disability"],
                forum_anak_claimed=pending["forum_anak"],
                consent=actions.ConsentInput(
                    method=data["method"],
                    guardian_name=data.get("guardian_name", "").strip(),
                    guardian_relationship=data.get("guardian_relationship", ""),
                ),
            )
        except IntegrityError:
            messages.error(
                request,
                _("Nama pengguna itu baru saja dipakai orang lain. Pilih nama lain."),
            )
            return redirect("account_signup")
        del request.session[PENDING_KEY]
        messages.success(
            request,
            _("Selamat datang, %(name)s! Akunmu sudah jadi.") % {"name": user.nickname},
        )
        if self_consent:
            messages.info(
                request,
                _(
                    "Jangan lupa: ceritakan kepada orang tuamu bahwa kamu ikut portal ini."
                ),
            )
        return complete_signup(request, user, None, "/")
    return render(
        request,
        "account/signup_guardian.html",
        {
            "form": form,
            "child_nickname": pending["nickname"],
            "child_age": age,
            "notice_version": settings.GUARDIAN_NOTICE_VERSION,
        },
    )


def password_help(request):
    """Children have no e-mail: a forgotten password is reset by a facilitator."""
    return render(request, "account/password_help.html")


@login_required
def my_page(request):
    user = request.user
    profile = getattr(user, "child_profile", None)
    if profile is not None:
        profile = ChildProfile.objects.select_related("desa__kecamatan").get(
            pk=profile.pk
        )
    from . import public_name
    from .page_registry import collect_sections

    # A changed public name waiting for a moderator (h6); a first name is
    # approved with the child's first idea, so it is not "waiting" here.
    name_pending = (
        profile is not None
        and public_name.is_pending(user)
        and public_name.pending_names().filter(pk=user.pk).exists()
    )
    return render(
        request,
        "accounts/my_page.html",
        {
            "profile": profile,
            "name_pending": name_pending,
            "consent": user.active_consent,
            "sections": collect_sections(request),
            "facilitator_actions": actions.facilitator_actions_for_child(user),
        },
    )


@login_required
def my_data(request):
    """The child's own data as a JSON download (UU PDP: right of access)."""
    body = json.dumps(
        actions.export_child_data(request.user), ensure_ascii=False, indent=2
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="data-saya.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def my_data_zip(request):
    """The same data with her own photos (issue 12 item 12): a ZIP holding
    data-saya.json and foto/ide-<n>.jpg files, built in memory, never cached."""
    import io
    import zipfile

    from .export_registry import collect_files

    data = actions.export_child_data(request.user)
    files = collect_files(request.user)
    data["berkas_foto"] = [name for name, _file in files]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "data-saya.json", json.dumps(data, ensure_ascii=False, indent=2)
        )
        for name, photo in files:
            with photo.open("rb") as source:
                # Photos are compressed already.
                archive.writestr(name, source.read(), zipfile.ZIP_STORED)
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="data-saya.zip"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@never_cache
def change_nickname(request):
    """A child changes the public name shown next to their ideas; the form
    refuses personal data, rude words and staff titles (issue 11 item 6)."""
    user = request.user
    if not user.is_child:
        messages.error(request, _("Nama petugas diatur oleh Admin, bukan dari sini."))
        return redirect("accounts:my_page")
    form = NicknameForm(request.POST or None, initial={"nickname": user.nickname})
    if request.method == "POST" and form.is_valid():
        actions.change_nickname(user, form.cleaned_data["nickname"])
        from . import public_name

        if public_name.pending_names().filter(pk=user.pk).exists():
            messages.success(
                request,
                _(
                    "Nama panggilanmu sudah diganti. Nama baru tampil di samping "
                    "idemu setelah disetujui moderator."
                ),
            )
        else:
            messages.success(request, _("Nama panggilanmu sudah diganti."))
        return redirect("accounts:my_page")
    return render(request, "accounts/change_nickname.html", {"form": form})


@login_required
@never_cache
def delete_account(request):
    user = request.user
    if not user.is_child:
        messages.error(request, _("Akun petugas dihapus oleh Admin, bukan dari sini."))
        return redirect("accounts:my_page")
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        kecamatan = user.child_profile.desa.kecamatan.name
        logout(request)
        actions.delete_child_account(user)
        messages.success(
            request,
            _(
                "Akunmu dan data pribadimu sudah dihapus. Ide yang sudah tampil tetap "
                "ada atas nama “Anak dari Kecamatan %(kecamatan)s”."
            )
            % {"kecamatan": kecamatan},
        )
        return redirect("/")
    return render(request, "accounts/delete_account.html", {"form": form})


# --- facilitator tools -------------------------------------------------------


def facilitator_required(view):
    @login_required
    def wrapped(request, *args, **kwargs):
        if not can(request.user, "accounts.manage_children"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@facilitator_required
def facilitator_home(request):
    return render(request, "accounts/facilitator/home.html")


@facilitator_required
@never_cache
def batch_accounts(request):
    """Accounts for children met offline, printed as slips.

    The slips are rendered in the POST response itself: one-time passwords
    are shown once and stored nowhere else.
    """
    if legacy := legacy_query_redirect(request, {"baris": "rows"}):
        return legacy
    rows = batch_row_count(request.GET.get("rows"))
    formset = BatchChildFormSet(request.POST or None, prefix="anak")
    # Empty rows asked for (?rows=); a submitted formset keeps its own count.
    formset.extra = rows
    context = {"formset": formset, "rows": rows, "row_choices": BATCH_ROW_CHOICES}
    if request.method == "POST" and formset.is_valid():
        rows = [f.cleaned_data for f in formset.forms if f.has_changed()]
        try:
            created = actions.create_batch_accounts(request.user, rows)
        except PermissionDenied:
            messages.error(
                request,
                _(
                    "Ada desa di luar wilayah tugasmu. Kamu hanya bisa membuat akun "
                    "untuk anak di wilayah yang ditugaskan Admin kepadamu."
                ),
            )
            response = render(request, "accounts/facilitator/batch.html", context)
            response.status_code = 403
            return response
        response = render(
            request,
            "accounts/facilitator/slips.html",
            {
                "slips": [{"user": u, "password": p} for u, p in created],
                **slip_context(request),
            },
        )
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "accounts/facilitator/batch.html", context)


@facilitator_required
def children(request):
    if legacy := legacy_query_redirect(request, {"halaman": "page"}):
        return legacy
    form = ChildSearchForm(request.GET or None)
    qs = (
        care.children_in_care(request.user)
        .select_related("child_profile__desa__kecamatan")
        .prefetch_related("consents")
        .order_by("child_profile__desa__kecamatan__name", "nickname")
    )
    if form.is_valid():
        if form.cleaned_data.get("q"):
            from django.db.models import Q

            q = form.cleaned_data["q"]
            qs = qs.filter(Q(nickname__icontains=q) | Q(username__icontains=q))
        if form.cleaned_data.get("kecamatan"):
            qs = qs.filter(
                child_profile__desa__kecamatan=form.cleaned_data["kecamatan"]
            )
    from django.core.paginator import Paginator

    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request, "accounts/facilitator/children.html", {"form": form, "page": page}
    )


def _child_or_404(request, pk):
    """A child in the facilitator's care (``portal.accounts.care``); any
    other child is as unknown as a missing one."""
    return get_object_or_404(
        care.children_in_care(
            request.user,
            User.objects.select_related("child_profile__desa__kecamatan"),
        ),
        pk=pk,
    )


@facilitator_required
def child_detail(request, pk):
    child = _child_or_404(request, pk)
    return render(
        request,
        "accounts/facilitator/child_detail.html",
        {"child": child, "consent": child.active_consent},
    )


@facilitator_required
@require_POST
def child_verify_consent(request, pk):
    child = _child_or_404(request, pk)
    consent = child.active_consent
    if consent is None:
        messages.error(request, _("Anak ini belum punya persetujuan aktif."))
    else:
        actions.verify_consent(consent, request.user)
        messages.success(request, _("Persetujuan sudah diverifikasi."))
    return redirect("accounts:child_detail", pk=pk)


@facilitator_required
@require_POST
def child_forum_anak(request, pk):
    child = _child_or_404(request, pk)
    action = request.POST.get("action")
    if action == "remove":
        actions.remove_forum_anak(child, request.user)
        messages.success(request, _("Keanggotaan Forum Anak dicabut."))
    else:
        actions.verify_forum_anak(child, request.user, committee=action == "committee")
        messages.success(request, _("Keanggotaan Forum Anak sudah diverifikasi."))
    return redirect("accounts:child_detail", pk=pk)


@facilitator_required
@require_POST
def child_reset_password(request, pk):
    child = _child_or_404(request, pk)
    password = actions.reset_child_password(child, request.user)
    response = render(
        request,
        "accounts/facilitator/slips.html",
        {
            "slips": [{"user": child, "password": password}],
            "reset": True,
            **slip_context(request),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@facilitator_required
@never_cache
def child_revoke_consent(request, pk):
    """Revocation deletes the child's personal data, so it asks to confirm."""
    child = _child_or_404(request, pk)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        nickname = child.nickname
        actions.revoke_consent(child, request.user)
        messages.success(
            request,
            _("Persetujuan dicabut dan data pribadi %(name)s sudah dihapus.")
            % {"name": nickname},
        )
        return redirect(reverse("accounts:children"))
    return render(request, "accounts/facilitator/revoke.html", {"child": child})


# --- one sign-in path (issue 11 item 14) -------------------------------------


@never_cache
def admin_sign_in(request):
    """The Wagtail and Django admin sign-in pages, reduced to a signpost.

    Their own forms have none of the portal's throttles, and a child's
    password there opened a portal session. Every account signs in on
    /akun/masuk/; this view never reads a password, so a POST here signs
    nobody in. A signed-in user without admin access is refused rather
    than sent back to the sign-in page (which would send them back here).
    """
    from django.contrib.auth.views import redirect_to_login
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = ""
    target = target or (
        "/django-admin/" if request.path.startswith("/django-admin/") else "/admin/"
    )
    if request.user.is_authenticated:
        if request.user.is_staff or roles.has_role(request.user, *roles.ADULT_ROLES):
            return redirect(target)
        raise PermissionDenied
    return redirect_to_login(target, login_url=reverse("account_login"))
