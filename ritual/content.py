"""The content library: loads, validates and queries Ritual's packaged and user TOML content."""

from __future__ import annotations

import re
import tomllib
import zlib
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Final, TypeVar

from ritual.picks import start_index, time_of_day

__all__ = [
    "AGE_BANDS",
    "GREETING_TIMES",
    "GUILT_KINDS",
    "MAX_MINUTES",
    "MIN_MINUTES",
    "NEEDS",
    "SELF_COMPASSION_KINDS",
    "Activity",
    "ContentError",
    "ContentLibrary",
    "Greeting",
    "GuiltKind",
    "Intention",
    "Reflection",
    "Reframe",
    "RuleSource",
    "SelfCompassionPrompt",
    "SmallAction",
    "Strength",
    "SupportNote",
    "TriageQuestion",
    "Value",
    "age_band",
    "load_content",
    "validate_document",
]

AGE_BANDS: Final[tuple[str, ...]] = ("0-2", "3-5", "6-9", "10-12", "13-17")
"""The age bands an activity can be tagged with, youngest first."""

NEEDS: Final[tuple[str, ...]] = ("nothing", "a book", "outdoors", "music", "paper")
"""What an activity may need, besides the two of you."""

SELF_COMPASSION_KINDS: Final[tuple[str, ...]] = (
    "friend-test",
    "common-humanity",
    "kind-words",
    "mindfulness",
)
"""The kinds of self-compassion prompt."""

GUILT_KINDS: Final[tuple[str, ...]] = ("conflict", "should")
"""The two kinds of guilt the values check tells apart."""

GREETING_TIMES: Final[tuple[str, ...]] = ("morning", "afternoon", "evening", "night")
"""The times of day a greeting can belong to."""

MIN_MINUTES: Final = 5
MAX_MINUTES: Final = 20

_ID_RE: Final = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SLUG_RE: Final = re.compile(r"[^a-z0-9]+")


class ContentError(ValueError):
    """A packaged content file is missing, unreadable or breaks the schema."""


# --------------------------------------------------------------------------- items


@dataclass(frozen=True, slots=True)
class Value:
    """Something a parent holds dear.

    Attributes:
        id: Stable lowercase-kebab identifier.
        name: Short display name, e.g. "Family".
        description: One-line explanation.
    """

    id: str
    name: str
    description: str


@dataclass(frozen=True, slots=True)
class Intention:
    """A suggested intention for the day.

    Attributes:
        id: Stable identifier.
        text: One sentence in the first person.
        values: Ids of the values this intention serves (may be empty).
    """

    id: str
    text: str
    values: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Activity:
    """A short connection activity to do with a child.

    Attributes:
        id: Stable identifier.
        title: Short title.
        how: One-line how-to.
        minutes: Rough duration, 5 to 20.
        ages: Age bands it suits, from `AGE_BANDS`.
        needs: What it needs, from `NEEDS`.
        source: Where the idea comes from, if it has a citable source.
    """

    id: str
    title: str
    how: str
    minutes: int
    ages: tuple[str, ...]
    needs: str
    source: str | None = None


@dataclass(frozen=True, slots=True)
class TriageQuestion:
    """A question that helps tell a values conflict from a "should".

    Attributes:
        id: Stable identifier.
        text: The question.
        hint: A gentle line of explanation.
    """

    id: str
    text: str
    hint: str


@dataclass(frozen=True, slots=True)
class GuiltKind:
    """The label and explanation for one kind of guilt.

    Attributes:
        id: "conflict" or "should".
        label: Short label.
        explain: One-line explanation.
    """

    id: str
    label: str
    explain: str


@dataclass(frozen=True, slots=True)
class RuleSource:
    """A suggestion for where a borrowed rule may have come from.

    Attributes:
        id: Stable identifier.
        text: E.g. "Social media".
    """

    id: str
    text: str


@dataclass(frozen=True, slots=True)
class Reframe:
    """A way of questioning a "should".

    Attributes:
        id: Stable identifier.
        text: The reframe (<= 160 characters).
        tags: Topics such as "comparison", "inherited", "work".
        source: Where the idea comes from, if it has a citable source.
    """

    id: str
    text: str
    tags: tuple[str, ...] = ()
    source: str | None = None


