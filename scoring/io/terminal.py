"""Plain-text tables for the terminal: one score with its reasons and advice, and a whole rule set.

Labels come from `scoring.texts` where it has them; the few headings only a table needs live here.
Everything is rendered from the result or the rule set itself, so the tables cannot drift from the
numbers the engine uses.
"""

from __future__ import annotations

from collections.abc import Sequence

from scoring.models import Education, Position, Predicate, TrainingKind
from scoring.result import ScoreResult
from scoring.ruleset import DIMENSIONS, RuleSet
from scoring.texts import (
    DIMENSION_LABELS,
    EDUCATION_LABELS,
    INDICATOR_LABELS,
    LEVEL_LABELS,
    PENALTY_LABELS,
    POSITION_LABELS,
    PREDICATE_LABELS,
    Language,
    category_label,
    day,
    number,
)

HEADINGS: dict[Language, dict[str, str]] = {
    "id": {
        "title": "Indeks Profesionalitas ASN",
        "as_of": "tanggal penilaian",
        "ruleset": "aturan",
        "item": "Dimensi / indikator",
        "points": "Poin",
        "max": "Maks",
        "reason": "Keterangan",
        "total": "Total",
        "category": "Kategori",
        "advice": "Saran (tambahan poin terbesar lebih dulu)",
        "no_advice": "Tidak ada saran: semua indikator yang dapat diubah sudah maksimal.",
        "jp_short": "Pengembangan kompetensi {year}: {jp} JP, kurang {short} JP dari kewajiban tahunan.",
        "jp_ok": "Pengembangan kompetensi {year}: {jp} JP, kewajiban tahunan terpenuhi.",
        "unofficial": "Catatan: CPNS/PPPK berada di luar pengukuran resmi; tidak dihitung dalam rata-rata unit.",
        "dimension": "Dimensi",
        "education": "Pendidikan",
        "indicator": "Indikator",
        "groups": "Kelompok jabatan",
        "technical": "Diklat teknis: minimal {jp} JP ({how}) dalam {months} bulan terakhir.",
        "summed": "dijumlahkan",
        "single": "dalam satu diklat",
        "no_window": "tanpa batas waktu",
        "window": "dalam {months} bulan terakhir",
        "seminar": "Seminar/workshop/magang/kursus: minimal satu dalam {months} bulan terakhir.",
        "leadership": "Diklat kepemimpinan yang disyaratkan ({window})",
        "higher_counts": "jenjang yang lebih tinggi juga dihitung",
        "higher_not": "hanya jenjang yang sama yang dihitung",
        "functional": "Diklat fungsional ({window}): pernyataan pegawai bahwa diklat sesuai jabatan menentukan.",
        "auto": "Rumpun jabatan fungsional yang otomatis memenuhi: {families}.",
        "predicate": "Predikat SKP",
        "score": "Nilai SKP (skala 0–100)",
        "no_skp": "Tidak ada SKP",
        "penalty": "Hukuman disiplin (terberat, TMT dalam {months} bulan terakhir)",
        "none": "Tidak ada",
        "categories": "Kategori",
        "range": "Total",
        "obligation": "Kewajiban pengembangan kompetensi: {jp} JP per tahun dari {kinds} (terpisah dari indeks).",
        "all_kinds": "semua jenis kegiatan",
        "source": "Sumber",
        "and": "s.d.",
    },
    "en": {
        "title": "ASN Professionalism Index",
        "as_of": "assessment date",
        "ruleset": "rule set",
        "item": "Dimension / indicator",
        "points": "Points",
        "max": "Max",
        "reason": "Reason",
        "total": "Total",
        "category": "Category",
        "advice": "Advice (largest gain first)",
        "no_advice": "No advice: every indicator that can change is at its maximum.",
        "jp_short": "Competence development {year}: {jp} JP, {short} JP short of the yearly duty.",
        "jp_ok": "Competence development {year}: {jp} JP, yearly duty met.",
        "unofficial": "Note: CPNS/PPPK are outside the official measurement and left out of unit means.",
        "dimension": "Dimension",
        "education": "Education",
        "indicator": "Indicator",
        "groups": "Position groups",
        "technical": "Technical training: at least {jp} JP ({how}) in the last {months} months.",
        "summed": "summed",
        "single": "in one training",
        "no_window": "no time limit",
        "window": "in the last {months} months",
        "seminar": "Seminar/workshop/internship/course: at least one in the last {months} months.",
        "leadership": "Leadership training required ({window})",
        "higher_counts": "a higher level also counts",
        "higher_not": "only the same level counts",
        "functional": "Functional training ({window}): the employee's statement that it matches the post decides.",
        "auto": "Functional families credited automatically: {families}.",
        "predicate": "SKP predicate",
        "score": "SKP score (0–100 scale)",
        "no_skp": "No appraisal",
        "penalty": "Disciplinary penalty (the worst, effective in the last {months} months)",
        "none": "None",
        "categories": "Category",
        "range": "Total",
        "obligation": "Competence development duty: {jp} JP a year of {kinds} (separate from the index).",
        "all_kinds": "every kind of learning",
        "source": "Source",
        "and": "to",
    },
}


