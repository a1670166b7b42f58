"""Properties of `score` over generated profiles and dates (hypothesis).

Besides the invariants of the issue, every generated profile is also scored by `reference`, a plain
transcription of ipasn-rules.md written for this test without the engine's code or its rule set file,
and the two must agree dimension by dimension.
"""

from __future__ import annotations

import calendar
import json
from datetime import date
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from scoring import Education, Profile, RuleSet, ScoreResult, category_of, score
from scoring.ruleset import RULESET_DIR

# Local settings, not a loaded profile: other test modules keep hypothesis' defaults.
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# The comparison with the independent reading is the one most worth many examples.
REFERENCE_SETTINGS = settings(SETTINGS, max_examples=250)

POSITIONS = ["jpt_utama", "jpt_madya", "jpt_pratama", "administrator", "pengawas", "fungsional", "pelaksana"]
EDUCATIONS = [e.value for e in Education]  # lowest first
LEVELS = ["pkn1", "pkn2", "pka", "pkp"]
PREDICATES = ["sangat_baik", "baik", "cukup", "butuh_perbaikan", "kurang", "buruk", "sangat_kurang"]

days = st.dates(min_value=date(2008, 1, 1), max_value=date(2034, 12, 31))
as_of_days = st.dates(min_value=date(2012, 1, 1), max_value=date(2032, 12, 31))
# Month ends are where windows are subtle (29 Feb − 12 months = 28 Feb): make them common.
month_ends = st.builds(
    lambda y, m: date(y, m, calendar.monthrange(y, m)[1]),
    st.integers(2012, 2032),
    st.integers(1, 12),
)
as_ofs = st.one_of(as_of_days, month_ends)
jps = st.one_of(st.integers(0, 40).map(float), st.sampled_from([0.5, 2.5, 7.5, 12.5, 19.5, 20.0, 22.5]))


@st.composite
def trainings(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["kepemimpinan", "fungsional", "teknis", "teknis", "seminar", "lainnya"]))
    data: dict[str, Any] = {"kind": kind, "date": draw(st.one_of(days, month_ends)).isoformat()}
    duration = draw(st.sampled_from(["jp", "jp", "hours", "none"]))
    if duration == "jp":
        data["jp"] = draw(jps)
    elif duration == "hours":
        data["hours"] = draw(st.sampled_from([0.75, 1.5, 3, 7.5, 15, 16]))
    if kind == "kepemimpinan":
        data["level"] = draw(st.sampled_from(LEVELS))
    if draw(st.booleans()):
        data["matches_position"] = draw(st.booleans())
    if draw(st.booleans()):
        data["title"] = draw(st.sampled_from(["Pengelolaan Arsip", "PPG", "Webinar SPBE"]))
    return data


performances = st.one_of(
    st.none(),
    st.fixed_dictionaries(
        {"year": st.one_of(st.none(), st.integers(2012, 2034)), "predicate": st.sampled_from(PREDICATES)}
    ),
    st.fixed_dictionaries(
        {
            "year": st.one_of(st.none(), st.integers(2010, 2019)),
            "score": st.one_of(st.integers(0, 100).map(float), st.sampled_from([50.5, 60.5, 75.5, 90.5, 90.01])),
        }
    ),
)
penalties = st.fixed_dictionaries(
    {"level": st.sampled_from(["ringan", "sedang", "berat"]), "date": st.one_of(days, month_ends).map(date.isoformat)}
)


@st.composite
def profiles(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "position": draw(st.sampled_from(POSITIONS)),
        "education": draw(st.sampled_from(EDUCATIONS)),
        "trainings": draw(st.lists(trainings(), max_size=8)),
        "performance": draw(performances),
        "penalties": draw(st.lists(penalties, max_size=3)),
        "employment_status": draw(st.sampled_from(["PNS", "PNS", "CPNS", "PPPK"])),
        "functional_family": draw(st.sampled_from([None, "guru", "dokter"])),
    }


# An independent reading of ipasn-rules.md (default rule set) ------------------------------------


def _minus_months(day: date, months: int) -> date:
    """§2: the same calendar day N months earlier, clamped to the end of a shorter month."""
    year, month = day.year, day.month - months
    while month < 1:
        year, month = year - 1, month + 12
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _in_window(d: date, as_of: date, months: int) -> bool:
    return _minus_months(as_of, months) < d <= as_of