@dataclass(frozen=True, slots=True)
class SmallAction:
    """A small concrete step for a values conflict.

    Attributes:
        id: Stable identifier.
        text: The step (<= 90 characters).
        values: Ids of the values it serves (may be empty).
    """

    id: str
    text: str
    values: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SelfCompassionPrompt:
    """An evening self-compassion prompt.

    Attributes:
        id: Stable identifier.
        text: The prompt.
        kind: One of `SELF_COMPASSION_KINDS`.
        source: Where the idea comes from, if it has a citable source.
    """

    id: str
    text: str
    kind: str
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Reflection:
    """An evening reflection question.

    Attributes:
        id: Stable identifier.
        text: The question.
        source: Where the idea comes from, if it has a citable source.
    """

    id: str
    text: str
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Strength:
    """A suggested strength shown or small win from the day.

    Attributes:
        id: Stable identifier.
        text: Short phrase, e.g. "Patience at bedtime".
    """

    id: str
    text: str


@dataclass(frozen=True, slots=True)
class SupportNote:
    """A gentle suggestion to talk things through with someone.

    Attributes:
        id: Stable identifier.
        text: The suggestion.
    """

    id: str
    text: str


@dataclass(frozen=True, slots=True)
class Greeting:
    """A greeting for a time of day.

    Attributes:
        id: Stable identifier.
        text: The greeting.
        when: One of `GREETING_TIMES`.
    """

    id: str
    text: str
    when: str


Item = (
    Value
    | Intention
    | Activity
    | TriageQuestion
    | GuiltKind
    | RuleSource
    | Reframe
    | SmallAction
    | SelfCompassionPrompt
    | Reflection
    | Strength
    | SupportNote
    | Greeting
)
_T = TypeVar("_T", bound=Item)


# -------------------------------------------------------------------------- schema


@dataclass(frozen=True, slots=True)
class _Field:
    name: str
    kind: type  # str, int or list (a list of str)
    required: bool = True
    max_len: int | None = None
    choices: tuple[str, ...] | None = None
    low: int | None = None
    high: int | None = None


@dataclass(frozen=True, slots=True)
class _Collection:
    key: str  # top-level TOML key
    item: Callable[..., Item]
    fields: tuple[_Field, ...]
    keyed_table: bool = False  # a table of tables keyed by id ([kinds.conflict])


def _id(choices: tuple[str, ...] | None = None) -> _Field:
    return _Field("id", str, max_len=48, choices=choices)


def _text(name: str, max_len: int, *, required: bool = True) -> _Field:
    return _Field(name, str, required=required, max_len=max_len)


_SOURCE: Final = _text("source", 240, required=False)
_VALUE_REFS: Final = _Field("values", list, required=False)

_COLLECTIONS: Final[dict[str, _Collection]] = {
    c.key: c
    for c in (
        _Collection("values", Value, (_id(), _text("name", 24), _text("description", 70))),
        _Collection("intentions", Intention, (_id(), _text("text", 70), _VALUE_REFS)),
        _Collection(
            "activities",
            Activity,
            (
                _id(),
                _text("title", 40),
                _text("how", 90),
                _Field("minutes", int, low=MIN_MINUTES, high=MAX_MINUTES),
                _Field("ages", list, choices=AGE_BANDS),
                _Field("needs", str, choices=NEEDS),
                _SOURCE,
            ),
        ),
        _Collection("questions", TriageQuestion, (_id(), _text("text", 100), _text("hint", 120))),
        _Collection(
            "kinds",
            GuiltKind,
            (_id(GUILT_KINDS), _text("label", 40), _text("explain", 100)),
            keyed_table=True,
        ),
        _Collection("whose_rule", RuleSource, (_id(), _text("text", 40))),
        _Collection(
            "reframes",
            Reframe,
            (_id(), _text("text", 160), _Field("tags", list, required=False), _SOURCE),
        ),
        _Collection("actions", SmallAction, (_id(), _text("text", 90), _VALUE_REFS)),
        _Collection(
            "self_compassion",
            SelfCompassionPrompt,
            (
                _id(),
                _text("text", 160),
                _Field("kind", str, choices=SELF_COMPASSION_KINDS),
                _SOURCE,
            ),
        ),
        _Collection("reflections", Reflection, (_id(), _text("text", 120), _SOURCE)),
        _Collection("strengths", Strength, (_id(), _text("text", 48))),
        _Collection("support", SupportNote, (_id(), _text("text", 200))),
        _Collection(
            "greetings",
            Greeting,
            (_id(), _text("text", 60), _Field("when", str, choices=GREETING_TIMES)),
        ),
    )
}


