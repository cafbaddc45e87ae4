"""Tests for the content library: packaged schema, user overrides, validation and queries."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from collections import Counter
from dataclasses import fields
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ritual.content as content_mod
from ritual.content import (
    AGE_BANDS,
    GREETING_TIMES,
    GUILT_KINDS,
    NEEDS,
    SELF_COMPASSION_KINDS,
    Activity,
    ContentError,
    ContentLibrary,
    age_band,
    load_content,
    validate_document,
)

ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

MINIMUMS = {
    "values": 24,
    "intentions": 30,
    "activities": 60,
    "questions": 4,
    "whose_rules": 6,
    "reframes": 18,
    "actions": 18,
    "self_compassion_prompts": 16,
    "reflections": 20,
    "strengths": 22,
    "support_notes": 4,
}

# (collection attribute, text field, max length)
TEXT_LIMITS = [
    ("values", "name", 24),
    ("values", "description", 70),
    ("intentions", "text", 70),
    ("activities", "title", 40),
    ("activities", "how", 90),
    ("reframes", "text", 160),
    ("actions", "text", 90),
    ("strengths", "text", 48),
    ("kinds", "label", 40),
    ("kinds", "explain", 100),
]

ALL_COLLECTIONS = [
    "values",
    "intentions",
    "activities",
    "questions",
    "kinds",
    "whose_rules",
    "reframes",
    "actions",
    "self_compassion_prompts",
    "reflections",
    "strengths",
    "support_notes",
    "greetings",
]

GOOD_ACTIVITY = {
    "id": "mine-kites",
    "title": "Fly a kite",
    "how": "Take a kite to the park and let them hold the string.",
    "minutes": 15,
    "ages": ["6-9"],
    "needs": "outdoors",
}


@pytest.fixture(scope="module")
def lib() -> ContentLibrary:
    library, warnings = load_content()
    assert warnings == []
    return library


def _packaged_documents() -> list[tuple[str, dict[str, Any]]]:
    root = resources.files("content")
    return [
        (f.name, tomllib.loads(f.read_text(encoding="utf-8")))
        for f in sorted(root.iterdir(), key=lambda f: f.name)
        if f.name.endswith(".toml")
    ]


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _activity_toml(**overrides: object) -> str:
    entry = {**GOOD_ACTIVITY, **overrides}
    lines = ["[[activities]]"]
    lines += [f"{key} = {json.dumps(value)}" for key, value in entry.items()]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ packaged schema


def test_packaged_content_loads_cleanly(lib: ContentLibrary) -> None:
    for name in ALL_COLLECTIONS:
        assert getattr(lib, name), name


@pytest.mark.parametrize(("name", "minimum"), sorted(MINIMUMS.items()))
def test_collection_minimum_counts(lib: ContentLibrary, name: str, minimum: int) -> None:
    assert len(getattr(lib, name)) >= minimum


def test_ids_are_unique_kebab_within_each_collection_across_files() -> None:
    seen: dict[str, Counter[str]] = {}
    for _, doc in _packaged_documents():
        for key, section in doc.items():
            ids = list(section) if key == "kinds" else [entry["id"] for entry in section]
            seen.setdefault(key, Counter()).update(ids)
    for key, counts in seen.items():
        dupes = [i for i, n in counts.items() if n > 1]
        assert dupes == [], f"{key}: duplicate ids {dupes}"
        assert all(ID_RE.fullmatch(i) for i in counts), key


def test_kinds_and_whose_rule(lib: ContentLibrary) -> None:
    assert {k.id for k in lib.kinds} == set(GUILT_KINDS)
    for kind in lib.kinds:
        assert kind.label and kind.explain
    assert lib.kind("should").label != lib.kind("conflict").label
    with pytest.raises(KeyError):
        lib.kind("maybe")


def test_activities_schema(lib: ContentLibrary) -> None:
    for a in lib.activities:
        assert 5 <= a.minutes <= 20, a.id
        assert a.ages and set(a.ages) <= set(AGE_BANDS), a.id
        assert a.needs in NEEDS, a.id


@pytest.mark.parametrize("band", AGE_BANDS)
def test_every_age_band_has_ten_activities(lib: ContentLibrary, band: str) -> None:
    assert sum(band in a.ages for a in lib.activities) >= 10


def test_child_led_special_time_is_present_and_cited(lib: ContentLibrary) -> None:
    cited = [a for a in lib.activities if a.source and "Parent–Child Interaction" in a.source]
    assert len(cited) >= 2
    assert any("3-5" in a.ages for a in cited)


def test_sources_are_nonempty_strings_where_present(lib: ContentLibrary) -> None:
    for name in ALL_COLLECTIONS:
        for item in getattr(lib, name):
            source = getattr(item, "source", None)
            if source is not None:
                assert isinstance(source, str) and source.strip() == source and source, item.id


@pytest.mark.parametrize(("name", "attr", "limit"), TEXT_LIMITS)
def test_text_lengths(lib: ContentLibrary, name: str, attr: str, limit: int) -> None:
    too_long = [i.id for i in getattr(lib, name) if len(getattr(i, attr)) > limit]
    assert too_long == []


def test_self_compassion_kinds_all_used(lib: ContentLibrary) -> None:
    kinds = {p.kind for p in lib.self_compassion_prompts}
    assert kinds == set(SELF_COMPASSION_KINDS)


def test_greetings_cover_every_time_of_day(lib: ContentLibrary) -> None:
    assert {g.when for g in lib.greetings} == set(GREETING_TIMES)


def test_value_references_are_known(lib: ContentLibrary) -> None:
    known = {v.id for v in lib.values}
    for intention in lib.intentions:
        assert set(intention.values) <= known, intention.id
    for action in lib.actions:
        assert set(action.values) <= known, action.id
    assert sum(bool(i.values) for i in lib.intentions) >= 20
    assert sum(bool(a.values) for a in lib.actions) >= 12


def test_every_packaged_file_has_only_known_sections() -> None:
    for name, doc in _packaged_documents():
        validate_document(doc, name)  # raises on any problem


MEDICAL = re.compile(r"\b(diagnos\w*|treat\w*|cure[sd]?|therap\w*|symptom\w*|disorder\w*)", re.I)
PREACHY = re.compile(r"\byou (should|must|ought|need to|have to)\b", re.I)


def _texts(lib: ContentLibrary) -> list[tuple[str, str, str]]:
    out = []
    for name in ALL_COLLECTIONS:
        for item in getattr(lib, name):
            for f in fields(item):
                value = getattr(item, f.name)
                if f.name not in {"id", "source"} and isinstance(value, str):
                    out.append((name, item.id, value))
    return out


def test_no_preachy_or_medical_language(lib: ContentLibrary) -> None:
    texts = _texts(lib)
    assert len(texts) > 300
    for name, item_id, text in texts:
        assert not PREACHY.search(text), (name, item_id, text)
        if name == "support_notes":
            text = re.sub(r"\btherapists?\b", "", text, flags=re.I)
        assert not MEDICAL.search(text), (name, item_id, text)


def test_content_module_does_not_import_textual() -> None:
    code = "import sys, ritual.content; assert 'textual' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


# ------------------------------------------------------------------- user content


def test_user_file_adds_and_replaces(tmp_path: Path, lib: ContentLibrary) -> None:
    replaced_id = lib.activities[3].id
    _write(
        tmp_path,
        "mine.toml",
        _activity_toml()
        + "\n"
        + _activity_toml(id=replaced_id, title="Our own version", minutes=20, ages=["0-2"])
        + '\n[[values]]\nid = "music"\nname = "Music"\ndescription = "Songs in the house."\n'
        + '\n[kinds.should]\nlabel = "Just a should"\nexplain = "Somebody else\'s rule."\n',
    )
    mine, warnings = load_content(tmp_path)
    assert warnings == []
    assert len(mine.activities) == len(lib.activities) + 1
    assert mine.activities[-1].id == "mine-kites"
    assert mine.activities[-1].minutes == 15
    assert mine.activities[3].id == replaced_id  # replaced in place
    assert mine.activities[3].title == "Our own version"
    assert mine.activity(replaced_id) == mine.activities[3]
    assert mine.value_name("music") == "Music"
    assert mine.kind("should").label == "Just a should"
    assert mine.kind("conflict") == lib.kind("conflict")


def test_later_user_file_wins(tmp_path: Path) -> None:
    _write(tmp_path, "a.toml", _activity_toml(title="First"))
    _write(tmp_path, "b.toml", _activity_toml(title="Second"))
    mine, warnings = load_content(tmp_path)
    assert warnings == []
    assert mine.activity("mine-kites") is not None
    assert mine.activity("mine-kites").title == "Second"  # type: ignore[union-attr]


def test_missing_user_dir_is_fine(tmp_path: Path, lib: ContentLibrary) -> None:
    mine, warnings = load_content(tmp_path / "nope")
    assert warnings == []
    assert mine == lib


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[[activities]\nid = 'x'\n", "is not valid TOML"),
        (_activity_toml(minutes=45), "'minutes' must be 5 to 20, got 45"),
        (_activity_toml(ages=["4-6"]), "unknown age band '4-6'"),
        (_activity_toml().replace('title = "Fly a kite"\n', ""), "'title' is missing"),
        (_activity_toml(minutes="ten"), "'minutes' must be a whole number, got 'ten'"),
        (_activity_toml(needs="a kite"), "'needs' must be one of"),
        (_activity_toml(id="Kite Run"), "'id' must be lowercase-kebab"),
        (_activity_toml(title="x" * 41), "'title' is 41 characters long; the limit is 40"),
        (_activity_toml() + 'colour = "red"\n', "unknown field 'colour'"),
        ('activities = "lots"\n', "'activities' must be a list of tables"),
        ('[[activites]]\nid = "x"\n', "unknown section 'activites'"),
        ('[kinds.maybe]\nlabel = "Maybe"\nexplain = "Hmm."\n', "kinds.maybe: unknown kind 'maybe'"),
    ],
)
def test_malformed_user_file_gives_one_warning(
    tmp_path: Path, lib: ContentLibrary, text: str, expected: str
) -> None:
    path = _write(tmp_path / "user", "mine.toml", text)
    mine, warnings = load_content(tmp_path / "user")
    assert len(warnings) == 1, warnings
    warning = warnings[0]
    assert warning.startswith(f"content file {path}: ")
    assert expected in warning
    assert warning.endswith("; it was skipped.")
    assert mine.activity("mine-kites") is None
    assert mine == lib  # packaged content untouched


def test_bad_entry_skipped_but_good_entries_in_same_file_kept(tmp_path: Path) -> None:
    text = _activity_toml(minutes=45) + "\n" + _activity_toml(id="mine-other")
    path = _write(tmp_path, "mine.toml", text)
    mine, warnings = load_content(tmp_path)
    assert warnings == [
        f"content file {path}: activities entry 1 ('mine-kites'): "
        "'minutes' must be 5 to 20, got 45; it was skipped."
    ]
    assert mine.activity("mine-kites") is None
    assert mine.activity("mine-other") is not None


def test_each_bad_file_gets_its_own_warning(tmp_path: Path) -> None:
    _write(tmp_path, "a.toml", "not = [valid")
    _write(tmp_path, "b.toml", _activity_toml(minutes=45))
    _write(tmp_path, "c.toml", _activity_toml(ages=["adult"]))
    _write(tmp_path, "d.toml", _activity_toml().replace('title = "Fly a kite"\n', ""))
    _write(tmp_path, "notes.txt", "ignored")
    _, warnings = load_content(tmp_path)
    assert [w.split(": ", 1)[0] for w in warnings] == [
        f"content file {tmp_path / n}" for n in ("a.toml", "b.toml", "c.toml", "d.toml")
    ]


def test_duplicate_id_within_a_user_file_is_reported(tmp_path: Path) -> None:
    _write(tmp_path, "mine.toml", _activity_toml() + "\n" + _activity_toml(title="Again"))
    mine, warnings = load_content(tmp_path)
    assert len(warnings) == 1
    assert "'mine-kites' is used twice" in warnings[0]
    assert mine.activity("mine-kites").title == "Fly a kite"  # type: ignore[union-attr]


def test_user_dir_that_is_a_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "content", "x")
    _, warnings = load_content(path)
    assert warnings == [f"content folder {path} is not a folder; it was ignored."]


def test_non_utf8_user_file(tmp_path: Path) -> None:
    tmp_path.joinpath("mine.toml").write_bytes(b"\xff\xfe[[values]]")
    _, warnings = load_content(tmp_path)
    assert len(warnings) == 1 and "is not UTF-8 text" in warnings[0]


# ---------------------------------------------------------------- packaged-bad path


def test_validator_raises_content_error_naming_file_and_problem() -> None:
    bad = {"activities": [{**GOOD_ACTIVITY, "minutes": 45}]}
    with pytest.raises(ContentError, match=r"content file x\.toml: .*'minutes' must be 5 to 20"):
        validate_document(bad, "x.toml")
    assert issubclass(ContentError, ValueError)


def test_validator_reports_the_first_of_several_problems() -> None:
    bad = {"activities": [{**GOOD_ACTIVITY, "ages": []}, {"id": "x"}]}
    with pytest.raises(ContentError, match=r"'ages' is empty.*1 more problem"):
        validate_document(bad, "x.toml")


def test_validator_accepts_good_document() -> None:
    items = validate_document({"activities": [GOOD_ACTIVITY]})
    assert items["activities"] == [
        Activity("mine-kites", "Fly a kite", str(GOOD_ACTIVITY["how"]), 15, ("6-9",), "outdoors")
    ]


def _fake_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str) -> Path:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    for f in resources.files("content").iterdir():
        if f.name.endswith(".toml"):
            (pkg / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    (pkg / "zz-extra.toml").write_text(extra, encoding="utf-8")
    monkeypatch.setattr(content_mod, "_packaged_root", lambda: pkg)
    return pkg / "zz-extra.toml"


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (_activity_toml(minutes=45), "'minutes' must be 5 to 20, got 45"),
        ("[[activities]\n", "could not be read"),
        (_activity_toml(id="special-time"), "id 'special-time' is already used"),
    ],
)
def test_bad_packaged_file_raises(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: str, expected: str
) -> None:
    path = _fake_package(tmp_path, monkeypatch, extra)
    with pytest.raises(ContentError) as info:
        load_content()
    assert str(path) in str(info.value)
    assert expected in str(info.value)


def test_packaged_unknown_value_reference_raises(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_package(
        tmp_path, monkeypatch, '[[actions]]\nid = "zz"\ntext = "Hi."\nvalues = ["nope"]\n'
    )
    with pytest.raises(ContentError, match="unknown value 'nope'"):
        load_content()


# ------------------------------------------------------------------- query helpers


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (0, "0-2"),
        (2, "0-2"),
        (3, "3-5"),
        (5, "3-5"),
        (6, "6-9"),
        (9, "6-9"),
        (10, "10-12"),
        (12, "10-12"),
        (13, "13-17"),
        (17, "13-17"),
        (18, "13-17"),
        (40, "13-17"),
    ],
)
def test_age_band_edges(lib: ContentLibrary, age: int, band: str) -> None:
    assert age_band(age) == band
    found = lib.activities_for_age(age)
    assert found and all(band in a.ages for a in found)
    assert found == [a for a in lib.activities if band in a.ages]


def test_negative_age_is_rejected(lib: ContentLibrary) -> None:
    with pytest.raises(ValueError):
        lib.activities_for_age(-1)


_LIB, _ = load_content()


@given(st.integers(min_value=0, max_value=120), st.integers(), st.text(max_size=20))
def test_suggestion_always_fits_the_age(age: int, offset: int, seed: str) -> None:
    lib = _LIB
    chosen = lib.suggest_activity(age, offset=offset, seed=seed)
    assert age_band(age) in chosen.ages
    assert chosen == lib.suggest_activity(age, offset=offset, seed=seed)  # deterministic


def test_suggest_activity_avoids_and_cycles(lib: ContentLibrary) -> None:
    first = lib.suggest_activity(4, seed="2026-11-21")
    assert lib.suggest_activity(4, avoid_ids={first.id}, seed="2026-11-21") != first
    fitting = lib.activities_for_age(4)
    cycle = [lib.suggest_activity(4, offset=i, seed="2026-11-21") for i in range(len(fitting))]
    assert len({a.id for a in cycle}) == len(fitting)  # every offset gives a new one
    assert lib.suggest_activity(4, offset=len(fitting), seed="2026-11-21") == first
    assert lib.suggest_activity(4, offset=1, seed="2026-11-21") != first


def test_suggest_activity_never_returns_avoided_when_possible(lib: ContentLibrary) -> None:
    avoid = {a.id for a in lib.activities_for_age(15)[1:]}
    keep = lib.activities_for_age(15)[0]
    for offset in range(5):
        assert lib.suggest_activity(15, avoid_ids=avoid, offset=offset) == keep


def test_suggest_activity_falls_back_when_everything_avoided(lib: ContentLibrary) -> None:
    avoid = {a.id for a in lib.activities}
    assert lib.suggest_activity(7, avoid_ids=avoid) in lib.activities_for_age(7)


def test_seed_changes_the_order(lib: ContentLibrary) -> None:
    picks = {lib.suggest_activity(8, seed=f"2026-11-{d:02d}").id for d in range(1, 29)}
    assert len(picks) > 5


def test_intentions_for_puts_value_tagged_first(lib: ContentLibrary) -> None:
    result = lib.intentions_for(["rest", "family"])
    assert sorted(i.id for i in result) == sorted(i.id for i in lib.intentions)
    tagged = [i for i in lib.intentions if {"rest", "family"} & set(i.values)]
    assert result[: len(tagged)] == sorted(tagged, key=lambda i: "rest" not in i.values)
    assert "rest" in result[0].values
    untagged = result[len(tagged) :]
    assert all(not {"rest", "family"} & set(i.values) for i in untagged)


def test_intentions_for_accepts_names_and_custom_text(lib: ContentLibrary) -> None:
    assert lib.intentions_for(["Health"]) == lib.intentions_for(["health"])
    assert lib.intentions_for(["Gardening with my kids"]) == list(lib.intentions)
    assert lib.intentions_for([]) == list(lib.intentions)


def test_actions_for_tagged_first(lib: ContentLibrary) -> None:
    result = lib.actions_for("presence")
    assert "presence" in result[0].values
    assert len(result) == len(lib.actions)
    assert lib.actions_for("something of my own") == list(lib.actions)


def test_value_lookup_and_names(lib: ContentLibrary) -> None:
    family = lib.value("family")
    assert family is not None and family.name == "Family"
    assert lib.value("FAMILY") == family
    assert lib.value("Being outdoors with the dog") is None
    assert lib.value_name("family") == "Family"
    assert lib.value_name("  Being outdoors with the dog ") == "Being outdoors with the dog"


def test_rotating_pickers(lib: ContentLibrary) -> None:
    assert lib.reframe(0) == lib.reframes[0]
    assert lib.reframe(len(lib.reframes)) == lib.reframes[0]
    assert lib.reframe(1) != lib.reframe(0)
    assert "work" in lib.reframe(3, tag="work").tags
    assert lib.reframe(0, tag="no-such-tag") == lib.reframes[0]
    assert lib.self_compassion(2, kind="friend-test").kind == "friend-test"
    assert lib.self_compassion(0) == lib.self_compassion_prompts[0]
    assert lib.reflection(1) == lib.reflections[1]
    assert lib.support_note(0, seed="x") in lib.support_notes


@pytest.mark.parametrize(
    ("hour", "when"),
    [
        (5, "morning"),
        (11, "morning"),
        (12, "afternoon"),
        (16, "afternoon"),
        (17, "evening"),
        (22, "night"),
        (0, "night"),
        (4, "night"),
    ],
)
def test_greeting_by_hour(lib: ContentLibrary, hour: int, when: str) -> None:
    assert lib.greeting(hour) in {g.text for g in lib.greetings if g.when == when}