def grid(rows: Sequence[Sequence[str]], right: Sequence[int] = (), indent: str = "") -> list[str]:
    """Pad columns to a common width (the last column is left ragged); `right` columns align right."""
    widths = [max(len(row[i]) for row in rows if i < len(row)) for i in range(max(map(len, rows)))]
    lines = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            if i == len(row) - 1 and i not in right:
                cells.append(cell)
            else:
                cells.append(cell.rjust(widths[i]) if i in right else cell.ljust(widths[i]))
        lines.append((indent + "  ".join(cells)).rstrip())
    return lines


def render_result(result: ScoreResult, lang: Language = "id") -> str:
    """The score as a table of dimensions and indicators with reasons, then the advice."""
    h = HEADINGS[lang]
    rows: list[list[str]] = [[h["item"], h["points"], h["max"], h["reason"]]]
    maximum = 0.0
    for name, dimension in result.dimensions.items():
        maximum += dimension.max
        rows.append([DIMENSION_LABELS[lang][name], number(dimension.points, lang),
                     number(dimension.max, lang), ""])
        for indicator in dimension.indicators:
            label = INDICATOR_LABELS[lang].get(indicator.code, indicator.code)
            rows.append(["  " + label, number(indicator.points, lang), number(indicator.max, lang),
                         indicator.reason_in(lang)])
    rows.append([h["total"], number(result.total, lang), number(maximum, lang), ""])
    lines = [
        f"{h['title']}: {number(result.total, lang)} ({category_label(result.category, lang)})",
        f"{h['as_of']} {day(result.as_of, lang)}, {h['ruleset']} {result.ruleset}",
        "",
        *grid(rows, right=(1, 2)),
        f"{h['category']}: {category_label(result.category, lang)}",
        "",
    ]
    if result.advice:
        lines.append(h["advice"])
        width = len(str(len(result.advice)))
        lines += [f"  {i:>{width}}. {a.text_in(lang)}" for i, a in enumerate(result.advice, 1)]
    else:
        lines.append(h["no_advice"])
    lines.append("")
    key = "jp_short" if result.jp_shortfall > 0 else "jp_ok"
    lines.append(h[key].format(year=result.as_of.year, jp=number(result.jp_this_year, lang),
                               short=number(result.jp_shortfall, lang)))
    if not result.official:
        lines.append(h["unofficial"])
    return "\n".join(lines) + "\n"


def _window(months: int | None, lang: Language) -> str:
    return HEADINGS[lang]["no_window"] if months is None else HEADINGS[lang]["window"].format(months=months)


def _band(above: float | None, upper: float | None, lang: Language) -> str:
    """'> 80 s.d. 90' for a band with exclusive lower edge; '≤ 60' for the open-ended last one."""
    if above is None:
        return f"≤ {number(upper, lang)}" if upper is not None else ""
    if upper is None:
        return f"> {number(above, lang)}"
    return f"> {number(above, lang)} {HEADINGS[lang]['and']} {number(upper, lang)}"


