"""The guilt triage: name it, ask a few questions, then tell a values conflict from a "should"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from screens.widgets.fields import SuggestionList, TextField
from screens.widgets.focus import focus_now

if TYPE_CHECKING:
    from ritual.content import ContentLibrary

TriageMode = Literal["morning", "evening"]
GuiltNote = dict[str, Any]
"""`{"text", "kind": "conflict"|"should"|None, "value", "action", "whose_rule",
"reframe" (morning) or "prompt" (evening): content id, "answers": {question_id: text}}`."""

QUESTION_COUNT = 3
"""How many triage questions are asked, by default: a short sequence, each skippable."""

RULE_TAGS: dict[str, str] = {
    "my-parents": "inherited",
    "relatives": "inherited",
    "home-culture": "inherited",
    "parenting-advice": "inherited",
    "imagined-parent": "inherited",
    "other-parents": "comparison",
    "social-media": "comparison",
    "my-workplace": "work",
}
"""Which reframes (by tag) fit a rule from each suggested source."""


def empty_note() -> GuiltNote:
    """Return a guilt note with nothing filled in."""
    return {
        "text": "",
        "kind": None,
        "value": None,
        "action": None,
        "whose_rule": None,
        "reframe": None,
        "answers": {},
    }


def note_is_blank(note: GuiltNote) -> bool:
    """True when nothing was typed or chosen in `note`."""
    answers = note.get("answers") or {}
    return not (
        str(note.get("text") or "").strip()
        or note.get("kind")
        or str(note.get("action") or "").strip()
        or str(note.get("whose_rule") or "").strip()
        or any(str(a).strip() for a in answers.values())
    )


def plan_actions(notes: Sequence[GuiltNote]) -> list[str]:
    """The small actions of the values conflicts among `notes`: they join the day's plan."""
    return [
        str(n["action"])
        for n in notes
        if n.get("kind") == "conflict" and str(n.get("action") or "").strip()
    ]


def reframe_tag(library: ContentLibrary, whose_rule: str | None) -> str | None:
    """The reframe tag that fits a rule's source, when it is one of the library's suggestions."""
    if not whose_rule:
        return None
    wanted = whose_rule.strip().casefold()
    for source in library.whose_rules:
        if source.text.casefold() == wanted or source.id == wanted:
            return RULE_TAGS.get(source.id)
    return None


class NoteCard(Static, can_focus=True):
    """The finished note, read back; focusable so its keys (r, a) work."""


