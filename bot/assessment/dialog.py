"""/asesmen: one question at a time through the four dimensions, pre-filled from the records.

State diagram (kept true; see also the README):

```mermaid
stateDiagram-v2
    [*] --> edu
    edu --> pos
    pos --> lead: struktural
    pos --> func: fungsional
    pos --> tech: pelaksana
    lead --> lead_date: level not on record
    lead --> tech
    lead_date --> tech
    func --> func_date: yes, not on record
    func --> tech
    func_date --> tech
    tech --> tech_title: add
    tech_title --> tech_jp
    tech_jp --> tech_date
    tech_date --> tech
    tech --> sem
    sem --> sem_title: add
    sem_title --> sem_jp
    sem_jp --> sem_date
    sem_date --> sem
    sem --> skp
    skp --> skp_score: numeric
    skp_score --> skp_year
    skp_year --> pen
    skp --> pen
    pen --> pen_date: a penalty
    pen_date --> confirm
    pen --> confirm
    confirm --> [*]: compute (stores an Assessment)
```
Every question also has Back (to the previous question) and Cancel.
"""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

from bot.assessment import service
from bot.assessment.render import result_chart, result_text
from bot.assessment.service import Answers, Draft, Functional, Item, Leadership, PenaltyAnswer, Skp
from bot.claims.corrections import Entry, similar_entries
from bot.claims.similar import looks_same
from bot.dialogs.engine import Button, Ctx, DialogState, Finish, Flow, Go, Invalid, Reply, Step, Transition
from bot.menu import menu_buttons
from bot.parsing import InputError, clean_title, is_hours, parse_date, parse_jp, parse_score
from bot.records.render import duplicate_buttons, duplicate_text
from bot.storage.assessments import Scored
from bot.texts import Html, Lang, plain, t
from scoring import load_ruleset
from scoring.dates import in_window, months_before
from scoring.models import (
    Education,
    LeadershipLevel,
    PenaltyLevel,
    Position,
    Predicate,
    parse_education,
    parse_position,
)
from scoring.texts import (
    EDUCATION_LABELS,
    LEVEL_LABELS,
    PENALTY_LABELS,
    POSITION_LABELS,
    PREDICATE_LABELS,
    category_label,
    day,
    number,
)

NAME = "assessment"
ADD = "add"
NEXT = "next"
SKIP = "skip"
NONE = "none"
NUMERIC = "numeric"
COMPUTE = "go"
KEEP, DROP = "keep", "drop"


State = DialogState[Answers]


def _group(position: Position) -> str:
    return load_ruleset().kompetensi.position_groups[position]


def _number_of(state: State, step: str) -> tuple[int, int]:
    """The step's number and the total for this position type (pelaksana has no step 3)."""
    order = ["edu", "pos", "three", "tech", "sem", "skp", "pen", "confirm"]
    if _group(state.data.position) == "pelaksana":
        order.remove("three")
    return order.index(step) + 1, len(order)


def _grid(buttons: list[Button], width: int) -> list[list[Button]]:
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


def _error(exc: InputError) -> Invalid:
    return Invalid(exc.key, exc.params)


def _day(ctx: Ctx, text: str) -> date | Invalid:
    """A date as people type it, not in the future: the date, or why not."""
    try:
        return parse_date(text, today=ctx.today)
    except InputError as exc:
        return _error(exc)


# Step 1: education ---------------------------------------------------------------------------------

def _stated(ctx: Ctx, official: str | None, stated: str, labels: dict[str, str]) -> tuple[str, str]:
    """(what the data says, and the employee's own standing statement when it differs from it)."""
    if official is None:
        return labels[stated], ""
    return labels[official], "\n" + t("asm.stated", ctx.lang, value=labels[stated])


async def ask_edu(ctx: Ctx, state: State) -> Reply:
    data = state.data
    n, total = _number_of(state, "edu")
    buttons = [Button(EDUCATION_LABELS[e.value], e.value) for e in Education]
    current, stated = _stated(ctx, data.official_education, data.education, EDUCATION_LABELS)
    return Reply(Html(t("asm.education", ctx.lang, n=n, total=total, current=current) + stated), _grid(buttons, 3))


def _set_education(state: State, value: str) -> Transition:
    try:
        state.data.education = parse_education(value)
    except ValueError:
        return Invalid("error.education")
    return Go("pos")


