"""The tag vocabulary: loading errors point at file and line; tags land on the right clauses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.errors import AssistantError
from assistant.ingest.build import DERIVED_GROUPS, DERIVED_TAGS, load_vocabulary
from assistant.models.corpus import Corpus
from assistant.store import REPO_CORPUS_DIR

GOOD = """\
# a comment
mode:per-server:
  description: Per server mode
  patterns:
    - '\\bper server\\b'
"""


def _vocab(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tags.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _error(path: Path) -> AssistantError:
    with pytest.raises(AssistantError) as err:
        load_vocabulary(path)
    assert err.value.file == str(path)
    return err.value


def test_the_repository_vocabulary_loads() -> None:
    tags = load_vocabulary(REPO_CORPUS_DIR / "tags.yaml")
    names = [t.name for t in tags]
    assert len(names) == len(set(names))
    groups = {t.group for t in tags}
    assert {"mode", "cal", "channel", "edition", "product", "topic"} <= groups
    for required in [
        "mode:per-server",
        "mode:per-user-device",
        "cal:user",
        "cal:device",
        "channel:fpp",
        "channel:oem",
        "channel:volume",
        "edition:standard",
        "edition:enterprise",
        "product:server-2003",
        "product:server-2008",
        "topic:included-cals",
        "topic:pooling",
        "topic:reassignment",
        "topic:administrators",
        "topic:changing-modes",
    ]:
        assert required in names
    assert all(t.description for t in tags)


def test_a_good_file(tmp_path: Path) -> None:
    (tag,) = load_vocabulary(_vocab(tmp_path, GOOD))
    assert (tag.name, tag.group, tag.patterns) == ("mode:per-server", "mode", ["\\bper server\\b"])


def test_bad_regex_names_file_and_line(tmp_path: Path) -> None:
    err = _error(_vocab(tmp_path, GOOD + "topic:broken:\n  description: x\n  patterns: ['(unclosed']\n"))
    assert err.line == 6
    assert "topic:broken" in err.message and "(unclosed" in err.message


def test_bad_name_names_file_and_line(tmp_path: Path) -> None:
    err = _error(_vocab(tmp_path, GOOD + "Not A Tag:\n  description: x\n  patterns: []\n"))
    assert err.line == 6
    assert "Not A Tag" in err.message


def test_a_numeric_tag_name_still_has_a_line(tmp_path: Path) -> None:
    err = _error(_vocab(tmp_path, GOOD + "42:\n  description: x\n"))
    assert err.line == 6


def test_malformed_yaml_names_file_and_line(tmp_path: Path) -> None:
    err = _error(_vocab(tmp_path, GOOD + "topic:x:\n  description: [unclosed\n  patterns: []\n"))
    assert err.line is not None and err.line >= 7
    assert "YAML" in err.message


def test_tab_indentation_is_malformed_yaml(tmp_path: Path) -> None:
    err = _error(_vocab(tmp_path, GOOD + "topic:x:\n\tdescription: x\n"))
    assert err.line == 7


@pytest.mark.parametrize(
    "text",
    [
        "- just\n- a list\n",
        "",
        "mode:x:\n  description: d\n  patterns: '\\bnot a list\\b'\n",
        "mode:x:\n  description: d\n  pattern: ['typo in the key']\n",
        "kind:answer:\n  description: derived\n",
        "mode:x: just a string\n",
    ],
)
def test_wrong_shapes_are_errors_with_a_line(tmp_path: Path, text: str) -> None:
    err = _error(_vocab(tmp_path, text))
    assert err.line is not None


def test_a_pattern_matching_nothing_in_particular_is_refused(tmp_path: Path) -> None:
    """'x*' matches the empty string, so it would tag every clause."""
    err = _error(_vocab(tmp_path, GOOD + "topic:all:\n  description: x\n  patterns: ['x*']\n"))
    assert err.line == 6


def test_missing_file(tmp_path: Path) -> None:
    err = _error(tmp_path / "nope.yaml")
    assert "cannot read" in err.message


@pytest.mark.parametrize(
    ("clause_id", "present", "absent"),
    [
        ("a1.6", {"topic:reassignment", "cal:user", "cal:device"}, {"mode:per-server"}),
        ("a1.5", {"topic:changing-modes"}, {"topic:reassignment"}),
        ("a2.14", {"mode:per-server", "topic:concurrency"}, {"mode:per-user-device"}),
        ("a2.15", {"topic:administrators"}, set()),
        ("a2.c3.1", {"channel:volume", "topic:included-cals"}, {"edition:enterprise"}),  # "enterprise" agreement
        ("a2.c3.2", {"channel:fpp", "channel:oem", "edition:standard", "edition:enterprise"}, {"channel:volume"}),
        ("a3.1", {"channel:fpp", "channel:volume", "topic:included-cals"}, set()),
        ("a4.3", {"product:server-2003", "cal:user", "topic:pooling"}, {"product:server-2008"}),
        ("q.1", {"channel:oem", "product:server-2003", "product:server-2008", "topic:included-cals"}, set()),
        ("a5.c3.1", {"topic:administrators", "kind:comment", "authority:comment"}, set()),
    ],
)
def test_tags_on_known_clauses(built: Corpus, clause_id: str, present: set[str], absent: set[str]) -> None:
    tags = set(built.clause_by_id[clause_id].tags)
    assert present <= tags
    assert not (absent & tags)


def test_tagging_is_deterministic_and_in_vocabulary_order(built: Corpus) -> None:
    order = {name: i for i, name in enumerate(built.tag_names)}
    for clause in built.clauses:
        assert [order[t] for t in clause.tags] == sorted(order[t] for t in clause.tags), clause.id
    assert built.tags[-len(DERIVED_TAGS) :] == DERIVED_TAGS


def test_every_listed_tag_is_used(built: Corpus) -> None:
    """A tag that matches no clause of the bundled corpus is likely a broken pattern."""
    used = {t for c in built.clauses for t in c.tags}
    unused = [t.name for t in built.tags if t.name not in used and t.group not in DERIVED_GROUPS]
    assert unused == []


def test_tag_patterns_compile_case_insensitively_unless_told(built: Corpus) -> None:
    standard = next(t for t in built.tags if t.name == "edition:standard")
    assert any("(?-i:" in p for p in standard.patterns)
    assert not re.search(standard.patterns[0], "the standard way", re.IGNORECASE)