def reference(p: Profile, as_of: date) -> dict[str, float]:
    edu = {
        "s3": 25,
        "subspesialis": 25,
        "s2": 20,
        "spesialis": 20,
        "s1": 15,
        "d4": 15,
        "profesi": 15,
        "d3": 10,
        "d2": 5,
        "d1": 5,
        "slta": 5,
        "sltp": 1,
        "sd": 1,
        "none": 1,
    }[p.education.value]
    position = p.position.value
    done = [t for t in p.trainings if t.date <= as_of]
    technical = sum(t.jp for t in done if t.kind.value == "teknis" and _in_window(t.date, as_of, 12))
    tech_ok = technical >= 20 - 1e-6
    seminar_ok = any(t.kind.value == "seminar" and _in_window(t.date, as_of, 24) for t in done)
    if position == "pelaksana":
        comp = 22.5 * tech_ok + 17.5 * seminar_ok
    elif position == "fungsional":
        func_ok = any(t.kind.value == "fungsional" and t.matches_position for t in done)
        comp = 15 * func_ok + 15 * tech_ok + 10 * seminar_ok
    else:
        required = {"jpt_utama": 0, "jpt_madya": 0, "jpt_pratama": 1, "administrator": 2, "pengawas": 3}
        lead_ok = any(
            t.kind.value == "kepemimpinan" and t.level is not None and LEVELS.index(t.level.value) <= required[position]
            for t in done
        )
        comp = 15 * lead_ok + 15 * tech_ok + 10 * seminar_ok
    a = p.performance
    if a is None or (a.year is not None and a.year > as_of.year):
        perf = 0.0
    elif a.predicate is not None:
        perf = {
            "sangat_baik": 30,
            "baik": 25,
            "cukup": 15,
            "butuh_perbaikan": 15,
            "kurang": 5,
            "buruk": 1,
            "sangat_kurang": 1,
        }[a.predicate.value]
    else:
        s = a.score or 0.0
        perf = 30 if s > 90 else 25 if s > 75 else 15 if s > 60 else 5 if s > 50 else 1
    counted = [x.level.value for x in p.penalties if _in_window(x.date, as_of, 60)]
    disc = min([{"ringan": 3, "sedang": 2, "berat": 1}[level] for level in counted], default=5)
    return {"kualifikasi": edu, "kompetensi": comp, "kinerja": perf, "disiplin": disc}


# Properties -------------------------------------------------------------------------------------


def _check_invariants(result: ScoreResult, rules: RuleSet | None = None) -> None:
    assert 0 <= result.total <= 100
    assert result.total == sum(result.dimension_points.values())
    assert result.total == sum(d.points for d in result.dimensions.values())
    assert result.category == category_of(result.total, rules)
    for name, dimension in result.dimensions.items():
        assert dimension.points == result.dimension_points[name]
        assert 0 <= dimension.points <= dimension.max
        assert sum(i.points for i in dimension.indicators) == dimension.points
        for item in dimension.indicators:
            assert 0 <= item.points <= item.max
            assert item.met is (item.points == item.max)
            assert item.reason and item.reason_in("en")
    gains = [a.gain for a in result.advice]
    assert gains == sorted(gains, reverse=True)
    assert all(g > 0 for g in gains)
    assert all(a.code != "hukuman_disiplin" for a in result.advice)
    if any(a.code == "pendidikan" for a in result.advice):
        assert len(result.advice) == 1  # §8: education only as the remaining gap
    assert 0 <= result.jp_shortfall <= 20


@REFERENCE_SETTINGS
@given(profiles(), as_ofs)
@example(
    {"position": "pelaksana", "education": "s1", "trainings": [{"kind": "teknis", "jp": 20, "date": "2023-02-28"}]},
    date(2024, 2, 29),
)
@example(
    {"position": "pelaksana", "education": "s1", "trainings": [{"kind": "teknis", "jp": 20, "date": "2025-11-28"}]},
    date(2026, 11, 28),
)
def test_invariants_and_agreement_with_the_rules(data: dict[str, Any], as_of: date) -> None:
    p = Profile.model_validate(data)
    result = score(p, as_of=as_of)
    _check_invariants(result)
    assert result.dimension_points == reference(p, as_of)
    assert result.official is (p.employment_status.value == "PNS")
    this_year = sum(t.jp for t in p.trainings if t.date.year == as_of.year and t.date <= as_of)
    assert abs(result.jp_this_year - this_year) < 0.006
    assert abs(result.jp_shortfall - max(0.0, 20 - this_year)) < 0.011


@SETTINGS
@given(profiles(), as_ofs, trainings())
def test_adding_a_training_never_lowers_the_total(data: dict[str, Any], as_of: date, extra: dict[str, Any]) -> None:
    before = score(Profile.model_validate(data), as_of=as_of)
    after = score(Profile.model_validate({**data, "trainings": [*data["trainings"], extra]}), as_of=as_of)
    assert after.total >= before.total
    assert after.jp_this_year >= before.jp_this_year
    assert after.jp_shortfall <= before.jp_shortfall


