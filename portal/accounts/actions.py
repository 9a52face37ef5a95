"""State changes of accounts and consent. Views, admin and commands call these."""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import roles
from .care import require_child_in_care
from .models import (
    AccountDeletion,
    ChildProfile,
    ConsentRecord,
    FacilitatorAction,
    User,
)
from .permissions import can
from .signals import (
    child_account_created,
    child_account_deleting,
    child_account_departing,
)

# Syllables for one-time passwords a child can read off a paper slip and
# type on a phone: no look-alike characters, nothing rude.
_SYLLABLES = [
    "ba", "bu", "da", "di", "ga", "ka", "ku", "la", "lu", "ma", "mi", "na",
    "nu", "pa", "pi", "ra", "ru", "sa", "si", "ta", "tu", "wa", "ya", "ja",
]  # fmt: skip


def one_time_password():
    """A readable one-time password such as ``kumara-4827``."""
    word = "".join(secrets.choice(_SYLLABLES) for _ in range(3))
    return f"{word}-{secrets.randbelow(9000) + 1000}"


def unique_username(nickname):
    """A username derived from the nickname plus digits, never an existing one."""
    base = slugify(nickname).replace("-", "")[:16] or "anak"
    while True:
        candidate = f"{base}{secrets.randbelow(9000) + 1000}"
        if not User.objects.filter(username__iexact=candidate).exists():
            return candidate


@dataclass
class ConsentInput:
    method: str
    guardian_name: str = ""
    guardian_relationship: str = ""
    paper_reference: str = ""
    verified_by: User | None = None


@transaction.atomic
def create_child_account(
    *,
    username,
    password=None,
    password_hash=None,
    nickname,
    birth_year,
    birth_month=None,
    gender,
    desa,
    disability="",
    forum_anak_claimed=False,
    consent: ConsentInput,
    channel=ChildProfile.Channel.WEB,
    must_change_password=False,
):
    """Create a child's account, profile and consent record together.

    There is no child account without a consent record: the three rows are
    written in one transaction, so a failure leaves nothing behind.
    """
    user = User(username=username, nickname=nickname)
    if password_hash:
        user.password = password_hash
    else:
        user.set_password(password)
    user.must_change_password = must_change_password
    user.save()
    user.groups.add(Group.objects.get(name=roles.ANAK))
    ChildProfile.objects.create(
        user=user,
        birth_year=birth_year,
        birth_month=birth_month,
        gender=gender,
        desa=desa,
        disability=disability or "",
        forum_anak_claimed=forum_anak_claimed,
        channel=channel,
    )
    now = timezone.now()
    ConsentRecord.objects.create(
        child=user,
        method=consent.method,
        guardian_name=consent.guardian_name,
        guardian_relationship=consent.guardian_relationship,
        paper_reference=consent.paper_reference,
        notice_version=settings.GUARDIAN_NOTICE_VERSION,
        given_at=now,
        verified_by=consent.verified_by,
        verified_at=now if consent.verified_by else None,
    )
    transaction.on_commit(lambda: child_account_created.send(User, user=user))
    return user


def require_facilitator(actor):
    if not can(actor, "accounts.manage_children"):
        raise PermissionDenied


# What the child reads on /saya/ and in the notification, per action.
CHILD_NOTICES = {
    FacilitatorAction.Kind.ACCOUNT_CREATED: gettext_lazy(
        "Akunmu dibuat oleh fasilitator"
    ),
    FacilitatorAction.Kind.PASSWORD_RESET: gettext_lazy(
        "Kata sandimu diatur ulang oleh fasilitator"
    ),
    FacilitatorAction.Kind.CONSENT_VERIFIED: gettext_lazy(
        "Izin orang tua/walimu diverifikasi oleh fasilitator"
    ),
    FacilitatorAction.Kind.FORUM_ANAK_VERIFIED: gettext_lazy(
        "Keanggotaan Forum Anakmu diverifikasi oleh fasilitator"
    ),
    FacilitatorAction.Kind.FORUM_ANAK_COMMITTEE: gettext_lazy(
        "Kamu dijadikan pengurus Forum Anak oleh fasilitator"
    ),
    FacilitatorAction.Kind.FORUM_ANAK_REMOVED: gettext_lazy(
        "Keanggotaan Forum Anakmu dicabut oleh fasilitator"
    ),
}