class GuiltTriage(Vertical):
    """Name a guilt, answer a few questions, and sort it: a values conflict or a "should".

    Pages, one at a time: name → questions (Enter on an empty answer skips it) →
    kind → for a conflict: which value, then one small action (morning: it joins
    today's plan; evening: what to do differently, tomorrow's suggestion) → for a
    "should": whose rule it is, then a card (morning: a reframe; evening: a
    self-compassion prompt), another with `r` → done. On the done page `a` names
    another guilt.

    The host drives it: `wants_enter()`/`advance()` for Enter, `back()` for
    Escape, `collect()` for the notes, and `state()`/`load()` for drafts. Enter
    in its fields and lists is handled inside; on the done page Enter is left to
    the host (to move on).

    Args:
        library: The content library (questions, kinds, rule sources, reframes, actions).
        values: The user's values (library ids or their own text), most important first.
        mode: "morning" or "evening": changes the wording and the card.
        seed: Varies which reframe comes first (e.g. the day).
        question_ids: The questions to ask, in order; by default the library's first three.
        id: The widget id.
        classes: CSS classes.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "another_card", "Another card"),
        Binding("a", "another_note", "Name another"),
        Binding("c", "kind('conflict')", "Conflict", show=False),
        Binding("s", "kind('should')", "Should", show=False),
    ]

    class Changed(Message):
        """The triage moved to another page or note."""

        def __init__(self, triage: GuiltTriage) -> None:
            super().__init__()
            self.triage = triage

        @property
        def control(self) -> GuiltTriage:
            """The triage that changed."""
            return self.triage

    def __init__(
        self,
        library: ContentLibrary,
        values: Sequence[str],
        *,
        mode: TriageMode = "morning",
        seed: str = "",
        question_ids: Sequence[str] | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.library = library
        self.values = list(values)
        self.mode: TriageMode = mode
        self.seed = seed
        by_id = {q.id: q for q in library.questions}
        if question_ids is None:
            self.questions = list(library.questions[:QUESTION_COUNT])
        else:
            self.questions = [by_id[q] for q in question_ids if q in by_id]
        self.notes: list[GuiltNote] = [empty_note()]
        self.offsets: list[int] = [0]
        self.index = 0
        self.page = "name"
        self._name_field = TextField(
            placeholder="e.g. I missed breakfast with them again", id="triage-name"
        )
        self._answers = [
            TextField(placeholder="Your answer (or Enter to skip)", id=f"triage-a{i}")
            for i in range(len(self.questions))
        ]
        self._kinds = OptionList(id="triage-kinds")
        self._value_list = OptionList(id="triage-values")
        self._action = TextField(placeholder=self._action_placeholder(), id="triage-action")
        self._action_list = SuggestionList(self._action, id="triage-action-list")
        self._whose = TextField(placeholder="e.g. my parents, other parents", id="triage-whose")
        self._whose_list = SuggestionList(
            self._whose, [r.text for r in library.whose_rules], id="triage-whose-list"
        )
        self._card = NoteCard(id="triage-card")
        self._where = Label(id="triage-where", classes="hint")

    # ---- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield self._where
        with ContentSwitcher(initial="tp-name", id="triage-pages"):
            with Vertical(id="tp-name", classes="triage-page"):
                yield Label("Name the guilt in a few words.", classes="prompt")
                yield self._name_field
                yield Label("Enter: next · Esc: back", classes="hint")
            for i, question in enumerate(self.questions):
                with Vertical(id=f"tp-q{i}", classes="triage-page"):
                    yield Label(Text(question.text), classes="prompt")
                    yield Label(Text(question.hint), classes="hint")
                    yield self._answers[i]
                    yield Label("Enter: next (an empty answer skips the question)", classes="hint")
            with Vertical(id="tp-kind", classes="triage-page"):
                yield Label("Which kind of guilt is it?", classes="prompt")
                yield self._kinds
                yield Label("↑↓ and Enter, or c / s", classes="hint")
            with Vertical(id="tp-value", classes="triage-page"):
                yield Label("Which of your values does it go against?", classes="prompt")
                yield self._value_list
                yield Label("↑↓ and Enter", classes="hint")
            with Vertical(id="tp-action", classes="triage-page"):
                yield Label(self._action_prompt(), classes="prompt")
                yield self._action
                yield Label("Type your own, or ↓ to pick one and Enter", classes="hint")
                yield self._action_list
            with Vertical(id="tp-whose", classes="triage-page"):
                yield Label("Whose rule is it?", classes="prompt")
                yield self._whose
                yield Label("Type it, or ↓ to pick one and Enter", classes="hint")
                yield self._whose_list
            with Vertical(id="tp-done", classes="triage-page"):
                yield self._card

    def on_mount(self) -> None:
        self._fill_kinds()
        self._value_list.add_options(
            Option(Text(self.library.value_name(v)), id=f"v{i}") for i, v in enumerate(self.values)
        )
        self._show(self.page, focus=False)

    def _fill_kinds(self) -> None:
        for kind_id, key in (("conflict", "c"), ("should", "s")):
            try:
                kind = self.library.kind(kind_id)
                label, explain = kind.label, kind.explain
            except KeyError:
                label, explain = kind_id, ""
            prompt = Table.grid(padding=(0, 1))
            prompt.add_column(width=1, no_wrap=True)
            prompt.add_column(ratio=1)
            prompt.add_row(Text(key, style="bold"), Text.assemble((label, "bold"), "\n", explain))
            self._kinds.add_option(Option(prompt, id=kind_id))

    def _action_prompt(self) -> str:
        if self.mode == "evening":
            return "What would you do differently? It becomes tomorrow's suggestion."
        return "One small action for today. It joins today's plan."

    def _action_placeholder(self) -> str:
        if self.mode == "evening":
            return "e.g. leave the laptop closed until they are asleep"
        return "e.g. phone in the drawer at dinner"

    # ---- pages -----------------------------------------------------------------------

    @property
    def note(self) -> GuiltNote:
        """The note being worked on."""
        return self.notes[self.index]

    def pages(self) -> list[str]:
        """The current note's pages, in order (they depend on its kind)."""
        pages = ["name", *(f"q{i}" for i in range(len(self.questions))), "kind"]
        if self.note.get("kind") == "conflict":
            pages += ["value"] if self.values else []
            pages += ["action", "done"]
        elif self.note.get("kind") == "should":
            pages += ["whose", "done"]
        return pages

    def at_end(self) -> bool:
        """True on the done page: Enter is then the host's (to move on)."""
        return self.page == "done"

    def wants_enter(self) -> bool:
        """True while Enter moves within the triage."""
        return not self.at_end()

    def advance(self) -> bool:
        """Enter: go to the next page; return False when already at the end."""
        if self.at_end():
            return False
        self._store()
        if self.page == "kind":
            highlighted = self._kinds.highlighted_option
            if self.note.get("kind") is None and highlighted is not None:
                self.note["kind"] = highlighted.id
            if self.note.get("kind") is None:
                return True
        if self.page == "value" and self.note.get("value") is None:
            option = self._value_list.highlighted_option
            if option is not None and option.id:
                self.note["value"] = self.values[int(option.id[1:])]
        pages = self.pages()
        position = pages.index(self.page) if self.page in pages else 0
        if position + 1 < len(pages):
            self._show(pages[position + 1])
        return True

    def back(self) -> bool:
        """Escape: go to the previous page; return False on the very first page."""
        self._store()
        pages = self.pages()
        position = pages.index(self.page) if self.page in pages else 0
        if position > 0:
            self._show(pages[position - 1])
            return True
        if self.index > 0:
            if note_is_blank(self.note):
                del self.notes[self.index]
                del self.offsets[self.index]
            self.index -= 1
            self._show("done")
            return True
        return False

    def start(self) -> None:
        """Open on the first page of the current note."""
        self._show("name")

    def focus_page(self) -> None:
        """Focus what the current page is about."""
        target: Widget = {
            "name": self._name_field,
            "kind": self._kinds,
            "value": self._value_list,
            "action": self._action,
            "whose": self._whose,
            "done": self._card,
        }.get(self.page) or self._answers[int(self.page[1:])]
        focus_now(target)

    def field(self) -> TextField | None:
        """The text field on the current page, if it has one (for a stray paste)."""
        if self.page.startswith("q"):
            return self._answers[int(self.page[1:])]
        fields = {"name": self._name_field, "action": self._action, "whose": self._whose}
        return fields.get(self.page)

    def _show(self, page: str, *, focus: bool = True) -> None:
        if page not in self.pages():
            page = "name"
        self.page = page
        if page == "done":
            self._ensure_card()
        self._fill()
        if self.is_mounted:
            self.query_one("#triage-pages", ContentSwitcher).current = f"tp-{page}"
            self._where.update(self._where_text())
            self.post_message(self.Changed(self))
            if focus:
                self.call_after_refresh(self.focus_page)

    def _where_text(self) -> Text:
        names = {"name": "name it", "kind": "which kind", "value": "which value"}
        names |= {"action": "one small action", "whose": "whose rule", "done": "noted"}
        if self.mode == "evening":
            names["action"] = "what to do differently"
        if self.page.startswith("q"):
            where = f"question {int(self.page[1:]) + 1} of {len(self.questions)}"
        else:
            where = names.get(self.page, self.page)
        number = f" {self.index + 1}" if len(self.notes) > 1 else ""
        return Text(f"Guilt{number} · {where}")

    # ---- widgets <-> note --------------------------------------------------------------

    def _store(self) -> None:
        """Copy what the fields hold into the current note."""
        note = self.note
        note["text"] = self._name_field.value
        answers = dict(note.get("answers") or {})
        for question, field in zip(self.questions, self._answers, strict=True):
            if field.value:
                answers[question.id] = field.value
            else:
                answers.pop(question.id, None)
        note["answers"] = answers
        if note.get("kind") == "conflict" or self._action.value:
            note["action"] = self._action.value or None
        if note.get("kind") == "should" or self._whose.value:
            note["whose_rule"] = self._whose.value or None

    def _fill(self) -> None:
        """Show the current note in the fields."""
        note = self.note
        self._name_field.value = str(note.get("text") or "")
        answers = note.get("answers") or {}
        for question, field in zip(self.questions, self._answers, strict=True):
            field.value = str(answers.get(question.id) or "")
        self._action.value = str(note.get("action") or "")
        whose = str(note.get("whose_rule") or "")
        if not whose and self.page == "whose":
            whose = str(answers.get("whose-rule") or "")
        self._whose.value = whose
        if self.is_mounted:
            kinds = ["conflict", "should"]
            kind = note.get("kind")
            self._kinds.highlighted = kinds.index(kind) if kind in kinds else 0
            value = note.get("value")
            self._value_list.highlighted = self.values.index(value) if value in self.values else 0
            if self.page == "action":
                actions = self.library.actions_for(str(note.get("value") or ""))
                self._action_list.set_suggestions([a.text for a in actions[:8]])
            self._card.update(self.card_text())

    def _ensure_card(self) -> None:
        key = "prompt" if self.mode == "evening" else "reframe"
        if self.note.get("kind") == "should" and not self.note.get(key):
            self._set_card(self.offsets[self.index])

    def _set_card(self, offset: int) -> None:
        self.offsets[self.index] = offset
        seed = f"{self.seed}:{self.index}"
        if self.mode == "evening":
            self.note["prompt"] = self.library.self_compassion(offset, seed=seed).id
        else:
            tag = reframe_tag(self.library, self.note.get("whose_rule"))
            self.note["reframe"] = self.library.reframe(offset, tag=tag, seed=seed).id

    def card_text(self) -> Text:
        """The current note read back, with its action or its card."""
        note = self.note
        text = Text()
        name = str(note.get("text") or "").strip()
        text.append(f"“{name}”" if name else "(unnamed)", style="bold")
        kind = note.get("kind")
        if kind == "conflict":
            value = note.get("value")
            text.append("\nA values conflict")
            if value:
                text.append(f" · {self.library.value_name(str(value))}")
            action = str(note.get("action") or "")
            label = "Differently next time" if self.mode == "evening" else "Today's small action"
            text.append(f"\n\n{label}: ", style="bold")
            text.append(action if action.strip() else "(none yet: Esc to add one)")
            if self.mode == "morning" and action.strip():
                text.append("\nIt joins today's plan.", style="italic")
        elif kind == "should":
            whose = str(note.get("whose_rule") or "").strip()
            text.append("\nA 'should'")
            if whose:
                text.append(" · whose rule: ")
                text.append(whose)
            card = self._card_body()
            if card:
                text.append("\n\n")
                text.append(card, style="italic")
        keys = ["Enter: move on", "a: name another guilt", "Esc: back"]
        if kind == "should":
            keys.insert(
                1, "r: " + ("another prompt" if self.mode == "evening" else "another reframe")
            )
        text.append("\n\n" + " · ".join(keys), style="dim")
        return text

    def _card_body(self) -> str:
        if self.mode == "evening":
            cards = {p.id: p.text for p in self.library.self_compassion_prompts}
            return cards.get(str(self.note.get("prompt")), "")
        reframes = {r.id: r.text for r in self.library.reframes}
        return reframes.get(str(self.note.get("reframe")), "")

    # ---- events and keys ---------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a field moves to the next page."""
        event.stop()
        self.advance()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a kind or a value chooses it and moves on (suggestions fill their field)."""
        if event.option_list is self._kinds:
            event.stop()
            self._store()
            self.note["kind"] = event.option.id
            self.advance()
        elif event.option_list is self._value_list:
            event.stop()
            self._store()
            self.note["value"] = self.values[event.option_index]
            self.advance()
        else:
            event.stop()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "another_card":
            return self.page == "done" and self.note.get("kind") == "should"
        if action == "another_note":
            return self.page == "done"
        if action == "kind":
            return self.page == "kind"
        return True

    def action_another_card(self) -> None:
        """r: another reframe (or self-compassion prompt)."""
        self._set_card(self.offsets[self.index] + 1)
        self._card.update(self.card_text())

    def action_another_note(self) -> None:
        """a: name another guilt."""
        self._store()
        self.notes.append(empty_note())
        self.offsets.append(0)
        self.index = len(self.notes) - 1
        self._show("name")

    def action_kind(self, kind: str) -> None:
        """c / s on the kind page."""
        self._store()
        self.note["kind"] = kind
        self.advance()

    # ---- results and drafts ------------------------------------------------------------

    def collect(self) -> list[GuiltNote]:
        """The notes so far (blank ones left out), shaped for the entry's `guilt` list."""
        if self.is_mounted:
            self._store()
        kept = []
        for note in self.notes:
            if note_is_blank(note):
                continue
            kept.append(dict(note))
        return kept

    def state(self) -> dict[str, Any]:
        """Everything needed to come back to exactly this page (JSON-safe, for drafts)."""
        if self.is_mounted:
            self._store()
        return {
            "notes": [dict(n) for n in self.notes],
            "offsets": list(self.offsets),
            "index": self.index,
            "page": self.page,
        }

    def load(self, notes: Sequence[GuiltNote], state: dict[str, Any] | None = None) -> None:
        """Show `notes` (from an entry), or restore `state` (from a draft) exactly.

        Args:
            notes: Saved guilt notes; the triage opens on the last one's done page.
            state: What `state()` returned; wins over `notes` when given.
        """
        if state and isinstance(state.get("notes"), list) and state["notes"]:
            self.notes = [{**empty_note(), **dict(n)} for n in state["notes"]]
            offsets = [int(o) for o in state.get("offsets") or []]
            self.offsets = (offsets + [0] * len(self.notes))[: len(self.notes)]
            self.index = max(0, min(int(state.get("index", 0)), len(self.notes) - 1))
            page = str(state.get("page", "name"))
        elif notes:
            self.notes = [{**empty_note(), **dict(n)} for n in notes]
            self.offsets = [0] * len(self.notes)
            self.index = len(self.notes) - 1
            page = "done" if self.note.get("kind") else "name"
        else:
            self.notes, self.offsets, self.index, page = [empty_note()], [0], 0, "name"
        self.page = page if page in self.pages() else "name"
        if self.is_mounted:
            self._show(self.page, focus=False)