async def edu_button(ctx: Ctx, state: State, value: str) -> Transition:
    return _set_education(state, value)


async def edu_text(ctx: Ctx, state: State, text: str) -> Transition:
    return _set_education(state, text[:40])


# Step 2: position type -----------------------------------------------------------------------------

async def ask_pos(ctx: Ctx, state: State) -> Reply:
    data = state.data
    n, total = _number_of(state, "pos")
    buttons = [Button(POSITION_LABELS[p.value], p.value) for p in Position]
    current, stated = _stated(ctx, data.official_position, data.position, POSITION_LABELS)
    return Reply(Html(t("asm.position", ctx.lang, n=n, total=total, current=current) + stated), _grid(buttons, 2))


async def pos_text(ctx: Ctx, state: State, text: str) -> Transition:
    try:
        return await pos_button(ctx, state, parse_position(text[:40]).value)
    except ValueError:
        return Invalid("dialog.use_buttons")


async def pos_button(ctx: Ctx, state: State, value: str) -> Transition:
    if value not in Position._value2member_map_:
        return Invalid("dialog.use_buttons")
    state.data.position = Position(value)
    group = _group(state.data.position)
    return Go({"struktural": "lead", "fungsional": "func"}.get(group, "tech"))


# Step 3: leadership or functional training -------------------------------------------------------

def _leadership_now(data: Answers) -> Leadership | None:
    return data.new_leadership or data.leadership


async def ask_lead(ctx: Ctx, state: State) -> Reply:
    data = state.data
    required = load_ruleset().kompetensi.leadership_required[data.position]
    held = _leadership_now(data)
    recorded = (f"{LEVEL_LABELS[held.level]}, {day(held.date, ctx.lang)}"
                if held else plain("asm.nothing_recorded", ctx.lang))
    n, total = _number_of(state, "three")
    buttons = [Button(LEVEL_LABELS[level.value], level.value) for level in LeadershipLevel]
    buttons.append(Button(plain("asm.leadership_none", ctx.lang), NONE))
    return Reply(t("asm.leadership", ctx.lang, n=n, total=total, position=POSITION_LABELS[data.position],
                   required=LEVEL_LABELS[required.value], recorded=recorded), _grid(buttons, 2))


async def lead_button(ctx: Ctx, state: State, value: str) -> Transition:
    data = state.data
    if value == NONE:
        data.new_leadership = None
        return Go("tech")
    if value not in LeadershipLevel._value2member_map_:
        return Invalid("dialog.use_buttons")
    recorded = data.leadership
    if recorded and recorded.level == value:
        data.new_leadership = None
        return Go("tech")
    data.draft = Draft(level=value)
    return Go("lead_date")


async def ask_lead_date(ctx: Ctx, state: State) -> Reply:
    level = (state.data.draft.level if state.data.draft else None) or "pka"
    return Reply(t("asm.leadership_date", ctx.lang, level=LEVEL_LABELS[level]))


async def lead_date_text(ctx: Ctx, state: State, text: str) -> Transition:
    when = _day(ctx, text)
    if isinstance(when, Invalid):
        return when
    level = state.data.draft.level if state.data.draft else None
    state.data.draft = None
    if level is None or level not in LeadershipLevel._value2member_map_:
        return Go("lead")
    state.data.new_leadership = Leadership(level=LeadershipLevel(level), date=when)
    return Go("tech")


async def ask_func(ctx: Ctx, state: State) -> Reply:
    data = state.data
    held = data.new_functional or data.functional
    recorded = day(held.date, ctx.lang) if held else plain("asm.nothing_recorded", ctx.lang)
    n, total = _number_of(state, "three")
    buttons = [Button(plain("button.yes", ctx.lang), "yes"), Button(plain("button.no", ctx.lang), "no")]
    return Reply(t("asm.functional", ctx.lang, n=n, total=total, recorded=recorded), [buttons])


async def func_button(ctx: Ctx, state: State, value: str) -> Transition:
    data = state.data
    if value == "no":
        data.new_functional = None
        return Go("tech")
    if value != "yes":
        return Invalid("dialog.use_buttons")
    return Go("tech") if data.functional or data.new_functional else Go("func_date")


