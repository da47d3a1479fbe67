"""Reply painting: from Enter to the reply on screen, in the chat, over a long conversation.

    python bench/reply_paint.py              # 30 turns, then 40 timed questions, at 120x40
    python bench/reply_paint.py --quick      # 10 turns, 10 timed questions
    python bench/reply_paint.py --json       # the figures and every sample as JSON

The real chat (bundled corpus, real dialogue) runs headless in process. A conversation of
`--turns` questions is built first; then each timed question is typed into the input and
timed from the Enter key to the first frame in which its reply is on screen. Headless
Textual lays out and renders every frame but writes it nowhere, so each frame is also
turned into the escape sequences a terminal would receive (the cost of a real terminal,
less the write itself). The conversation keeps growing: the last timed question is asked
after `turns + samples - 1` earlier ones.

Target: p99 <= 50 ms. Also reported: the CPU time the process used meanwhile (on a busy
machine the wall time also counts waiting for a core; the load average is printed), and Home
and End (scroll to the first and last reply) from the key to the frame that shows the move.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))
sys.path.insert(0, str(REPO))

from questions import FALLBACK_CONVERSATIONS  # noqa: E402

from assistant.commands.chat import CHAT_FPS  # noqa: E402

# As `licensing-assistant chat` sets it, before Textual is imported.
os.environ.setdefault("TEXTUAL_FPS", str(CHAT_FPS))
from scale import percentile  # noqa: E402

TARGET_P99_MS = 50.0
SIZE = (120, 40)
TIMEOUT_S = 5.0


def question_stream() -> list[str]:
    """The built-in questions, one conversation after another, as one long conversation."""
    return [q for conversation in FALLBACK_CONVERSATIONS for q in conversation]


class FrameWatch:
    """Wraps the app's display hook: renders each frame to terminal output and calls `check`."""

    def __init__(self, app: Any) -> None:
        from textual._compositor import CompositorUpdate

        self.app = app
        self.check: Callable[[], bool] | None = None
        self.done_at: float | None = None
        self.done_cpu: float | None = None  # the process's CPU time then (all threads)
        self.frames = 0
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if renderable is None:
                return
            if isinstance(renderable, CompositorUpdate):
                renderable.render_segments(app.console)  # what a terminal would be sent
            self.frames += 1
            if self.check is not None and self.done_at is None and self.check():
                self.done_at = time.perf_counter()
                self.done_cpu = time.process_time()

        app._display = display

    async def until(self, pilot: Any, what: str) -> float:
        deadline = time.perf_counter() + TIMEOUT_S
        while self.done_at is None:
            if time.perf_counter() > deadline:
                raise RuntimeError(f"timed out waiting for {what}")
            await asyncio.sleep(0.001)
        return self.done_at


def on_screen(pane: Any, block: Any) -> bool:
    """Whether the top of `block` is in the part of the conversation on screen."""
    return pane.scroll_y <= block.top + 1 < pane.scroll_y + pane.scrollable_content_region.height


