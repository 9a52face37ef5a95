"""The editorial pages of the demo, in plain Indonesian."""

HOME_INTRO = (
    "Kamu anak Bengkayang? Punya ide supaya desamu lebih baik untuk anak-anak? "
    "Tulis idemu di sini, kapan saja sepanjang tahun. Ide yang paling banyak "
    "didukung bisa mendapat tiket emas untuk dibahas di Musrenbang bersama "
    "BAPERIDA (badan perencanaan daerah), dan bisa masuk anggaran daerah (APBD)."
)

HOME_BODY = [
    ("heading", "Bagaimana caranya?"),
    (
        "steps",
        [
            {
                "title": "Daftar",
                "text": "Buat akun dengan nama panggilan. Orang tua atau walimu memberi izin.",
            },
            {
                "title": "Tulis idemu",
                "text": "Ceritakan masalahnya dan idemu untuk memperbaikinya.",
            },
            {
                "title": "Dukung ide teman",
                "text": "Ide dengan dukungan terbanyak dipilih Forum Anak.",
            },
            {
                "title": "Dapat jawaban",
                "text": "Setiap anak mendapat kabar tentang apa yang terjadi pada idenya.",
            },
        ],
    ),
    (
        "callout",
        "Setiap ide dibaca dulu oleh moderator sebelum tampil. Jangan tulis nama "
        "lengkap, alamat, atau nomor HP di dalam ide.",
    ),
]