async def ask_func_date(ctx: Ctx, state: State) -> Reply:
    return Reply(t("asm.functional_date", ctx.lang))


async def func_date_text(ctx: Ctx, state: State, text: str) -> Transition:
    when = _day(ctx, text)
    if isinstance(when, Invalid):
        return when
    state.data.new_functional = Functional(date=when)
    return Go("tech")


# Steps 4 and 5: technical training and seminars (a list, with a detour to add one) ----------------

def _items(ctx: Ctx, entries: list[Item], months: int) -> tuple[str, float]:
    lines: list[str] = []
    total = 0.0
    for entry in sorted(entries, key=lambda e: e.date):
        if not in_window(entry.date, ctx.today, months):
            continue
        total += entry.jp
        key = "asm.item" if entry.jp else "asm.item_nojp"
        lines.append(t(key, ctx.lang, title=entry.title, jp=number(entry.jp, ctx.lang), date=day(entry.date, ctx.lang)))
    return ("\n".join(lines) or plain("asm.none_listed", ctx.lang)), total


def _list_step(kind: str) -> tuple[Step[Answers], Step[Answers], Step[Answers], Step[Answers], Step[Answers]]:
    """The list question, the three questions of adding one item (title, JP, date), and the duplicate
    warning: an item that looks like one on record or one added earlier in this assessment (same kind and
    date, and the same title or JP: `bot.claims.similar`) is named, and the employee keeps both or not."""
    prefix = "tech" if kind == "technical" else "sem"
    stored_kind = "teknis" if kind == "technical" else "seminar"

    def saved(data: Answers) -> list[Item]:
        return data.technical if kind == "technical" else data.seminars

    def added(data: Answers) -> list[Item]:
        return data.new_technical if kind == "technical" else data.new_seminars

    rules = load_ruleset().kompetensi
    months = rules.technical_window_months if kind == "technical" else rules.seminar_window_months
    following = "sem" if kind == "technical" else "skp"

    async def ask_list(ctx: Ctx, state: State) -> Reply:
        items, jp = _items(ctx, [*saved(state.data), *added(state.data)], months)
        start = day(months_before(ctx.today, months) + timedelta(days=1), ctx.lang)  # first day inside
        n, total = _number_of(state, prefix)
        text = (t("asm.technical", ctx.lang, n=n, total=total, start=start, items=Html(items),
                  jp=number(jp, ctx.lang), min=number(rules.technical_min_jp, ctx.lang))
                if kind == "technical" else
                t("asm.seminar", ctx.lang, n=n, total=total, start=start, items=Html(items)))
        add = plain("asm.add_technical" if kind == "technical" else "asm.add_seminar", ctx.lang)
        return Reply(text, [[Button(add, ADD)], [Button(plain("button.continue", ctx.lang), NEXT)]])

    async def list_button(ctx: Ctx, state: State, value: str) -> Transition:
        if value == ADD:
            state.data.draft = Draft()
            return Go(f"{prefix}_title")
        return Go(following) if value == NEXT else Invalid("dialog.use_buttons")

    async def ask_title(ctx: Ctx, state: State) -> Reply:
        return Reply(t("asm.ask_title", ctx.lang))

    async def title_text(ctx: Ctx, state: State, text: str) -> Transition:
        try:
            state.data.draft = Draft(title=clean_title(text))
        except InputError as exc:
            return _error(exc)
        return Go(f"{prefix}_jp")

    async def ask_jp(ctx: Ctx, state: State) -> Reply:
        if kind == "technical":
            return Reply(t("asm.ask_jp", ctx.lang))
        return Reply(t("asm.ask_jp_optional", ctx.lang), [[Button(plain("button.skip", ctx.lang), SKIP)]])

    async def jp_text(ctx: Ctx, state: State, text: str) -> Transition:
        try:
            jp = parse_jp(text, hours=is_hours(text))
        except InputError as exc:
            return _error(exc)
        state.data.draft = (state.data.draft or Draft()).model_copy(update={"jp": round(jp, 4)})
        return Go(f"{prefix}_date")

    async def jp_button(ctx: Ctx, state: State, value: str) -> Transition:
        if value != SKIP or kind == "technical":
            return Invalid("dialog.use_buttons")
        state.data.draft = (state.data.draft or Draft()).model_copy(update={"jp": 0})
        return Go(f"{prefix}_date")

    async def ask_date(ctx: Ctx, state: State) -> Reply:
        return Reply(t("asm.ask_date", ctx.lang))

    async def date_text(ctx: Ctx, state: State, text: str) -> Transition:
        when = _day(ctx, text)
        if isinstance(when, Invalid):
            return when
        draft, state.data.draft = state.data.draft, None
        if draft is None or draft.title is None:  # the draft was lost (should not happen): ask the title again
            return Go(f"{prefix}_title")
        item = Item(title=draft.title, jp=draft.jp or 0, date=when)
        stored, earlier = await similar(ctx, state, item)
        if stored or earlier:
            state.data.draft = draft.model_copy(update={"when": when})
            return Go(f"{prefix}_dup", remember=False)
        added(state.data).append(item)
        return Go(prefix)

    async def similar(ctx: Ctx, state: State, item: Item) -> tuple[list[Entry], list[Item]]:
        """Stored trainings that look like `item`, and items added earlier in this assessment that do."""
        stored = await similar_entries(ctx.session, ctx.employee_id, stored_kind, item.date, item.title, item.jp)
        earlier = [e for e in added(state.data) if looks_same(stored_kind, e.date, e.title, e.jp,
                                                              stored_kind, item.date, item.title, item.jp)]
        return stored, earlier

    def pending(state: State) -> Item | None:
        draft = state.data.draft
        if draft is None or draft.title is None or draft.when is None:
            return None
        return Item(title=draft.title, jp=draft.jp or 0, date=draft.when)

    async def ask_dup(ctx: Ctx, state: State) -> Reply:
        item = pending(state)
        stored, earlier = await similar(ctx, state, item) if item else ([], [])
        return Reply(duplicate_text(stored, ctx.lang, this_answer=[(e.title, e.jp, e.date) for e in earlier]),
                     duplicate_buttons(KEEP, DROP, ctx.lang))

    async def dup_button(ctx: Ctx, state: State, value: str) -> Transition:
        item, state.data.draft = pending(state), None
        if value not in (KEEP, DROP):
            state.data.draft = Draft(title=item.title, jp=item.jp, when=item.date) if item else None
            return Invalid("dialog.use_buttons")
        if value == KEEP and item is not None:
            added(state.data).append(item)
        return Go(prefix)

    return (
        Step(ask_list, on_button=list_button),
        Step(ask_title, on_text=title_text),
        Step(ask_jp, on_text=jp_text, on_button=jp_button),
        Step(ask_date, on_text=date_text),
        Step(ask_dup, on_button=dup_button, can_go_back=False),
    )


