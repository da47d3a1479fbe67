"""Chat start-up driver: runs the real `licensing-assistant chat` headless and says when the
input accepts keys.

`bench/run.py` starts this in a fresh process and times from the spawn until the
line `ready` appears on stdout. The driver does not need to know the TUI's classes:
it makes every Textual app run headless with an autopilot that waits until an input
widget has focus, prints `ready`, then types a key to check the input takes it
(printing `keys-ok`, or `keys-ignored`) and quits.

    python bench/chat_startup.py            # prints: ready / keys-ok
Exit status 3 with `unavailable: ...` on stdout when there is no chat command yet.
"""

from __future__ import annotations

import asyncio
import importlib.util
import sys
import time

POLL_S = 0.002
FOCUS_TIMEOUT_S = 30.0
INPUT_CLASSES = ("Input", "TextArea")  # Textual widgets that accept typed text


def _is_text_input(widget: object) -> bool:
    # By class name along the MRO, so that the driver imports no widget module the app did not.
    return any(cls.__name__ in INPUT_CLASSES and cls.__module__.startswith("textual.") for cls in type(widget).__mro__)


def _text_of(widget: object) -> str:
    return str(getattr(widget, "value", None) if hasattr(widget, "value") else getattr(widget, "text", ""))


async def _autopilot(pilot) -> None:  # type: ignore[no-untyped-def]
    app = pilot.app
    deadline = time.monotonic() + FOCUS_TIMEOUT_S
    while not (_is_text_input(app.focused) and not app.focused.disabled):
        if time.monotonic() > deadline:
            print("no-input-focused", flush=True)
            app.exit()
            return
        await asyncio.sleep(POLL_S)
    print("ready", flush=True)
    widget = app.focused
    before = _text_of(widget)
    await pilot.press("x")
    print("keys-ok" if _text_of(widget) == before + "x" else "keys-ignored", flush=True)
    app.exit()


def main() -> int:
    if importlib.util.find_spec("assistant.commands.chat") is None:
        print("unavailable: no `chat` command (assistant/commands/chat.py) yet", flush=True)
        return 3

    from textual.app import App

    run_async = App.run_async

    async def headless_run_async(self, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.update(headless=True, size=(100, 32), auto_pilot=_autopilot)
        return await run_async(self, **kwargs)

    App.run_async = headless_run_async  # type: ignore[method-assign]

    from assistant.cli import main as cli_main

    return cli_main(["chat", *sys.argv[1:]])


if __name__ == "__main__":
    raise SystemExit(main())
