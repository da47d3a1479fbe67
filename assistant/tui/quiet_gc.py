"""Keeps Python's garbage collector from pausing the chat while it puts a reply on screen.

Drawing a reply makes thousands of short-lived objects, enough to set off several collections
on the way, each walking every young object; a full collection walks everything the process
holds — the notes, the index, every reply so far — and took up to half a second in a 30-turn
chat. So:

- while a question is being answered and its reply drawn, automatic collection waits
  (`hold`, then `release` once the reply and its sources are on screen, or after
  `HOLD_SECONDS` at the latest; plain reference counting still frees almost everything);
- objects that have lived through a reply are moved out of the collector's sight
  (`gc.freeze()`), and brought back and collected every `every` replies, just after a reply is
  on screen, while the person reads. Garbage among frozen objects waits until then (a few
  hundred KB a reply), so memory stays bounded.

For the process the chat owns (`licensing-assistant chat`), not for a test run hosting many apps.
"""

from __future__ import annotations

import gc

# The longest collection can wait for one reply (a safety net: release normally comes first).
HOLD_SECONDS = 2.0


class QuietGC:
    def __init__(self, every: int = 25) -> None:
        self.every = every
        self.replies = 0
        self.full_collections = 0
        self.holding = False

    def started(self) -> None:
        """Everything loaded at start-up lives as long as the chat: out of the collector's way."""
        gc.collect()
        gc.freeze()

    def hold(self) -> None:
        """A question was sent: no automatic collection until its reply is on screen."""
        if not self.holding and gc.isenabled():
            gc.disable()
            self.holding = True

    def release(self) -> None:
        if self.holding:
            self.holding = False
            gc.enable()

    def reply_shown(self) -> None:
        """A reply is on screen: what it left behind is long-lived now, or garbage for later."""
        self.replies += 1
        if self.replies % self.every == 0:
            gc.unfreeze()
            gc.collect()
            self.full_collections += 1
        gc.freeze()

    def stop(self) -> None:
        self.release()
        gc.unfreeze()