# Step 6: performance appraisal ------------------------------------------------------------------

def _skp_label(ctx: Ctx, skp: Skp | None) -> str:
    if not skp:
        return plain("asm.nothing_recorded", ctx.lang)
    value = PREDICATE_LABELS[skp.predicate] if skp.predicate else number(skp.score or 0, ctx.lang)
    return f"{value} ({skp.year})" if skp.year else value


async def ask_skp(ctx: Ctx, state: State) -> Reply:
    data = state.data
    n, total = _number_of(state, "skp")
    buttons = [Button(PREDICATE_LABELS[p.value], p.value) for p in Predicate]
    rows = _grid(buttons, 2)
    rows.append([Button(plain("asm.skp_numeric", ctx.lang), NUMERIC)])
    rows.append([Button(plain("asm.skp_none", ctx.lang), NONE)])
    recorded = _skp_label(ctx, data.skp)
    return Reply(t("asm.skp", ctx.lang, n=n, total=total, recorded=recorded), rows)


async def skp_button(ctx: Ctx, state: State, value: str) -> Transition:
    data = state.data
    if value == NUMERIC:
        return Go("skp_score")
    if value == NONE:
        data.new_skp, data.no_skp = None, True
        return Go("pen")
    if value not in Predicate._value2member_map_:
        return Invalid("dialog.use_buttons")
    # A predicate answer is taken as last year's appraisal, the latest one an employee can hold.
    answer = Skp(year=ctx.today.year - 1, predicate=Predicate(value))
    recorded = data.skp
    same = recorded and recorded.predicate == answer.predicate and recorded.year == answer.year
    data.new_skp, data.no_skp = (None if same else answer), False
    return Go("pen")


