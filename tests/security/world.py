"""One portal with a person in every role and an object in every state,
for the authorisation matrix, the privacy crawl and the hostile-input tests.
Built through the real actions (submission, moderation, escalation,
shortlist, tiket emas), never by writing rows behind their back."""

import io
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from PIL import Image

from portal.accounts import roles
from proposals import actions, musrenbang
from proposals.images import sanitise_photo
from proposals.models import Agency
from proposals.setup import ensure_moderation_setup
from tests import factories

ROLES = [
    "anon",
    "child",
    "child_noconsent",
    "forum",
    "fasilitator",
    "moderator",
    "perlindungan",
    "bappeda",
    "opd",
    "admin",
]


def jpeg_bytes(width=640, height=480, colour=(30, 120, 200)):
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="JPEG")
    return out.getvalue()


@dataclass
class World:
    users: dict = field(default_factory=dict)
    cycle: object = None
    home: object = None
    published: object = None  # Ani's idea, public, with a photo
    pending: object = None  # Ani's idea waiting for moderation
    other_pending: object = None  # Budi's idea waiting for moderation
    escalated: object = None
    case: object = None
    entry: object = None  # shortlist entry of ``shortlisted``
    shortlisted: object = None
    ticket: object = None
    agency: object = None
    check_word: object = None  # a moderator's entry in the checks' word lists
    document: object = None
    # A tiket emas idea hidden by three reports after it was shortlisted.
    hidden: object = None
    assignment: object = None  # the facilitator's (the whole kabupaten)
    facilitator_action: object = None  # the facilitator verified Ani's consent

    @property
    def child(self):
        return self.users["child"]


def build_world():
    from portal.demo.management.commands.seed_demo import seed_pages

    ensure_moderation_setup()
    w = World()
    w.home = seed_pages()
    w.cycle = factories.make_cycle()
    regions = factories.make_regions()
    lesabela = regions.get(name="Lesabela")
    u = w.users
    u["child"] = factories.make_child(
        username="ani2013", nickname="Ani", desa=lesabela, disability="ya"
    )
    u["child_noconsent"] = factories.make_child(username="tanpaizin", consent=False)
    u["forum"] = factories.make_child(
        username="pengurusforum", forum_anak=True, committee=True
    )
    u["budi"] = factories.make_child(username="budi2012", nickname="Budi", age=13)
    for role, name in [
        ("fasilitator", roles.FASILITATOR),
        ("moderator", roles.MODERATOR),
        ("perlindungan", roles.PERLINDUNGAN),
        ("bappeda", roles.BAPPEDA),
        ("opd", roles.OPD),
        ("admin", roles.ADMIN),
    ]:
        u[role] = factories.make_staff(name, username=f"staf-{role}")
    moderator = u["moderator"]

    photo = sanitise_photo(ContentFile(jpeg_bytes(), name="foto.jpg"))
    w.published = actions.submit(
        w.child,
        data={
            **factories.IDEA_TEXT,
            "title": "Lampu jalan ke sekolah",
            "desa": lesabela,
            "kecamatan": lesabela.kecamatan,
        },
        cycle=w.cycle,
        photo=photo,
    )
    factories.moderator_approves(w.published, moderator)
    w.pending = factories.submit_idea(w.child, w.cycle, title="Ide Ani yang menunggu")
    w.other_pending = factories.submit_idea(
        u["budi"], w.cycle, title="Ide Budi yang menunggu"
    )
    w.escalated = factories.submit_idea(u["budi"], w.cycle, title="Ide yang dialihkan")
    w.case = actions.escalate(w.escalated, moderator, "Perlu perhatian petugas.")

    w.shortlisted = factories.publish_idea(
        u["budi"], moderator, w.cycle, title="Taman baca desa"
    )
    musrenbang.build_shortlist(w.cycle, moderator)
    w.entry = w.shortlisted.shortlist_entries.get()
    w.ticket = musrenbang.award_golden_ticket(
        w.shortlisted, moderator, "kabupaten", "Direkomendasikan Forum Anak."
    )
    w.hidden = factories.publish_idea(
        u["budi"], moderator, w.cycle, title="Ide bertiket yang disembunyikan"
    )
    musrenbang.add_to_shortlist(w.hidden, moderator, "Banyak didukung.")
    # One more place at kabupaten level (the demo data may have filled it).
    w.cycle.quota_kabupaten = max(
        w.cycle.quota_kabupaten,
        w.cycle.golden_tickets.filter(level="kabupaten").count() + 1,
    )
    w.cycle.save(update_fields=["quota_kabupaten"])
    musrenbang.award_golden_ticket(
        w.hidden, moderator, "kabupaten", "Direkomendasikan Forum Anak."
    )
    for _n in range(actions.REPORT_THRESHOLD):
        actions.report(w.hidden, factories.make_child(verified=True), "rude")
    w.hidden.refresh_from_db()
    w.agency = Agency.objects.create(name="Dinas Pendidikan", short_name="Disdik")
    w.agency.members.add(u["opd"])
    from proposals.checks.models import CheckWord

    w.check_word = CheckWord.objects.create(
        word_list="bullying", word="cengeng", added_by=u["moderator"]
    )
    w.document = _document()
    w.assignment = u["fasilitator"].facilitator_assignments.get()
    from portal.accounts import actions as account_actions

    account_actions.verify_consent(w.child.active_consent, u["fasilitator"])
    w.facilitator_action = w.child.facilitator_actions.get()
    w.published.refresh_from_db()
    w.pending.refresh_from_db()
    return w


def _document():
    """A Wagtail document, as an UANG evidence file is stored."""
    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    return get_document_model().objects.create(
        title="Notulen Musrenbang Anak",
        file=ContentFile(b"%PDF-1.4 notulen", name="notulen.pdf"),
        collection=root,
    )
