"""Moving the focus at once, so a fast typist's next key lands where it should."""

from __future__ import annotations

from textual.dom import NoScreen
from textual.widget import Widget


def focus_now(widget: Widget) -> None:
    """Focus `widget` at once, and scroll it into view once it is laid out.

    `Widget.focus` waits for a turn of the message loop, so a fast typist's next key
    (already queued) would still go to the old widget, maybe one on a hidden step.
    A widget on a step just shown has no place yet, so scrolling waits for a refresh
    (on a small terminal the focused row must not stay below the fold).
    """
    try:
        screen = widget.screen
    except NoScreen:
        widget.focus()
        return
    screen.set_focus(widget, scroll_visible=False)
    widget.call_after_refresh(widget.scroll_visible, animate=False)