async def skp_text(ctx: Ctx, state: State, text: str) -> Transition:
    """A number typed at the predicate question is an old numeric appraisal: ask its year next."""
    try:
        state.data.draft = Draft(score=parse_score(text))
    except InputError:
        return Invalid("dialog.use_buttons")
    return Go("skp_year")


async def ask_skp_score(ctx: Ctx, state: State) -> Reply:
    return Reply(t("asm.skp_score", ctx.lang))


async def skp_score_text(ctx: Ctx, state: State, text: str) -> Transition:
    try:
        state.data.draft = Draft(score=parse_score(text))
    except InputError as exc:
        return _error(exc)
    return Go("skp_year")


async def ask_skp_year(ctx: Ctx, state: State) -> Reply:
    return Reply(t("asm.skp_year", ctx.lang))


async def skp_year_text(ctx: Ctx, state: State, text: str) -> Transition:
    cleaned = text.strip()
    # Numeric SKP belongs to PP 46/2011, in force until the 2019 appraisal (rules §3).
    if not (cleaned.isdigit() and len(cleaned) == 4 and 1970 <= int(cleaned) <= min(2019, ctx.today.year)):
        return Invalid("error.skp_year")
    score = state.data.draft.score if state.data.draft else None
    state.data.draft = None
    if score is None:
        return Go("skp_score")
    state.data.new_skp, state.data.no_skp = Skp(year=int(cleaned), score=score), False
    return Go("pen")


def _skp_summary(ctx: Ctx, data: Answers) -> str:
    """The appraisal that will be scored, in the check screen; an answer that is not it says so."""
    recorded = data.skp
    if data.no_skp:
        if recorded is None:
            return plain("asm.skp_none", ctx.lang)
        return plain("asm.skp_none_claimed", ctx.lang, recorded=_skp_label(ctx, recorded))
    answer = data.new_skp
    if answer is not None and recorded is not None and recorded.year > answer.year:
        return plain("asm.skp_later_counts", ctx.lang, answer=_skp_label(ctx, answer),
                     counted=_skp_label(ctx, recorded))
    claimed = "" if answer is None or recorded is None else plain("asm.skp_beside", ctx.lang,
                                                                  recorded=_skp_label(ctx, recorded))
    return _skp_label(ctx, answer or recorded) + claimed


# Step 7: discipline -------------------------------------------------------------------------------

async def ask_pen(ctx: Ctx, state: State) -> Reply:
    data = state.data
    entries = [*data.penalties, *([data.new_penalty] if data.new_penalty else [])]
    levels = PENALTY_LABELS[ctx.lang]
    recorded = ", ".join(f"{levels[e.level]} ({day(e.date, ctx.lang)})" for e in entries)
    n, total = _number_of(state, "pen")
    buttons = [Button(plain("asm.penalty_none", ctx.lang), NONE)]
    buttons += [Button(levels[level].capitalize(), level) for level in ("ringan", "sedang", "berat")]
    return Reply(t("asm.penalty", ctx.lang, n=n, total=total,
                   recorded=recorded or plain("asm.nothing_recorded", ctx.lang)), _grid(buttons, 2))


async def pen_button(ctx: Ctx, state: State, value: str) -> Transition:
    if value == NONE:
        state.data.new_penalty = None
        return Go("confirm")
    if value not in PenaltyLevel._value2member_map_:
        return Invalid("dialog.use_buttons")
    state.data.draft = Draft(level=value)
    return Go("pen_date")


async def ask_pen_date(ctx: Ctx, state: State) -> Reply:
    return Reply(t("asm.penalty_date", ctx.lang))


async def pen_date_text(ctx: Ctx, state: State, text: str) -> Transition:
    when = _day(ctx, text)
    if isinstance(when, Invalid):
        return when
    level = state.data.draft.level if state.data.draft else None
    state.data.draft = None
    if level is None or level not in PenaltyLevel._value2member_map_:
        return Go("pen")
    state.data.new_penalty = PenaltyAnswer(level=PenaltyLevel(level), date=when)
    return Go("confirm")


# Confirm and compute ------------------------------------------------------------------------------

