"""The main screen: the conversation, the sources panel beside it, the input below."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import Worker, WorkerState

from assistant.errors import AssistantError
from assistant.tui import commands
from assistant.tui.blocks import NoteKind, TurnBlock
from assistant.tui.keys import bindings
from assistant.tui.text import reply_as_plain_text, save_target
from assistant.tui.widgets.conversation import ConversationView
from assistant.tui.widgets.new_below import NewBelow
from assistant.tui.widgets.prompt import Prompt
from assistant.tui.widgets.sources import SOURCES_PLACEHOLDER, SourceCard, SourcesPanel

if TYPE_CHECKING:
    from assistant.models.reply import Reply
    from assistant.tui.app import ChatApp
    from assistant.tui.reply_block import ReplyBlock

WELCOME = (
    "Ask about Windows Server 2003/2008 Client Access Licences, e.g. "
    "“2 servers x 5 CALs, how many users?”, then follow up. "
    "Click a reference like [a2.4] to see the clause; /help lists the commands."
)
# Below this many columns the sources panel starts hidden (replies then list their sources).
SOURCES_PANEL_MIN_WIDTH = 100
# Queue item that starts a new conversation, in order with the questions before it.
_RESET = object()
# A reply usually comes within milliseconds: the question waits this long to be put on screen
# with it, in one frame (each frame of the chat costs tens of milliseconds to lay out and draw).
SHOW_TOGETHER_SECONDS = 0.08


@dataclass
class Question:
    """A question waiting for its reply; `turn` is None until it is on screen."""

    text: str
    turn: TurnBlock | None = None


class ChatScreen(Screen):
    CSS_PATH = "chat.tcss"
    BINDINGS = bindings("screen")  # the actions table: assistant/tui/actions.py

    def __init__(self) -> None:
        super().__init__()
        self._queue: asyncio.Queue[object] = asyncio.Queue()
        self._waiting = 0  # questions queued or being answered
        self._unshown: list[Question] = []  # queued, not on screen yet (in order)
        self._sources_fill: Worker[object] | None = None
        self._fill_pending = False  # a reply shown, its sources not yet
        self._said_loading = False
        self._replies = 0  # replies shown so far (they are numbered on screen)
        self.selected: ReplyBlock | None = None
        self.saved_path: Path | None = None  # the last transcript written
        # Each dispute is shown in full once per conversation: its key -> the reply that did.
        self._disputes_shown: dict[str, int] = {}
        # Whether the person chose to show (True) or hide (False) the sources panel; until they
        # do, it shows when the terminal is wide enough.
        self._sources_choice: bool | None = None

    @property
    def chat_app(self) -> ChatApp:
        return cast("ChatApp", self.app)

    @property
    def conversation_view(self) -> ConversationView:
        return self.query_one("#conversation", ConversationView)

    @property
    def sources(self) -> SourcesPanel:
        return self.query_one("#sources", SourcesPanel)

    @property
    def prompt(self) -> Prompt:
        return self.query_one("#prompt", Prompt)

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            with Vertical(id="thread"):
                yield ConversationView(id="conversation")
                yield NewBelow()
            with SourcesPanel(id="sources"):
                yield Static(Content(SOURCES_PLACEHOLDER), classes="empty")
        yield Prompt(placeholder="Ask a question, or type / for commands", id="prompt")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.conversation_view.add_note(WELCOME, "welcome")
        self.prompt.cursor_blink = self.chat_app.cursor_blink
        self._show_sources(self._sources_wanted())
        self.focus_prompt_now()
        self._answer_loop()

    def on_resize(self, event: events.Resize) -> None:
        self._show_sources(self._sources_wanted())

    def _sources_wanted(self) -> bool:
        if self._sources_choice is not None:
            return self._sources_choice
        return self.size.width >= SOURCES_PANEL_MIN_WIDTH

    def _show_sources(self, show: bool) -> None:
        """Show or hide the panel; replies list their sources themselves while it is hidden."""
        panel = self.sources
        if panel.display != show:
            panel.display = show
        pane = self.conversation_view
        for view in pane.replies:
            if view.set_sources_inline(not show):
                pane.changed(view)
        if show and self.selected is not None:
            self._fill_sources_soon(self.selected)

    def focus_prompt_now(self) -> None:
        """Focus the input at once (`focus()` waits for the next turn of the message loop)."""
        prompts = self.query(Prompt)
        if prompts and self.focused is not prompts.first():
            self.set_focus(prompts.first())

    # --- input -----------------------------------------------------------------------------

    @on(Prompt.Sent, "#prompt")
    async def _sent(self, event: Prompt.Sent) -> None:
        await self.handle(event.text)

    async def handle(self, text: str) -> None:
        """A line from the input: a slash command, a question, or nothing at all."""
        if not text.strip():
            await self.note("Type a question about Windows Server CALs, or /help for the commands.")
            return
        try:
            command = commands.parse(text)
        except commands.UnknownCommand as exc:
            await self.note(str(exc), "error")
            return
        if command is None:
            await self.ask(text)
        else:
            await self.run_command(command)

    async def ask(self, text: str) -> None:
        question = Question(text)
        self._waiting += 1
        self.chat_app.question_sent()
        if self.chat_app.assistant is not None and self._waiting == 1:
            # Nothing else waiting: the question goes on screen with its reply (see _answer).
            self._unshown.append(question)
        else:
            await self._show_questions(question)
            if self.chat_app.assistant is None and self.chat_app.load_error is None and not self._said_loading:
                self._said_loading = True  # once, not under every question typed meanwhile
                await self.note("Loading the notes… your question will be answered in a moment.")
        self._queue.put_nowait(question)

    async def _show_questions(self, *more: Question) -> None:
        """Put the questions not yet on screen there (then `more`), in the order they were asked."""
        pane = self.conversation_view
        for question in [*self._unshown, *more]:
            if question.turn is None:
                question.turn = pane.add_turn(question.text)
        self._unshown.clear()

    async def note(self, text: str, kind: NoteKind = "info") -> None:
        self.conversation_view.add_note(text, kind)

    async def run_command(self, command: commands.SlashCommand) -> None:
        """A slash command runs its action from the actions table, with its argument if any."""
        await self.run_action(command.action_string)

    def on_key(self, event: events.Key) -> None:
        # Typing while the conversation or a source has the focus goes to the input.
        if event.is_printable and event.character and self.focused is not self.prompt:
            prompt = self.prompt
            prompt.focus()
            prompt.insert_text_at_cursor(event.character)
            event.stop()

    # --- background work -------------------------------------------------------------------

    def background(self, work: Coroutine[Any, Any, object], group: str) -> Worker[object]:
        """Run `work` in a worker whose failure leaves a note instead of closing the app."""
        return self.run_worker(work, group=group, name=group, exit_on_error=False)

    async def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Every worker of this screen is started with exit_on_error=False; a failure is a bug,
        # but the chat and its conversation carry on, and the person is told what failed.
        if event.state is WorkerState.ERROR and event.worker.node is self:
            error = event.worker.error
            self.log.error(f"worker {event.worker.name!r} failed", error)
            await self.note(
                f"Sorry, something went wrong ({event.worker.name}: {type(error).__name__}: {error}). "
                "The conversation is still here.",
                "error",
            )

    # --- answering -------------------------------------------------------------------------

    @work(group="answer", exit_on_error=False)
    async def _answer_loop(self) -> None:
        """Answers the queued questions one at a time, in order, once the notes are loaded."""
        assistant = await self.chat_app.wait_assistant()
        if assistant is None:
            await self.note(f"Could not load the notes: {self.chat_app.load_error}", "error")
        while True:
            item = await self._queue.get()
            try:
                if assistant is None:
                    await self.note("I cannot answer without the notes (see the error above).", "error")
                elif item is _RESET:
                    await self._reset()
                else:
                    await self._answer(cast("Question", item))
            except Exception as exc:  # a bug in showing a reply: the next questions still get answers
                self.log.error("answering failed", exc)
                await self.note(f"Sorry, something went wrong showing that ({type(exc).__name__}).", "error")
            finally:
                if item is not _RESET:
                    self._waiting -= 1
                    if not self._waiting and not self._fill_pending:
                        self.chat_app.answers_done()  # no reply on its way to the screen (an error…)
                self._queue.task_done()

    async def _answer(self, question: Question) -> None:
        conversation = self.chat_app.conversation
        assert conversation is not None  # set when the assistant loaded
        text = question.text
        # The reply is laid out in the same thread as it is made (pure work on text, no widget):
        # the screen then only has to put it up.
        make = partial(self._make_reply, conversation.ask, text, **self._reply_settings())
        answering = asyncio.ensure_future(asyncio.to_thread(make))
        if question.turn is None:
            # Give the reply a moment to come, so the question and its reply take one frame;
            # a slow one shows the question first.
            await asyncio.wait([answering], timeout=SHOW_TOGETHER_SECONDS)
            if not answering.done():
                await self._show_questions()
        try:
            view = await answering
        except AssistantError as exc:
            await self._show_questions()
            await self.note(f"Sorry, I could not answer that: {exc.one_line()}", "error")
            return
        except Exception as exc:  # a bug: say so politely, keep the chat running
            await self._show_questions()
            self.log.error(f"ask({text!r}) failed", exc)
            await self.note(f"Sorry, something went wrong answering that ({type(exc).__name__}).", "error")
            return
        self._put_up(view, question)

    def _reply_settings(self) -> dict[str, Any]:
        """What laying out the next reply needs from the screen, read on the screen's thread."""
        assistant = self.chat_app.assistant
        known = assistant.corpus.clause_by_id if assistant is not None else {}
        return {
            "number": self._replies + 1,
            "is_known": known.__contains__,
            "earlier_disputes": dict(self._disputes_shown),
            "sources_inline": not self.sources.display,
            "width": self.conversation_view.line_width,
        }

    @staticmethod
    def _make_reply(
        ask: Callable[[str], Reply],
        text: str,
        *,
        number: int,
        is_known: Callable[[str], bool],
        earlier_disputes: dict[str, int],
        sources_inline: bool,
        width: int,
    ) -> ReplyBlock:
        from assistant.tui.reply_block import ReplyBlock  # loaded with the first reply

        block = ReplyBlock(
            number, text, ask(text), is_known, earlier_disputes=earlier_disputes, sources_inline=sources_inline
        )
        if width > 0:
            block.lines(width)
        return block

    async def show_reply(self, text: str, reply: Reply, question: Question | None = None) -> ReplyBlock:
        """Put up `reply` to `text` (laid out here)."""
        view = self._make_reply(lambda _: reply, text, **self._reply_settings())
        self._put_up(view, question)
        return view

    def _put_up(self, view: ReplyBlock, question: Question | None) -> None:
        self._replies = view.number
        # The panel may have been shown or hidden while the reply was being made.
        view.set_sources_inline(not self.sources.display)
        for key in view.new_disputes:  # shown in full here: later replies refer back to it
            self._disputes_shown.setdefault(key, view.number)
        pane = self.conversation_view
        self._mark_selected(view)  # before it is drawn: drawn once, with the selected border
        if question is not None and question.turn is None:
            self._unshown.remove(question)
            question.turn = pane.add_exchange(view.question, view)
        else:
            pane.add_reply(view, question.turn if question is not None else None)
        if not pane.following:
            self.query_one(NewBelow).display = True  # not a toast: it would cover the input
        # The panel fills after the frame that shows the reply: the reply first.
        self._fill_pending = True
        self.call_after_refresh(partial(self._fill_sources_soon, view, new=True))

    @on(ConversationView.Following)
    def _following(self, event: ConversationView.Following) -> None:
        if event.following:
            self.query_one(NewBelow).display = False

    @on(NewBelow.Jump)
    def _jump_to_latest(self) -> None:
        self.conversation_view.scroll_to_latest()

    async def settled(self) -> None:
        """Wait until every queued question has its reply on screen, with its sources (for
        tests and tools)."""
        await self._queue.join()
        while self._sources_fill is not None and not self._sources_fill.is_finished:
            await self._sources_fill.wait()

    async def _reset(self) -> None:
        self.chat_app.new_conversation()
        self._disputes_shown.clear()
        pane = self.conversation_view
        pane.start_over("New conversation — earlier answers no longer carry over")
        await self.sources.clear("New conversation: ask a question, and the clauses its answer rests on show here.")
        if self.selected is not None:
            self.selected.selected = False
            pane.changed(self.selected)
        self.selected = None

    # --- selection and sources -------------------------------------------------------------

    def _mark_selected(self, view: ReplyBlock) -> None:
        """The selected reply has a heavy box (drawn again if it is on screen already)."""
        if self.selected is not view:
            pane = self.conversation_view
            previous, self.selected = self.selected, view
            if previous is not None:
                previous.selected = False
                pane.changed(previous)
            view.selected = True
            pane.changed(view)

    async def select(self, view: ReplyBlock) -> None:
        """Make `view` the selected reply, its sources in the panel."""
        self._mark_selected(view)
        await self._show_sources_of(view)

    def _fill_sources_soon(self, view: ReplyBlock, *, new: bool = False) -> None:
        if self.selected is view:
            self._sources_fill = self.run_worker(
                partial(self._fill_sources, view, new=new),
                group="sources",
                name="sources",
                exclusive=True,
                exit_on_error=False,
            )
        elif new:
            self._new_reply_done()

    async def _fill_sources(self, view: ReplyBlock, *, new: bool = False) -> None:
        try:
            await self._show_sources_of(view)
        finally:
            if new:
                self._new_reply_done()

    def _new_reply_done(self) -> None:
        """A new reply and its sources are on screen."""
        self._fill_pending = False
        self.chat_app.reply_shown()
        if not self._waiting:
            self.chat_app.answers_done()

    async def _show_sources_of(self, view: ReplyBlock) -> None:
        # A hidden panel is filled when it is shown (see _show_sources).
        assistant = self.chat_app.assistant
        if assistant is not None and self.sources.display and self.sources.reply_number != view.number:
            await self.sources.show_reply(view.number, view.reply, assistant.corpus)

    @on(ConversationView.ReplySelected)
    async def _reply_clicked(self, event: ConversationView.ReplySelected) -> None:
        await self.select(event.block)

    @on(ConversationView.ClauseClicked)
    async def _clause_clicked(self, event: ConversationView.ClauseClicked) -> None:
        await self.select(event.block)
        assistant = self.chat_app.assistant
        if assistant is not None:
            self._sources_choice = True
            self._show_sources(True)
            await self.sources.show_clause(event.clause_id, assistant.corpus)

    @on(SourceCard.Open)
    def _open_source(self, event: SourceCard.Open) -> None:
        self.background(self.open_clause(event.clause_id, event.quote), "open")

    async def open_clause(self, clause_id: str, quote: str | None = None) -> None:
        """Show a clause with its post around it (`/show a2.4`, or a source opened from the panel)."""
        from assistant.tui.screens.clause import ClauseScreen

        clause_id = clause_id.strip()
        if not clause_id:
            await self.note("Which clause? For example: /show a2.4", "error")
            return
        assistant = await self.chat_app.wait_assistant()
        if assistant is None:
            return
        try:
            context = assistant.clause_context(clause_id)
        except AssistantError as exc:
            await self.note(exc.one_line(), "error")
            return
        await self.app.push_screen(ClauseScreen(context, assistant.corpus, quote))

    def action_select_reply(self, step: int) -> None:
        views = self.conversation_view.replies
        if not views:
            return
        at = views.index(self.selected) + step if self.selected in views else len(views) - 1
        view = views[max(0, min(len(views) - 1, at))]
        self.conversation_view.scroll_to_block(view)
        self.background(self.select(view), "select")

    # --- actions (keys, commands and the command palette) ----------------------------------

    def action_show(self, clause_id: str = "") -> None:
        self.background(self.open_clause(clause_id), "open")

    def action_scroll_conversation(self, where: str) -> None:
        """PageUp/PageDown/Home/End, from the input too: the conversation moves, not the cursor."""
        self.conversation_view.move(where)

    def action_toggle_sources(self) -> None:
        self._sources_choice = not self.sources.display
        self._show_sources(self._sources_choice)

    def action_toggle_details(self) -> None:
        """Open (or close) the folded parts of the selected reply: assumptions, disputes, sources."""
        pane = self.conversation_view
        view = self.selected or (pane.replies or [None])[-1]
        if view is not None:
            view.toggle()
            pane.changed(view)

    def action_search(self, query: str = "") -> None:
        from assistant.tui.screens.search import SearchScreen

        self.app.push_screen(SearchScreen(query))

    def action_help(self) -> None:
        from assistant.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())

    async def action_why(self) -> None:
        if not self.conversation_view.replies and self._queue.empty():
            await self.note("Ask a question first; /why then explains how its answer was reached.")
            return
        await self.ask("why?")

    async def action_copy(self) -> None:
        view = self.selected
        assistant = self.chat_app.assistant
        if view is None or assistant is None:
            await self.note("Nothing to copy yet: ask a question first.")
            return
        self.app.copy_to_clipboard(reply_as_plain_text(view.question, view.reply, assistant.corpus.clause_by_id))
        count = len(view.reply.citations)
        await self.note(f"Copied reply {view.number} with its {count} citation{'s' * (count != 1)} to the clipboard.")

    def action_reset(self, ask: bool = True) -> None:
        """Start over; the key asks first (a key press alone must not lose the conversation),
        /reset was typed on purpose and does not."""
        from assistant.tui.screens.confirm import ConfirmScreen

        if not ask:
            self._queue.put_nowait(_RESET)
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._queue.put_nowait(_RESET)

        self.app.push_screen(
            ConfirmScreen("Start a new conversation? Earlier answers will no longer carry over."), confirmed
        )

    def action_save(self, argument: str = "") -> None:
        # In a worker: it waits for pending answers, and a message handler must not wait.
        self.background(self._save(argument), "save")

    async def _save(self, argument: str) -> None:
        await self.settled()  # save what the person has seen answered, not half a turn
        conversation = self.chat_app.conversation
        if conversation is None or not conversation.turns:
            await self.note("Nothing to save yet: ask a question first.")
            return
        turns = list(conversation.turns)
        shown = argument.strip() or "transcripts/"
        try:
            from assistant import transcripts

            target, is_folder = save_target(argument, Path.cwd())
            shown = _shown_path(target)
            if is_folder:
                target.mkdir(parents=True, exist_ok=True)
            path = await asyncio.to_thread(transcripts.save_conversation, target, turns)
        except AssistantError as exc:
            problem = exc.one_line()
        except OSError as exc:
            problem = f"{shown}: {exc.strerror or exc}"
        except Exception as exc:  # anything else: say what, keep the chat and the conversation
            self.log.error("save failed", exc)
            problem = f"{shown}: {type(exc).__name__}: {exc}" if not isinstance(exc, ValueError) else str(exc)
        else:
            self.saved_path = Path(path)
            count = len(turns)
            await self.note(f"Saved {count} turn{'s' * (count != 1)} to {_shown_path(self.saved_path)}")
            return
        await self.note(
            f"Could not save the conversation — {_cut(problem)}. It is all still here: /save PATH to try elsewhere.",
            "error",
        )


def _cut(text: str, limit: int = 200) -> str:
    """A long message (a 300-character file name…) shortened in the middle."""
    return text if len(text) <= limit else f"{text[: limit // 2]}…{text[-limit // 2 :]}"


def _shown_path(path: Path) -> str:
    """The path relative to the current folder when it is inside it, else absolute."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
