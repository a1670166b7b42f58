"""`score`: one profile, one assessment date, one rule set → the index with its reasons and advice.

Pure and deterministic for a given `as_of`. Every number comes from the rule set (`scoring.ruleset`);
this module only knows how the rules combine (rules §1–§5, §7, §8).

It is on the hot path of national batches, where only the figures are read: `score` computes those in
one pass over compact per-rule-set tables (`_Compiled`), and the reasons and advice are worked out by
`explain` only when a result's `dimensions` or `advice` is first read. Both follow the same rules; the
result checks on first read that the explanation adds up to the figures (and the tests check it for
generated profiles).
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

from scoring.dates import last_day_counted, months_before, today_in_timezone
from scoring.models import (
    Education,
    EmploymentStatus,
    LeadershipLevel,
    Penalty,
    PenaltyLevel,
    Position,
    Predicate,
    Profile,
    Training,
    TrainingKind,
)
from scoring.result import (
    CategoryName,
    Detail,
    DimensionName,
    Explanation,
    Indicator,
    ReasonArgs,
    ScoreResult,
    Step,
    build,
)
from scoring.ruleset import DEFAULT_RULESET, RuleSet, load_ruleset

# Sums of JP converted from hours are not exact in binary; a shortfall smaller than this is none.
JP_EPSILON = 1e-6

_LEADERSHIP = TrainingKind.KEPEMIMPINAN
_FUNCTIONAL = TrainingKind.FUNGSIONAL
_TECHNICAL = TrainingKind.TEKNIS
_SEMINAR = TrainingKind.SEMINAR
_SEVERITY = {PenaltyLevel.RINGAN: 1, PenaltyLevel.SEDANG: 2, PenaltyLevel.BERAT: 3}
_PNS = EmploymentStatus.PNS

_CODES = ("diklat_kepemimpinan", "diklat_fungsional", "diklat_teknis", "seminar")
_LEAD, _FUNC, _TECH, _SEM = range(4)  # positions of the four §2 indicators in `_CODES`


@lru_cache(maxsize=4096)
def _window_start(as_of: date, months: int) -> date:
    """Exclusive lower bound of the N-month window ending on `as_of` (rules §2, "Windows, exactly")."""
    return months_before(as_of, months)


@lru_cache(maxsize=4096)
def _window_args(as_of: date, months: int) -> ReasonArgs:
    """Shared between results: whoever hands them out copies them (`ScoreResult.dimensions` does)."""
    first_day = _window_start(as_of, months) + timedelta(days=1)
    return {"start": first_day.isoformat(), "end": as_of.isoformat()}


def _round_up(value: float) -> float:
    """Round a JP amount still needed up to 2 decimals, so following the advice is always enough."""
    return math.ceil(round(value * 100, 6)) / 100


# The rule set, compiled for the hot path ----------------------------------------------------------


class _Compiled:
    """One rule set as flat tables, built once: `score` reads nothing else on its hot path."""

    __slots__ = (
        "auto_families", "bands", "categories", "disc_months", "disc_points", "edu_points", "func_months",
        "indicators", "jp_kinds", "lead_months", "lead_ok", "min_jp", "no_appraisal", "predicate_points", "rules",
        "seminar_months", "tech_months", "tech_summed", "windows", "yearly_jp",
    )

    def __init__(self, rules: RuleSet) -> None:
        comp = rules.kompetensi
        self.rules = rules
        self.edu_points: dict[Education, float] = dict(rules.kualifikasi.points)
        # Per position: its indicators in rule set order, as (index into _CODES, points).
        self.indicators: dict[Position, tuple[tuple[int, float], ...]] = {
            position: tuple((_CODES.index(code), points) for code, points in comp.points[group].items())
            for position, group in comp.position_groups.items()
        }
        # Per position: the leadership levels that count for it (§2: the required one, and those above
        # it when the rule set says so).
        rank = _leadership_rank(rules)
        self.lead_ok: dict[Position, frozenset[LeadershipLevel]] = {}
        for position, required in comp.leadership_required.items():
            self.lead_ok[position] = frozenset(
                level for level in LeadershipLevel
                if rank[level] == rank[required] or (comp.leadership_higher_counts and rank[level] > rank[required])
            )
        self.auto_families = frozenset(f.strip().casefold() for f in comp.functional_auto_families)
        self.tech_months = comp.technical_window_months
        self.seminar_months = comp.seminar_window_months
        self.lead_months = comp.leadership_window_months
        self.func_months = comp.functional_window_months
        self.min_jp = comp.technical_min_jp
        self.tech_summed = comp.technical_summed
        self.predicate_points: dict[Predicate, float] = dict(rules.kinerja.predicate_points)
        self.bands = tuple((b.above, b.points) for b in rules.kinerja.score_bands)
        self.no_appraisal = rules.kinerja.no_appraisal_points
        self.disc_months = rules.disiplin.window_months
        points = rules.disiplin.points
        self.disc_points: tuple[float, ...] = (points["none"], points["ringan"], points["sedang"], points["berat"])
        self.categories = tuple((c.above, c.name) for c in rules.categories)
        self.yearly_jp = rules.jp_obligation.yearly_jp
        kinds = frozenset(rules.jp_obligation.kinds)
        self.jp_kinds = None if kinds == frozenset(TrainingKind) else kinds  # None: every kind counts
        self.windows: dict[date, Windows] = {}

    def window_starts(self, day: date) -> Windows:
        """Exclusive lower bounds of the windows ending on `day`: technical, seminar, discipline,
        leadership and functional training (None: that indicator has no window)."""
        starts = self.windows.get(day)
        if starts is None:
            if len(self.windows) >= 4096:  # a history or a sweep over many dates: keep memory bounded
                self.windows.clear()
            starts = (
                months_before(day, self.tech_months),
                months_before(day, self.seminar_months),
                months_before(day, self.disc_months),
                None if self.lead_months is None else months_before(day, self.lead_months),
                None if self.func_months is None else months_before(day, self.func_months),
            )
            self.windows[day] = starts
        return starts


Windows = tuple[date, date, date, date | None, date | None]

_COMPILED: dict[int, _Compiled] = {}


def _compiled(rules: RuleSet) -> _Compiled:
    compiled = _COMPILED.get(id(rules))
    if compiled is None or compiled.rules is not rules:  # an id can be reused once a rule set is gone
        if len(_COMPILED) >= 64:  # callers that build a new RuleSet per call must not grow this forever
            _COMPILED.clear()
        compiled = _COMPILED[id(rules)] = _Compiled(rules)
    return compiled


# §1 Kualifikasi -----------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _next_education(education: Education, rules: RuleSet) -> tuple[Education, float] | None:
    """The next level up that earns more points: what a person would actually study for next."""
    table = rules.kualifikasi.points
    points = table[education]
    order = list(Education)
    higher = [e for e in order[order.index(education) + 1 :] if table[e] > points]
    higher = higher or [e for e in order if table[e] > points]
    return (higher[0], table[higher[0]] - points) if higher else None


def _kualifikasi(profile: Profile, rules: RuleSet) -> tuple[Indicator, Step | None]:
    points = rules.kualifikasi.points[profile.education]
    args: ReasonArgs = {"education": profile.education}
    indicator = ("pendidikan", points, rules.dimensions["kualifikasi"], "edu", args)
    target = _next_education(profile.education, rules)
    if target is None:
        return indicator, None
    return indicator, ("pendidikan", target[1], "adv.edu", {"education": target[0]}, None)


# §2 Kompetensi ------------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _leadership_rank(rules: RuleSet) -> dict[LeadershipLevel, int]:
    levels = rules.kompetensi.leadership_levels  # highest first
    return {level: len(levels) - i for i, level in enumerate(levels)}


def _outside(code: str, held: list[Training], as_of: date, months: int, maximum: float) -> Indicator:
    """The reason when every record of an indicator with a window is older than the window."""
    latest = max(held, key=lambda t: t.date)
    args: ReasonArgs = {**_window_args(as_of, months), "date": latest.date.isoformat()}
    return (code, 0.0, maximum, "outside", args)


def _leadership(profile: Profile, held: list[Training], as_of: date, rules: RuleSet, maximum: float) -> tuple[
    Indicator, Step | None
]:
    comp = rules.kompetensi
    required = comp.leadership_required[profile.position]
    rank = _leadership_rank(rules)
    needed = rank[required]
    base: ReasonArgs = {"position": profile.position, "required": required}
    advice: Step = ("diklat_kepemimpinan", maximum, "adv.lead", {"required": required}, None)
    levelled = [t for t in held if t.level is not None]
    months = comp.leadership_window_months
    if months is not None and levelled:  # no window by default (Decision, rules §2); a rule set may set one
        start = _window_start(as_of, months)
        recent = [t for t in levelled if t.date > start]
        if not recent:
            return _outside("diklat_kepemimpinan", levelled, as_of, months, maximum), advice
        levelled = recent
    if not levelled:
        return ("diklat_kepemimpinan", 0.0, maximum, "lead.none", base), advice
    counted = _compiled(rules).lead_ok[profile.position]
    matching = [t for t in levelled if t.level in counted]
    if matching:
        # The highest level that counts, the latest of it: a level above the required one also counts
        # (Decision, rules §2) unless the rule set says not.
        best = max(matching, key=lambda t: (rank[t.level] if t.level else 0, t.date))
        args = {**base, "level": best.level or required, "date": best.date.isoformat()}
        return ("diklat_kepemimpinan", maximum, maximum, "lead.met", args), None
    best = max(levelled, key=lambda t: (rank[t.level] if t.level else 0, t.date))
    args = {**base, "level": best.level or required, "date": best.date.isoformat()}
    key = "lead.below" if best.level is not None and rank[best.level] < needed else "lead.above"
    return ("diklat_kepemimpinan", 0.0, maximum, key, args), advice


def _functional(profile: Profile, held: list[Training], as_of: date, rules: RuleSet, maximum: float) -> tuple[
    Indicator, Step | None
]:
    # The employee's statement that it matches the post decides (Decision, rules §2).
    matching = [t for t in held if t.matches_position]
    months = rules.kompetensi.functional_window_months
    outside: Indicator | None = None
    if months is not None and matching:  # no window by default (Decision, rules §2)
        start = _window_start(as_of, months)
        recent = [t for t in matching if t.date > start]
        if not recent:
            outside = _outside("diklat_fungsional", matching, as_of, months, maximum)
        matching = recent
    if matching:
        latest = max(matching, key=lambda t: t.date)
        args: ReasonArgs = {"date": latest.date.isoformat(), "title": latest.title or ""}
        return ("diklat_fungsional", maximum, maximum, "func.met", args), None
    family = profile.functional_family
    if family and family.strip().casefold() in _compiled(rules).auto_families:
        args = {"family": family, "ruleset": rules.id}
        return ("diklat_fungsional", maximum, maximum, "func.auto", args), None
    key = "func.unmatched" if held else "func.none"
    advice: Step = ("diklat_fungsional", maximum, "adv.func", {}, None)
    return outside or ("diklat_fungsional", 0.0, maximum, key, {}), advice


def _technical(counted: list[Training], as_of: date, rules: RuleSet, maximum: float) -> tuple[
    Indicator, Step | None
]:
    months = rules.kompetensi.technical_window_months
    minimum = rules.kompetensi.technical_min_jp
    fresh: Step = ("diklat_teknis", maximum, "adv.tech_fresh", {"jp": minimum, "months": months}, None)
    if not counted:
        args = {**_window_args(as_of, months), "min": minimum}
        return ("diklat_teknis", 0.0, maximum, "tech.none", args), fresh
    if not rules.kompetensi.technical_summed:  # a rule set may ask for one training of the minimum
        longest = max(counted, key=lambda t: (t.jp, t.date))
        args = {**_window_args(as_of, months), "min": minimum, "jp": round(longest.jp, 2),
                "date": longest.date.isoformat()}
        if longest.jp + JP_EPSILON >= minimum:
            return ("diklat_teknis", maximum, maximum, "tech.single", args), None
        return ("diklat_teknis", 0.0, maximum, "tech.single", args), fresh
    total = 0.0
    for training in counted:
        total += training.jp
    args = {**_window_args(as_of, months), "min": minimum, "jp": round(total, 2), "count": len(counted)}
    # JP accumulate over several trainings (Decision, rules §2).
    if total + JP_EPSILON >= minimum:
        return ("diklat_teknis", maximum, maximum, "tech.sum", args), None
    # The missing JP must come before the oldest counted training leaves the window (rules §8 example).
    deadline = last_day_counted(min(t.date for t in counted), months)
    step_args: ReasonArgs = {"jp": _round_up(minimum - total), "deadline": deadline.isoformat()}
    return ("diklat_teknis", 0.0, maximum, "tech.sum", args), (
        "diklat_teknis", maximum, "adv.tech", step_args, deadline)


def _seminar(counted: list[Training], as_of: date, rules: RuleSet, maximum: float) -> tuple[
    Indicator, Step | None
]:
    months = rules.kompetensi.seminar_window_months
    if counted:
        latest = max(counted, key=lambda t: t.date)
        args: ReasonArgs = {"date": latest.date.isoformat(), "title": latest.title or "", "months": months}
        return ("seminar", maximum, maximum, "seminar.met", args), None
    return ("seminar", 0.0, maximum, "seminar.none", _window_args(as_of, months)), (
        "seminar", maximum, "adv.seminar", {}, None)


def _kompetensi(profile: Profile, trainings: list[Training], as_of: date, rules: RuleSet) -> tuple[
    list[Indicator], list[Step]
]:
    comp = rules.kompetensi
    technical_from = _window_start(as_of, comp.technical_window_months)
    seminar_from = _window_start(as_of, comp.seminar_window_months)
    leadership: list[Training] = []
    functional: list[Training] = []
    technical: list[Training] = []
    seminars: list[Training] = []
    for training in trainings:
        kind = training.kind
        if kind is _TECHNICAL:
            if training.date > technical_from:
                technical.append(training)
        elif kind is _SEMINAR:
            if training.date > seminar_from:
                seminars.append(training)
        elif kind is _LEADERSHIP:
            leadership.append(training)
        elif kind is _FUNCTIONAL:
            functional.append(training)
    indicators: list[Indicator] = []
    steps: list[Step] = []
    for code, maximum in comp.points[comp.position_groups[profile.position]].items():
        if code == "diklat_teknis":
            indicator, step = _technical(technical, as_of, rules, maximum)
        elif code == "seminar":
            indicator, step = _seminar(seminars, as_of, rules, maximum)
        elif code == "diklat_kepemimpinan":
            indicator, step = _leadership(profile, leadership, as_of, rules, maximum)
        else:
            indicator, step = _functional(profile, functional, as_of, rules, maximum)
        indicators.append(indicator)
        if step is not None:
            steps.append(step)
    return indicators, steps


# §3 Kinerja ---------------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _best_predicate(rules: RuleSet) -> str:
    table = rules.kinerja.predicate_points
    return max(table, key=lambda p: table[p]).value


def _kinerja(profile: Profile, as_of: date, rules: RuleSet) -> tuple[Indicator, Step | None]:
    maximum = rules.dimensions["kinerja"]
    table = rules.kinerja
    appraisal = profile.performance
    none_points = table.no_appraisal_points
    record_it: Step | None = (
        ("skp", maximum - none_points, "adv.skp_none", {}, None) if none_points < maximum else None
    )
    if appraisal is None:
        return ("skp", none_points, maximum, "skp.none", {}), record_it
    year = "" if appraisal.year is None else str(appraisal.year)
    # An appraisal of a later year is a record after the assessment date (Decision, rules §2).
    if appraisal.year is not None and appraisal.year > as_of.year:
        return ("skp", none_points, maximum, "skp.future", {"year": year}), record_it
    args: ReasonArgs
    if appraisal.predicate is not None:
        points = table.predicate_points[appraisal.predicate]
        key, args = "skp.predicate", {"year": year, "predicate": appraisal.predicate}
    else:
        value = appraisal.score if appraisal.score is not None else 0.0
        # Bands are "> above": a value between bands (90.5) falls in the higher one (rules §3).
        points = next(b.points for b in table.score_bands if b.above is None or value > b.above)
        key, args = "skp.score", {"year": year, "score": value}
    if points >= maximum:
        return ("skp", points, maximum, key, args), None
    return ("skp", points, maximum, key, args), (
        "skp", maximum - points, "adv.skp_up", {"predicate": _best_predicate(rules)}, None)


# §4 Disiplin --------------------------------------------------------------------------------------


def _disiplin(penalties: Iterable[Penalty], as_of: date, rules: RuleSet) -> Indicator:
    maximum = rules.dimensions["disiplin"]
    months = rules.disiplin.window_months
    start = _window_start(as_of, months)
    worst: Penalty | None = None
    for penalty in penalties:
        if start < penalty.date <= as_of and (
            worst is None or (_SEVERITY[penalty.level], penalty.date) > (_SEVERITY[worst.level], worst.date)
        ):
            worst = penalty
    if worst is None:
        return ("hukuman_disiplin", rules.disiplin.points["none"], maximum, "disc.none",
                _window_args(as_of, months))
    until = last_day_counted(worst.date, months)
    args: ReasonArgs = {"level": worst.level, "date": worst.date.isoformat(), "until": until.isoformat()}
    return ("hukuman_disiplin", rules.disiplin.points[worst.level.value], maximum, "disc.penalty", args)


# The explanation ----------------------------------------------------------------------------------


def explain(profile: Profile, as_of: date, rules: RuleSet) -> Explanation:
    """Every indicator with its reason, and the advice ordered by gain (rules §1–§4, §8)."""
    # Records dated after the assessment date never count (rules §2).
    trainings = [t for t in profile.trainings if t.date <= as_of]
    education, education_step = _kualifikasi(profile, rules)
    competence, steps = _kompetensi(profile, trainings, as_of, rules)
    performance, performance_step = _kinerja(profile, as_of, rules)
    if performance_step is not None:
        steps.append(performance_step)
    discipline = _disiplin(profile.penalties, as_of, rules)
    # §8: nothing is advised that cannot be changed (a penalty); education only as the remaining gap.
    if not steps and education_step is not None:
        steps.append(education_step)
    steps.sort(key=lambda step: -step[1])
    indicators: dict[DimensionName, list[Indicator]] = {
        "kualifikasi": [education], "kompetensi": competence, "kinerja": [performance],
        "disiplin": [discipline],
    }
    return indicators, steps


# §5 Total and category, §7 yearly JP ---------------------------------------------------------------


def category_of(total: float, rules: RuleSet | None = None) -> CategoryName:
    """The category of an unrounded total; lower edges are exclusive (rules §5)."""
    for above, name in _compiled(rules or load_ruleset()).categories:
        if above is None or total > above:
            return name
    raise AssertionError("the last category is open-ended by validation")


def jp_in_year(trainings: Iterable[Training], as_of: date, rules: RuleSet | None = None) -> float:
    """§7: JP of the learning activities dated in the calendar year of `as_of`, up to `as_of`.

    Every kind counts (Decision, rules §7) unless the rule set's `jp_obligation.kinds` says otherwise.
    """
    year = as_of.year
    kinds = (rules or load_ruleset()).jp_obligation.kinds
    return sum(t.jp for t in trainings if t.date.year == year and t.date <= as_of and t.kind in kinds)


def jp_shortfall(jp: float, rules: RuleSet | None = None) -> float:
    """§7: max(0, yearly JP − JP this year), to 2 decimals, never rounded down to none."""
    yearly = (rules or load_ruleset()).jp_obligation.yearly_jp
    return 0.0 if jp + JP_EPSILON >= yearly else _round_up(yearly - jp)


def score(
    profile: Profile, *, as_of: date | None = None, ruleset: str | os.PathLike[str] | RuleSet = DEFAULT_RULESET
) -> ScoreResult:
    """Score one profile on `as_of` (default: today in the configured time zone).

    `ruleset` is a rule set id, a path to a rule set file, or a loaded `RuleSet`.
    """
    if isinstance(ruleset, str):
        rules = load_ruleset(ruleset)
    elif isinstance(ruleset, RuleSet):
        rules = ruleset
    else:
        rules = load_ruleset(os.fspath(ruleset))
    c = _COMPILED.get(id(rules))
    if c is None or c.rules is not rules:
        c = _compiled(rules)
    day = as_of if as_of is not None else today_in_timezone()
    tech_from, seminar_from, disc_from, lead_from, func_from = c.window_starts(day)
    year = day.year
    summed = c.tech_summed
    jp_kinds = c.jp_kinds

    # §2 and §7 in one pass over the trainings. Records dated after the assessment date never count.
    position = profile.position
    lead_ok = c.lead_ok.get(position)
    lead = func = seminar = False
    tech_jp = jp_year = 0.0
    for training in profile.trainings:
        when = training.date
        if when > day:
            continue
        kind = training.kind
        if when.year == year and (jp_kinds is None or kind in jp_kinds):
            jp_year += training.jp
        if kind is _TECHNICAL:
            if when > tech_from:
                if summed:  # JP accumulate over several trainings (Decision, rules §2)
                    tech_jp += training.jp
                elif training.jp > tech_jp:
                    tech_jp = training.jp
        elif kind is _SEMINAR:
            if when > seminar_from:
                seminar = True
        elif kind is _LEADERSHIP:
            if lead_ok is not None and training.level in lead_ok and (lead_from is None or when > lead_from):
                lead = True
        elif kind is _FUNCTIONAL and training.matches_position and (func_from is None or when > func_from):
            func = True
    if not func and profile.functional_family and c.auto_families:
        func = profile.functional_family.strip().casefold() in c.auto_families
    met = (lead, func, tech_jp + JP_EPSILON >= c.min_jp, seminar)
    competence = 0.0
    for index, points in c.indicators[position]:
        # Summed in rule set order, as the explanation sums its indicators, so both agree exactly.
        competence += points if met[index] else 0.0

    # §3: the latest appraisal; one of a later year than the assessment date is not counted.
    appraisal = profile.performance
    if appraisal is None or (appraisal.year is not None and appraisal.year > year):
        performance = c.no_appraisal
    elif appraisal.predicate is not None:
        performance = c.predicate_points[appraisal.predicate]
    else:
        value = appraisal.score or 0.0
        performance = 0.0
        for above, points in c.bands:
            if above is None or value > above:
                performance = points
                break

    # §4: the worst penalty whose TMT falls in the window.
    worst = 0
    for penalty in profile.penalties:
        if disc_from < penalty.date <= day:
            severity = _SEVERITY[penalty.level]
            if severity > worst:
                worst = severity
    discipline = c.disc_points[worst]

    education = c.edu_points[profile.education]
    total = education + competence + performance + discipline
    category: CategoryName = "Sangat Rendah"
    for above, name in c.categories:  # §5: lower edges exclusive, the total never rounded first
        if above is None or total > above:
            category = name
            break
    yearly = c.yearly_jp
    return build(
        ScoreResult,
        {
            "total": total,
            "category": category,
            "dimension_points": {"kualifikasi": education, "kompetensi": competence,
                                 "kinerja": performance, "disiplin": discipline},
            "ruleset": rules.id,
            "as_of": day,
            "jp_this_year": round(jp_year, 2),
            "jp_shortfall": 0.0 if jp_year + JP_EPSILON >= yearly else _round_up(yearly - jp_year),
            "official": profile.employment_status is _PNS,
        },
        {"_detail": Detail(profile, day, rules, explain)},
    )
