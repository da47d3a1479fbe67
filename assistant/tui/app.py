"""The chat application: loads the assistant in the background and hosts the screens.

The App itself stays thin: the chat screen does the conversation, the other screens search
and show clauses. Nothing here knows about licensing; it all goes through `assistant.api`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import App, SystemCommand
from textual.screen import Screen

from assistant.errors import AssistantError
from assistant.tui.keys import bindings, palette_commands
from assistant.tui.quiet_gc import HOLD_SECONDS, QuietGC
from assistant.tui.screens.chat import ChatScreen

if TYPE_CHECKING:
    from assistant.api import Assistant
    from assistant.dialogue.conversation import Conversation


# Seconds after start-up by which the corpus starts loading even if the first frame is late.
LOAD_DELAY_LIMIT = 0.3
# A build still going after this many seconds shows its progress (a quick one never does).
PROGRESS_AFTER_S = 0.3


class ChatApp(App[None]):
    """`licensing-assistant chat`: ask, follow up, inspect sources, search clauses, save."""

    TITLE = "Licensing assistant"
    BINDINGS = bindings("app")  # quit, shown in the footer on every screen
    CSS_PATH = [  # noqa: RUF012 (Textual's declaration style)
        "app.tcss",
        "widgets/conversation.tcss",
        "widgets/new_below.tcss",
        "widgets/sources.tcss",
    ]

    def __init__(
        self,
        corpus: str | Path | None = None,
        *,
        cursor_blink: bool = True,
        loader: Callable[[], Assistant] | None = None,
        load_options: dict[str, Any] | None = None,
        quiet_gc: bool = False,
    ) -> None:
        """`corpus` and `load_options` (index, cache): as for `Assistant.load`; `loader` replaces
        loading it (tests, embedding); `quiet_gc`: keep the garbage collector's pauses away from
        replies (see quiet_gc.py) — for the process the chat owns, not for a test run hosting many apps."""
        super().__init__()
        self.quiet_gc = QuietGC() if quiet_gc else None
        self.corpus_path = corpus
        self._loader = loader
        self._load_options = load_options or {}
        self.cursor_blink = cursor_blink
        self.assistant: Assistant | None = None
        self.conversation: Conversation | None = None
        self.load_error: str | None = None
        self._loaded = asyncio.Event()
        self._loading_started = False
        self._load_started = 0.0

    def get_default_screen(self) -> Screen:
        return ChatScreen()

    def on_mount(self) -> None:
        # The corpus loads in a thread, so the input takes keys straight away; it starts after
        # the first frame is drawn, so the two do not compete for the interpreter meanwhile
        # (the timer: in case that frame is slow to come, loading does not wait for ever).
        self.call_after_refresh(self._start_loading)
        self.set_timer(LOAD_DELAY_LIMIT, self._start_loading)

    async def on_event(self, event: events.Event) -> None:
        # Keys the terminal delivers before the chat screen has given its input the focus (typed
        # during start-up) would go to the screen and be lost: give the input the focus first.
        if isinstance(event, events.Key) and not event.is_forwarded and self.focused is None:
            screen = self.screen
            if isinstance(screen, ChatScreen):
                screen.focus_prompt_now()
        await super().on_event(event)

    def _start_loading(self) -> None:
        if not self._loading_started:
            self._loading_started = True
            self._load_started = time.monotonic()
            self._load()

    @work(thread=True, exit_on_error=False, group="load")
    def _load(self) -> None:
        from assistant.api import Assistant

        try:
            assistant = (
                self._loader()
                if self._loader is not None
                else Assistant.load(
                    self.corpus_path, progress=self._progress, notice=self._notice, **self._load_options
                )
            )
            # Build the search index (and import numpy) now, in this thread, rather than
            # on the first search or the first question that needs passages.
            assistant.retriever.search("cal", limit=1)
        except AssistantError as exc:
            self.call_from_thread(self._loaded_with, None, exc.one_line())
        except Exception as exc:  # never a traceback on screen; the message says what failed
            self.call_from_thread(self._loaded_with, None, f"could not load the corpus: {type(exc).__name__}: {exc}")
        else:
            self.call_from_thread(self._loaded_with, assistant, None)

    def _progress(self, stage: str, done: int, total: int) -> None:
        """From the loading thread: a long build shows a progress bar above the input."""
        self.call_from_thread(self._show_progress, stage, done, total)

    def _show_progress(self, stage: str, done: int, total: int) -> None:
        from assistant.tui.widgets.loading import LoadingProgress

        chat = self.chat
        bars = chat.query(LoadingProgress)
        if bars:
            bars.first().show(stage, done, total)
        elif time.monotonic() - self._load_started >= PROGRESS_AFTER_S and done < total:
            chat.mount(LoadingProgress(stage, done, total), before=chat.prompt)

    def _notice(self, text: str) -> None:
        """From the loading thread: why the notes could not be kept in the cache."""
        self.call_from_thread(self.chat.note, f"Note: {text}.")

    def _loaded_with(self, assistant: Assistant | None, error: str | None) -> None:
        from assistant.tui.widgets.loading import LoadingProgress

        self.chat.query(LoadingProgress).remove()
        self.assistant = assistant
        self.load_error = error
        if assistant is not None:
            self.conversation = assistant.conversation()
            if self.quiet_gc is not None:
                self.quiet_gc.started()
        self._loaded.set()
        if error is not None:
            # Nothing works without the notes: leave, and `chat` prints the error in one line.
            self.exit(return_code=1)

    def question_sent(self) -> None:
        """A question is on its way: keep collector pauses out of its reply (quiet_gc.py)."""
        if self.quiet_gc is not None:
            self.quiet_gc.hold()
            self.set_timer(HOLD_SECONDS, self.quiet_gc.release)

    def reply_shown(self) -> None:
        """A reply and its sources are on screen."""
        if self.quiet_gc is not None:
            self.quiet_gc.reply_shown()

    def answers_done(self) -> None:
        """No question is waiting any more."""
        if self.quiet_gc is not None:
            self.quiet_gc.release()

    def on_unmount(self) -> None:
        if self.quiet_gc is not None:
            self.quiet_gc.stop()

    async def wait_assistant(self) -> Assistant | None:
        """The loaded assistant, once it is loaded; None if loading failed (see `load_error`)."""
        await self._loaded.wait()
        return self.assistant

    def new_conversation(self) -> None:
        if self.assistant is not None:
            self.conversation = self.assistant.conversation()

    @property
    def chat(self) -> ChatScreen:
        return next(s for s in self.screen_stack if isinstance(s, ChatScreen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        if isinstance(screen, ChatScreen):
            yield from palette_commands(screen)  # from the actions table
        yield from (c for c in super().get_system_commands(screen) if c.title != "Quit")
