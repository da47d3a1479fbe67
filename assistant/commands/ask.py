"""`licensing-assistant ask`: one conversation of one or more turns, answered in order."""

from __future__ import annotations

import argparse

from assistant.commands._common import assistant_from_args, print_json, require_text


def add_parser(sub: argparse._SubParsersAction) -> None:
    from assistant.cli import add_corpus_option

    p = sub.add_parser(
        "ask",
        help="ask one or more turns of a conversation",
        description="Answer the turns in order as one conversation (later turns may follow up on earlier ones). "
        'Example: licensing-assistant ask "3 OEM copies with 5 CALs each" "how many users can use all of them?"',
    )
    p.add_argument("turns", nargs="+", metavar="TURN", help="a question or follow-up; quote each turn")
    p.add_argument("--json", action="store_true", help="print a JSON array, one object per turn")
    add_corpus_option(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    for i, turn in enumerate(args.turns, start=1):
        require_text(turn, f"turn {i}")
    chat = assistant_from_args(args).conversation()
    replies = [chat.ask(turn) for turn in args.turns]
    if args.json:
        print_json([{"turn": t, **r.model_dump(mode="json")} for t, r in zip(args.turns, replies, strict=True)])
    else:
        blocks = [
            r.text if len(replies) == 1 else f"> {t}\n\n{r.text}" for t, r in zip(args.turns, replies, strict=True)
        ]
        print("\n\n".join(blocks))
    return 0