def _quoted(choices: Iterable[str]) -> str:
    return ", ".join(f'"{c}"' for c in choices)


def _check_field(spec: _Field, raw: object) -> tuple[Any, str | None]:
    """Check one present field; return (normalised value, problem or None)."""
    name = spec.name
    if spec.kind is int:
        if not isinstance(raw, int) or isinstance(raw, bool):
            return None, f"'{name}' must be a whole number, got {raw!r}"
        if spec.low is not None and spec.high is not None and not spec.low <= raw <= spec.high:
            return None, f"'{name}' must be {spec.low} to {spec.high}, got {raw}"
        return raw, None
    if spec.kind is list:
        if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
            return None, f"'{name}' must be a list of text, got {raw!r}"
        items = tuple(dict.fromkeys(x.strip() for x in raw))
        if any(not x for x in items):
            return None, f"'{name}' contains an empty entry"
        if spec.choices is not None:
            if not items:
                return None, f"'{name}' is empty (use any of {_quoted(spec.choices)})"
            for x in items:
                if x not in spec.choices:
                    what = "age band" if name == "ages" else "entry"
                    return None, (
                        f"'{name}' has unknown {what} {x!r} (use any of {_quoted(spec.choices)})"
                    )
        return items, None
    if not isinstance(raw, str):
        return None, f"'{name}' must be text, got {raw!r}"
    text = raw.strip()
    if not text:
        return None, f"'{name}' is empty"
    if spec.choices is not None and text not in spec.choices:
        return None, f"'{name}' must be one of {_quoted(spec.choices)}, got {text!r}"
    if name == "id" and not _ID_RE.fullmatch(text):
        return None, f"'id' must be lowercase-kebab like 'park-walk', got {text!r}"
    if spec.max_len is not None and len(text) > spec.max_len:
        return None, f"'{name}' is {len(text)} characters long; the limit is {spec.max_len}"
    return text, None


def _check_entry(coll: _Collection, raw: object) -> tuple[Item | None, str | None]:
    """Validate one raw entry; return (item, None) or (None, problem)."""
    if not isinstance(raw, dict):
        return None, f"must be a table of fields, got {raw!r}"
    known = {f.name for f in coll.fields}
    unknown = [k for k in raw if k not in known]
    if unknown:
        return None, f"has unknown field '{unknown[0]}' (known: {', '.join(sorted(known))})"
    kwargs: dict[str, Any] = {}
    for spec in coll.fields:
        if spec.name not in raw:
            if spec.required:
                return None, f"'{spec.name}' is missing"
            continue
        value, problem = _check_field(spec, raw[spec.name])
        if problem is not None:
            return None, problem
        kwargs[spec.name] = value
    return coll.item(**kwargs), None


def _where(key: str, index: int, raw: object) -> str:
    raw_id = raw.get("id") if isinstance(raw, dict) else None
    label = f" ({raw_id!r})" if isinstance(raw_id, str) and raw_id else ""
    return f"{key} entry {index + 1}{label}"


def _read_document(data: Mapping[str, object]) -> tuple[dict[str, list[Item]], list[str]]:
    """Validate a parsed TOML document.

    Returns:
        The valid items per collection key (in file order), and one problem
        description per invalid section or entry (without a file name).
    """
    items: dict[str, list[Item]] = {}
    problems: list[str] = []
    for key, section in data.items():
        coll = _COLLECTIONS.get(key)
        if coll is None:
            problems.append(
                f"unknown section '{key}' (known sections: {', '.join(sorted(_COLLECTIONS))})"
            )
            continue
        entries: list[tuple[str, object]]
        if coll.keyed_table:
            if not isinstance(section, dict):
                problems.append(f"'{key}' must be tables written like [{key}.{GUILT_KINDS[0]}]")
                continue
            entries = []
            for name, body in section.items():
                where = f"{key}.{name}"
                if name not in GUILT_KINDS:
                    problems.append(f"{where}: unknown kind '{name}' (use {_quoted(GUILT_KINDS)})")
                    continue
                if isinstance(body, dict) and "id" not in body:
                    body = {"id": name, **body}
                elif isinstance(body, dict):
                    problems.append(f"{where}: 'id' is not allowed here; the table name is the id")
                    continue
                entries.append((where, body))
        else:
            if not isinstance(section, list):
                problems.append(f"'{key}' must be a list of tables written as [[{key}]]")
                continue
            entries = [(_where(key, i, raw), raw) for i, raw in enumerate(section)]
        seen: set[str] = set()
        good = items.setdefault(key, [])
        for where, raw in entries:
            item, problem = _check_entry(coll, raw)
            if item is None:
                problems.append(f"{where}: {problem}")
            elif item.id in seen:
                problems.append(f"{where}: id '{item.id}' is used twice in this file")
            else:
                seen.add(item.id)
                good.append(item)
    return items, problems


