"""Generate the benchmark data set in a fresh PostgreSQL database.

    python tests/perf/generate_data.py          # drop, create, migrate, fill
    python tests/perf/generate_data.py --check  # exit 0 if the data set is there

Settings: ``tests.perf.bench_settings`` (production plus the baseline view),
so DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS and CSRF_TRUSTED_ORIGINS
must be set (``run_bench.sh`` sets them). The data set:

- the regions (``load_wilayah``), roles, the moderation workflow, the CMS pages;
- an open cycle for this year (no support limit, the default);
- 20,000 children ``bench00001`` … ``bench20000`` (user, child profile, active
  consent, group Anak), all with one password hashed once;
- 10,000 published ideas (live, status "published", first_published_at set),
  each with its public "submitted" and "published" events;
- 200,000 supports, skewed (idea weight ~ 1/(rank+5)^0.9: the top idea has
  ~3,200, the tail a handful or none), loaded with COPY; every idea's
  ``support_count`` is then set to its exact number of rows, and
  ``reconcile_tallies --dry-run`` proves it.

It writes ``.bench/dataset.json`` (ids, usernames, password) for the load
generator. Rows are written with ``bulk_create`` and COPY: about 30 seconds.
"""

import argparse
import datetime
import json
import os
import random
import sys
import time
import uuid
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
STATE_DIR = Path(os.environ.get("BENCH_STATE_DIR", ROOT / ".bench"))
DATASET_FILE = STATE_DIR / "dataset.json"

CHILDREN = 20_000
IDEAS = 10_000
SUPPORTS = 200_000
PASSWORD = "benchanak2026"  # noqa: S105 - benchmark accounts in a throw-away database
USERNAME = "bench{:05d}"
SEED = 2026

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.perf.bench_settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")


def log(message, started=[]):  # noqa: B006 - a start time shared by all calls
    if not started:
        started.append(time.monotonic())
    print(f"[{time.monotonic() - started[0]:6.1f}s] {message}", flush=True)


def database_url():
    url = os.environ["DATABASE_URL"]
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        sys.exit("The benchmark needs PostgreSQL (DATABASE_URL=postgres://…).")
    return parts


def admin_connection():
    """A connection to the server's ``postgres`` database, for DROP/CREATE."""
    import psycopg

    parts = database_url()
    return psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname="postgres",
        autocommit=True,
    )


def database_name():
    return database_url().path.lstrip("/")


def recreate_database():
    name = database_name()
    if not name.replace("_", "").isalnum():
        sys.exit(f"Refusing an unusual database name: {name!r}")
    with admin_connection() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    import redis

    redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()
    log(f"database {name} created, Redis db flushed")


def check():
    """True when the bench database holds the data set and its description."""
    if not DATASET_FILE.exists():
        return False
    with admin_connection() as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database_name()]
        ).fetchone()
    if not exists:
        return False
    import django

    django.setup()
    from portal.accounts.models import ChildProfile
    from proposals.models import Proposal
    from voting.models import Support

    try:
        ideas = Proposal.objects.public().count()
        children = ChildProfile.objects.count()
        supports = Support.objects.count()
    except Exception:  # noqa: BLE001 - a half-made database is "not there"
        return False
    print(f"bench data set: {ideas} ideas, {children} children, {supports} supports")
    return (
        ideas == IDEAS
        and children == CHILDREN
        and abs(supports - SUPPORTS) <= SUPPORTS // 20
    )


WORDS = {
    "what": [
        "Taman bermain",
        "Perpustakaan desa",
        "Lampu jalan",
        "Tempat sampah",
        "Lapangan bola",
        "Air bersih",
        "Jembatan kecil",
        "Posyandu remaja",
        "Sanggar seni",
        "Kelas komputer",
        "Jalan ke sekolah",
        "WC sekolah",
    ],
    "where": [
        "dekat sekolah",
        "di balai desa",
        "di dusun kami",
        "di pinggir sungai",
        "dekat masjid",
        "dekat gereja",
        "di kampung",
    ],
    "problem": [
        "Anak-anak tidak punya tempat yang aman untuk bermain sepulang sekolah.",
        "Kalau malam jalan gelap sekali dan kami takut pulang dari mengaji.",
        "Sampah menumpuk dan baunya sampai ke kelas kami.",
        "Buku di sekolah sedikit dan sudah rusak semua.",
        "Kalau hujan jalan becek dan banyak teman yang terlambat.",
        "Air sumur keruh dan adik-adik sering sakit perut.",
    ],
    "idea": [
        "Kami ingin dibangun tempat yang aman dan dirawat bersama warga.",
        "Tolong dipasang lampu tenaga surya di sepanjang jalan itu.",
        "Kami mau ikut membersihkan kalau disediakan tempat dan jadwalnya.",
        "Kami usul ada rak buku dan buku cerita baru setiap tahun.",
        "Jalan diperbaiki dan diberi parit supaya air tidak menggenang.",
        "Dibuat penampungan air hujan dan saringan air untuk sekolah.",
    ],
}
NICKNAMES = "Bunga Dayu Rio Sinta Agus Lia Niko Maya Tono Rani Intan Dimas".split()