def _summary(ctx: Ctx, data: Answers) -> str:
    rules = load_ruleset().kompetensi
    lang = ctx.lang
    rows = [("education", EDUCATION_LABELS[data.education]), ("position", POSITION_LABELS[data.position])]
    group = _group(data.position)
    nothing = plain("asm.nothing_recorded", lang)
    if group == "struktural":
        held = _leadership_now(data)
        rows.append(("leadership", LEVEL_LABELS[held.level] if held else nothing))
    elif group == "fungsional":
        functional = data.new_functional or data.functional
        rows.append(("functional", day(functional.date, lang) if functional else nothing))
    _, jp = _items(ctx, [*data.technical, *data.new_technical], rules.technical_window_months)
    rows.append(("technical", f"{number(jp, lang)} JP"))
    seminars = [e for e in [*data.seminars, *data.new_seminars]
                if in_window(e.date, ctx.today, rules.seminar_window_months)]
    rows.append(("seminars", str(len(seminars))))
    rows.append(("skp", _skp_summary(ctx, data)))
    penalties = [*data.penalties, *([data.new_penalty] if data.new_penalty else [])]
    rows.append(("penalties", ", ".join(PENALTY_LABELS[lang][p.level] for p in penalties) or nothing))
    return "\n".join(t("asm.summary_line", lang, label=plain(f"asm.label.{key}", lang), value=value)
                     for key, value in rows)


async def ask_confirm(ctx: Ctx, state: State) -> Reply:
    n, total = _number_of(state, "confirm")
    text = t("asm.confirm", ctx.lang, n=n, total=total, summary=Html(_summary(ctx, state.data)))
    return Reply(text, [[Button(plain("asm.compute", ctx.lang), COMPUTE)]])


async def confirm_button(ctx: Ctx, state: State, value: str) -> Transition:
    if value != COMPUTE:
        return Invalid("dialog.use_buttons")
    # In the turn's session: the claims, the assessment and the end of the dialog commit together.
    scored, _ = await service.complete(ctx.session, ctx.employee_id, state.data, today=ctx.today,
                                       clock=ctx.services.clock)
    result = scored.declared
    receipt = t("asm.receipt", ctx.lang, total=number(result.total, ctx.lang),
                category=category_label(result.category, ctx.lang),
                day=day(result.as_of, ctx.lang))
    return Finish(await result_replies(scored, ctx.lang), receipt=receipt)


async def result_replies(scored: Scored, lang: Lang, *, notice: str = "") -> list[Reply]:
    """Both figures as a message (with the menu) and the chart (drawn in a worker thread)."""
    result = scored.declared
    return [
        Reply(Html(notice + result_text(result, lang, scored=scored)), menu_buttons(lang)),
        Reply(t("result.chart_caption", lang), photo=await asyncio.to_thread(result_chart, result, lang)),
    ]


async def _start(ctx: Ctx) -> Answers:
    return await service.prefill(ctx.session, ctx.employee_id, ctx.today)


def flow() -> Flow[Answers]:
    tech, tech_title, tech_jp, tech_date, tech_dup = _list_step("technical")
    sem, sem_title, sem_jp, sem_date, sem_dup = _list_step("seminar")
    return Flow(
        name=NAME,
        first="edu",
        start_data=_start,
        model=Answers,
        steps={
            "edu": Step(ask_edu, on_text=edu_text, on_button=edu_button),
            "pos": Step(ask_pos, on_text=pos_text, on_button=pos_button),
            "lead": Step(ask_lead, on_button=lead_button),
            "lead_date": Step(ask_lead_date, on_text=lead_date_text),
            "func": Step(ask_func, on_button=func_button),
            "func_date": Step(ask_func_date, on_text=func_date_text),
            "tech": tech, "tech_title": tech_title, "tech_jp": tech_jp, "tech_date": tech_date, "tech_dup": tech_dup,
            "sem": sem, "sem_title": sem_title, "sem_jp": sem_jp, "sem_date": sem_date, "sem_dup": sem_dup,
            "skp": Step(ask_skp, on_text=skp_text, on_button=skp_button),
            "skp_score": Step(ask_skp_score, on_text=skp_score_text),
            "skp_year": Step(ask_skp_year, on_text=skp_year_text),
            "pen": Step(ask_pen, on_button=pen_button),
            "pen_date": Step(ask_pen_date, on_text=pen_date_text),
            "confirm": Step(ask_confirm, on_button=confirm_button),
        },
    )