def render_ruleset(rules: RuleSet, lang: Language = "id") -> str:
    """Every number of the rule set, grouped by dimension as in the rules document."""
    h = HEADINGS[lang]
    dims = DIMENSION_LABELS[lang]
    out: list[str] = [f"{rules.id}: {rules.title}", f"{h['source']}: {rules.source}", ""]

    rows = [[h["dimension"], h["max"]]]
    rows += [[dims[d], number(rules.dimensions[d], lang)] for d in DIMENSIONS]
    rows.append([h["total"], number(sum(rules.dimensions.values()), lang)])
    out += [*grid(rows, right=(1,)), ""]

    # §1 Kualifikasi: educations with the same points on one line, highest first.
    out.append(f"{dims['kualifikasi']} ({number(rules.dimensions['kualifikasi'], lang)})")
    by_points: dict[float, list[str]] = {}
    for education in reversed(Education):
        by_points.setdefault(rules.kualifikasi.points[education], []).append(EDUCATION_LABELS[education])
    rows = [[h["education"], h["points"]]]
    rows += [[", ".join(names), number(points, lang)] for points, names in
             sorted(by_points.items(), reverse=True)]
    out += [*grid(rows, right=(1,), indent="  "), ""]

    # §2 Kompetensi: points per position group, then windows and the leadership levels.
    comp = rules.kompetensi
    groups = list(comp.points)
    out.append(f"{dims['kompetensi']} ({number(rules.dimensions['kompetensi'], lang)})")
    codes = [c for c in ("diklat_kepemimpinan", "diklat_fungsional", "diklat_teknis", "seminar")
             if any(c in comp.points[g] for g in groups)]
    rows = [[h["indicator"], *groups]]
    for code in codes:
        values = comp.points
        rows.append([INDICATOR_LABELS[lang].get(code, code),
                     *(number(values[g][code], lang) if code in values[g] else "—" for g in groups)])
    rows.append([h["total"], *(number(sum(comp.points[g].values()), lang) for g in groups)])
    out += grid(rows, right=tuple(range(1, len(groups) + 1)), indent="  ")
    out.append(f"  {h['groups']}:")
    for group in groups:
        members = [POSITION_LABELS[p] for p in Position if comp.position_groups.get(p) == group]
        out.append(f"    {group}: {', '.join(members)}")
    how = h["summed"] if comp.technical_summed else h["single"]
    out.append("  " + h["technical"].format(jp=number(comp.technical_min_jp, lang), how=how,
                                            months=comp.technical_window_months))
    out.append("  " + h["seminar"].format(months=comp.seminar_window_months))
    if comp.leadership_required:
        higher = h["higher_counts"] if comp.leadership_higher_counts else h["higher_not"]
        window = _window(comp.leadership_window_months, lang)
        out.append(f"  {h['leadership'].format(window=window)}; {higher}:")
        rows = [[POSITION_LABELS[p], LEVEL_LABELS[level]] for p in Position
                if (level := comp.leadership_required.get(p)) is not None]
        out += grid(rows, indent="    ")
        order = " > ".join(LEVEL_LABELS[level] for level in comp.leadership_levels)
        out.append(f"    {order}")
    out.append("  " + h["functional"].format(window=_window(comp.functional_window_months, lang)))
    if comp.functional_auto_families:
        out.append("  " + h["auto"].format(families=", ".join(comp.functional_auto_families)))
    out.append("")

    # §3 Kinerja: predicates, then numeric bands.
    kin = rules.kinerja
    out.append(f"{dims['kinerja']} ({number(rules.dimensions['kinerja'], lang)})")
    rows = [[h["predicate"], h["points"]]]
    rows += [[PREDICATE_LABELS[p], number(kin.predicate_points[p], lang)] for p in Predicate]
    rows.append([h["no_skp"], number(kin.no_appraisal_points, lang)])
    out += [*grid(rows, right=(1,), indent="  "), ""]
    rows = [[h["score"], h["points"]]]
    upper: float | None = None
    for band in kin.score_bands:
        rows.append([_band(band.above, upper, lang), number(band.points, lang)])
        upper = band.above
    out += [*grid(rows, right=(1,), indent="  "), ""]

    # §4 Disiplin.
    dis = rules.disiplin
    out.append(f"{dims['disiplin']} ({number(rules.dimensions['disiplin'], lang)})")
    rows = [[h["penalty"].format(months=dis.window_months), h["points"]]]
    rows += [[h["none"] if key == "none" else PENALTY_LABELS[lang][key].capitalize(), number(points, lang)]
             for key, points in dis.points.items()]
    out += [*grid(rows, right=(1,), indent="  "), ""]

    # §5 Categories.
    rows = [[h["categories"], h["range"]]]
    upper = None
    for category in rules.categories:
        rows.append([category_label(category.name, lang), _band(category.above, upper, lang)])
        upper = category.above
    out += [*grid(rows, indent="  "), ""]

    kinds = rules.jp_obligation.kinds
    named = h["all_kinds"] if set(kinds) == set(TrainingKind) else ", ".join(k.value for k in kinds)
    out.append(h["obligation"].format(jp=number(rules.jp_obligation.yearly_jp, lang), kinds=named))
    return "\n".join(out) + "\n"