def generate(children=CHILDREN, ideas_wanted=IDEAS, supports=SUPPORTS):
    """The data set; the fault drills (``tests/perf/drill_env.py``) ask for a
    small one through the same code."""
    recreate_database()
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Site

    from portal.accounts import roles
    from portal.accounts.models import ChildProfile, ConsentRecord, User
    from portal.core.models import PortalSettings
    from portal.demo.management.commands.seed_demo import seed_pages
    from portal.regions.models import Desa
    from proposals.models import Cluster, Cycle, Proposal, ProposalEvent
    from proposals.setup import ensure_moderation_setup
    from voting.models import Support

    rng = random.Random(SEED)  # noqa: S311 - reproducible benchmark data
    call_command("migrate", interactive=False, verbosity=0)
    log("migrated")
    call_command("load_wilayah", verbosity=0)
    roles.ensure_roles()
    ensure_moderation_setup()
    with transaction.atomic():
        seed_pages()
        ps = PortalSettings.for_site(Site.objects.get(is_default_site=True))
        ps.contact_phone = "0812-2923-5501"
        ps.uptd_ppa_phone = "0812-0000-0000"
        ps.save()
    today = timezone.localdate()
    cycle = Cycle.objects.create(
        year=today.year,
        apbd_year=today.year + 1,
        opens_on=datetime.date(today.year, 1, 1),
        closes_on=datetime.date(today.year, 12, 31),
    )
    log("regions, roles, workflow, pages and an open cycle")

    password_hash = make_password(PASSWORD)
    desa = list(Desa.objects.select_related("kecamatan").order_by("code"))
    now = timezone.now()
    genders = [c for c, _ in ChildProfile.Gender.choices]
    with transaction.atomic():
        users = User.objects.bulk_create(
            [
                User(
                    username=USERNAME.format(i),
                    nickname=f"{NICKNAMES[i % len(NICKNAMES)]} {i}",
                    password=password_hash,
                    date_joined=now,
                )
                for i in range(1, children + 1)
            ],
            batch_size=5000,
        )
        anak = Group.objects.get(name=roles.ANAK)
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=u.pk, group_id=anak.pk) for u in users],
            batch_size=5000,
        )
        child_desa = [rng.choice(desa) for _ in users]
        ChildProfile.objects.bulk_create(
            [
                ChildProfile(
                    user_id=u.pk,
                    birth_year=today.year - rng.randint(6, 17),
                    gender=rng.choice(genders),
                    desa=place,
                    disability=rng.choice(["", "tidak", "tidak", "ya"]),
                )
                for u, place in zip(users, child_desa, strict=True)
            ],
            batch_size=5000,
        )
        ConsentRecord.objects.bulk_create(
            [
                ConsentRecord(
                    child_id=u.pk,
                    method=ConsentRecord.Method.DEVICE,
                    guardian_name=f"Orang tua {u.nickname}",
                    guardian_relationship=ConsentRecord.Relationship.MOTHER,
                    notice_version=settings.GUARDIAN_NOTICE_VERSION,
                    given_at=now,
                )
                for u in users
            ],
            batch_size=5000,
        )
    log(f"{len(users)} children (user, profile, consent, group Anak)")

    clusters = [c for c, _ in Cluster.choices]
    ideas = []
    for i in range(ideas_wanted):
        index = rng.randrange(len(users))
        proposer, place = users[index], child_desa[index]
        created = now - datetime.timedelta(minutes=rng.randint(60, 60 * 24 * 120))
        published = created + datetime.timedelta(hours=rng.randint(1, 48))
        what, where = rng.choice(WORDS["what"]), rng.choice(WORDS["where"])
        ideas.append(
            Proposal(
                title=f"{what} {where} ({i + 1})",
                problem=rng.choice(WORDS["problem"]),
                description=rng.choice(WORDS["idea"]) + " " + rng.choice(WORDS["idea"]),
                kecamatan=place.kecamatan,
                desa=place,
                cluster=rng.choice(clusters),
                cycle=cycle,
                proposer=proposer,
                proposer_kecamatan=place.kecamatan,
                status=Proposal.Status.PUBLISHED,
                live=True,
                has_unpublished_changes=False,
                first_published_at=published,
                last_published_at=published,
                created_at=created,
            )
        )
    with transaction.atomic():
        ideas = Proposal.objects.bulk_create(ideas, batch_size=2000)
        events = []
        for idea in ideas:
            events.append(
                ProposalEvent(
                    proposal_id=idea.pk,
                    kind=ProposalEvent.Kind.SUBMITTED,
                    to_status=Proposal.Status.IN_MODERATION,
                    actor_id=idea.proposer_id,
                    actor_role=str(roles.ROLE_LABELS[roles.ANAK]),
                    created_at=idea.created_at,
                )
            )
            events.append(
                ProposalEvent(
                    proposal_id=idea.pk,
                    kind=ProposalEvent.Kind.PUBLISHED,
                    from_status=Proposal.Status.IN_MODERATION,
                    to_status=Proposal.Status.PUBLISHED,
                    actor_role=str(roles.ROLE_LABELS[roles.MODERATOR]),
                    created_at=idea.first_published_at,
                )
            )
        ProposalEvent.objects.bulk_create(events, batch_size=5000)
    log(f"{len(ideas)} published ideas with their events")

    idea_ids = [idea.pk for idea in ideas]
    ranked = idea_ids[:]
    rng.shuffle(ranked)
    cum, total = [], 0.0
    for rank in range(len(ranked)):
        total += 1.0 / (rank + 5) ** 0.9
        cum.append(total)
    child_ids = [u.pk for u in users]
    pairs = set()
    while len(pairs) < supports:
        want = supports - len(pairs)
        for idea in rng.choices(ranked, cum_weights=cum, k=want):
            pairs.add((rng.choice(child_ids), idea))
    buffer = StringIO()
    stamp = now.isoformat()
    for child, idea in pairs:
        buffer.write(f"{child}\t{idea}\t{stamp}\n")
    table = Support._meta.db_table
    proposals = Proposal._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        with cursor.cursor.copy(
            f"COPY {table} (child_id, proposal_id, created_at) FROM STDIN"  # noqa: S608
        ) as copy:
            copy.write(buffer.getvalue())
        cursor.execute(
            f"UPDATE {proposals} AS p SET support_count = s.n "  # noqa: S608
            f"FROM (SELECT proposal_id, count(*) AS n FROM {table} "
            "GROUP BY proposal_id) AS s WHERE p.id = s.proposal_id"
        )
    log(f"{len(pairs)} supports (COPY) and exact support counts")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    log("VACUUM ANALYZE")

    top = list(
        Proposal.objects.order_by("-support_count").values_list(
            "support_count", flat=True
        )[:3]
    )
    popular = list(
        Proposal.objects.order_by("-support_count", "pk").values_list("pk", flat=True)[
            :20
        ]
    )
    least = Proposal.objects.order_by("support_count").values_list(
        "support_count", flat=True
    )[0]
    log(f"supports per idea: top {top}, least {least}")
    call_command("reconcile_tallies", "--dry-run")

    STATE_DIR.mkdir(parents=True, exist_ok=True)
    DATASET_FILE.write_text(
        json.dumps(
            {
                "token": uuid.uuid4().hex,
                "created": now.isoformat(),
                "database": database_name(),
                "ideas": idea_ids,
                "popular": popular,
                "children": {
                    "first": 1,
                    "count": children,
                    "username": USERNAME,
                    "password": PASSWORD,
                },
                "kecamatan": sorted({d.kecamatan_id for d in desa}),
                "clusters": clusters,
                "supports": len(pairs),
            }
        )
    )
    log(f"wrote {DATASET_FILE}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--children", type=int, default=CHILDREN)
    parser.add_argument("--ideas", type=int, default=IDEAS)
    parser.add_argument("--supports", type=int, default=SUPPORTS)
    args = parser.parse_args()
    if args.check:
        sys.exit(0 if check() else 1)
    generate(args.children, args.ideas, args.supports)


if __name__ == "__main__":
    main()
