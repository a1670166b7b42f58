"""`score`: one profile, one assessment date, one rule set → the index with its reasons and advice.

Pure and deterministic for a given `as_of`. Every number comes from the rule set (`scoring.ruleset`);
this module only knows how the rules combine (rules §1–§5, §7, §8).

Every rule is decided once, in `score`: one pass over the records finds what each indicator counts (the
records inside its window, the one that decides it) and the points follow from that (`Found`). The
reasons and advice are words for those findings: `explain` writes them when a result's `dimensions` or
`advice` is first read, and decides nothing itself, so a reason cannot disagree with its points and a rule
change is one edit. National batches read only the figures; `score` keeps to compact per-rule-set tables
(`_Compiled`) on that hot path.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

from scoring.dates import last_day_counted, months_before, today_in_timezone
from scoring.models import (
    CategoryName,
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
    build,
)
from scoring.result import Detail, Explanation, Indicator, ReasonArgs, ScoreResult, Step
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


def _shortfall(needed: float, have: float) -> float:
    """JP still missing to `needed`, rounded up to 2 decimals so following the advice is always enough;
    0 when `have` reaches it (within `JP_EPSILON`). The one place a JP shortfall is computed."""
    if have + JP_EPSILON >= needed:
        return 0.0
    return math.ceil(round((needed - have) * 100, 6)) / 100


# The rule set, compiled for the hot path ----------------------------------------------------------


class _Compiled:
    """One rule set as flat tables, built once: `score` reads nothing else on its hot path."""

    __slots__ = (
        "auto_families", "bands", "categories", "disc_months", "disc_points", "edu_points", "func_months",
        "indicators", "jp_kinds", "lead_months", "lead_ok", "min_jp", "no_appraisal", "predicate_points", "rank",
        "rules", "seminar_months", "shortfalls", "tech_months", "tech_summed", "totals", "windows", "yearly_jp",
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
        rank = self.rank = _leadership_rank(rules)
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
        # Totals and yearly JP take few distinct values: their category and shortfall are looked up, not
        # recomputed (a function call per result is a tenth of `score`'s time).
        self.totals: dict[float, CategoryName] = {}
        self.shortfalls: dict[float, float] = {}

    def category(self, total: float) -> CategoryName:
        name = self.totals.get(total)
        if name is None:
            if len(self.totals) >= 4096:
                self.totals.clear()
            name = self.totals[total] = _category(total, self.categories)
        return name

    def shortfall(self, jp: float) -> float:
        missing = self.shortfalls.get(jp)
        if missing is None:
            if len(self.shortfalls) >= 4096:
                self.shortfalls.clear()
            missing = self.shortfalls[jp] = _shortfall(self.yearly_jp, jp)
        return missing

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


# What the rules found -------------------------------------------------------------------------------


class Found(NamedTuple):
    """What `score` found in one profile: every decision, and the records that decided it.

    The indicators' outcomes (`met`, `figures`) are what the points are made of; the records are kept only to
    be named in the reasons and advice.
    """

    figures: tuple[float, float, float, float]
    """Points of kualifikasi, kompetensi, kinerja, disiplin."""
    met: tuple[bool, bool, bool, bool]
    """Leadership, functional, technical, seminar (`_CODES` order): reached or not."""
    tech_jp: float
    """Technical JP in the window: summed, or the longest one when the rule set does not sum."""
    tech_count: int
    tech_oldest: date | None
    tech_longest: Training | None
    seminar: Training | None
    """The latest seminar in the window."""
    lead: Training | None
    """The leadership training that counts (highest level, then latest), in the window."""
    lead_any: Training | None
    """The highest, then latest, leadership training in the window, counted or not."""
    lead_outside: Training | None
    """The latest leadership training older than the window (only when the rule set has one)."""
    func: Training | None
    """The latest functional training matching the post, in the window."""
    func_outside: Training | None
    func_held: bool
    """Any functional training on record, matching or not."""
    appraisal: str
    """How the appraisal was counted: the reason key skp.none, skp.future, skp.predicate or skp.score."""
    penalty: Penalty | None
    """The worst penalty in the window (then the latest)."""


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
    lead_ok = c.lead_ok.get(position)  # None: the position has no leadership indicator
    rank = c.rank
    tech_jp = jp_year = 0.0
    tech_count = 0
    tech_oldest: date | None = None
    longest = seminar = lead = lead_any = lead_outside = func = func_outside = None
    func_held = False
    for training in profile.trainings:
        when = training.date
        if when > day:
            continue
        kind = training.kind
        if when.year == year and (jp_kinds is None or kind in jp_kinds):
            jp_year += training.jp
        if kind is _TECHNICAL:
            if when > tech_from:
                tech_count += 1
                if summed:  # JP accumulate over several trainings (Decision, rules §2)
                    tech_jp += training.jp
                    if tech_oldest is None or when < tech_oldest:
                        tech_oldest = when
                elif longest is None or (training.jp, when) > (longest.jp, longest.date):
                    longest = training
        elif kind is _SEMINAR:
            if when > seminar_from and (seminar is None or when > seminar.date):
                seminar = training
        elif kind is _LEADERSHIP:
            level = training.level
            if lead_ok is None or level is None:
                continue
            if lead_from is not None and when <= lead_from:  # no window by default (Decision, rules §2)
                if lead_outside is None or when > lead_outside.date:
                    lead_outside = training
                continue
            # The highest level, the latest of it; a level above the required one also counts (Decision,
            # rules §2) unless the rule set says not (`lead_ok`).
            if lead_any is None or (rank[level], when) > (rank[lead_any.level], lead_any.date):  # type: ignore[index]
                lead_any = training
            if level in lead_ok and (lead is None or (rank[level], when) > (rank[lead.level], lead.date)):  # type: ignore[index]
                lead = training
        elif kind is _FUNCTIONAL:
            func_held = True
            # The employee's statement that it matches the post decides (Decision, rules §2).
            if training.matches_position:
                if func_from is None or when > func_from:  # no window by default (Decision, rules §2)
                    if func is None or when > func.date:
                        func = training
                elif func_outside is None or when > func_outside.date:
                    func_outside = training
    if longest is not None:
        tech_jp = longest.jp
    functional = func is not None or bool(
        profile.functional_family and c.auto_families and profile.functional_family.strip().casefold()
        in c.auto_families
    )
    met = (lead is not None, functional, tech_jp + JP_EPSILON >= c.min_jp, seminar is not None)
    competence = 0.0
    for index, points in c.indicators[position]:
        competence += points if met[index] else 0.0

    # §3: the latest appraisal; one of a later year than the assessment date is not counted.
    appraisal = profile.performance
    if appraisal is None:
        performance, how = c.no_appraisal, "skp.none"
    elif appraisal.year is not None and appraisal.year > year:
        performance, how = c.no_appraisal, "skp.future"
    elif appraisal.predicate is not None:
        performance, how = c.predicate_points[appraisal.predicate], "skp.predicate"
    else:
        value = appraisal.score or 0.0
        performance, how = 0.0, "skp.score"
        for above, points in c.bands:  # bands are "> above": 90.5 falls in the higher one (rules §3)
            if above is None or value > above:
                performance = points
                break

    # §4: the worst penalty whose TMT falls in the window (of two alike, the later).
    worst = 0
    penalty: Penalty | None = None
    for record in profile.penalties:
        when = record.date
        if disc_from < when <= day:
            severity = _SEVERITY[record.level]
            if severity > worst or (severity == worst and when > penalty.date):  # type: ignore[union-attr]
                worst, penalty = severity, record
    discipline = c.disc_points[worst]

    education = c.edu_points[profile.education]
    total = education + competence + performance + discipline
    figures = (education, competence, performance, discipline)
    # A plain tuple in `Found`'s order: naming its fields is left to `explain` (a NamedTuple's constructor
    # is a Python function, too slow for the hot path).
    found = (figures, met, tech_jp, tech_count, tech_oldest, longest, seminar, lead, lead_any, lead_outside, func,
             func_outside, func_held, how, penalty)
    category = c.totals.get(total) or c.category(total)
    jp_short = c.shortfalls.get(jp_year)
    if jp_short is None:
        jp_short = c.shortfall(jp_year)
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
            "jp_shortfall": jp_short,
            "official": profile.employment_status is _PNS,
        },
        {"_detail": Detail((profile, day, rules, found), explain)},
    )


# The reasons and advice: words for what `score` found --------------------------------------------------


@lru_cache(maxsize=256)
def _next_education(education: Education, rules: RuleSet) -> tuple[Education, float] | None:
    """The next level up that earns more points: what a person would actually study for next."""
    table = rules.kualifikasi.points
    points = table[education]
    order = list(Education)
    higher = [e for e in order[order.index(education) + 1 :] if table[e] > points]
    higher = higher or [e for e in order if table[e] > points]
    return (higher[0], table[higher[0]] - points) if higher else None


@lru_cache(maxsize=64)
def _leadership_rank(rules: RuleSet) -> dict[LeadershipLevel, int]:
    levels = rules.kompetensi.leadership_levels  # highest first
    return {level: len(levels) - i for i, level in enumerate(levels)}


@lru_cache(maxsize=64)
def _best_predicate(rules: RuleSet) -> str:
    table = rules.kinerja.predicate_points
    return max(table, key=lambda p: table[p]).value


def _outside(code: str, latest: Training, as_of: date, months: int, maximum: float) -> Indicator:
    """The reason when every record of an indicator with a window is older than the window."""
    args: ReasonArgs = {**_window_args(as_of, months), "date": latest.date.isoformat()}
    return (code, 0.0, maximum, "outside", args)


def _leadership(profile: Profile, day: date, rules: RuleSet, found: Found, maximum: float) -> tuple[
    Indicator, Step | None
]:
    required = rules.kompetensi.leadership_required[profile.position]
    base: ReasonArgs = {"position": profile.position, "required": required}
    if found.lead is not None:
        args = {**base, "level": found.lead.level or required, "date": found.lead.date.isoformat()}
        return ("diklat_kepemimpinan", maximum, maximum, "lead.met", args), None
    advice: Step = ("diklat_kepemimpinan", maximum, "adv.lead", {"required": required}, None)
    best = found.lead_any
    if best is None or best.level is None:
        months = rules.kompetensi.leadership_window_months
        if found.lead_outside is not None and months is not None:
            return _outside("diklat_kepemimpinan", found.lead_outside, day, months, maximum), advice
        return ("diklat_kepemimpinan", 0.0, maximum, "lead.none", base), advice
    rank = _leadership_rank(rules)
    key = "lead.below" if rank[best.level] < rank[required] else "lead.above"
    args = {**base, "level": best.level, "date": best.date.isoformat()}
    return ("diklat_kepemimpinan", 0.0, maximum, key, args), advice


def _functional(profile: Profile, day: date, rules: RuleSet, found: Found, maximum: float) -> tuple[
    Indicator, Step | None
]:
    if found.func is not None:
        args: ReasonArgs = {"date": found.func.date.isoformat(), "title": found.func.title or ""}
        return ("diklat_fungsional", maximum, maximum, "func.met", args), None
    if found.met[_FUNC]:  # no record, yet met: the rule set credits the functional family
        args = {"family": profile.functional_family or "", "ruleset": rules.id}
        return ("diklat_fungsional", maximum, maximum, "func.auto", args), None
    advice: Step = ("diklat_fungsional", maximum, "adv.func", {}, None)
    months = rules.kompetensi.functional_window_months
    if found.func_outside is not None and months is not None:
        return _outside("diklat_fungsional", found.func_outside, day, months, maximum), advice
    key = "func.unmatched" if found.func_held else "func.none"
    return ("diklat_fungsional", 0.0, maximum, key, {}), advice


def _technical(profile: Profile, day: date, rules: RuleSet, found: Found, maximum: float) -> tuple[
    Indicator, Step | None
]:
    months = rules.kompetensi.technical_window_months
    minimum = rules.kompetensi.technical_min_jp
    points = maximum if found.met[_TECH] else 0.0
    fresh: Step = ("diklat_teknis", maximum, "adv.tech_fresh", {"jp": minimum, "months": months}, None)
    if not found.tech_count:
        args = {**_window_args(day, months), "min": minimum}
        return ("diklat_teknis", 0.0, maximum, "tech.none", args), fresh
    if found.tech_longest is not None:  # a rule set may ask for one training of the minimum
        longest = found.tech_longest
        args = {**_window_args(day, months), "min": minimum, "jp": round(longest.jp, 2),
                "date": longest.date.isoformat()}
        return ("diklat_teknis", points, maximum, "tech.single", args), None if points else fresh
    args = {**_window_args(day, months), "min": minimum, "jp": round(found.tech_jp, 2), "count": found.tech_count}
    if points or found.tech_oldest is None:
        return ("diklat_teknis", points, maximum, "tech.sum", args), None
    # The missing JP must come before the oldest counted training leaves the window (rules §8 example).
    deadline = last_day_counted(found.tech_oldest, months)
    step_args: ReasonArgs = {"jp": _shortfall(minimum, found.tech_jp), "deadline": deadline.isoformat()}
    return ("diklat_teknis", 0.0, maximum, "tech.sum", args), (
        "diklat_teknis", maximum, "adv.tech", step_args, deadline)


def _seminar(profile: Profile, day: date, rules: RuleSet, found: Found, maximum: float) -> tuple[
    Indicator, Step | None
]:
    months = rules.kompetensi.seminar_window_months
    if found.seminar is not None:
        args: ReasonArgs = {"date": found.seminar.date.isoformat(), "title": found.seminar.title or "",
                            "months": months}
        return ("seminar", maximum, maximum, "seminar.met", args), None
    return ("seminar", 0.0, maximum, "seminar.none", _window_args(day, months)), (
        "seminar", maximum, "adv.seminar", {}, None)


_COMPETENCE_WORDS = (_leadership, _functional, _technical, _seminar)  # `_CODES` order


def _kinerja(profile: Profile, rules: RuleSet, found: Found) -> tuple[Indicator, Step | None]:
    maximum = rules.dimensions["kinerja"]
    points = found.figures[2]
    key = found.appraisal
    appraisal = profile.performance
    if appraisal is None or key in ("skp.none", "skp.future"):
        none_points = rules.kinerja.no_appraisal_points
        record_it: Step | None = (
            ("skp", maximum - none_points, "adv.skp_none", {}, None) if none_points < maximum else None
        )
        args: ReasonArgs = {} if appraisal is None else {"year": str(appraisal.year)}
        return ("skp", points, maximum, key, args), record_it
    year = "" if appraisal.year is None else str(appraisal.year)
    if key == "skp.predicate":
        args = {"year": year, "predicate": appraisal.predicate or ""}
    else:
        args = {"year": year, "score": appraisal.score if appraisal.score is not None else 0.0}
    if points >= maximum:
        return ("skp", points, maximum, key, args), None
    return ("skp", points, maximum, key, args), (
        "skp", maximum - points, "adv.skp_up", {"predicate": _best_predicate(rules)}, None)


def _disiplin(day: date, rules: RuleSet, found: Found) -> Indicator:
    maximum = rules.dimensions["disiplin"]
    months = rules.disiplin.window_months
    worst = found.penalty
    if worst is None:
        return ("hukuman_disiplin", found.figures[3], maximum, "disc.none", _window_args(day, months))
    until = last_day_counted(worst.date, months)
    args: ReasonArgs = {"level": worst.level, "date": worst.date.isoformat(), "until": until.isoformat()}
    return ("hukuman_disiplin", found.figures[3], maximum, "disc.penalty", args)


def explain(profile: Profile, day: date, rules: RuleSet, findings: tuple[object, ...]) -> Explanation:
    """Every indicator with its reason, and the advice ordered by gain (rules §1–§4, §8), from what `score`
    found (`Found`'s fields, in order)."""
    found = Found._make(findings)
    dimensions = rules.dimensions
    education_args: ReasonArgs = {"education": profile.education}
    education = ("pendidikan", found.figures[0], dimensions["kualifikasi"], "edu", education_args)
    competence: list[Indicator] = []
    steps: list[Step] = []
    for index, maximum in _compiled(rules).indicators[profile.position]:
        indicator, step = _COMPETENCE_WORDS[index](profile, day, rules, found, maximum)
        competence.append(indicator)
        if step is not None:
            steps.append(step)
    performance, performance_step = _kinerja(profile, rules, found)
    if performance_step is not None:
        steps.append(performance_step)
    # §8: nothing is advised that cannot be changed (a penalty); education only as the remaining gap.
    if not steps and (target := _next_education(profile.education, rules)) is not None:
        steps.append(("pendidikan", target[1], "adv.edu", {"education": target[0]}, None))
    steps.sort(key=lambda step: -step[1])
    return {
        "kualifikasi": (dimensions["kualifikasi"], [education]),
        "kompetensi": (dimensions["kompetensi"], competence),
        "kinerja": (dimensions["kinerja"], [performance]),
        "disiplin": (dimensions["disiplin"], [_disiplin(day, rules, found)]),
    }, steps


# §5 Total and category, §7 yearly JP ---------------------------------------------------------------


def _category(total: float, categories: tuple[tuple[float | None, CategoryName], ...]) -> CategoryName:
    for above, name in categories:  # lower edges exclusive, the total never rounded first (rules §5)
        if above is None or total > above:
            return name
    raise AssertionError("the last category is open-ended by validation")


def category_of(total: float, rules: RuleSet | None = None) -> CategoryName:
    """The category of an unrounded total; lower edges are exclusive (rules §5)."""
    return _compiled(rules or load_ruleset()).category(total)


def jp_in_year(trainings: Iterable[Training], as_of: date, rules: RuleSet | None = None) -> float:
    """§7: JP of the learning activities dated in the calendar year of `as_of`, up to `as_of`.

    Every kind counts (Decision, rules §7) unless the rule set's `jp_obligation.kinds` says otherwise.
    """
    year = as_of.year
    kinds = (rules or load_ruleset()).jp_obligation.kinds
    return sum(t.jp for t in trainings if t.date.year == year and t.date <= as_of and t.kind in kinds)


def jp_shortfall(jp: float, rules: RuleSet | None = None) -> float:
    """§7: max(0, yearly JP − JP this year), to 2 decimals, never rounded down to none."""
    return _compiled(rules or load_ruleset()).shortfall(jp)
