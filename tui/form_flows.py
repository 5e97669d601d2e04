"""The forms the interview screen opens, each from the form to the save: what is
asked, what is saved, and what the screen selects once it is saved.

Each flow takes the app (to show the form), the host (to save) and, where the
screen moves to what was added, a callback; the screen stays a coordinator.
Forms are imported when first opened: none is needed for the first frame.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from textual.app import App
from textual.content import Content

from store.dates import format_day
from store.models import Interview, Interviewer, Outcome, Reference, Settings, Step
from store.repository import Repository
from store.workflow import Gap, Noted
from tui.state import Host
from widgets.text import literal

Fields = dict[str, Any]


def as_edited(value: object) -> object:
    """A value as a form's TextArea gives it back: any line break (\\r\\n, \\x1e,
    \\u2028 ...) a plain newline. Notes that only look different that way were not
    edited, and are not saved over."""
    return "\n".join(value.splitlines()) if isinstance(value, str) else value


def changed_only(app: App[Any], values: Mapping[str, Any], before: object) -> Fields:
    """The fields of a saved form that differ from the record it was opened on.

    Another session may have changed the record while the form was open;
    saving only what was changed here keeps that change instead of putting
    back the value the form started with.
    """
    changed = {k: v for k, v in values.items()
               if as_edited(getattr(before, k, None)) != as_edited(v)}
    if not changed:
        app.notify("Nothing changed, so nothing was saved.", timeout=3)
    return changed


def new_interview(app: App[Any], host: Host, select: Callable[[Interview], None]) -> None:
    from tui.forms import InterviewForm

    def added(result: Fields | None) -> None:
        if not result:
            return
        fields = dict(result)
        people = fields.pop("interviewers", None) or []
        references = fields.pop("references", None) or []
        new = [(name, {"email": email}) for name, email in
               fields.pop("new_references", None) or ()]

        def add(repo: Repository) -> Interview:
            # One save for the interview, its people and its new references.
            return repo.add_interview(interviewers=people, references=references,
                                      new_references=new, **fields)

        def said(saved: Interview) -> str:
            if saved.references:
                return f"Added {saved.company}"
            return (f"Added {saved.company}: no references yet (a in step 2 adds one)")

        host.save(add, done=said, then=select)

    app.push_screen(InterviewForm(host.today(), book=list(host.snapshot.book.values())),
                    added)


def edit_interview(app: App[Any], host: Host, interview: Interview) -> None:
    from tui.forms import InterviewForm

    interview_id = interview.id

    def edited(result: Fields | None) -> None:
        if not result:
            return
        fields = changed_only(
            app, {k: v for k, v in result.items() if k != "interviewers"}, interview)
        if fields:
            host.save(lambda repo: repo.update_interview(interview_id, **fields),
                      done="Saved the interview")

    app.push_screen(InterviewForm(host.today(), interview), edited)


def edit_interviewer(app: App[Any], host: Host, interview: Interview,
                     person: Interviewer) -> None:
    from tui.forms import InterviewerForm

    interview_id, person_id = interview.id, person.id

    def edited(result: Fields | None) -> None:
        fields = changed_only(app, result, person) if result else {}
        if fields:
            host.save(lambda repo: repo.update_interviewer(interview_id, person_id, **fields),
                      done=f"Saved {fields.get('name') or person.name}")

    app.push_screen(InterviewerForm(host.today(), person), edited)


def edit_reference(app: App[Any], host: Host, ref: Reference) -> None:
    from tui import forms

    editor = getattr(forms, "ReferenceEditForm", None)
    if editor is None:
        app.notify("Editing a reference is not available yet.", severity="warning")
        return
    reference_id = ref.id

    def edited(result: Fields | None) -> None:
        fields = changed_only(app, result, ref) if result else {}
        if fields:
            host.save(lambda repo: repo.update_reference(reference_id, **fields),
                      done=f"Saved {fields.get('name') or ref.name}")

    app.push_screen(editor(ref), edited)


def add_interviewer(app: App[Any], host: Host, interview: Interview,
                    focus: Callable[[str | None], None]) -> None:
    """`focus` gets the new interviewer's id once saved."""
    from tui.forms import InterviewerForm

    interview_id = interview.id
    before = {p.id for p in interview.interviewers}

    def added(result: Fields | None) -> None:
        if not result:
            return

        def focus_new(saved: Interview) -> None:
            focus(next((p.id for p in saved.interviewers if p.id not in before), None))

        host.save(lambda repo: repo.add_interviewer(interview_id, **result),
                  done=f"Added {result.get('name', 'the interviewer')}", then=focus_new)

    app.push_screen(InterviewerForm(host.today()), added)