@SETTINGS
@given(profiles(), as_ofs, st.data())
def test_raising_education_never_lowers_the_total(data: dict[str, Any], as_of: date, draw: st.DataObject) -> None:
    higher = draw.draw(st.sampled_from(EDUCATIONS[EDUCATIONS.index(data["education"]) :]))
    before = score(Profile.model_validate(data), as_of=as_of)
    after = score(Profile.model_validate({**data, "education": higher}), as_of=as_of)
    assert after.total >= before.total


@SETTINGS
@given(profiles(), as_ofs, st.data())
def test_removing_a_penalty_never_lowers_the_total(data: dict[str, Any], as_of: date, draw: st.DataObject) -> None:
    if not data["penalties"]:
        data = {**data, "penalties": [draw.draw(penalties)]}
    index = draw.draw(st.integers(0, len(data["penalties"]) - 1))
    fewer = [x for i, x in enumerate(data["penalties"]) if i != index]
    before = score(Profile.model_validate(data), as_of=as_of)
    after = score(Profile.model_validate({**data, "penalties": fewer}), as_of=as_of)
    assert after.total >= before.total


@SETTINGS
@given(profiles(), as_ofs)
def test_score_is_deterministic(data: dict[str, Any], as_of: date) -> None:
    p = Profile.model_validate(data)
    first, second = score(p, as_of=as_of), score(Profile.model_validate(data), as_of=as_of)
    assert first.model_dump() == second.model_dump()
    assert first.model_dump_json() == second.model_dump_json()
    assert first == second


@SETTINGS
@given(profiles(), as_ofs, trainings())
def test_records_after_the_assessment_date_change_nothing(
    data: dict[str, Any], as_of: date, extra: dict[str, Any]
) -> None:
    later = {**extra, "date": date(as_of.year + 3, 1, 1).isoformat()}
    p = Profile.model_validate(data)
    with_later = Profile.model_validate(
        {
            **data,
            "trainings": [*data["trainings"], later],
            "penalties": [*data["penalties"], {"level": "berat", "date": later["date"]}],
        }
    )
    a, b = score(p, as_of=as_of), score(with_later, as_of=as_of)
    assert (a.dimension_points, a.jp_this_year) == (b.dimension_points, b.jp_this_year)
    assert [i.model_dump() for d in a.dimensions.values() for i in d.indicators] == [
        i.model_dump() for d in b.dimensions.values() for i in d.indicators
    ]


@SETTINGS
@given(profiles())
def test_profile_json_round_trip(data: dict[str, Any]) -> None:
    p = Profile.model_validate(data)
    assert Profile.model_validate_json(p.model_dump_json()) == p
    assert Profile.model_validate(p.model_dump()) == p


def _variant_rules() -> RuleSet:
    """Every decision a rule set may change, changed: fractional points, windows, a single training…"""
    data = json.loads((RULESET_DIR / "perban-bkn-8-2019.json").read_text(encoding="utf-8"))
    data["id"] = "variant"
    comp = data["kompetensi"]
    comp["points"]["pelaksana"] = {"diklat_teknis": 30.5, "seminar": 9.5}
    comp["points"]["fungsional"] = {"seminar": 5.25, "diklat_teknis": 12.75, "diklat_fungsional": 22}
    comp.update(
        technical_summed=False,
        leadership_window_months=60,
        functional_window_months=36,
        leadership_higher_counts=False,
        functional_auto_families=["Guru"],
        technical_window_months=18,
    )
    data["kinerja"]["no_appraisal_points"] = 1
    data["jp_obligation"]["kinds"] = ["teknis", "lainnya"]
    return RuleSet.model_validate_json(json.dumps(data))


VARIANT = _variant_rules()


@SETTINGS
@given(profiles(), as_ofs, trainings())
def test_invariants_hold_under_another_rule_set(data: dict[str, Any], as_of: date, extra: dict[str, Any]) -> None:
    """The figures `score` computes and the explanation it gives agree for every rule set parameter."""
    p = Profile.model_validate(data)
    result = score(p, as_of=as_of, ruleset=VARIANT)
    assert result.ruleset == "variant"
    _check_invariants(result, VARIANT)
    more = score(
        Profile.model_validate({**data, "trainings": [*data["trainings"], extra]}), as_of=as_of, ruleset=VARIANT
    )
    assert more.total >= result.total
