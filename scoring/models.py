"""The input of scoring: an employee's `Profile`, in the JSON form other tools rely on.

Field names and enum values are a contract (issue 2); aliases that people and spreadsheets use
(`S-1`, `SMA`, `Diklatpim III`, `Sangat Baik`) are normalised here, so every reader accepts them alike.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from datetime import date as Date
from enum import StrEnum
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

E = TypeVar("E", bound=StrEnum)
M = TypeVar("M", bound=BaseModel)

CategoryName = Literal["Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah"]
DimensionName = Literal["kualifikasi", "kompetensi", "kinerja", "disiplin"]

MINUTES_PER_JP = 45  # 1 JP (jam pelajaran) = 45 minutes (rules §2)
LAST_NUMERIC_SKP_YEAR = 2019  # rules §3: PP 46/2011's 0-100 SKP; from 2020 appraisals state a predicate


class Position(StrEnum):
    JPT_UTAMA = "jpt_utama"
    JPT_MADYA = "jpt_madya"
    JPT_PRATAMA = "jpt_pratama"
    ADMINISTRATOR = "administrator"
    PENGAWAS = "pengawas"
    FUNGSIONAL = "fungsional"
    PELAKSANA = "pelaksana"


class Education(StrEnum):
    NONE = "none"
    SD = "sd"
    SLTP = "sltp"
    SLTA = "slta"
    D1 = "d1"
    D2 = "d2"
    D3 = "d3"
    D4 = "d4"
    S1 = "s1"
    PROFESI = "profesi"
    S2 = "s2"
    SPESIALIS = "spesialis"
    S3 = "s3"
    SUBSPESIALIS = "subspesialis"


class TrainingKind(StrEnum):
    KEPEMIMPINAN = "kepemimpinan"
    FUNGSIONAL = "fungsional"
    TEKNIS = "teknis"
    SEMINAR = "seminar"
    LAINNYA = "lainnya"


class LeadershipLevel(StrEnum):
    """Leadership training levels, highest first (PKN I = old Diklatpim I … PKP = Diklatpim IV)."""

    PKN1 = "pkn1"
    PKN2 = "pkn2"
    PKA = "pka"
    PKP = "pkp"


class Predicate(StrEnum):
    SANGAT_BAIK = "sangat_baik"
    BAIK = "baik"
    CUKUP = "cukup"
    BUTUH_PERBAIKAN = "butuh_perbaikan"
    KURANG = "kurang"
    BURUK = "buruk"
    SANGAT_KURANG = "sangat_kurang"


class PenaltyLevel(StrEnum):
    RINGAN = "ringan"
    SEDANG = "sedang"
    BERAT = "berat"


class EmploymentStatus(StrEnum):
    PNS = "PNS"
    CPNS = "CPNS"
    PPPK = "PPPK"


_set = object.__setattr__


def build(cls: type[M], values: dict[str, Any], private: dict[str, Any] | None = None) -> M:
    """Instantiate a model from values already known to be valid, at a fraction of `model_construct`.

    For hot paths only (a result `score` computed, a profile assembled from validated parts); it sets the
    attributes pydantic documents for a model instance and nothing else.
    """
    obj = cls.__new__(cls)
    _set(obj, "__dict__", values)
    _set(obj, "__pydantic_fields_set__", set(values))
    _set(obj, "__pydantic_extra__", None)
    _set(obj, "__pydantic_private__", private)
    return obj


def _key(value: str) -> str:
    """Fold case, punctuation and spacing: 'S-1', 's 1' and 'S1' all become 's1'."""
    return re.sub(r"[\s\-_./()]+", "", value.strip().lower())


_POSITION_ALIASES: dict[str, Position] = {
    "jptutama": Position.JPT_UTAMA,
    "jptmadya": Position.JPT_MADYA,
    "eselon1": Position.JPT_MADYA,
    "eselonia": Position.JPT_MADYA,
    "eselonib": Position.JPT_MADYA,
    "jptpratama": Position.JPT_PRATAMA,
    "eselon2": Position.JPT_PRATAMA,
    "eselonii": Position.JPT_PRATAMA,
    "eselon3": Position.ADMINISTRATOR,
    "eseloniii": Position.ADMINISTRATOR,
    "jabatanadministrator": Position.ADMINISTRATOR,
    "eselon4": Position.PENGAWAS,
    "eseloniv": Position.PENGAWAS,
    "jabatanpengawas": Position.PENGAWAS,
    "jabatanfungsional": Position.FUNGSIONAL,
    "jft": Position.FUNGSIONAL,
    "fungsionaltertentu": Position.FUNGSIONAL,
    "jfu": Position.PELAKSANA,
    "fungsionalumum": Position.PELAKSANA,
    "jabatanpelaksana": Position.PELAKSANA,
    "staf": Position.PELAKSANA,
    "staff": Position.PELAKSANA,
}

_EDUCATION_ALIASES: dict[str, Education] = {
    "tidaksekolah": Education.NONE,
    "tidakada": Education.NONE,
    "belumsekolah": Education.NONE,
    "sdsederajat": Education.SD,
    "smp": Education.SLTP,
    "mts": Education.SLTP,
    "sltpsederajat": Education.SLTP,
    "sma": Education.SLTA,
    "smk": Education.SLTA,
    "ma": Education.SLTA,
    "smu": Education.SLTA,
    "sltasederajat": Education.SLTA,
    "smasederajat": Education.SLTA,
    "di": Education.D1,
    "dii": Education.D2,
    "diii": Education.D3,
    "div": Education.D4,
    "sarjana": Education.S1,
    "sarjanaterapan": Education.D4,
    "magister": Education.S2,
    "doktor": Education.S3,
    "sp1": Education.SPESIALIS,
    "sp2": Education.SUBSPESIALIS,
    "spesialis1": Education.SPESIALIS,
    "spesialis2": Education.SUBSPESIALIS,
    "pendidikanprofesi": Education.PROFESI,
}

_LEVEL_ALIASES: dict[str, LeadershipLevel] = {
    "diklatpim1": LeadershipLevel.PKN1,
    "diklatpimi": LeadershipLevel.PKN1,
    "pkni": LeadershipLevel.PKN1,
    "pkntingkati": LeadershipLevel.PKN1,
    "diklatpim2": LeadershipLevel.PKN2,
    "diklatpimii": LeadershipLevel.PKN2,
    "pknii": LeadershipLevel.PKN2,
    "pkntingkatii": LeadershipLevel.PKN2,
    "diklatpim3": LeadershipLevel.PKA,
    "diklatpimiii": LeadershipLevel.PKA,
    "diklatpim4": LeadershipLevel.PKP,
    "diklatpimiv": LeadershipLevel.PKP,
}

_PREDICATE_ALIASES: dict[str, Predicate] = {
    "kurangmisconduct": Predicate.KURANG,
    "misconduct": Predicate.KURANG,
}

_KIND_ALIASES: dict[str, TrainingKind] = {
    "diklatkepemimpinan": TrainingKind.KEPEMIMPINAN,
    "pelatihankepemimpinan": TrainingKind.KEPEMIMPINAN,
    "diklatfungsional": TrainingKind.FUNGSIONAL,
    "pelatihanfungsional": TrainingKind.FUNGSIONAL,
    "diklatteknis": TrainingKind.TEKNIS,
    "pelatihanteknis": TrainingKind.TEKNIS,
    "workshop": TrainingKind.SEMINAR,
    "magang": TrainingKind.SEMINAR,
    "kursus": TrainingKind.SEMINAR,
    "lokakarya": TrainingKind.SEMINAR,
    "webinar": TrainingKind.SEMINAR,
    "lain": TrainingKind.LAINNYA,
    "other": TrainingKind.LAINNYA,
}


# Spellings of HR spreadsheets that are patterns rather than words: 'Eselon II.a', 'Strata 1', 'Diploma III'.
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}
_SPELLINGS: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    # 'Eselon II.a', 'Eselon I' → 'eselon2', 'eselon1' (the sub-grade does not change the position type)
    (re.compile(r"^eselon\s*(i{1,3}|iv|[1-4])\s*(?:[.\-]?\s*[a-e])?$"),
     lambda m: "eselon" + _ROMAN.get(m.group(1), m.group(1))),
    (re.compile(r"^jabatan\s+fungsional\s+tertentu$"), "jft"),
    (re.compile(r"^jabatan\s+fungsional\s+umum$"), "jfu"),
    (re.compile(r"^jabatan\s+pimpinan\s+tinggi\s+(utama|madya|pratama)$"), r"jpt \1"),
    (re.compile(r"^strata\s*[-.]?\s*([1-3])$"), r"s\1"),
    (re.compile(r"^diploma\s*[-.]?\s*(i{1,3}|iv|[1-4])$"), r"d\1"),
    (re.compile(r"^(?:diklat\s*pim|diklat\s+kepemimpinan|pelatihan\s+kepemimpinan)\s*(?:tingkat|tk\.?)?\s*"
                r"(i{1,3}|iv|[1-4])$"), r"diklatpim \1"),
    (re.compile(r"^pkn\s*(?:tingkat|tk\.?)\s*(i{1,2}|[12])$"), r"pkn \1"),
    (re.compile(r"^pelatihan\s+kepemimpinan\s+administrator$"), "pka"),
    (re.compile(r"^pelatihan\s+kepemimpinan\s+pengawas$"), "pkp"),
)


def _respelled(text: str) -> str:
    lowered = " ".join(text.casefold().split())
    for pattern, replacement in _SPELLINGS:
        if pattern.match(lowered):
            return pattern.sub(replacement, lowered)
    return text


def _parse_enum(enum: type[E], aliases: Mapping[str, E], value: Any) -> Any:
    """Accept the canonical value or a known alias; leave anything else for pydantic to refuse."""
    if not isinstance(value, str):
        return value
    member = enum._value2member_map_.get(value)
    if member is not None:  # the common case, kept cheap: batches validate millions of these
        return member
    table = _folded(enum, aliases)
    found = table.get(_key(value))
    return found if found is not None else table.get(_key(_respelled(value)), value)


_FOLDED: dict[type[StrEnum], dict[str, Any]] = {}


def _folded(enum: type[E], aliases: Mapping[str, E]) -> dict[str, Any]:
    table = _FOLDED.get(enum)
    if table is None:
        table = {**aliases, **{_key(member.value): member for member in enum}}
        _FOLDED[enum] = table
    return table


def parse_position(value: str) -> Position:
    return Position(_parse_enum(Position, _POSITION_ALIASES, value))


def parse_education(value: str) -> Education:
    return Education(_parse_enum(Education, _EDUCATION_ALIASES, value))


def parse_predicate(value: str) -> Predicate:
    return Predicate(_parse_enum(Predicate, _PREDICATE_ALIASES, value))


def parse_training_kind(value: str) -> TrainingKind:
    """'teknis', 'Diklat Teknis', 'workshop' (a seminar), 'lain' …"""
    return TrainingKind(_parse_enum(TrainingKind, _KIND_ALIASES, value))


_PENALTY_PREFIXES = ("hukumandisiplin", "hukdis", "hd", "tingkat")

PENALTY_TYPES: tuple[tuple[str, PenaltyLevel, str], ...] = (
    # PP 94/2021 art. 8
    ("teguran lisan", PenaltyLevel.RINGAN, "PP 94/2021 art. 8(2)a; PP 53/2010 art. 7(2)a"),
    ("teguran tertulis", PenaltyLevel.RINGAN, "PP 94/2021 art. 8(2)b; PP 53/2010 art. 7(2)b"),
    ("pernyataan tidak puas secara tertulis", PenaltyLevel.RINGAN, "PP 94/2021 art. 8(2)c; PP 53/2010 art. 7(2)c"),
    ("pernyataan tidak puas", PenaltyLevel.RINGAN, "PP 94/2021 art. 8(2)c, as often abbreviated"),
    ("pemotongan tunjangan kinerja sebesar 25% selama 6 bulan", PenaltyLevel.SEDANG, "PP 94/2021 art. 8(3)a"),
    ("pemotongan tunjangan kinerja sebesar 25% selama 9 bulan", PenaltyLevel.SEDANG, "PP 94/2021 art. 8(3)b"),
    ("pemotongan tunjangan kinerja sebesar 25% selama 12 bulan", PenaltyLevel.SEDANG, "PP 94/2021 art. 8(3)c"),
    ("penurunan jabatan setingkat lebih rendah selama 12 bulan", PenaltyLevel.BERAT, "PP 94/2021 art. 8(4)a"),
    ("pembebasan dari jabatannya menjadi jabatan pelaksana selama 12 bulan", PenaltyLevel.BERAT,
     "PP 94/2021 art. 8(4)b"),
    ("pemberhentian dengan hormat tidak atas permintaan sendiri sebagai PNS", PenaltyLevel.BERAT,
     "PP 94/2021 art. 8(4)c; PP 53/2010 art. 7(4)d"),
    # PP 53/2010 art. 7: records of penalties imposed before PP 94/2021
    ("penundaan kenaikan gaji berkala selama 1 tahun", PenaltyLevel.SEDANG, "PP 53/2010 art. 7(3)a"),
    ("penundaan kenaikan pangkat selama 1 tahun", PenaltyLevel.SEDANG, "PP 53/2010 art. 7(3)b"),
    ("penurunan pangkat setingkat lebih rendah selama 1 tahun", PenaltyLevel.SEDANG, "PP 53/2010 art. 7(3)c"),
    ("penurunan pangkat setingkat lebih rendah selama 3 tahun", PenaltyLevel.BERAT, "PP 53/2010 art. 7(4)a"),
    ("pemindahan dalam rangka penurunan jabatan setingkat lebih rendah", PenaltyLevel.BERAT,
     "PP 53/2010 art. 7(4)b"),
    ("pembebasan dari jabatan", PenaltyLevel.BERAT, "PP 53/2010 art. 7(4)c"),
    ("pemberhentian tidak dengan hormat sebagai PNS", PenaltyLevel.BERAT, "PP 53/2010 art. 7(4)e"),
)
"""Each type of disciplinary penalty as the regulation names it, its level, and where it is listed: HR records
the type ("teguran tertulis"), scoring counts the level (rules §4). Data, not code: a later regulation adds
rows. Matched after `_penalty_type_key` folds the wording (case, spacing, punctuation, "6 (enam) bulan",
"tukin", "KGB", filler words), so "Teguran Tertulis" and "penundaan KGB 1 tahun" are found; nothing else is
guessed."""

_PENALTY_ABBREVIATIONS = (("tukin", "tunjangan kinerja"), ("kgb", "kenaikan gaji berkala"),
                          ("ptdh", "pemberhentian tidak dengan hormat"),
                          ("pdhtaps", "pemberhentian dengan hormat tidak atas permintaan sendiri"))
_PENALTY_NUMBERS = {"satu": "1", "tiga": "3", "enam": "6", "sembilan": "9", "duabelas": "12"}
_PENALTY_FILLER = frozenset({"selama", "sebesar", "sebagai", "pns", "secara", "setingkat", "lebih", "rendah",
                             "hukuman", "disiplin", "berupa", "jenis"})


def _penalty_type_key(value: str) -> str:
    """The wording of a penalty type reduced to what tells types apart: words and numbers, nothing else."""
    text = re.sub(r"\([^)]*\)", " ", value.casefold())
    text = text.replace("dua belas", "duabelas")
    for short, full in _PENALTY_ABBREVIATIONS:
        text = re.sub(rf"\b{short}\b", full, text)
    words = [_PENALTY_NUMBERS.get(word, word) for word in re.findall(r"[a-z]+|\d+", text)]
    return "".join(word for word in words if word not in _PENALTY_FILLER)


_PENALTY_TYPE_LEVELS: dict[str, PenaltyLevel] = {_penalty_type_key(name): level for name, level, _ in PENALTY_TYPES}


def is_penalty_type(value: str) -> bool:
    """Whether `value` names a type of penalty (`PENALTY_TYPES`) rather than a level."""
    return _penalty_type_key(value) in _PENALTY_TYPE_LEVELS


def parse_penalty_level(value: str) -> PenaltyLevel:
    """'Ringan', 'Hukuman Disiplin Sedang', 'HD berat', 'Hukdis tingkat berat' → the level; a type of penalty
    as the regulation names it ('teguran tertulis', 'penundaan kenaikan pangkat selama 1 tahun',
    `PENALTY_TYPES`) → its level. The one parser of penalty levels (profiles, imports, `scoring batch`): what
    is neither a level after those prefixes nor a known type ('sangat berat', 'berat sekali', 'skorsing') is
    refused, never guessed."""
    key = _key(value)
    for prefix in _PENALTY_PREFIXES:
        key = key.removeprefix(prefix)
    if key in PenaltyLevel._value2member_map_:
        return PenaltyLevel(key)
    level = _PENALTY_TYPE_LEVELS.get(_penalty_type_key(value))
    if level is None:
        raise ValueError(f"{value.strip()!r} is not a penalty level (ringan, sedang or berat) or a type of "
                         "penalty named by PP 94/2021 or PP 53/2010")
    return level


def parse_level(value: str) -> LeadershipLevel:
    """'PKA', 'Diklatpim III', 'Diklatpim Tk. III', 'PKN Tingkat 2' …"""
    parsed = _parse_enum(LeadershipLevel, _LEVEL_ALIASES, value)
    if isinstance(parsed, str) and not isinstance(parsed, LeadershipLevel):
        # 'Diklatpim Tk. III', 'PKN Tingkat 2': the grade word is noise once spacing is folded.
        parsed = _folded(LeadershipLevel, _LEVEL_ALIASES).get(re.sub(r"tingkat|tk", "", _key(parsed)), value)
    return LeadershipLevel(parsed)


_STATUS_ALIASES: dict[str, EmploymentStatus] = {
    "P3K": EmploymentStatus.PPPK,
    "CALONPNS": EmploymentStatus.CPNS,
    "": EmploymentStatus.PNS,
}


@functools.lru_cache(maxsize=256)
def parse_employment_status(value: str | None) -> EmploymentStatus:
    """PNS, CPNS or PPPK (P3K) in any case and spacing; blank means PNS (a missing status means PNS).

    Cached: a roster repeats a handful of spellings 50,000 times."""
    folded = "".join(ch for ch in (value or "").upper() if ch.isalnum())
    if folded in _STATUS_ALIASES:
        return _STATUS_ALIASES[folded]
    try:
        return EmploymentStatus(folded)
    except ValueError:
        raise ValueError(f"unknown employment status {value!r} (expected PNS, CPNS or PPPK)") from None


def _not_bool(value: Any) -> Any:
    """JSON `true` is not a number of JP or an SKP score (pydantic's lax float would read it as 1)."""
    if isinstance(value, bool):
        raise ValueError("must be a number, not true/false")
    return value


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Training(_Frozen):
    """One learning activity. `jp` may arrive as `hours` (converted at 60/45 JP an hour, rules §2)."""

    kind: TrainingKind
    date: Date
    jp: float = Field(default=0.0, ge=0, le=100_000)
    level: LeadershipLevel | None = None
    matches_position: bool | None = None
    title: str | None = Field(default=None, max_length=500)

    @model_validator(mode="before")
    @classmethod
    def _hours_to_jp(cls, data: Any) -> Any:
        if not isinstance(data, dict) or ("hours" not in data and data.get("jp", 0) is not None):
            return data
        if data.get("hours") is not None:
            data = dict(data)
            hours = data.pop("hours")
            if data.get("jp") is not None:
                raise ValueError("give either jp or hours, not both")
            if isinstance(hours, bool) or not isinstance(hours, int | float | str):
                raise ValueError("hours must be a number")
            try:
                hours_value = float(hours)
            except ValueError:
                raise ValueError("hours must be a number") from None
            if not 0 <= hours_value <= 75_000:
                raise ValueError("hours must be between 0 and 75000")
            data["jp"] = hours_value * 60 / MINUTES_PER_JP
        elif "hours" in data:
            data = {k: v for k, v in data.items() if k != "hours"}
        if data.get("jp", 0) is None:
            data = {**data, "jp": 0.0}
        return data

    @field_validator("kind", mode="before")
    @classmethod
    def _kind_alias(cls, value: Any) -> Any:
        return _parse_enum(TrainingKind, _KIND_ALIASES, value)

    @field_validator("jp", mode="before")
    @classmethod
    def _jp_not_bool(cls, value: Any) -> Any:
        return _not_bool(value)

    @field_validator("level", mode="before")
    @classmethod
    def _level_alias(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        member = LeadershipLevel._value2member_map_.get(value)
        if member is not None:  # the canonical value, as JSON profiles carry it: no folding (batch speed)
            return member
        try:
            return parse_level(value)
        except ValueError:
            return value  # pydantic refuses it, naming the values it expects

    @model_validator(mode="after")
    def _level_for_leadership(self) -> Training:
        if self.kind is TrainingKind.KEPEMIMPINAN and self.level is None:
            raise ValueError("leadership training (kind kepemimpinan) needs a level: pkn1, pkn2, pka or pkp")
        return self


class Performance(_Frozen):
    """The most recent annual appraisal (SKP): a predicate, or a 0–100 score for old appraisals."""

    year: int | None = Field(default=None, ge=1970, le=2100)
    predicate: Predicate | None = None
    score: float | None = Field(default=None, ge=0, le=100)

    @field_validator("predicate", mode="before")
    @classmethod
    def _predicate_alias(cls, value: Any) -> Any:
        return _parse_enum(Predicate, _PREDICATE_ALIASES, value)

    @field_validator("score", mode="before")
    @classmethod
    def _score_not_bool(cls, value: Any) -> Any:
        return _not_bool(value)

    @model_validator(mode="after")
    def _one_of(self) -> Performance:
        if (self.predicate is None) == (self.score is None):
            raise ValueError("give either predicate or score (0-100), not both and not neither")
        # Rules §3: the 0-100 scale is the SKP of PP 46/2011; later appraisals (0-120 under PP 30/2019,
        # predicates since PermenPANRB 6/2022) are scored by the predicate they state.
        if self.score is not None and self.year is not None and self.year > LAST_NUMERIC_SKP_YEAR:
            raise ValueError(f"a numeric score belongs to the PP 46/2011 SKP; give the predicate for {self.year}")
        return self


class Penalty(_Frozen):
    """A disciplinary penalty; `date` is its effective date (TMT)."""

    level: PenaltyLevel
    date: Date

    @field_validator("level", mode="before")
    @classmethod
    def _level_fold(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        # The canonical value, as JSON profiles carry it, skips the parser's folding (batch speed).
        return PenaltyLevel._value2member_map_.get(value) or parse_penalty_level(value)


class Profile(_Frozen):
    """Everything scoring needs about one employee, and nothing else (no name, no NIP)."""

    position: Position
    education: Education
    trainings: tuple[Training, ...] = ()
    performance: Performance | None = None
    penalties: tuple[Penalty, ...] = ()
    employment_status: EmploymentStatus = EmploymentStatus.PNS
    functional_family: str | None = Field(
        default=None,
        max_length=200,
        description="Functional-post family (e.g. 'guru'); a rule set may credit some automatically.",
    )

    @field_validator("position", mode="before")
    @classmethod
    def _position_alias(cls, value: Any) -> Any:
        return _parse_enum(Position, _POSITION_ALIASES, value)

    @field_validator("education", mode="before")
    @classmethod
    def _education_alias(cls, value: Any) -> Any:
        return _parse_enum(Education, _EDUCATION_ALIASES, value)

    @field_validator("employment_status", mode="before")
    @classmethod
    def _status_fold(cls, value: Any) -> Any:
        if value is None or isinstance(value, str):
            try:
                return parse_employment_status(value)
            except ValueError:
                return value  # pydantic refuses it, naming the values it expects
        return value

    @field_validator("trainings", "penalties", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return () if value is None else value

    def with_records(
        self, trainings: tuple[Training, ...], performance: Performance | None, penalties: tuple[Penalty, ...]
    ) -> Profile:
        """This profile with other, already validated records: what `model_validate` would give, cheaply.

        True because no check of `Profile` spans fields (each record is checked by its own model, the other
        fields by their own validators). Adding a check across fields here means dropping this shortcut;
        `tests/scoring/test_cli_batch.py` compares it with full validation on generated rows.
        """
        return build(Profile, {**self.__dict__, "trainings": trainings, "performance": performance,
                               "penalties": penalties})