def add_reference(app: App[Any], host: Host, interview: Interview,
                  book: Mapping[str, Reference], focus: Callable[[str], None]) -> None:
    """A reference from the book or a new one, listed for the interview; `focus` gets
    its id once saved."""
    from tui.forms import ReferenceForm

    interview_id = interview.id
    people = sorted(book.values(), key=lambda r: r.name.casefold())
    listed = [use.reference_id for use in interview.references]

    def added(result: Fields | None) -> None:
        if not result:
            return

        def attach(repo: Repository) -> str:
            if "reference_id" in result:
                reference_id = str(result["reference_id"])
            else:
                reference_id = repo.add_reference(**result["new"]).id
            repo.attach_reference(interview_id, reference_id)
            return reference_id

        host.save(attach, done="Listed the reference", then=focus)

    app.push_screen(ReferenceForm(people, listed), added)


def log_follow_up(app: App[Any], host: Host, interview: Interview) -> None:
    from tui.forms import FollowUpForm

    interview_id = interview.id

    def logged(result: Fields | None) -> None:
        if result:
            host.save(lambda repo: repo.log_follow_up(interview_id, **result),
                      done="Logged the follow-up")

    app.push_screen(FollowUpForm(host.today()), logged)


def record_outcome(app: App[Any], host: Host, interview: Interview,
                   select: Callable[[Interview], None]) -> None:
    """The outcome; after "second interview", the offer to set up the next round."""
    from tui.forms import OutcomeForm

    interview_id = interview.id

    def chosen(outcome: Outcome | None) -> None:
        if outcome is None:
            return

        from store.workflow import record_outcome as record

        today = host.today()

        def offer_next_round(noted: Noted) -> None:
            if noted.interview.outcome is Outcome.SECOND_INTERVIEW:
                ask_for_next_round(app, host, noted.interview, select)

        host.save(lambda repo: record(repo, interview_id, outcome, today),
                  done=lambda noted: noted.text, then=offer_next_round)

    app.push_screen(OutcomeForm(interview.outcome), chosen)


def ask_for_next_round(app: App[Any], host: Host, interview: Interview,
                       select: Callable[[Interview], None]) -> None:
    """After "second interview": offer to set up the next round, prefilled."""
    from tui.next_round import NextRoundQuestion

    def answered(yes: bool | None) -> None:
        if yes:
            next_round(app, host, interview, select)

    app.push_screen(NextRoundQuestion(interview), answered)


def next_round(app: App[Any], host: Host, interview: Interview,
               select: Callable[[Interview], None]) -> None:
    """A new interview for the next round; `select` gets it once saved."""
    from tui.next_round import NextRoundForm

    interview_id = interview.id

    def add(result: Fields | None) -> None:
        if not result:
            return
        fields = {k: v for k, v in result.items() if k != "interviewers"}
        date = fields.pop("date")
        host.save(lambda repo: repo.next_round(interview_id, date, **fields),
                  done=lambda saved: f"Added the {saved.round_label} round at "
                                     f"{saved.company}",
                  then=select)

    app.push_screen(NextRoundForm(host.today(), interview), add)


def delete_interview(app: App[Any], host: Host, interview: Interview,
                     then: Callable[[], None]) -> None:
    """Asks first: everything recorded for it goes too."""
    from tui.forms import ConfirmScreen

    interview_id, company = interview.id, interview.company
    question = Content.assemble(
        "Delete the interview at ", literal(company, "bold"), " (", literal(interview.role),
        f", {format_day(interview.date)}) and everything recorded for it?",
    )

    def confirmed(yes: bool | None) -> None:
        if yes:
            host.save(lambda repo: repo.delete_interview(interview_id),
                      done=f"Deleted the interview at {company}", then=lambda _: then())

    app.push_screen(ConfirmScreen(question), confirmed)


def edit_settings(app: App[Any], host: Host, settings: Settings) -> None:
    from tui.forms import SettingsForm

    def saved(result: Fields | None) -> None:
        fields = changed_only(app, result, settings) if result else {}
        if fields:
            host.save(lambda repo: repo.update_settings(**fields), done="Saved your settings")

    app.push_screen(SettingsForm(settings), saved)


def record_reply(app: App[Any], host: Host, interview: Interview) -> None:
    """The employer answered: kept with the interview, the follow-up counted from it."""
    from store.workflow import record_reply as record
    from tui.forms import ReplyForm

    interview_id, today = interview.id, host.today()

    def replied(result: Fields | None) -> None:
        if result:
            host.save(lambda repo: record(repo, interview_id, today, **result),
                      done=lambda noted: noted.text)

    app.push_screen(ReplyForm(today, interview.company), replied)


def fill_gap(app: App[Any], host: Host, interview: Interview, step: Step,
             person_id: str | None, gap: Gap, then: Callable[[Interview], None],
             cancelled: Callable[[], None]) -> None:
    """Ask for one empty field of a message in place; `then` gets the interview once
    the answer is saved (to copy the message, now filled); `cancelled` runs when the
    user leaves it empty."""
    from store.workflow import fill_gap as fill
    from tui.forms import GapForm

    interview_id = interview.id

    def answered(value: str | None) -> None:
        if not value:
            cancelled()
            return
        host.save(lambda repo: fill(repo, interview_id, step, person_id, gap, value),
                  then=then)

    app.push_screen(GapForm(gap.question, gap.suggestion), answered)