def record_facilitator_action(actor, kind, *, child=None, group=None, notify=True):
    """Append who did what to whom, and tell the child (issue 11 item 16).

    Called inside the action's transaction; the notification is pushed on
    commit. Not for the child when the action deletes the account.
    """
    kecamatan = None
    if child is not None and hasattr(child, "child_profile"):
        kecamatan = child.child_profile.desa.kecamatan
    elif group is not None:
        kecamatan = group.kecamatan or (group.desa.kecamatan if group.desa else None)
    entry = FacilitatorAction.objects.create(
        kind=kind,
        actor=actor,
        actor_username=actor.get_username(),
        child=child,
        kecamatan=kecamatan,
        group=group,
    )
    if notify and child is not None and kind in CHILD_NOTICES:
        from portal.notifications.models import Message, Notification
        from portal.notifications.models import notify as send

        when = timezone.localtime(entry.created_at).strftime("%d-%m-%Y %H:%M")
        send(
            [child],
            kind=Notification.Kind.INFO,
            title=Message(CHILD_NOTICES[kind]),
            body=Message(
                gettext_lazy(
                    "Pada %(when)s. Bukan kamu yang meminta? Ceritakan kepada orang "
                    "tuamu atau guru, atau hubungi SAPA 129."
                ),
                when=when,
            ),
            url="/saya/",
        )
    return entry


def facilitator_actions_for_child(child):
    """What facilitators did to this child, as the child reads it on /saya/:
    ``[(notice, when)]``, newest first."""
    if not child.is_authenticated or not child.is_child:
        return []
    return [
        (CHILD_NOTICES[entry.kind], entry.created_at)
        for entry in child.facilitator_actions.filter(kind__in=list(CHILD_NOTICES))
    ]


@transaction.atomic
def verify_consent(consent, actor):
    """A facilitator confirms that the guardian really consented."""
    require_facilitator(actor)
    require_child_in_care(actor, consent.child)
    if consent.status != ConsentRecord.Status.ACTIVE:
        raise ValueError("Only active consent can be verified")
    consent.verified_by = actor
    consent.verified_at = timezone.now()
    consent.save(update_fields=["verified_by", "verified_at"])
    record_facilitator_action(
        actor, FacilitatorAction.Kind.CONSENT_VERIFIED, child=consent.child
    )
    return consent


@transaction.atomic
def delete_child_account(
    user, reason=AccountDeletion.Reason.SELF, *, actor=None, requested_by=""
):
    """Delete a child's personal data, keeping only what proves consent.

    The account, profile and everything personal go. Consent records stay
    as revoked, without the guardian's name and without the link to the
    child. Other apps react to ``child_account_deleting`` inside this same
    transaction (supports and counts, authorship of published ideas).
    """
    profile = getattr(user, "child_profile", None)
    kecamatan = profile.desa.kecamatan if profile else None
    # What the KLA report counted about her stays, anonymously, before her
    # supports, reviews and profile go (issue 12 item 11; the evidence app
    # listens, so that accounts never imports it).
    child_account_departing.send(User, user=user)
    # ``actor`` (who acted) and ``requested_by`` (who asked) go to any open
    # safeguarding case of the child's (proposals/safeguarding.py).
    child_account_deleting.send(
        User,
        user=user,
        kecamatan=kecamatan,
        reason=reason,
        actor=actor if actor is not None else user,
        requested_by=requested_by or user.get_username(),
    )
    ConsentRecord.objects.filter(child=user).update(
        status=ConsentRecord.Status.REVOKED,
        revoked_at=timezone.now(),
        revoked_reason=reason,
        guardian_name="",
        guardian_relationship="",
        child=None,
    )
    AccountDeletion.objects.create(kecamatan=kecamatan, reason=reason)
    user.delete()


@transaction.atomic
def revoke_consent(child, actor):
    """Consent withdrawn (by the guardian, through a facilitator): the child's
    personal data is deleted as if the child deleted the account (PP 17/2025)."""
    require_facilitator(actor)
    if not child.is_child:
        raise ValueError("Not a child account")
    require_child_in_care(actor, child)
    record_facilitator_action(
        actor, FacilitatorAction.Kind.CONSENT_REVOKED, child=child, notify=False
    )
    delete_child_account(
        child,
        reason=AccountDeletion.Reason.CONSENT_REVOKED,
        actor=actor,
        requested_by=_("orang tua/wali (izin dicabut lewat %(actor)s)")
        % {"actor": actor.get_username()},
    )


@transaction.atomic
def verify_forum_anak(child, actor, committee=False):
    """A facilitator confirms Forum Anak membership (and, optionally, that the
    child sits on the committee that reviews the shortlist)."""
    require_facilitator(actor)
    require_child_in_care(actor, child)
    profile = child.child_profile
    profile.forum_anak_verified_at = profile.forum_anak_verified_at or timezone.now()
    profile.forum_anak_committee = committee
    profile.save(update_fields=["forum_anak_verified_at", "forum_anak_committee"])
    child.groups.add(Group.objects.get(name=roles.FORUM_ANAK))
    kind = FacilitatorAction.Kind
    record_facilitator_action(
        actor,
        kind.FORUM_ANAK_COMMITTEE if committee else kind.FORUM_ANAK_VERIFIED,
        child=child,
    )
    return profile


