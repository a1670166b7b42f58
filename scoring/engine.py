"""`score`: one profile, one assessment date, one rule set → the index with its reasons and advice.

Pure and deterministic for a given `as_of`. Every number comes from the rule set (`scoring.ruleset`);
this module only knows how the rules combine (rules §1–§5, §7, §8). It is on the hot path of national
batches, so it works on plain tuples and leaves building explanation objects to `ScoreResult`.
"""

from __future__ import annotations

import math
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
    Profile,
    Training,
    TrainingKind,
)
from scoring.result import CategoryName, Detail, DimensionName, ReasonArgs, ScoreResult, build
from scoring.ruleset import DEFAULT_RULESET, RuleSet, load_ruleset

# Sums of JP converted from hours are not exact in binary; a shortfall smaller than this is none.
JP_EPSILON = 1e-6

_LEADERSHIP = TrainingKind.KEPEMIMPINAN
_FUNCTIONAL = TrainingKind.FUNGSIONAL
_TECHNICAL = TrainingKind.TEKNIS
_SEMINAR = TrainingKind.SEMINAR
_SEVERITY = {PenaltyLevel.RINGAN: 1, PenaltyLevel.SEDANG: 2, PenaltyLevel.BERAT: 3}
_PNS = EmploymentStatus.PNS

Indicator = tuple[str, float, float, str, ReasonArgs]
Step = tuple[str, float, str, ReasonArgs, date | None]


@lru_cache(maxsize=4096)
def _window_start(as_of: date, months: int) -> date:
    """Exclusive lower bound of the N-month window ending on `as_of` (rules §2, "Windows, exactly")."""
    return months_before(as_of, months)


@lru_cache(maxsize=4096)
def _window_args(as_of: date, months: int) -> ReasonArgs:
    first_day = _window_start(as_of, months) + timedelta(days=1)
    return {"start": first_day.isoformat(), "end": as_of.isoformat()}


def _round_up(value: float) -> float:
    """Round a JP amount still needed up to 2 decimals, so following the advice is always enough."""
    return math.ceil(round(value * 100, 6)) / 100


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


def _leadership(profile: Profile, held: list[Training], rules: RuleSet, maximum: float) -> tuple[
    Indicator, Step | None
]:
    comp = rules.kompetensi
    required = comp.leadership_required[profile.position]
    rank = _leadership_rank(rules)
    needed = rank[required]
    base: ReasonArgs = {"position": profile.position, "required": required}
    best: Training | None = None
    for training in held:
        if training.level is not None and (
            best is None or best.level is None or (rank[training.level], training.date) > (
                rank[best.level], best.date)
        ):
            best = training
    if best is None or best.level is None:
        return ("diklat_kepemimpinan", 0.0, maximum, "lead.none", base), (
            "diklat_kepemimpinan", maximum, "adv.lead", {"required": required}, None)
    args = {**base, "level": best.level, "date": best.date.isoformat()}
    level_rank = rank[best.level]
    # A level above the required one also counts (Decision, rules §2), unless the rule set says not.
    if level_rank == needed or (comp.leadership_higher_counts and level_rank > needed):
        return ("diklat_kepemimpinan", maximum, maximum, "lead.met", args), None
    exact = [t for t in held if t.level is required]
    if exact:
        latest = max(exact, key=lambda t: t.date)
        args = {**base, "level": required, "date": latest.date.isoformat()}
        return ("diklat_kepemimpinan", maximum, maximum, "lead.met", args), None
    return ("diklat_kepemimpinan", 0.0, maximum, "lead.below", args), (
        "diklat_kepemimpinan", maximum, "adv.lead", {"required": required}, None)


def _functional(profile: Profile, held: list[Training], rules: RuleSet, maximum: float) -> tuple[
    Indicator, Step | None
]:
    # The employee's statement that it matches the post decides (Decision, rules §2).
    matching = [t for t in held if t.matches_position]
    if matching:
        latest = max(matching, key=lambda t: t.date)
        args: ReasonArgs = {"date": latest.date.isoformat(), "title": latest.title or ""}
        return ("diklat_fungsional", maximum, maximum, "func.met", args), None
    family = profile.functional_family
    auto = rules.kompetensi.functional_auto_families
    if family and auto and family.strip().casefold() in {f.strip().casefold() for f in auto}:
        args = {"family": family, "ruleset": rules.id}
        return ("diklat_fungsional", maximum, maximum, "func.auto", args), None
    key = "func.unmatched" if held else "func.none"
    return ("diklat_fungsional", 0.0, maximum, key, {}), ("diklat_fungsional", maximum, "adv.func", {}, None)


