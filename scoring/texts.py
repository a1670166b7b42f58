"""Human-readable reasons and advice, in Indonesian (the default) and English.

Scoring returns a key and arguments for each reason; this module turns them into a sentence, so the
bot can show the same reason in the user's language and the CLI can print it.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

Language = Literal["id", "en"]

EDUCATION_LABELS = {
    "none": "tidak/belum sekolah", "sd": "SD", "sltp": "SLTP/SMP", "slta": "SLTA/SMA/SMK",
    "d1": "D-I", "d2": "D-II", "d3": "D-III", "d4": "D-IV", "s1": "S-1", "profesi": "Profesi",
    "s2": "S-2", "spesialis": "Spesialis", "s3": "S-3", "subspesialis": "Subspesialis",
}
LEVEL_LABELS = {
    "pkn1": "PKN Tingkat I (Diklatpim I)",
    "pkn2": "PKN Tingkat II (Diklatpim II)",
    "pka": "PKA (Diklatpim III)",
    "pkp": "PKP (Diklatpim IV)",
}
POSITION_LABELS = {
    "jpt_utama": "JPT Utama", "jpt_madya": "JPT Madya", "jpt_pratama": "JPT Pratama",
    "administrator": "Administrator", "pengawas": "Pengawas", "fungsional": "Fungsional",
    "pelaksana": "Pelaksana",
}
PREDICATE_LABELS = {
    "sangat_baik": "Sangat Baik", "baik": "Baik", "cukup": "Cukup", "butuh_perbaikan": "Butuh Perbaikan",
    "kurang": "Kurang", "buruk": "Buruk", "sangat_kurang": "Sangat Kurang",
}
CATEGORY_LABELS: dict[Language, dict[str, str]] = {
    "id": {},
    "en": {"Sangat Tinggi": "Very High", "Tinggi": "High", "Sedang": "Medium", "Rendah": "Low",
           "Sangat Rendah": "Very Low"},
}
"""The official category names (PermenPANRB 38/2018) are Indonesian; English shows them translated."""


def category_label(name: str, lang: Language = "id") -> str:
    return CATEGORY_LABELS[lang].get(name, name)


DIMENSION_LABELS = {
    "id": {"kualifikasi": "Kualifikasi", "kompetensi": "Kompetensi", "kinerja": "Kinerja",
           "disiplin": "Disiplin"},
    "en": {"kualifikasi": "Qualification", "kompetensi": "Competence", "kinerja": "Performance",
           "disiplin": "Discipline"},
}
INDICATOR_LABELS = {
    "id": {"pendidikan": "Pendidikan", "diklat_kepemimpinan": "Diklat kepemimpinan",
           "diklat_fungsional": "Diklat fungsional", "diklat_teknis": "Diklat teknis ≥ 20 JP",
           "seminar": "Seminar/workshop/magang/kursus", "skp": "SKP terakhir",
           "hukuman_disiplin": "Hukuman disiplin"},
    "en": {"pendidikan": "Education", "diklat_kepemimpinan": "Leadership training",
           "diklat_fungsional": "Functional training", "diklat_teknis": "Technical training ≥ 20 JP",
           "seminar": "Seminar/workshop/internship/course", "skp": "Latest appraisal (SKP)",
           "hukuman_disiplin": "Disciplinary penalty"},
}
_MONTHS = {
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
           "Oktober", "November", "Desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
}

TEMPLATES: dict[str, dict[str, str]] = {
    # per language; '<lang>.one' is the wording when the argument `count` is 1 ("in one activity")
    "edu": {
        "id": "Pendidikan tertinggi {education}.",
        "en": "Highest education {education}.",
    },
    "lead.met": {
        "id": "{level}, {date}: memenuhi jenjang untuk jabatan {position} ({required}).",
        "en": "{level}, {date}: meets the level required for a {position} post ({required}).",
    },
    "lead.below": {
        "id": "{level}, {date}: di bawah jenjang yang disyaratkan untuk jabatan {position} ({required}).",
        "en": "{level}, {date}: below the level required for a {position} post ({required}).",
    },
    "lead.above": {
        "id": "{level}, {date}: bukan jenjang yang disyaratkan untuk jabatan {position} ({required}); "
              "aturan ini hanya menghitung jenjang itu.",
        "en": "{level}, {date}: not the level required for a {position} post ({required}); "
              "this rule set counts that level only.",
    },
    "lead.none": {
        "id": "Belum ada diklat kepemimpinan; jabatan {position} mensyaratkan {required}.",
        "en": "No leadership training on record; a {position} post requires {required}.",
    },
    "func.met": {
        "id": "Diklat fungsional sesuai jabatan, {date}{title}.",
        "en": "Functional training matching the post, {date}{title}.",
    },
    "func.auto": {
        "id": "Rumpun jabatan fungsional '{family}' dinilai memenuhi menurut aturan {ruleset}.",
        "en": "Functional family '{family}' is credited by rule set {ruleset}.",
    },
    "func.unmatched": {
        "id": "Ada diklat fungsional, tetapi tidak dinyatakan sesuai jabatan.",
        "en": "Functional training on record, but not stated to match the post.",
    },
    "func.none": {
        "id": "Belum ada diklat fungsional yang sesuai jabatan.",
        "en": "No functional training matching the post on record.",
    },
    "tech.sum": {
        "id": "{jp} JP diklat teknis dari {count} kegiatan antara {start} dan {end}; syarat {min} JP.",
        "en": "{jp} JP of technical training in {count} activities between {start} and {end}; "
              "{min} JP needed.",
        "en.one": "{jp} JP of technical training in one activity between {start} and {end}; {min} JP needed.",
    },
    "tech.none": {
        "id": "Tidak ada diklat teknis antara {start} dan {end}; syarat {min} JP.",
        "en": "No technical training between {start} and {end}; {min} JP needed.",
    },
    "tech.single": {
        "id": "Diklat teknis terpanjang antara {start} dan {end}: {jp} JP ({date}); syarat {min} JP dalam satu "
              "kegiatan.",
        "en": "Longest technical training between {start} and {end}: {jp} JP ({date}); {min} JP needed in one "
              "activity.",
    },
    "outside": {
        "id": "Yang terakhir tercatat {date}, di luar jangka {start} sampai {end}.",
        "en": "The latest on record is dated {date}, outside the period {start} to {end}.",
    },
    "seminar.met": {
        "id": "Seminar/workshop terakhir {date}{title}, dalam {months} bulan terakhir.",
        "en": "Latest seminar/workshop {date}{title}, within the last {months} months.",
    },
    "seminar.none": {
        "id": "Tidak ada seminar/workshop/magang/kursus antara {start} dan {end}.",
        "en": "No seminar/workshop/internship/course between {start} and {end}.",
    },
    "skp.predicate": {
        "id": "SKP{year}: predikat {predicate}.",
        "en": "Appraisal{year}: rated {predicate}.",
    },
    "skp.score": {
        "id": "SKP{year}: nilai {score}.",
        "en": "Appraisal{year}: score {score}.",
    },
    "skp.none": {
        "id": "Belum ada SKP tercatat.",
        "en": "No performance appraisal on record.",
    },
    "skp.future": {
        "id": "SKP tahun {year} sesudah tanggal penilaian; tidak dihitung.",
        "en": "Appraisal of {year} is after the assessment date; not counted.",
    },
    "disc.none": {
        "id": "Tidak ada hukuman disiplin antara {start} dan {end}.",
        "en": "No disciplinary penalty between {start} and {end}.",
    },
    "disc.penalty": {
        "id": "Hukuman disiplin {level} (TMT {date}); dihitung sampai {until}.",
        "en": "A {level} disciplinary penalty (effective {date}); counts until {until}.",
    },
    "adv.tech": {
        "id": "Ikuti diklat teknis {jp} JP lagi paling lambat {deadline}: +{gain} poin",
        "en": "Take {jp} more JP of technical training by {deadline}: +{gain} points",
    },
    "adv.tech_fresh": {
        "id": "Ikuti diklat teknis minimal {jp} JP dalam {months} bulan: +{gain} poin",
        "en": "Take at least {jp} JP of technical training within {months} months: +{gain} points",
    },
    "adv.seminar": {
        "id": "Ikuti seminar, workshop, magang atau kursus: +{gain} poin",
        "en": "Attend a seminar, workshop, internship or course: +{gain} points",
    },
    "adv.lead": {
        "id": "Ikuti {required}: +{gain} poin",
        "en": "Complete {required}: +{gain} points",
    },
    "adv.func": {
        "id": "Ikuti diklat fungsional yang sesuai jabatan (mis. PPG bagi guru), atau catat bila sudah: "
              "+{gain} poin",
        "en": "Complete functional training matching your post (e.g. PPG for teachers), or record it if "
              "done: +{gain} points",
    },
    "adv.skp_none": {
        "id": "Catat SKP terakhir Anda: hingga +{gain} poin",
        "en": "Record your latest appraisal (SKP): up to +{gain} points",
    },
    "adv.skp_up": {
        "id": "Raih predikat {predicate} pada SKP berikutnya: +{gain} poin",
        "en": "Earn a {predicate} rating in your next appraisal: +{gain} points",
    },
    "adv.edu": {
        "id": "Lanjutkan pendidikan ke {education}: +{gain} poin",
        "en": "Continue your education to {education}: +{gain} points",
    },
}

PENALTY_LABELS = {
    "id": {"ringan": "ringan", "sedang": "sedang", "berat": "berat"},
    "en": {"ringan": "light", "sedang": "moderate", "berat": "severe"},
}


def number(value: float, lang: Language = "id") -> str:
    """22.5 → '22,5' in Indonesian; whole numbers without decimals; at most 2 decimals."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "id" else text


