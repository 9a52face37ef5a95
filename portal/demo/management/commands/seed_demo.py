"""Demo content for a fresh machine: pages, accounts and (as later features
arrive) ideas in every state. Idempotent; refuses to run in production."""

import random

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from cms.models import HomePage, StandardPage
from portal.accounts import roles
from portal.accounts.actions import (
    ConsentInput,
    create_child_account,
    verify_consent,
)
from portal.accounts.models import ChildProfile, ConsentRecord, User, current_year
from portal.core.models import PortalSettings
from portal.demo import pages
from portal.demo.ideas import seed_ideas, seed_musrenbang
from portal.regions.models import Desa, Kecamatan

DEMO_PASSWORD = "anakhebat2026"  # noqa: S105 - demo accounts, stated in the README

NICKNAMES = [
    "Bunga", "Dayu", "Rio", "Sinta", "Agus", "Lia", "Niko", "Maya", "Tono", "Rani",
    "Yosef", "Intan", "Dimas", "Putri", "Kevin", "Melati", "Andi", "Citra", "Fajar", "Wulan",
    "Bayu", "Dewi", "Eko", "Fitri", "Gilang", "Hana", "Imam", "Jessica", "Kiki", "Lukas",
    "Mira", "Nanda", "Oki", "Prisca", "Raka", "Sari", "Tegar", "Umi", "Vino", "Yuni",
    "Zaki", "Ayu", "Benny", "Clara", "Doni", "Elsa", "Ferdi", "Gita", "Heri", "Ika",
]  # fmt: skip

STAFF = [
    ("fasilitator", "Fasilitator Demo", roles.FASILITATOR),
    ("moderator", "Moderator Demo", roles.MODERATOR),
    ("perlindungan", "Petugas Perlindungan Demo", roles.PERLINDUNGAN),
    ("bappeda", "Staf Bappeda Demo", roles.BAPPEDA),
    ("opd", "Staf OPD Demo", roles.OPD),
    ("admin", "Admin Demo", roles.ADMIN),
]


def _stream(body):
    return [{"type": kind, "value": value} for kind, value in body]


def seed_pages():
    """The home page, the plain-language pages and the default site (idempotent)."""
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node()
    if root is None:  # a flushed database (transactional tests)
        root = Page.add_root(title="Root", slug="root")
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(
            title="Musrenbang Anak Bengkayang",
            slug="beranda",
            intro=pages.HOME_INTRO,
            body=_stream(pages.HOME_BODY),
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    for spec in pages.PAGES:
        if not StandardPage.objects.filter(slug=spec["slug"]).exists():
            page = StandardPage(
                title=spec["title"],
                slug=spec["slug"],
                intro=spec["intro"],
                body=_stream(spec["body"]),
                show_in_menus=True,
            )
            home.add_child(instance=page)
            page.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True)
    if site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "Musrenbang Anak Bengkayang"
        site.save()
    # Wagtail's placeholder "Welcome" page is not ours.
    Page.objects.filter(depth=2).exclude(pk=home.pk).filter(
        content_type__model="page"
    ).delete()
    return home


class Command(BaseCommand):
    help = "Create the demo content and accounts (never in production)."

    def handle(self, *args, **options):
        if getattr(settings, "PORTAL_ENVIRONMENT", "") == "production":
            raise CommandError("seed_demo refuses to run with production settings.")
        # Hashing is slow on purpose; hash the shared demo password once.
        self.password_hash = make_password(DEMO_PASSWORD)
        if not Kecamatan.objects.exists():
            call_command("load_wilayah", stdout=self.stdout)
        with transaction.atomic():
            home = self.seed_pages()
            self.seed_settings(home)
            self.seed_staff()
            children = self.seed_children()
            ideas = seed_ideas()
            tickets = seed_musrenbang()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo siap: {len(children)} akun anak, {len(STAFF)} akun petugas, "
                f"{ideas} ide, {tickets} tiket emas. "
                f"Kata sandi semua akun demo: {DEMO_PASSWORD}"
            )
        )

    def seed_pages(self):
        return seed_pages()

    def seed_settings(self, home):
        site = Site.objects.get(is_default_site=True)
        ps = PortalSettings.for_site(site)
        ps.contact_phone = ps.contact_phone or "0812-2923-5501"
        ps.uptd_ppa_phone = ps.uptd_ppa_phone or "0812-0000-0000"
        ps.save()

    def seed_staff(self):
        for username, name, role in STAFF:
            user, _ = User.objects.get_or_create(username=username)
            user.first_name = name
            user.nickname = name
            user.password = self.password_hash
            user.is_staff = role == roles.ADMIN
            user.is_superuser = role == roles.ADMIN
            user.save()
            user.groups.add(Group.objects.get(name=role))
            if role == roles.FASILITATOR:
                # The demo facilitator looks after the whole kabupaten.
                from portal.accounts.models import FacilitatorAssignment

                FacilitatorAssignment.objects.get_or_create(
                    facilitator=user, scope=FacilitatorAssignment.Scope.KABUPATEN
                )

    def seed_children(self):
        rng = random.Random(2026)  # noqa: S311 - reproducible demo data
        desa = list(Desa.objects.select_related("kecamatan").order_by("code"))
        genders = [c for c, _ in ChildProfile.Gender.choices]
        disabilities = ["", "tidak", "tidak", "ya", "tidak_menyebut"]
        year = current_year()
        children = []
        specs = [(f"anak{i}", NICKNAMES[i - 1], False) for i in range(1, 51)]
        specs += [
            (f"forumanak{i}", f"Kak {NICKNAMES[i * 7]}", True) for i in range(1, 6)
        ]
        for index, (username, nickname, forum) in enumerate(specs):
            user = User.objects.filter(username=username).first()
            if user is None:
                user = create_child_account(
                    username=username,
                    password_hash=self.password_hash,
                    nickname=nickname,
                    birth_year=year - rng.randint(13 if forum else 8, 17),
                    gender=genders[index % 3] if index % 10 else genders[2],
                    desa=desa[(index * 7) % len(desa)],
                    disability=rng.choice(disabilities),
                    forum_anak_claimed=forum,
                    consent=ConsentInput(
                        method=ConsentRecord.Method.DEVICE,
                        guardian_name=f"Orang tua {nickname}",
                        guardian_relationship=ConsentRecord.Relationship.MOTHER,
                    ),
                )
            else:
                user.password = self.password_hash
                user.must_change_password = False
                user.save(update_fields=["password", "must_change_password"])
            if forum:
                profile = user.child_profile
                if not profile.forum_anak_verified_at:
                    from django.utils import timezone

                    profile.forum_anak_verified_at = timezone.now()
                profile.forum_anak_committee = True
                profile.save()
                user.groups.add(Group.objects.get(name=roles.FORUM_ANAK))
            children.append(user)
        # A facilitator met most of them at school and verified the consent;
        # the last ten signed up alone (unverified: their supports and reports
        # do not rank or hide, docs/SECURITY.md item 17).
        facilitator = User.objects.get(username="fasilitator")
        for user in children[:40] + children[50:]:
            consent = user.active_consent
            if consent is not None and consent.verified_at is None:
                verify_consent(consent, facilitator)
        return children