def validate_document(
    data: Mapping[str, object], source: str = "<content>"
) -> dict[str, list[Item]]:
    """Validate a parsed content document strictly, as for packaged files.

    Args:
        data: The parsed TOML document (top-level keys are collection names).
        source: The file name to put in error messages.

    Returns:
        The items per collection key, in file order.

    Raises:
        ContentError: On the first problem, naming the file and the problem.
    """
    items, problems = _read_document(data)
    if problems:
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise ContentError(f"content file {source}: {problems[0]}{more}.")
    return items


# ------------------------------------------------------------------------- queries


def age_band(age_years: int) -> str:
    """Map a child's age in whole years to an age band.

    Args:
        age_years: Age in whole years; anything over 17 maps to "13-17".

    Returns:
        One of `AGE_BANDS`.

    Raises:
        ValueError: If the age is negative.
    """
    if age_years < 0:
        raise ValueError(f"age must not be negative, got {age_years}")
    for band in AGE_BANDS:
        if age_years <= int(band.split("-")[1]):
            return band
    return AGE_BANDS[-1]


def _slug(text: str) -> str:
    return _SLUG_RE.sub("-", text.strip().casefold()).strip("-")


def _pick(items: Sequence[_T], offset: int, seed: str, what: str) -> _T:
    if not items:
        raise LookupError(f"the content library has no {what}")
    return items[(start_index(seed, len(items)) + offset) % len(items)]