@transaction.atomic
def remove_forum_anak(child, actor):
    require_facilitator(actor)
    require_child_in_care(actor, child)
    profile = child.child_profile
    profile.forum_anak_verified_at = None
    profile.forum_anak_committee = False
    profile.save(update_fields=["forum_anak_verified_at", "forum_anak_committee"])
    child.groups.remove(Group.objects.get(name=roles.FORUM_ANAK))
    record_facilitator_action(
        actor, FacilitatorAction.Kind.FORUM_ANAK_REMOVED, child=child
    )


@transaction.atomic
def reset_child_password(child, actor):
    """A new one-time password for a child who forgot theirs (no e-mail here).

    The password opens the child's account, so it is the action most worth
    abusing: only for a child in the facilitator's care, logged, and the
    child is told (on /saya/ and by notification) after signing in.
    """
    require_facilitator(actor)
    if not child.is_child:
        raise PermissionDenied
    require_child_in_care(actor, child)
    password = one_time_password()
    child.set_password(password)
    child.must_change_password = True
    child.save(update_fields=["password", "must_change_password"])
    record_facilitator_action(actor, FacilitatorAction.Kind.PASSWORD_RESET, child=child)
    return password


@transaction.atomic
def create_batch_accounts(actor, rows):
    """Accounts for children met offline, with their paper consent forms.

    Returns ``(user, one_time_password)`` pairs for the printable slips; the
    passwords are not stored anywhere else and must be changed at first
    sign-in.
    """
    require_facilitator(actor)
    from .care import desa_in_care

    allowed = set(desa_in_care(actor).values_list("pk", flat=True))
    if any(row["desa"].pk not in allowed for row in rows):
        raise PermissionDenied
    created = []
    for row in rows:
        password = one_time_password()
        user = create_child_account(
            username=unique_username(row["nickname"]),
            password=password,
            nickname=row["nickname"],
            birth_year=row["birth_year"],
            birth_month=row.get("birth_month"),
            gender=row["gender"],
            desa=row["desa"],
            disability=row.get("disability", ""),
            forum_anak_claimed=row.get("forum_anak_claimed", False),
            consent=ConsentInput(
                method=ConsentRecord.Method.PAPER,
                paper_reference=row["consent_reference"],
                guardian_name=row.get("guardian_name", ""),
                verified_by=actor,
            ),
            channel=ChildProfile.Channel.BATCH,
            must_change_password=True,
        )
        record_facilitator_action(
            actor, FacilitatorAction.Kind.ACCOUNT_CREATED, child=user
        )
        created.append((user, password))
    return created


def export_child_data(user):
    """Everything the portal holds about a child, for the child to download.

    Times are local (WIB) with their offset (``export_registry.local_iso``).
    """
    from .export_registry import local_iso

    data = {
        "akun": {
            "username": user.username,
            "nama_panggilan": user.nickname,
            "tanggal_daftar": local_iso(user.date_joined),
            "login_terakhir": local_iso(user.last_login),
        },
        "persetujuan": [
            {
                "cara": c.get_method_display(),
                "nomor_formulir": c.paper_reference,
                "nama_orang_tua_wali": c.guardian_name,
                "hubungan": c.get_guardian_relationship_display(),
                "versi_pemberitahuan": c.notice_version,
                "waktu": local_iso(c.given_at),
                "status": c.get_status_display(),
                "diverifikasi": local_iso(c.verified_at),
            }
            for c in user.consents.all()
        ],
    }
    profile = getattr(user, "child_profile", None)
    if profile:
        data["profil"] = {
            "tahun_lahir": profile.birth_year,
            "bulan_lahir": profile.birth_month,
            "jenis_kelamin": profile.get_gender_display(),
            "desa": profile.desa.name,
            "kecamatan": profile.desa.kecamatan.name,
            "disabilitas": profile.get_disability_display() or None,
            "mengaku_anggota_forum_anak": profile.forum_anak_claimed,
            "anggota_forum_anak_terverifikasi": profile.is_forum_anak,
            "pengurus_forum_anak": profile.forum_anak_committee,
        }
    data["tindakan_fasilitator"] = [
        {"tindakan": str(notice), "waktu": local_iso(when)}
        for notice, when in facilitator_actions_for_child(user)
    ]
    from .export_registry import collect_extra

    data.update(collect_extra(user))
    return data


@transaction.atomic
def change_nickname(user, nickname):
    """A child picks a new public name, checked by the form's
    ``NicknameField`` (issue 11 item 6). Checked again here, so that no
    caller can store a name the public pages would refuse to show."""
    from .public_name import validate_public_name

    if not user.is_child:
        raise PermissionDenied
    validate_public_name(nickname)
    user.nickname = nickname
    user.save(update_fields=["nickname"])
    return user
