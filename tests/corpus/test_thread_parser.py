"""The bundled ServerFault thread parses into the right posts, authors, quotes and clauses."""

from __future__ import annotations

import itertools
import re

import pytest

from assistant.ingest.thread import parse_thread
from assistant.models.corpus import AUTHORITY_RANK, Authority, Corpus, PostKind

ANSWER_AUTHORS = {
    "a1": "Bart De Vos",
    "a2": "Oskar Duveborn",
    "a3": "Jay Michaud",
    "a4": "Martin",  # the asker, reporting Microsoft's reply
    "a5": "Wayne",  # unnamed on the page: the one commenter who wrote nothing else
}
COMMENTS = {
    "a2.c1": ("Jay Michaud", "May 18 '09 at 17:54"),
    "a2.c2": ("Oskar Duveborn", "May 18 '09 at 19:48"),
    "a2.c3": ("Richard Gadsden", "Jul 13 '09 at 15:42"),
    "a4.c1": ("Jay Michaud", "May 18 '09 at 16:06"),
    "a4.c2": ("Martin", "May 18 '09 at 16:44"),
    "a4.c3": ("Jay Michaud", "May 18 '09 at 18:26"),
    "a4.c4": ("Jay Michaud", "May 18 '09 at 18:26"),
    "a4.c5": ("Oskar Duveborn", "May 18 '09 at 20:42"),
    "a5.c1": ("Martin", "May 18 '09 at 11:24"),
    "a5.c2": ("Wayne", "May 18 '09 at 11:47"),
    "a5.c3": ("Oskar Duveborn", "May 18 '09 at 13:27"),
}
# The passages the page showed as block quotes of Microsoft (see the .meta.yaml).
MICROSOFT_CLAUSES = ["a1.3", "a1.4", "a1.5", "a1.6", "a4.2", "a4.3", "a4.4"]


def test_one_question_five_answers_and_every_comment(built: Corpus) -> None:
    kinds = [(p.id, p.kind) for p in built.posts]
    assert [pid for pid, k in kinds if k is PostKind.question] == ["q"]
    assert [pid for pid, k in kinds if k is PostKind.answer] == ["a1", "a2", "a3", "a4", "a5"]
    assert [pid for pid, k in kinds if k is PostKind.comment] == list(COMMENTS)
    per_answer = {a: sum(1 for p in built.posts if p.parent == a) for a in ANSWER_AUTHORS}
    assert per_answer == {"a1": 0, "a2": 3, "a3": 0, "a4": 5, "a5": 3}


def test_post_authors(built: Corpus) -> None:
    posts = built.post_by_id
    # The question shows no name; its user card is the same as answer 4's, whose author is the asker.
    assert posts["q"].author == "Martin"
    assert {pid: posts[pid].author for pid in ANSWER_AUTHORS} == ANSWER_AUTHORS


def test_comment_authors_and_dates(built: Corpus) -> None:
    posts = built.post_by_id
    assert {pid: (posts[pid].author, posts[pid].date) for pid in COMMENTS} == COMMENTS
    assert all(posts[pid].parent == pid.split(".")[0] for pid in COMMENTS)


def test_accepted_answer_is_oskars(built: Corpus) -> None:
    assert [p.id for p in built.posts if p.accepted] == ["a2"]
    assert {c.authority for c in built.clauses if c.post == "a2"} == {Authority.accepted}


def test_accepted_answer_comes_from_the_askers_sentence(thread_text: str) -> None:
    """Not hard-coded: the asker's "I've accepted <name>'s answer" picks the post (typo allowed)."""
    assert "I've accepted Oskar Duvenborns answer" in thread_text
    assert parse_thread(thread_text, "t.txt").accepted == "a2"
    jay = thread_text.replace("I've accepted Oskar Duvenborns answer", "I've accepted Jay Michauds answer")
    assert parse_thread(jay, "t.txt").accepted == "a3"
    none = thread_text.replace("I've accepted Oskar Duvenborns answer", "I liked the answers")
    assert parse_thread(none, "t.txt").accepted is None
    # Only the asker can accept: the same words from someone else do not count.
    assert "sticky subject" in thread_text
    other = none.replace("Well, this is a very sticky subject", "I've accepted Bart De Voss answer. Well")
    assert parse_thread(other, "t.txt").accepted is None


