"""Demo ideas in every state an idea can be in, made through the real
actions and the real moderation workflow."""

import datetime

from django.utils import timezone

from portal.accounts.models import ForumAnakGroup, User
from portal.regions.models import Desa, Kecamatan
from proposals import actions
from proposals.models import Cycle, Proposal
from proposals.setup import ensure_moderation_setup

IDEAS = [
    (
        "Taman bermain di dekat SD",
        "Anak-anak bermain di pinggir jalan karena tidak ada lapangan. Banyak motor lewat dan berbahaya.",
        "Buat taman bermain kecil dengan ayunan dan perosotan di tanah kosong dekat sekolah.",
        "klaster_4",
    ),
    (
        "Perpustakaan keliling ke desa",
        "Buku bacaan di sekolah kami sedikit sekali dan sudah lama.",
        "Mobil perpustakaan datang ke desa seminggu sekali supaya kami bisa pinjam buku cerita.",
        "klaster_4",
    ),
    (
        "Air bersih di sekolah",
        "Keran di sekolah sering mati, jadi kami tidak bisa cuci tangan.",
        "Pasang tandon air hujan dan keran cuci tangan di setiap sekolah.",
        "klaster_3",
    ),
    (
        "Lampu jalan ke sekolah",
        "Jalan ke sekolah gelap waktu pulang sore saat musim hujan.",
        "Pasang lampu jalan tenaga surya di jalan menuju sekolah.",
        "klaster_5",
    ),
    (
        "Akta kelahiran gratis keliling",
        "Banyak teman belum punya akta kelahiran karena kantornya jauh.",
        "Petugas datang ke desa untuk membuat akta kelahiran gratis.",
        "klaster_1",
    ),
    (
        "Posyandu remaja",
        "Remaja tidak tahu harus bertanya ke mana soal kesehatan.",
        "Adakan posyandu remaja sebulan sekali di balai desa.",
        "klaster_3",
    ),
    (
        "Kawasan tanpa rokok di sekolah",
        "Banyak orang dewasa merokok di depan sekolah.",
        "Pasang tanda dilarang merokok dan buat aturan kawasan tanpa rokok di sekitar sekolah.",
        "klaster_3",
    ),
    (
        "Sanggar tari Dayak untuk anak",
        "Kami ingin belajar tari tradisional tapi tidak ada tempat latihan.",
        "Buat sanggar seni di kecamatan dengan pelatih tari dan alat musik.",
        "klaster_4",
    ),
    (
        "Kelas menolak pernikahan anak",
        "Ada kakak kelas yang berhenti sekolah karena menikah.",
        "Adakan sosialisasi di sekolah tentang bahaya pernikahan anak bersama orang tua.",
        "klaster_2",
    ),
    (
        "Jalan setapak aman ke sungai",
        "Jalan ke tempat mandi di sungai licin dan sempit.",
        "Buat jalan setapak dengan pegangan supaya anak kecil tidak jatuh.",
        "klaster_5",
    ),
    (
        "Forum Anak punya ruang rapat",
        "Forum Anak tidak punya tempat untuk berkumpul.",
        "Sediakan ruang di kantor kecamatan untuk kegiatan Forum Anak.",
        "kelembagaan",
    ),
    (
        "Lapangan voli desa",
        "Lapangan voli di desa rusak dan berlubang.",
        "Perbaiki lapangan voli dan beri net baru supaya anak bisa berolahraga.",
        "klaster_4",
    ),
]


def seed_cycle():
    today = timezone.localdate()
    cycle, _ = Cycle.objects.get_or_create(
        year=today.year,
        defaults={
            "apbd_year": today.year + 1,
            "opens_on": datetime.date(today.year, 1, 1),
            "closes_on": datetime.date(today.year, 12, 31),
        },
    )
    return cycle


def seed_groups():
    groups = []
    for kecamatan in Kecamatan.objects.order_by("code")[:3]:
        group, _ = ForumAnakGroup.objects.get_or_create(
            name=f"Forum Anak Kecamatan {kecamatan.name}",
            defaults={"level": "kecamatan", "kecamatan": kecamatan},
        )
        groups.append(group)
    ForumAnakGroup.objects.get_or_create(
        name="Forum Anak Kabupaten Bengkayang", defaults={"level": "kabupaten"}
    )
    return groups


