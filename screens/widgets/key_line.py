"""The keys a screen takes, in one plain line along the bottom: Ritual's footer."""

from __future__ import annotations

from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

SEPARATOR = "  "


def key_line_text(screen: Screen[object]) -> Content:
    """The screen's shown, enabled bindings as "m Morning  e Evening  ^p Menu".

    One entry per action (the first key bound to it), in the order Textual reports them;
    a binding the screen has disabled is left out rather than dimmed, so the line never
    relies on colour. The command palette ("Menu") comes last.
    """
    app = screen.app
    bindings = screen.active_bindings
    parts: list[Content] = []
    seen: set[str] = set()
    for _node, binding, enabled, _tooltip in bindings.values():
        if not binding.show or not enabled or binding.action in seen:
            continue
        seen.add(binding.action)
        parts.append(_part(app.get_key_display(binding), binding.description))
    palette = bindings.get(app.COMMAND_PALETTE_BINDING)
    if app.ENABLE_COMMAND_PALETTE and palette is not None and palette.enabled:
        parts.append(_part(app.get_key_display(palette.binding), "Menu"))
    return Content(SEPARATOR).join(parts)


def _part(key: str, description: str) -> Content:
    return Content.assemble((key, "bold"), " ", description)


class KeyLine(Static):
    """The footer: the keys this screen takes right now, in words.

    Textual's `Footer` rebuilds a widget per key each time the bindings change (every
    focus move), and on home that cost more than the rest of the screen together
    (bench/startup.py). This is one line of text, rewritten when the bindings change.
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._show()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen:
            self._show()

    def _show(self) -> None:
        self.update(key_line_text(self.screen))
