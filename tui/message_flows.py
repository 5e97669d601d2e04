"""Changing the wording of the message on show: this one message (reword, and back to the
template), or the template of every message of its kind (in the user's editor).

Like the form flows, each takes the app and the host; the screen passes the draft
on show and whose message it is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.content import Content

from store.locations import display_path
from store.models import Step
from store.templates import template_path, write_default
from store.workflow import Draft
from tui.state import Host
from widgets.text import literal


def _what(draft: Draft) -> str:
    """`thank-you email (formal) to Dana Lee`."""
    return draft.title[:1].lower() + draft.title[1:]


def reword(app: App[Any], host: Host, draft: Draft, interview_id: str, step: Step,
           person: str) -> None:
    """This one message in an editor; what is saved is copied from then on."""
    from tui.reword import RewordScreen

    message = draft.message
    template_text = (draft.template or message).text
    kind, tone = message.kind, message.tone
    edited, what = draft.edited, _what(draft)

    def done(text: str | None) -> None:
        if text is None or text == message.text:
            return
        if text.rstrip() == template_text.rstrip():
            # The template's own words: nothing of the user's to keep.
            if edited is not None:
                host.save(lambda repo: repo.clear_draft(interview_id, step, person, kind, tone),
                          done=f"Back to the template's text for the {what}")
            return
        host.save(lambda repo: repo.save_draft(interview_id, step, person, kind, tone, text),
                  done=f"Saved your wording of the {what}; c copies it")

    note = f"Only this message changes. E edits the wording of every {kind.label.lower()}."
    app.push_screen(RewordScreen(draft.title, message.text, template_text, note), done)


def use_template(app: App[Any], host: Host, draft: Draft, interview_id: str, step: Step,
                 person: str) -> None:
    """Forget the user's wording of this message (asks first: it is their work)."""
    from tui.forms import ConfirmScreen

    kind, tone = draft.message.kind, draft.message.tone
    what = _what(draft)
    question = Content.assemble("Forget your wording of the ", literal(what),
                                " and go back to the template's text?")

    def confirmed(yes: bool | None) -> None:
        if yes:
            host.save(lambda repo: repo.clear_draft(interview_id, step, person, kind, tone),
                      done=f"Back to the template's text for the {what}")

    app.push_screen(ConfirmScreen(question, "Use the template"), confirmed)


def edit_template(app: App[Any], draft: Draft, redraw: Callable[[], Draft | None]) -> None:
    """The template of the message on show, in $VISUAL/$EDITOR; `redraw` shows the
    message again (with the new wording) and returns the draft now on show."""
    from tui.editor import edit_in_terminal

    kind, tone = draft.message.kind, draft.message.tone
    try:
        path = write_default(kind, tone)
    except OSError as exc:
        where = display_path(template_path(kind, tone))
        app.notify(f"Cannot create {where}: {exc.strerror or exc}", title="Not edited",
                   severity="error", markup=False, timeout=10)
        return
    trouble = edit_in_terminal(app, path)
    if trouble:
        app.notify(trouble, title="Template not edited", severity="warning", markup=False,
                   timeout=10)
    shown = redraw()
    template = shown.template or shown.message if shown is not None else None
    problems = template.problems if template is not None else ()
    if problems:
        app.notify("\n".join(str(problem) for problem in problems),
                   title="Check the template", severity="warning", markup=False, timeout=10)
    elif not trouble:
        app.notify(f"Saved {display_path(path)}: every {kind.label.lower()} "
                   f"({tone.value}) is worded by it now", markup=False)
    if shown is not None and shown.edited is not None:
        app.notify("This message keeps your own wording; W goes back to the template's "
                   "text.", markup=False)