def test_vendor_quotes_on_the_right_clauses(built: Corpus) -> None:
    quoting = [c.id for c in built.clauses if c.quotes]
    assert quoting == MICROSOFT_CLAUSES
    for cid in MICROSOFT_CLAUSES:
        clause = built.clause_by_id[cid]
        assert clause.quotes == "Microsoft"
        assert clause.authority is Authority.vendor
        assert "authority:vendor" in clause.tags
    # The people quoting stay the authors; the quote is who they speak for.
    assert built.clause_by_id["a1.6"].author == "Bart De Vos"
    assert built.clause_by_id["a4.3"].author == "Martin"
    # The introductions around the quotes are the posters' own words.
    assert built.clause_by_id["a1.2"].authority is Authority.answer
    assert built.clause_by_id["a4.1"].authority is Authority.answer
    assert built.clause_by_id["a4.5"].authority is Authority.answer


def test_authority_of_each_kind_and_their_ranking(built: Corpus) -> None:
    by_id = built.clause_by_id
    assert by_id["q.1"].authority is Authority.question
    assert by_id["a2.4"].authority is Authority.accepted
    assert by_id["a3.1"].authority is Authority.answer
    assert by_id["a5.2"].authority is Authority.answer
    assert by_id["a2.c3.2"].authority is Authority.comment
    assert by_id["a1.6"].authority is Authority.vendor
    order = [Authority.vendor, Authority.accepted, Authority.answer, Authority.comment, Authority.question]
    ranks = [AUTHORITY_RANK[a] for a in order]
    assert ranks == sorted(ranks, reverse=True) and len(set(ranks)) == len(ranks)
    for clause in built.clauses:
        assert f"authority:{clause.authority.name}" in clause.tags
        assert f"kind:{clause.kind.value}" in clause.tags


DEBRIS = [
    re.compile(r"^\s*[\d,]+\s*$"),  # a bare reputation, badge or vote count
    re.compile(r"\b\d{1,3},\d{3}\b(?!\s*(?:users|CALs))"),  # a reputation such as 17,761
    re.compile(r"Answers\s*\d"),  # "5 Answers5"
    re.compile(r"enter image description here", re.IGNORECASE),
    re.compile(r"Possible Duplicate", re.IGNORECASE),
    re.compile(r"Can you help me with my software licensing question"),  # the duplicate banner's link
    re.compile(r"\u2022"),  # a bullet from the page's lists
    re.compile(r"[\u2013\u2014]\s*(?:Jay Michaud|Oskar Duveborn|Richard Gadsden|Martin|Wayne)\b"),
    re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2} '\d\d at \d\d:\d\d"),
    re.compile(r"^(?:Bart De Vos|Oskar Duveborn|Jay Michaud)\s*$", re.MULTILINE),  # a user card's name
]


def test_no_debris_in_any_clause(built: Corpus) -> None:
    for clause in built.clauses:
        for pattern in DEBRIS:
            assert not pattern.search(clause.text), f"{clause.id}: {pattern.pattern!r} in {clause.text!r}"
        assert clause.text == clause.text.strip()
        assert clause.text


def test_the_debris_was_there_and_is_recorded(built: Corpus, thread_text: str) -> None:
    """The debris patterns are not vacuous: the source has each kind, and the build says it dropped it."""
    for pattern in DEBRIS[1:]:
        assert pattern.search(thread_text), pattern.pattern
    (source,) = built.sources
    assert source.dropped == sorted(source.dropped)
    assert any("badge" in d for d in source.dropped)
    assert any("vote" in d for d in source.dropped)
    assert any("image" in d for d in source.dropped)


def test_every_clause_is_the_source_text_at_its_offsets(built: Corpus, thread_text: str) -> None:
    for clause in built.clauses:
        assert thread_text[clause.start : clause.end] == clause.text, clause.id