@dataclass(frozen=True)
class ContentLibrary:
    """All of Ritual's content, packaged plus the user's additions, in file order.

    The query methods are pure: the same inputs always give the same answer.
    Methods taking `offset` cycle through their choices (offset + 1 is the
    "show me another" button); `seed` (e.g. today's date) varies the start.
    """

    values: tuple[Value, ...]
    intentions: tuple[Intention, ...]
    activities: tuple[Activity, ...]
    questions: tuple[TriageQuestion, ...]
    kinds: tuple[GuiltKind, ...]
    whose_rules: tuple[RuleSource, ...]
    reframes: tuple[Reframe, ...]
    actions: tuple[SmallAction, ...]
    self_compassion_prompts: tuple[SelfCompassionPrompt, ...]
    reflections: tuple[Reflection, ...]
    strengths: tuple[Strength, ...]
    support_notes: tuple[SupportNote, ...]
    greetings: tuple[Greeting, ...] = ()
    _value_index: dict[str, Value] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, Value] = {}
        for v in reversed(self.values):  # earlier entries win on clashes
            index[_slug(v.name)] = v
        for v in self.values:
            index[v.id] = v
        object.__setattr__(self, "_value_index", index)

    # -- values

    def value(self, id_or_name: str) -> Value | None:
        """Return the library value with this id or name (case-insensitive), or None."""
        return self._value_index.get(id_or_name) or self._value_index.get(_slug(id_or_name))

    def value_name(self, id_or_text: str) -> str:
        """Return a display name: the library name, or the user's own text unchanged."""
        found = self.value(id_or_text)
        return found.name if found is not None else id_or_text.strip()

    def _value_key(self, id_or_text: str) -> str:
        found = self.value(id_or_text)
        return found.id if found is not None else _slug(id_or_text)

    def intentions_for(self, values: Sequence[str]) -> list[Intention]:
        """Return every intention, those serving the given values first.

        Args:
            values: The user's values, most important first; ids, names or custom text.

        Returns:
            Intentions tied to one of `values` (ordered by the most important value
            they serve, then file order), followed by all the others in file order.
        """
        rank: dict[str, int] = {}
        for i, v in enumerate(values):
            rank.setdefault(self._value_key(v), i)
        tagged: list[tuple[int, int, Intention]] = []
        rest: list[Intention] = []
        for pos, intention in enumerate(self.intentions):
            ranks = [rank[v] for v in intention.values if v in rank]
            if ranks:
                tagged.append((min(ranks), pos, intention))
            else:
                rest.append(intention)
        return [t[2] for t in sorted(tagged, key=lambda t: (t[0], t[1]))] + rest

    def actions_for(self, value_id: str) -> list[SmallAction]:
        """Return every small action, those tied to `value_id` (id, name or text) first."""
        key = self._value_key(value_id)
        tagged = [a for a in self.actions if key in a.values]
        return tagged + [a for a in self.actions if key not in a.values]

    # -- activities

    def activity(self, activity_id: str) -> Activity | None:
        """Return the activity with this id, or None."""
        return next((a for a in self.activities if a.id == activity_id), None)

    def activities_for_age(self, age_years: int) -> list[Activity]:
        """Return the activities suiting a child of this age, in file order."""
        band = age_band(age_years)
        return [a for a in self.activities if band in a.ages]

    def suggest_activity(
        self,
        age_years: int,
        avoid_ids: Collection[str] = frozenset(),
        offset: int = 0,
        seed: str = "",
    ) -> Activity:
        """Suggest one activity for a child of this age.

        Args:
            age_years: The child's age in whole years.
            avoid_ids: Ids to skip if anything else fits (e.g. yesterday's).
            offset: Steps through every fitting activity once before repeating.
            seed: Varies the order, e.g. the date and the child's name.

        Returns:
            An activity; one for any age if none suits this age band.

        Raises:
            LookupError: If the library has no activities at all.
        """
        fitting = self.activities_for_age(age_years) or list(self.activities)
        pool = [a for a in fitting if a.id not in avoid_ids] or fitting
        pool.sort(key=lambda a: (zlib.crc32(f"{seed}:{a.id}".encode()), a.id))
        return _pick(pool, offset, "", "activities")

    # -- triage

    def kind(self, kind_id: str) -> GuiltKind:
        """Return the label for "conflict" or "should".

        Raises:
            KeyError: If there is no such kind.
        """
        for k in self.kinds:
            if k.id == kind_id:
                return k
        raise KeyError(kind_id)

    def reframe(self, offset: int = 0, tag: str | None = None, seed: str = "") -> Reframe:
        """Return a reframe for a "should", cycling with `offset`.

        Args:
            offset: Position in the cycle.
            tag: Prefer reframes with this tag (e.g. "comparison"); all if none match.
            seed: Varies the starting point.
        """
        tagged = [r for r in self.reframes if tag in r.tags] if tag else []
        return _pick(tagged or self.reframes, offset, seed, "reframes")

    # -- evening

    def self_compassion(
        self, offset: int = 0, kind: str | None = None, seed: str = ""
    ) -> SelfCompassionPrompt:
        """Return a self-compassion prompt, optionally of one kind, cycling with `offset`."""
        of_kind = [p for p in self.self_compassion_prompts if p.kind == kind] if kind else []
        return _pick(of_kind or self.self_compassion_prompts, offset, seed, "prompts")

    def reflection(self, offset: int = 0, seed: str = "") -> Reflection:
        """Return an evening reflection question, cycling with `offset`."""
        return _pick(self.reflections, offset, seed, "reflections")

    def support_note(self, offset: int = 0, seed: str = "") -> SupportNote:
        """Return a gentle suggestion to talk things through, cycling with `offset`."""
        return _pick(self.support_notes, offset, seed, "support notes")

    def greeting(self, hour: int, offset: int = 0, seed: str = "") -> str:
        """Return a greeting for this hour of the day (0-23), or "Hello." if none fits."""
        fitting = [g for g in self.greetings if g.when == time_of_day(hour)]
        return _pick(fitting, offset, seed, "greetings").text if fitting else "Hello."


# ------------------------------------------------------------------------- loading


def _packaged_root() -> Traversable:
    return resources.files("content")


def _merge(into: dict[str, dict[str, Item]], items: Mapping[str, list[Item]]) -> None:
    for key, found in items.items():
        bucket = into.setdefault(key, {})
        for item in found:
            bucket[item.id] = item  # same id replaces in place; new ids append


def _load_packaged() -> dict[str, dict[str, Item]]:
    root = _packaged_root()
    try:
        files = sorted(
            (f for f in root.iterdir() if f.name.endswith(".toml") and f.is_file()),
            key=lambda f: f.name,
        )
    except OSError as exc:
        raise ContentError(f"content folder {root}: could not be listed ({exc})") from exc
    merged: dict[str, dict[str, Item]] = {}
    for file in files:
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ContentError(f"content file {file}: could not be read ({exc}).") from exc
        items = validate_document(data, str(file))
        for key, found in items.items():
            bucket = merged.get(key, {})
            for item in found:
                if item.id in bucket:
                    raise ContentError(
                        f"content file {file}: {key} id '{item.id}' is already used "
                        "by another packaged file."
                    )
        _merge(merged, items)
    _check_complete(merged)
    return merged


