"""What is exported reads back the same: codes with their nesting, colours and descriptions,
each comment's text, and every passage with its code, coder and time."""

from collections import Counter

from scoring.qdpx import qdpx_read
from tests.qdpx_samples import ANA, CODINGS, COMMENTS, FRAME, LEE, sample_qdpx


def test_export_then_read_gives_back_codes_sources_and_codings():
    project = qdpx_read(data=sample_qdpx())

    assert project.name == "Relational audit – Northshire"
    assert project.codes == FRAME  # nesting, colours, descriptions and isCodable included
    assert {(s.name, s.text) for s in project.sources} == {
        (f"comment-{cid}", text) for cid, text in COMMENTS.items()
    }
    assert Counter(project.codings) == Counter(CODINGS)
    assert set(project.users) == {ANA, LEE}
    assert project.skipped == ()


def test_two_codes_on_one_passage_share_one_selection_and_keep_their_coders():
    project = qdpx_read(data=sample_qdpx())
    trust = [c for c in project.codings if c.end - c.start == len("trust between teams")]
    assert {(c.start, c.end) for c in trust} == {(CODINGS[0].start, CODINGS[0].end)}
    assert {c.coder_name for c in trust} == {"Ana Lyst", "Lee Ad"}