def test_clauses_are_in_order_and_do_not_overlap(built: Corpus) -> None:
    by_id = built.clause_by_id
    for post in built.posts:
        spans = [(by_id[c].start, by_id[c].end) for c in post.clauses]
        assert spans, post.id
        assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(spans))
        assert list(post.clauses) == [f"{post.id}.{n}" for n in range(1, len(spans) + 1)]
        assert all(by_id[c].post == post.id for c in post.clauses)


def _prose_lines(thread_text: str) -> list[tuple[int, str]]:
    """(offset, text) of every piece of prose in the source, found independently of the parser."""
    names = ("Bart De Vos", "Oskar Duveborn", "Jay Michaud")
    out: list[tuple[int, str]] = []
    offset = 0
    lines = thread_text.splitlines(keepends=True)
    for i, raw in enumerate(lines):
        start, offset = offset, offset + len(raw)
        line = raw.rstrip("\n")
        body = re.sub(r"^\s*\u2022\s*", "", line)
        body = re.sub(r"\s+\u2013\s*[A-Z][\w ]+ [A-Z][a-z]{2} \d{1,2} '\d\d at \d\d:\d\d\s*$", "", body)
        if (
            not body.strip()
            or re.fullmatch(r"\s*[\d,]+\s*", body)
            or body.strip() in names
            or body.strip() in {"5 Answers5", "enter image description here", "Possible Duplicate:"}
            or (i > 0 and lines[i - 1].strip() == "Possible Duplicate:")
        ):
            continue
        out.append((start, body.strip()))
    return out


def test_no_prose_is_dropped(built: Corpus, thread_text: str) -> None:
    """Every word of every post and comment is inside some clause."""
    covered = {i for c in built.clauses for i in range(c.start, c.end)}
    prose = _prose_lines(thread_text)
    assert len(prose) == 44  # every non-blank line that is not page chrome
    for offset, text in prose:
        where = thread_text.index(text, offset)
        # Long paragraphs are cut into sentences: only the spaces between them may be uncovered.
        missing = [i for i in range(where, where + len(text)) if i not in covered and not thread_text[i].isspace()]
        assert not missing, f"dropped {thread_text[missing[0] : missing[0] + 40]!r} from {text!r}"


@pytest.mark.parametrize(
    ("clause_id", "fragment"),
    [
        ("q.1", "OEM copies of Server 2003 or Server 2008 are supplied with 5 CALS."),
        ("a1.5", "your choice is permanent."),
        ("a1.6", "reassign a Windows CAL from one device to another device"),
        ("a2.4", "you've then got 10 CALs."),
        ("a2.10", "A seat is a device or a user"),
        ("a2.14", "concurrent connections"),
        ("a2.15", "up to 2 administrators accessing a server without any CALs"),
        ("a2.c3.1", "You get NO CALs with a server if you buy through any volume licensing channel"),
        ("a2.c3.2", "You get 5 with Standard and 25 with Enterprise"),
        ("a2.c3.3", "Grant one server one concurrent access license."),
        ("a3.1", "off-the-shelf box version"),
        ("a4.3", "Then all 10 users will be able to access both"),
        ("a4.4", "obtained the CALs separately (i.e. 5 CALs each)"),
        ("a5.2", "5 CAL's == 4 simultaneous users"),
        ("a5.3", "only 4 users per server"),
        ("a5.c3.1", "Don't need a CAL for administrative access"),
    ],
)
def test_cited_clause_ids_keep_their_text(built: Corpus, clause_id: str, fragment: str) -> None:
    """The rules cite these ids: a parser change that moves them must fail here."""
    assert fragment in built.clause_by_id[clause_id].text


def test_long_paragraphs_become_sentences_but_enumerations_stay_whole(built: Corpus) -> None:
    by_id = built.clause_by_id
    # a2.c3's "1. Grant ... 2. Grant ... 3. Grant ..." is one sentence, not cut at "1."
    assert by_id["a2.c3.3"].text.startswith("Your license lets you do one of three things: 1. Grant")
    # "(i.e. 5 CALs each)" does not end a sentence.
    assert by_id["a4.4"].text.endswith("for both the servers.")
    assert all(len(c.text) <= 420 for c in built.clauses)