def _approve(proposal, moderator):
    task_state = proposal.current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, moderator, "approve", comment="")


def _request_changes(proposal, moderator, comment):
    task_state = proposal.current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, moderator, "reject", comment=comment)


def seed_ideas():
    """Idempotent: only seeds when no idea exists yet."""
    ensure_moderation_setup()
    if Proposal.objects.exists():
        return Proposal.objects.count()
    cycle = seed_cycle()
    groups = seed_groups()
    moderator = User.objects.get(username="moderator")
    facilitator = User.objects.get(username="fasilitator")
    children = list(
        User.objects.filter(username__startswith="anak").order_by("pk")[:20]
    )
    desa = list(Desa.objects.select_related("kecamatan").order_by("code"))

    def submit(child, spec, index, group=None):
        title, problem, description, cluster = spec
        place = desa[(index * 11) % len(desa)]
        return actions.submit(
            facilitator if group else child,
            data={
                "title": title,
                "problem": problem,
                "description": description,
                "kecamatan": place.kecamatan,
                "desa": place,
                "cluster": cluster,
            },
            cycle=cycle,
            group=group,
            offline=25 if group else None,
            seeding=True,
        )

    published = []
    for index, spec in enumerate(IDEAS[:8]):
        proposal = submit(children[index], spec, index)
        _approve(proposal, moderator)
        published.append(proposal)
    # A Forum Anak group's idea, collected offline by a facilitator.
    group_idea = submit(None, IDEAS[10], 10, group=groups[0])
    _approve(group_idea, moderator)
    # Waiting for moderation.
    submit(children[8], IDEAS[8], 8)
    # Changes requested, with a comment written for a child.
    needs_changes = submit(children[9], IDEAS[9], 9)
    _request_changes(
        needs_changes,
        moderator,
        "Idemu bagus! Tolong tulis di desa mana jalan itu, supaya petugas tahu tempatnya.",
    )
    # Published, then edited: the edit waits while the approved text stays public.
    edited = published[0]
    actions.edit(
        children[0],
        edited,
        data={
            "title": "Taman bermain dan lapangan di dekat SD",
            "problem": edited.problem,
            "description": edited.description + " Kalau bisa ada lapangan kecil juga.",
            "kecamatan": edited.kecamatan,
            "desa": edited.desa,
            "cluster": edited.cluster,
        },
    )
    # A duplicate merged into the idea it repeats.
    duplicate = submit(children[10], IDEAS[11], 11)
    _approve(duplicate, moderator)
    similar = submit(
        children[11],
        ("Perbaikan lapangan voli", IDEAS[11][1], IDEAS[11][2], IDEAS[11][3]),
        11,
    )
    actions.merge(similar, duplicate, moderator)
    # Reported by three children and hidden until a moderator decides.
    reported = published[6]
    for reporter in children[12:15]:
        actions.report(reported, reporter, "rude", "")
    # A possible disclosure, escalated to the Petugas Perlindungan.
    disclosure = submit(
        children[15],
        (
            "Tolong bantu kami",
            "Di rumah saya sering dipukul kalau pulang terlambat.",
            "Saya ingin ada tempat aman untuk anak-anak bercerita.",
            "klaster_5",
        ),
        15,
    )
    actions.escalate(disclosure, moderator, "Anak menceritakan kekerasan di rumah.")
    seed_supports(
        children
        + list(User.objects.filter(username__startswith="anak").order_by("pk")[20:])
    )
    # Not published (a joke), with a note for the child.
    joke = submit(
        children[16],
        (
            "Hapus PR selamanya",
            "PR terlalu banyak.",
            "Tidak ada PR lagi di seluruh dunia.",
            "klaster_4",
        ),
        16,
    )
    actions.unpublish(
        joke,
        moderator,
        "Idemu lucu, tapi pemerintah daerah tidak bisa menghapus PR. Coba tulis ide tentang tempat belajar yang nyaman!",
    )
    return Proposal.objects.count()


def seed_supports(children):
    """Supports through the real action, skewed so the ranking means something."""
    from voting.actions import SupportRefused, toggle_support

    public = list(Proposal.objects.public().order_by("pk"))
    for rank, proposal in enumerate(public):
        wanted = max(len(children) - rank * 6, 2)
        for child in children[:wanted]:
            if child.pk == proposal.proposer_id:
                continue
            try:
                toggle_support(child, proposal.pk)
            except SupportRefused:
                continue