PAGES = [
    {
        "slug": "cara-ikut",
        "title": "Cara Ikut",
        "intro": "Semua anak berusia 6 sampai 17 tahun di Kabupaten Bengkayang boleh ikut.",
        "body": [
            ("heading", "1. Daftar"),
            (
                "paragraph",
                "<p>Pilih nama pengguna dan kata sandi. Pakai <b>nama panggilan</b>, bukan nama lengkap. Orang tua atau walimu membaca pemberitahuan dan memberi izin di HP yang sama. Kalau kamu ikut sesi di sekolah atau Forum Anak, fasilitator bisa membuatkan akun dengan formulir izin kertas.</p>",
            ),
            ("heading", "2. Tulis idemu"),
            (
                "paragraph",
                "<p>Tulis masalah yang kamu lihat dan idemu untuk memperbaikinya: taman bermain, air bersih, perpustakaan, jalan ke sekolah, apa saja yang penting untuk anak. Moderator membaca setiap ide sebelum tampil.</p>",
            ),
            ("heading", "3. Dukung ide"),
            (
                "paragraph",
                "<p>Tekan tombol <b>Dukung</b> pada ide yang kamu suka. Tekan sekali lagi untuk membatalkan.</p>",
            ),
            ("heading", "4. Tiket emas dan Musrenbang"),
            (
                "paragraph",
                "<p>Ide dengan dukungan terbanyak di setiap kecamatan dibahas pengurus Forum Anak. Ide terbaik mendapat <b>tiket emas</b> dan dibawa ke Musrenbang desa, kecamatan, dan kabupaten bersama BAPERIDA, badan perencanaan daerah.</p>",
            ),
            ("heading", "5. Jawaban untukmu"),
            (
                "paragraph",
                "<p>Kamu mendapat kabar di Halaman Saya: diterima, ditolak dengan alasannya, atau masuk anggaran (APBD) dan dikerjakan.</p>",
            ),
        ],
    },
    {
        "slug": "tentang",
        "title": "Tentang Musrenbang Anak",
        "intro": "Musrenbang Anak Goes Digital adalah inovasi DinsosPPPA dan BAPERIDA Kabupaten Bengkayang.",
        "body": [
            (
                "paragraph",
                "<p><b>Musrenbang</b> (Musyawarah Perencanaan Pembangunan) adalah rapat tahunan tempat warga, desa, dan pemerintah merencanakan pembangunan tahun berikutnya. Biasanya anak hanya ikut satu hari. Di portal ini, anak bisa menyampaikan ide <b>sepanjang tahun</b>.</p>",
            ),
            (
                "paragraph",
                "<p>Targetnya: paling sedikit satu atau dua program di APBD tahun berikutnya berasal murni dari usulan anak, dengan bukti yang jelas. Ini bagian dari upaya Kabupaten Bengkayang menjadi Kabupaten Layak Anak (KLA).</p>",
            ),
        ],
    },
    {
        "slug": "privasi-anak",
        "title": "Privasi untuk Anak",
        "intro": "Bagaimana kami menjaga datamu, dengan bahasa yang mudah.",
        "body": [
            ("heading", "Apa yang kami tanyakan?"),
            (
                "paragraph",
                "<p>Nama pengguna, kata sandi, nama panggilan, tahun lahir, jenis kelamin, desa, dan (kalau kamu mau) apakah kamu penyandang disabilitas. Tidak ada nama lengkap, alamat, sekolah, foto wajah, atau nomor HP.</p>",
            ),
            ("heading", "Siapa yang melihat?"),
            (
                "paragraph",
                "<p>Orang lain hanya melihat nama panggilanmu, kecamatanmu, dan kelompok usiamu (misalnya 13–15 tahun). Moderator membaca idemu sebelum tampil dan menghapus data pribadi di dalamnya.</p>",
            ),
            ("heading", "Kalau kamu dalam bahaya"),
            (
                "paragraph",
                "<p>Kalau kamu menulis bahwa kamu atau temanmu disakiti, tulisan itu tidak ditampilkan. Petugas perlindungan anak akan membacanya dan membantu dalam 24 jam. Kamu juga bisa menelepon SAPA 129 kapan saja.</p>",
            ),
            ("heading", "Berapa lama datamu disimpan?"),
            (
                "paragraph",
                "<p>Selama kamu memakai akunmu. Kalau kamu tidak masuk selama setahun, kami memberi tahu, dan 30 hari kemudian akunmu dihapus, kecuali kamu masuk lagi. Saat kamu berumur 18 tahun, akunmu dihapus 30 hari setelah kami memberi tahu. Idemu yang sudah tampil tetap ada tanpa namamu.</p>",
            ),
            ("heading", "Hakmu"),
            (
                "paragraph",
                "<p>Di Halaman Saya kamu bisa mengunduh semua datamu dan menghapus akunmu kapan saja.</p>",
            ),
        ],
    },
    {
        "slug": "privasi-orang-tua",
        "title": "Privasi untuk Orang Tua dan Wali",
        "intro": "Pemberitahuan pemrosesan data pribadi anak (UU 27/2022 tentang Pelindungan Data Pribadi dan PP 17/2025).",
        "body": [
            ("heading", "Pengendali data"),
            (
                "paragraph",
                "<p>Pemerintah Kabupaten Bengkayang melalui DinsosPPPA, bersama BAPERIDA (Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah) untuk pembahasan di Musrenbang.</p>",
            ),
            ("heading", "Data yang diproses dan tujuannya"),
            (
                "paragraph",
                "<p>Data akun dan profil anak (nama pengguna, nama panggilan, tahun lahir, jenis kelamin, desa, status disabilitas bila diisi), nama dan hubungan orang tua/wali sebagai bukti persetujuan, serta ide dan dukungan anak. Tujuannya: agar anak dapat berpartisipasi dalam perencanaan pembangunan, mendapat jawaban atas idenya, dan agar pemerintah dapat melaporkan partisipasi anak secara terpilah (jenis kelamin, usia, kecamatan, disabilitas) tanpa menyebut identitas anak. Tidak ada profiling anak dan tidak ada iklan.</p>",
            ),
            ("heading", "Dasar pemrosesan"),
            (
                "paragraph",
                "<p>Persetujuan orang tua/wali (UU PDP pasal 25). Anak berusia 17 tahun dapat memberi persetujuan sendiri dengan memberi tahu orang tuanya (PP 17/2025).</p>",
            ),
            ("heading", "Penyimpanan dan penghapusan"),
            (
                "paragraph",
                "<p>Data pribadi anak disimpan selama anak memakai akunnya, dan dihapus lebih cepat bila anak menghapus akun atau orang tua/wali mencabut persetujuan. Ide yang sudah dipublikasikan tetap ada tanpa nama (\u201cAnak dari Kecamatan ...\u201d).</p>",
            ),
            ("heading", "Jadwal penyimpanan"),
            (
                "paragraph",
                "<ul>"
                "<li><b>Akun yang tidak dipakai</b>: bila anak tidak masuk selama 12 bulan, anak (dan fasilitator yang menyimpan formulir izin kertas) diberi tahu; 30 hari kemudian akun dan data pribadinya dihapus, kecuali anak masuk lagi.</li>"
                "<li><b>Anak yang berumur 18 tahun</b>: diberi tahu, lalu akunnya dihapus 30 hari kemudian.</li>"
                "<li><b>Tulisan yang ditangani petugas perlindungan anak</b>: isi tulisan, foto, catatan petugas, dan catatan aksesnya dihapus 5 tahun setelah tindakan terakhir pada kasus yang sudah selesai. Yang tersisa hanya tanggal, status, dan rujukan. UPTD PPA menyimpan berkasnya sendiri menurut aturannya.</li>"
                "<li><b>Pemberitahuan di portal</b>: 12 bulan.</li>"
                "<li><b>Riwayat perubahan di ruang admin</b>: 2 tahun.</li>"
                "<li><b>Catatan persetujuan yang sudah berakhir</b> (tanpa nama) dan <b>catatan penghapusan akun</b> (tanpa nama, hanya kecamatan dan alasan): 5 tahun.</li>"
                "<li><b>Sesi masuk</b>: sampai kedaluwarsa; <b>penghitung batas percobaan</b>: paling lama 1 jam, di memori.</li>"
                "</ul>",
            ),
            ("heading", "Mencabut persetujuan"),
            (
                "paragraph",
                "<p>Hubungi fasilitator sekolah atau DinsosPPPA Kabupaten Bengkayang. Persetujuan dicabut dan data anak dihapus.</p>",
            ),
        ],
    },
]
