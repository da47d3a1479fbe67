"""Transcripts: conversations recorded with their expected answers, replayed as regression tests.

save_conversation(path, chat.turns, title)        # what the chat's /save calls
files = find_transcripts([REPO_TRANSCRIPTS_DIR])
report = replay_files(files, Assistant.load())    # `licensing-assistant replay`
"""

from __future__ import annotations

from assistant.transcripts.fileformat import dump_transcript, load_transcript, parse_transcript, replace_goldens
from assistant.transcripts.replay import (
    REPO_TRANSCRIPTS_DIR,
    check_expect,
    default_paths,
    find_transcripts,
    format_report,
    format_result,
    golden_diff,
    replay_files,
    replay_transcript,
)
from assistant.transcripts.save import save_conversation

__all__ = [
    "REPO_TRANSCRIPTS_DIR",
    "check_expect",
    "default_paths",
    "dump_transcript",
    "find_transcripts",
    "format_report",
    "format_result",
    "golden_diff",
    "load_transcript",
    "parse_transcript",
    "replace_goldens",
    "replay_files",
    "replay_transcript",
    "save_conversation",
]
