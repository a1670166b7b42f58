"""Bahasa Indonesia: baris perintah (`python -m bot db|admin|run|demo`) bagi operator BKPSDM. Teks biasa."""

MESSAGES: dict[str, str] = {
    "cli.bot.description": "Bot Telegram IP ASN: jalankan bot, siapkan basis datanya, kelola datanya.",
    "cli.interrupted": "Dihentikan.",
    "cli.failed.database": "Basis data menjawab dengan kesalahan: {reason}",
    "cli.failed.system": "{where}{reason}",
    "cli.failed.internal": (
        "Kesalahan internal ({kind}: {reason}). Mohon laporkan beserta perintah yang dijalankan "
        "(python -X dev -m bot … menampilkan rinciannya)."
    ),
    "cli.help.url": "URL basis data (bawaan: DATABASE_URL dari lingkungan atau .env, bila tidak ada: ipasn.db di "
                    "folder data Anda)",
    "cli.help.lang": "bahasa pesan: id atau en (bawaan: DEFAULT_LANGUAGE, bila tidak ada: id)",
    "cli.metavar.file": "BERKAS",
    # basis data
    "cli.database": "Basis data: {where}",
    "cli.db.bad_url": "DATABASE_URL / --url: {url!r} bukan URL basis data (sqlite+aiosqlite:///BERKAS atau "
                      "postgresql+asyncpg://PENGGUNA@HOST/DB)",
    "cli.db.folder_missing": (
        "Folder {folder} untuk berkas basis data {file} tidak ada: periksa DATABASE_URL atau --url (atau buat "
        "foldernya dulu)."
    ),
    "cli.db.cannot_create_folder": "Folder basis data {folder} tidak dapat dibuat: {reason}.",
    "cli.db.file_missing": "Basis data {where} belum ada. Buat dengan: {command}",
    "cli.db.no_tables": "Basis data {where} belum berisi tabel. Buat tabelnya dengan: {command}",
    "cli.db.unknown_revision": (
        "Basis data {where} berada pada revisi {revisions}, yang tidak dikenal versi bot ini: versi yang lebih "
        "baru telah memigrasinya. Jalankan versi itu, atau turunkan basis datanya dengan versi itu."
    ),
    "cli.db.behind": (
        "Basis data {where} berada pada revisi {current}, sedangkan versi bot ini memerlukan {heads}. "
        "Perbarui dengan: {command}"
    ),
    "cli.db.cannot_open": "Basis data {where} tidak dapat dibuka: {reason}.",
    "cli.db.at_revision": "{where} berada pada revisi {revisions}",
    "cli.db.base": "base (tanpa tabel)",
    "cli.db.is_head": "terbaru",
    "cli.db.head_is": "terbaru: {heads}",
    "cli.db.up_to_date": "{where} sudah mutakhir (revisi {revisions})",
    "cli.db.downgrade_base": "Turun ke 'base' menghapus SEMUA tabel dan seluruh data {where}.",
    "cli.db.downgrade_to": "Turun ke revisi {revision} menghapus tabel dan kolom {where} yang ditambahkan "
                           "sesudahnya, beserta datanya.",
    "cli.db.help": "buat atau migrasikan skema basis data",
    "cli.db.upgrade.help": "buat basis data, atau migrasikan ke skema terbaru (atau ke REVISION)",
    "cli.db.downgrade.help": "migrasikan kembali ke REVISION ('base' menghapus semua tabel); bertanya dulu, "
                             "atau --yes",
    "cli.db.revision.help": "revisi Alembic, mis. 003, 'head', 'base' atau -1",
    "cli.db.yes.help": "jangan bertanya: data yang akan hilang boleh hilang",
    "cli.db.current.help": "tampilkan revisi basis data",
    "cli.db.check.help": "keluar dengan status 1 (dan perintah yang perlu dijalankan) bila skema belum mutakhir",
    "cli.confirm.ask": "{question} Ketik ya untuk melanjutkan: ",
    "cli.confirm.word": "ya",
    "cli.confirm.needs_yes": "{question} Tidak ada terminal untuk bertanya: tambahkan --yes untuk melanjutkan.",
    "cli.confirm.declined": "Tidak ada yang diubah.",
    # run dan demo
    "cli.run.help": "jalankan bot (long polling; --webhook untuk produksi)",
    "cli.run.description": (
        "Menjalankan bot dengan token di TELEGRAM_BOT_TOKEN (.env): bot mengambil pembaruan dari Telegram (long "
        "polling, tidak ada yang perlu dibuka ke internet) atau, dengan --webhook, menerimanya di WEBHOOK_URL. "
        "Basis data harus mutakhir (python -m bot db upgrade). Hentikan dengan Ctrl-C."
    ),
    "cli.run.webhook.help": "terima pembaruan di WEBHOOK_URL, bukan polling",
    "cli.run.invalid_token": (
        "Telegram menolak TELEGRAM_BOT_TOKEN: bukan token bot yang sah (masih contoh dari .env.example?). Salin "
        "token bot Anda dari @BotFather ke .env."
    ),
    "cli.run.no_network": (
        "Telegram tidak dapat dihubungi ({reason}): periksa koneksi internet, proksi, atau TELEGRAM_API_BASE_URL."
    ),
    "cli.demo.help": "mengobrol dengan bot di terminal, dengan Telegram lokal (tanpa token)",
    "cli.demo.description": (
        "Menjalankan Telegram lokal dan bot pada basis data demo yang sudah terisi, lalu mengobrol di terminal."
    ),
    # admin
    "cli.admin.help": "impor, peran, kode tautan dan ekspor (operator kepegawaian)",
    "cli.admin.description": (
        "Perintah untuk BKPSDM/BKD: memuat data pegawai dan riwayatnya, memberi peran, membagikan kode tautan, "
        "mengekspor. Setiap perubahan tercatat di log audit. Status keluar 0 selesai, 1 ditolak, 2 tidak dapat "
        "dimulai."
    ),
    "cli.admin.file.help": "berkas .csv atau .xlsx (README: bagian '{section}')",
    "cli.admin.dry_run.help": "periksa dan tampilkan siapa dan apa yang akan berubah; tidak menulis apa pun",
    "cli.admin.skip_invalid.help": "impor baris yang baik walaupun ada baris yang salah (yang salah ditampilkan)",
    "cli.admin.partial.help": "berkas ini bukan seluruh data pegawai: tidak ada yang dinonaktifkan",
    "cli.admin.import_roster.help": "muat pegawai dan unit kerja (diperbarui menurut NIP)",
    "cli.admin.import_trainings.help": "muat riwayat pelatihan menurut NIP",
    "cli.admin.import_skp.help": "muat penilaian kinerja tahunan (SKP) menurut NIP",
    "cli.admin.import_penalties.help": "muat hukuman disiplin menurut NIP",
    "cli.admin.nip.help": "NIP pegawai (18 angka; boleh dengan spasi)",
    "cli.admin.role.help": "supervisor (atasan) atau hr_admin (admin kepegawaian)",
    "cli.admin.grant.help": "beri peran supervisor atau hr_admin (lagi: ubah cakupannya)",
    "cli.admin.grant_unit.help": "batasi pada unit ini (kode atau nama) dan unit di bawahnya",
    "cli.admin.revoke.help": "cabut peran yang pernah diberikan",
    "cli.admin.roles.help": "daftar peran yang diberikan",
    "cli.admin.invite.help": "kode tautan sekali pakai bagi pegawai yang belum tertaut",
    "cli.admin.invite_unit.help": "hanya unit ini (kode atau nama) dan unit di bawahnya",
    "cli.admin.invite_nip.help": "hanya pegawai ini, walaupun sudah tertaut (tautan ulang); boleh berulang",
    "cli.admin.invite_output.help": "berkas yang ditulis, .csv atau .xlsx (bawaan: CSV pada keluaran standar)",
    "cli.admin.ttl.help": "berapa hari kode berlaku (bawaan LINK_CODE_TTL_DAYS, {days})",
    "cli.admin.bot_username.help": "tambahkan tautan t.me untuk setiap kode",
    "cli.admin.unlink.help": "lepaskan akun Telegram seorang pegawai",
    "cli.admin.export.help": "semua data yang disimpan bot, sebagai XLSX",
    "cli.admin.export_output.help": "berkas .xlsx yang ditulis",
    "cli.admin.no_employee": "Tidak ada pegawai dengan NIP {nip}.",
    "cli.admin.unknown_role": "Peran {role!r} tidak dikenal: peran yang dapat diberikan adalah supervisor dan "
                              "hr_admin.",
    "cli.admin.implicit_role": "Peran {role!r} melekat dari data pegawai dan tidak dapat diberikan atau dicabut.",
    "cli.admin.scope_all": "semua unit",
    "cli.admin.scope_unit": "unit di bawah {code} ({name})",
    "cli.admin.granted": "{nip} {name} menjadi {role} untuk {where}",
    "cli.admin.revoked": "{nip} {name}: peran {role} dicabut",
    "cli.admin.no_grant": "{nip} {name} tidak memegang peran {role} yang diberikan.",
    "cli.admin.inactive": "  [nonaktif: tidak memegang peran]",
    "cli.admin.no_roles": "Belum ada peran yang diberikan (grant-role NIP hr_admin).",
    "cli.admin.codes_written": (
        "{count} kode ditulis ke {path} (kode lama pegawai ini yang belum dipakai tidak berlaku lagi)"
    ),
    "cli.admin.not_linked": "{nip} {name} tidak memiliki akun Telegram yang tertaut.",
    "cli.admin.unlinked": "{nip} {name}: akun Telegram dilepas; perlu kode tautan baru untuk menautkan lagi",
    "cli.report.help": "peta IP ASN per unit sebagai XLSX",
    "cli.report.output.help": "berkas .xlsx yang ditulis",
    "cli.report.unofficial.help": "hitung hasil CPNS dan PPPK dalam rerata (bawaan: INDEX_INCLUDE_UNOFFICIAL)",
    "cli.report.done": "{path}: {units} unit, {members} pegawai aktif, {measured} sudah diukur",
    "cli.output.no_folder": "{path} tidak dapat ditulis: folder {folder} tidak ada.",
    "cli.output.is_folder": "{path} tidak dapat ditulis: itu sebuah folder; beri nama berkas.",
    "cli.import.unusable": "Tidak dapat mengimpor: {reason}",
    # laporan impor (bot/admin/report.py) dan masalah baris (roster_rows.py, history.py)
    "import.what.roster": "Data pegawai",
    "import.what.roster_partial": "Data pegawai (sebagian)",
    "import.what.trainings": "Pelatihan",
    "import.what.skp": "SKP",
    "import.what.penalties": "Hukuman disiplin",
    "import.header": "{what} dari {file}: {rows} baris, {bad} bermasalah",
    "import.row": "baris {row}: {reason}",
    "import.row_nip": "baris {row} (NIP {nip}): {reason}",
    "import.ignored_columns": "Kolom yang diabaikan: {columns}",
    "import.warning": "Peringatan: ",
    "import.changes": "Yang akan berubah:",
    "import.change.unit_created": "+ unit",
    "import.change.unit_updated": "~ unit",
    "import.change.created": "+",
    "import.change.updated": "~",
    "import.change.deactivated": "- nonaktif:",
    "import.count.created": "dibuat",
    "import.count.updated": "diperbarui",
    "import.count.unchanged": "tidak berubah",
    "import.count.deactivated": "dinonaktifkan",
    "import.count.closed": "klaim pegawai dikonfirmasi dan ditutup",
    "import.count.units_created": "unit dibuat",
    "import.count.units_updated": "unit diperbarui",
    "import.dry_run": "Uji coba (--dry-run), tidak ada yang ditulis. Yang akan terjadi: {summary}",
    "import.written": "Ditulis: {summary}",
    "import.nothing_written": (
        "Tidak ada yang ditulis: perbaiki baris di atas lalu impor lagi, atau pakai --skip-invalid untuk mengimpor "
        "baris yang baik saja."
    ),
    "import.note.orphan_parent.would": (
        "Kode Unit Induk {code!r} (baris {rows}) bukan unit di berkas ini maupun di basis data: akan dibuat sebagai "
        "unit teratas baru bernama {code!r}.{hint}"
    ),
    "import.note.orphan_parent.done": (
        "Kode Unit Induk {code!r} (baris {rows}) bukan unit di berkas ini maupun di basis data: telah dibuat sebagai "
        "unit teratas baru bernama {code!r}.{hint}"
    ),
    "import.note.orphan_parent.typo": " Salah ketik untuk {similar}? Perbaiki berkasnya lalu impor lagi.",
    "import.note.orphan_parent.add": (
        " Bila benar, tambahkan barisnya, atau beri namanya lewat baris dengan Kode Unit itu."
    ),
    "import.note.nobody_deactivated.would": (
        "Tidak ada yang akan dinonaktifkan: ada baris yang dilewati, jadi ini bukan data pegawai yang lengkap. "
        "Perbaiki baris itu lalu impor lagi untuk menonaktifkan pegawai yang sudah keluar."
    ),
    "import.note.nobody_deactivated.done": (
        "Tidak ada yang dinonaktifkan: ada baris yang dilewati, jadi ini bukan data pegawai yang lengkap. "
        "Perbaiki baris itu lalu impor lagi untuk menonaktifkan pegawai yang sudah keluar."
    ),
    "import.note.supervisor_dropped.would": (
        "{count} pegawai akan diimpor tanpa atasan yang disebut berkas (atasan yang sudah tersimpan tetap), "
        "karena baris atasan itu bermasalah: {rows}. Perbaiki baris atasan itu lalu impor berkasnya lagi: "
        "atasannya akan terisi."
    ),
    "import.note.supervisor_dropped.done": (
        "{count} pegawai diimpor tanpa atasan yang disebut berkas (atasan yang sudah tersimpan tetap), "
        "karena baris atasan itu bermasalah: {rows}. Perbaiki baris atasan itu lalu impor berkasnya lagi: "
        "atasannya akan terisi."
    ),
    "import.note.supervisor_pair": "baris {rows} (atasan {nip} di baris {row})",
    "import.row_ref": "baris {row}",
    "import.yes": "ya",
    "import.no": "tidak",
    "import.field.active": "aktif",
    "import.unit_detail": "{name!r} di bawah {parent}",
    "row.no_parent": "(tidak ada)",
    "row.own_parent": "{column}: unit tidak bisa menjadi induk dirinya sendiri",
    "row.empty_level": "{column}: ada tingkat yang kosong dalam {path!r}",
    "row.path_too_long": "{column}: jalur lebih dari {limit} karakter",
    "row.pppk_hint": "{problem} (NI PPPK? tulis PPPK di Status Kepegawaian)",
    "row.nip_as_number": (
        "{column}: tersimpan sebagai angka, yang hanya menyimpan 15 dari 18 digit: format kolom NIP sebagai Teks "
        "lalu ketik ulang"
    ),
    "row.unknown_value": "{column}: nilai {value!r} tidak dikenal (pakai {choices})",
    "row.own_supervisor": "{column}: pegawai tidak bisa menjadi atasan dirinya sendiri",
    "row.table_needs_unit": "{path}: data pegawai memerlukan kolom Unit Kerja (atau Kode Unit)",
    "row.table_parent_needs_code": "{path}: Kode Unit Induk memerlukan kolom Kode Unit: induk disebut dengan kodenya",
    "row.duplicate_nip": "NIP ganda, juga di baris {rows}",
    "row.unit_conflict": (
        "unit {code!r} di sini bernama {name!r} di bawah {parent!r}, tetapi {known_name!r} di bawah "
        "{known_parent!r} di baris {row}"
    ),
    "row.unit_loop": "susunan unit berputar: {loop}",
    "row.supervisor_missing": "atasan {nip} tidak ada di berkas ini",
    "row.supervisor_nowhere": "atasan {nip} tidak ada di berkas ini maupun di basis data",
    "row.supervisor_loop": "rantai atasan berputar: {loop}",
    "row.missing": "{column}: kosong",
    "row.after_today": "{column}: {date} sesudah hari ini; hanya catatan yang sudah terjadi yang diimpor",
    "row.year_after": "{column}: {year} sesudah tahun ini",
    "row.no_employee": "tidak ada pegawai dengan NIP ini (impor data pegawai dulu)",
    "row.same_record": "catatan yang sama dengan baris {rows}",
    "row.unknown_predicate": "{column}: {value!r} bukan predikat SKP; pakai salah satu dari {choices}",
    "row.unknown_penalty": (
        "{column}: {value!r} bukan tingkat hukuman disiplin; pakai ringan, sedang atau berat, atau jenis hukuman "
        "menurut PP 94/2021 (teguran lisan, teguran tertulis, pernyataan tidak puas secara tertulis, pemotongan "
        "tunjangan kinerja 25% selama 6/9/12 bulan, penurunan jabatan …; lihat README)"
    ),
    "row.unknown_kind": (
        "{column}: {value!r} bukan jenis pelatihan; pakai teknis, fungsional, kepemimpinan, seminar (workshop, "
        "kursus, magang) atau lainnya"
    ),
    "import.unit_top": "{name!r}, unit teratas",
    "import.in_unit": "unit {unit}",
    "cli.db.is_folder": "{path} adalah folder, bukan berkas basis data: periksa DATABASE_URL atau --url.",
    "cli.db.unknown_target": "Revisi {revision!r} tidak dikenal: beri head, base, -1 atau salah satu dari {known}.",
    "cli.output.not_writable": "{path} tidak dapat ditulis: {reason}.",
    "cli.admin.ttl.bad": "{value!r} bukan jumlah hari dari 1 sampai 365",
    "cli.usage_error": "{prog}: {message} (lihat {prog} --help)",
    "nip.problem.length": "panjang",
    "nip.problem.digits": "angka",
    "nip.problem.date": "tanggal",
    "nip.problem.gender": "digit jenis kelamin",
    "nip.problem.sequence": "nomor urut",
    "nip.digits": "hanya boleh berisi angka 0-9",
    "nip.length": "{count} digit, seharusnya {needed}",
    "nip.birth_date": "tanggal lahir {digits} bukan tanggal yang ada",
    "nip.birth_year": "tahun lahir {year} sebelum 1900",
    "nip.pppk_year": "tahun pengangkatan pertama {year} tidak sesudah tahun lahir",
    "nip.month": "bulan pengangkatan {month} bukan bulan (01-12)",
    "nip.appointment": "pengangkatan {appointment} tidak sesudah tanggal lahir {birth}",
    "nip.gender": "digit ke-15 adalah {digit}, harus 1 (laki-laki) atau 2 (perempuan)",
    "nip.sequence": "nomor urut 000 tidak pernah diterbitkan",
    "units.not_found": "Tidak ada unit dengan kode atau nama {unit!r}.",
    "units.ambiguous": "{unit!r} cocok dengan beberapa unit ({codes}): beri kode unitnya.",
    "cli.admin.inactive_employee": "{nip} {name} nonaktif: peran hanya untuk pegawai aktif.",
}