async def run(turns: int, samples: int, size: tuple[int, int]) -> dict[str, Any]:
    from textual import events

    from assistant.tui.app import ChatApp

    questions = question_stream()
    app = ChatApp(cursor_blink=False, quiet_gc=True)  # as `licensing-assistant chat` runs it
    paint_ms: list[float] = []
    cpu_ms: list[float] = []
    home_ms: list[float] = []
    end_ms: list[float] = []
    async with app.run_test(size=size) as pilot:
        await app.wait_assistant()
        watch = FrameWatch(app)
        chat = app.chat
        view = chat.conversation_view
        # The conversation so far (not timed).
        for n in range(turns):
            chat.prompt.value = questions[n % len(questions)]
            await pilot.press("enter")
            await chat.settled()
        await pilot.pause()
        for n in range(samples):
            question = questions[(turns + n) % len(questions)]
            before = len(view.replies)
            chat.prompt.value = question  # typed: the screen shows it before Enter is pressed
            await pilot.pause()

            def painted(before: int = before) -> bool:
                replies = view.replies
                return len(replies) > before and on_screen(view, replies[-1])

            watch.check, watch.done_at = painted, None
            start, start_cpu = time.perf_counter(), time.process_time()
            # As the terminal driver delivers a key (Pilot.press also waits for the app to settle).
            app.post_message(events.Key("enter", "\r"))
            done = await watch.until(pilot, f"the reply to {question!r}")
            paint_ms.append((done - start) * 1000)
            cpu_ms.append(((watch.done_cpu or start_cpu) - start_cpu) * 1000)
            await chat.settled()
            await pilot.pause()
            # Home and End, from the input: the first reply comes into view, then the last.
            if n % 4 == 0:
                first, last = view.replies[0], view.replies[-1]
                for key, target, out in (("home", first, home_ms), ("end", last, end_ms)):
                    watch.check = lambda target=target: on_screen(view, target)
                    watch.done_at = None
                    start = time.perf_counter()
                    await pilot.press(key)
                    try:
                        done = await watch.until(pilot, key)
                    except RuntimeError:  # the key does not scroll the conversation from the input
                        out.append(float("nan"))
                        break
                    out.append((done - start) * 1000)
                    await pilot.pause()
        replies = len(view.replies)

    def stats(values: list[float]) -> dict[str, Any]:
        if any(v != v for v in values):
            return {"n": len(values), "error": "the key did not bring the reply into view"}
        if not values:
            return {"n": 0}
        return {
            "n": len(values),
            "p50_ms": round(percentile(values, 50), 1),
            "p99_ms": round(percentile(values, 99), 1),
            "max_ms": round(max(values), 1),
            "mean_ms": round(statistics.fmean(values), 1),
        }

    return {
        "size": list(size),
        "turns_before": turns,
        "replies_at_end": replies,
        "paint": stats(paint_ms),
        "paint_cpu": stats(cpu_ms),
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "home": stats(home_ms),
        "end": stats(end_ms),
        "target_p99_ms": TARGET_P99_MS,
        "met": bool(paint_ms) and percentile(paint_ms, 99) <= TARGET_P99_MS,
        "samples_ms": {
            "paint": [round(v, 1) for v in paint_ms],
            "paint_cpu": [round(v, 1) for v in cpu_ms],
            "home": [round(v, 1) for v in home_ms],
            "end": [round(v, 1) for v in end_ms],
        },
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="10 turns and 10 timed questions")
    p.add_argument("--turns", type=int, help="questions asked before timing starts (default 30)")
    p.add_argument("--samples", type=int, help="timed questions (default 40)")
    p.add_argument("--size", default=f"{SIZE[0]}x{SIZE[1]}", help="terminal size, WxH (default 120x40)")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    args = p.parse_args(argv)
    turns = args.turns if args.turns is not None else (10 if args.quick else 30)
    samples = args.samples if args.samples is not None else (10 if args.quick else 40)
    width, _, height = args.size.partition("x")
    result = asyncio.run(run(turns, samples, (int(width), int(height))))
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        paint, home, end = result["paint"], result["home"], result["end"]
        print(
            f"reply painted after Enter, {paint['n']} questions after {turns} turns at {args.size}: "
            f"p50 {paint['p50_ms']} ms, p99 {paint['p99_ms']} ms, max {paint['max_ms']} ms "
            f"(target p99 <= {TARGET_P99_MS:g} ms: {'met' if result['met'] else 'MISSED'})"
        )
        cpu = result["paint_cpu"]
        print(f"  CPU time used meanwhile (all threads): p50 {cpu['p50_ms']} ms, p99 {cpu['p99_ms']} ms")
        print(f"Home: p50 {home.get('p50_ms')} ms, max {home.get('max_ms')} ms; End: p50 {end.get('p50_ms')} ms")
        if result["load_average"]:
            print(f"load average at the end: {', '.join(f'{x:.2f}' for x in result['load_average'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