def _check_complete(merged: Mapping[str, Mapping[str, Item]]) -> None:
    """Check packaged content as a whole: nothing empty, all references known."""
    for key in _COLLECTIONS:
        if not merged.get(key):
            raise ContentError(f"packaged content has no '{key}' entries.")
    kinds = set(merged["kinds"])
    if kinds != set(GUILT_KINDS):
        raise ContentError(f"packaged content must define kinds {_quoted(GUILT_KINDS)}.")
    for band in AGE_BANDS:
        if not any(
            isinstance(a, Activity) and band in a.ages for a in merged["activities"].values()
        ):
            raise ContentError(f"packaged content has no activities for ages {band}.")
    for when in GREETING_TIMES:
        if not any(
            isinstance(g, Greeting) and g.when == when for g in merged["greetings"].values()
        ):
            raise ContentError(f"packaged content has no {when} greetings.")
    value_ids = set(merged["values"])
    for key in ("intentions", "actions"):
        for item in merged[key].values():
            if isinstance(item, Intention | SmallAction):
                for ref in item.values:
                    if ref not in value_ids:
                        raise ContentError(
                            f"packaged {key} entry '{item.id}' refers to unknown value '{ref}'."
                        )


def _load_user(user_dir: Path, merged: dict[str, dict[str, Item]]) -> list[str]:
    warnings: list[str] = []
    if not user_dir.exists():
        return warnings
    if not user_dir.is_dir():
        return [f"content folder {user_dir} is not a folder; it was ignored."]
    try:
        paths = sorted(p for p in user_dir.glob("*.toml") if p.is_file())
    except OSError as exc:
        return [f"content folder {user_dir} could not be read ({exc}); it was ignored."]
    for path in paths:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            warnings.append(f"content file {path}: is not UTF-8 text; it was skipped.")
            continue
        except OSError as exc:
            reason = exc.strerror or str(exc)
            warnings.append(f"content file {path}: could not be read ({reason}); it was skipped.")
            continue
        except tomllib.TOMLDecodeError as exc:
            warnings.append(f"content file {path}: is not valid TOML ({exc}); it was skipped.")
            continue
        items, problems = _read_document(data)
        warnings.extend(f"content file {path}: {p}; it was skipped." for p in problems)
        _merge(merged, items)
    return warnings


def _typed(bucket: Mapping[str, Item] | None, cls: type[_T]) -> tuple[_T, ...]:
    return tuple(x for x in (bucket or {}).values() if isinstance(x, cls))


def load_content(user_dir: Path | None = None) -> tuple[ContentLibrary, list[str]]:
    """Load the packaged content, then the user's additions and replacements.

    Every ``*.toml`` file in `user_dir` (read in name order) may hold any of the
    packaged sections. An entry with a new id is added; one with an existing id
    replaces that entry in place. Invalid user files or entries are skipped.

    Args:
        user_dir: Folder of the user's own content files; ignored if None or missing.

    Returns:
        The library, and one plain sentence per user-content problem, naming the
        file and the problem (empty when all is well).

    Raises:
        ContentError: If a packaged content file is unreadable or invalid.
    """
    merged = _load_packaged()
    warnings = _load_user(user_dir, merged) if user_dir is not None else []
    get = merged.get
    library = ContentLibrary(
        values=_typed(get("values"), Value),
        intentions=_typed(get("intentions"), Intention),
        activities=_typed(get("activities"), Activity),
        questions=_typed(get("questions"), TriageQuestion),
        kinds=_typed(get("kinds"), GuiltKind),
        whose_rules=_typed(get("whose_rule"), RuleSource),
        reframes=_typed(get("reframes"), Reframe),
        actions=_typed(get("actions"), SmallAction),
        self_compassion_prompts=_typed(get("self_compassion"), SelfCompassionPrompt),
        reflections=_typed(get("reflections"), Reflection),
        strengths=_typed(get("strengths"), Strength),
        support_notes=_typed(get("support"), SupportNote),
        greetings=_typed(get("greetings"), Greeting),
    )
    return library, warnings