AGENCIES = [
    ("Dinas Pendidikan dan Kebudayaan", "Disdikbud"),
    ("Dinas Kesehatan", "Dinkes"),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", "PUPR"),
    ("Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil"),
    ("Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak", "DinsosPPPA"),
]


def seed_musrenbang():
    """The tiket emas path in every state: shortlist, recommendations, awards,
    received, accepted, not accepted, adopted into the APBD (two), and
    implementation. Idempotent: only when no tiket emas exists yet."""
    from proposals import musrenbang
    from proposals.models import Agency, GoldenTicket, ShortlistEntry

    if GoldenTicket.objects.exists():
        return GoldenTicket.objects.count()
    agencies = {
        short: Agency.objects.get_or_create(name=name, defaults={"short_name": short})[
            0
        ]
        for name, short in AGENCIES
    }
    opd_user = User.objects.get(username="opd")
    agencies["Disdikbud"].members.add(opd_user)
    moderator = User.objects.get(username="moderator")
    bappeda = User.objects.get(username="bappeda")
    cycle = seed_cycle()
    today = timezone.localdate()
    cycle.selection_cutoff = today - datetime.timedelta(days=60)
    cycle.musrenbang_desa_on = today - datetime.timedelta(days=45)
    cycle.musrenbang_kecamatan_on = today - datetime.timedelta(days=35)
    cycle.forum_perangkat_daerah_on = today - datetime.timedelta(days=20)
    cycle.musrenbang_kabupaten_on = today - datetime.timedelta(days=10)
    cycle.save()
    musrenbang.build_shortlist(cycle, moderator)
    committee = list(
        User.objects.filter(username__startswith="forumanak").order_by("username")
    )
    entries = list(
        ShortlistEntry.objects.filter(cycle=cycle)
        .select_related("proposal")
        .order_by("-proposal__support_count")
    )
    for entry in entries:
        for member in committee[:3]:
            musrenbang.recommend(
                entry, member, True, "Banyak anak di kecamatan kami membutuhkannya."
            )
    top = [e.proposal for e in entries[:4]]
    tickets = [
        musrenbang.award_golden_ticket(
            proposal,
            moderator,
            "kabupaten",
            "Didukung paling banyak anak dan direkomendasikan pengurus Forum Anak.",
        )
        for proposal in top
    ]
    for ticket in tickets:
        ticket.urusan = "Pendidikan"
        ticket.target_opd = agencies["Disdikbud"]
        ticket.location = ticket.proposal.desa.name if ticket.proposal.desa else ""
        ticket.volume, ticket.unit = 1, "paket"
        ticket.estimated_budget = 150_000_000
        ticket.sipd_level = "kecamatan"
        ticket.save()
        musrenbang.mark_received(ticket, bappeda)
    accepted_reply = (
        "Idemu dibahas di Musrenbang kecamatan dan diterima untuk dibawa ke kabupaten!"
    )
    for ticket in tickets[:2]:
        musrenbang.record_outcome(
            ticket,
            bappeda,
            level="kecamatan",
            outcome="accepted",
            reason_category="accepted",
            reply=accepted_reply,
        )
        musrenbang.record_adoption(
            ticket,
            bappeda,
            reply="Idemu masuk APBD tahun depan dan akan dikerjakan Disdikbud.",
            budget_year=cycle.apbd_year,
            adopted_opd=agencies["Disdikbud"],
            program="Program Pengelolaan Pendidikan",
            kegiatan="Pengelolaan Pendidikan Sekolah Dasar",
            adopted_sub_kegiatan="Penyediaan Sarana Belajar Ramah Anak",
            pagu=125_000_000,
        )
    musrenbang.update_implementation(
        tickets[0],
        opd_user,
        progress_percent=40,
        reply="Bahan bangunan sudah dibeli; pekerjaan dimulai bulan depan.",
    )
    musrenbang.record_outcome(
        tickets[2],
        bappeda,
        level="kecamatan",
        outcome="rejected",
        reason_category="already_planned",
        reply="Terima kasih! Kegiatan ini sudah ada di rencana dinas untuk tahun ini, "
        "jadi tidak diusulkan lagi.",
    )
    # tickets[3] waits for an answer (overdue: its Musrenbang was over 30 days ago).
    return GoldenTicket.objects.count()