def day(value: date, lang: Language = "id") -> str:
    return f"{value.day} {_MONTHS[lang][value.month - 1]} {value.year}"


def _argument(name: str, value: str | float | int, lang: Language) -> str:
    if isinstance(value, str):
        if name in {"date", "start", "end", "until", "deadline"} and len(value) == 10 and value[4] == "-":
            return day(date.fromisoformat(value), lang)
        if name == "education":
            return EDUCATION_LABELS.get(value, value)
        if name in {"level", "required"}:
            return LEVEL_LABELS.get(value, PENALTY_LABELS[lang].get(value, value))
        if name == "position":
            return POSITION_LABELS.get(value, value)
        if name == "predicate":
            return PREDICATE_LABELS.get(value, value)
        if name == "title":
            return f" ({value})" if value else ""
        if name == "year":
            return f" {value}" if value else ""
        return value
    return number(value, lang)


def render(key: str, args: dict[str, str | float | int], lang: Language = "id") -> str:
    """The sentence for a reason or advice key; unknown languages fall back to Indonesian."""
    templates = TEMPLATES[key]
    singular = templates.get(f"{lang}.one") if args.get("count") == 1 else None
    template = singular or templates.get(lang) or templates["id"]
    return template.format(**{name: _argument(name, value, lang) for name, value in args.items()})