def _technical(counted: list[Training], as_of: date, rules: RuleSet, maximum: float) -> tuple[
    Indicator, Step | None
]:
    months = rules.kompetensi.technical_window_months
    minimum = rules.kompetensi.technical_min_jp
    if not counted:
        args = {**_window_args(as_of, months), "min": minimum}
        return ("diklat_teknis", 0.0, maximum, "tech.none", args), (
            "diklat_teknis", maximum, "adv.tech_fresh", {"jp": minimum, "months": months}, None)
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
    for training in trainings:  # one pass: this runs millions of times in a batch
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
            indicator, step = _leadership(profile, leadership, rules, maximum)
        else:
            indicator, step = _functional(profile, functional, rules, maximum)
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
    record_it: Step = ("skp", maximum - none_points, "adv.skp_none", {}, None)
    if appraisal is None:
        return ("skp", none_points, maximum, "skp.none", {}), record_it
    year = "" if appraisal.year is None else str(appraisal.year)
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


# §5 Total and category, §7 yearly JP ---------------------------------------------------------------


def category_of(total: float, rules: RuleSet | None = None) -> CategoryName:
    """The category of an unrounded total; lower edges are exclusive (rules §5)."""
    for category in (rules or load_ruleset()).categories:
        if category.above is None or total > category.above:
            return category.name
    raise AssertionError("the last category is open-ended by validation")


def jp_in_year(trainings: Iterable[Training], as_of: date) -> float:
    """§7: JP of every learning activity dated in the calendar year of `as_of`, up to `as_of`."""
    year = as_of.year
    return sum(t.jp for t in trainings if t.date.year == year and t.date <= as_of)


def jp_shortfall(jp: float, rules: RuleSet | None = None) -> float:
    yearly = (rules or load_ruleset()).jp_obligation.yearly_jp
    return 0.0 if jp + JP_EPSILON >= yearly else round(yearly - jp, 2)


def score(
    profile: Profile, *, as_of: date | None = None, ruleset: str | RuleSet = DEFAULT_RULESET
) -> ScoreResult:
    """Score one profile on `as_of` (default: today in the configured time zone)."""
    rules = ruleset if isinstance(ruleset, RuleSet) else load_ruleset(ruleset)
    day = as_of if as_of is not None else today_in_timezone()
    # Records dated after the assessment date never count (rules §2).
    trainings = [t for t in profile.trainings if t.date <= day]

    education, education_step = _kualifikasi(profile, rules)
    competence, steps = _kompetensi(profile, trainings, day, rules)
    performance, performance_step = _kinerja(profile, day, rules)
    if performance_step is not None:
        steps.append(performance_step)
    discipline = _disiplin(profile.penalties, day, rules)
    # §8: nothing is advised that cannot be changed (a penalty); education only as the remaining gap.
    if not steps and education_step is not None:
        steps.append(education_step)
    steps.sort(key=lambda step: -step[1])

    competence_points = 0.0
    for row in competence:
        competence_points += row[1]
    points: dict[DimensionName, float] = {
        "kualifikasi": education[1],
        "kompetensi": competence_points,
        "kinerja": performance[1],
        "disiplin": discipline[1],
    }
    total = education[1] + competence_points + performance[1] + discipline[1]
    jp = jp_in_year(trainings, day)
    detail = Detail(
        maxima=rules.dimensions,
        indicators={"kualifikasi": [education], "kompetensi": competence, "kinerja": [performance],
                    "disiplin": [discipline]},
        advice=steps,
    )
    return build(
        ScoreResult,
        {
            "total": total,
            "category": category_of(total, rules),
            "dimension_points": points,
            "ruleset": rules.id,
            "as_of": day,
            "jp_this_year": round(jp, 2),
            "jp_shortfall": jp_shortfall(jp, rules),
            "official": profile.employment_status is _PNS,
        },
        {"_detail": detail},
    )
