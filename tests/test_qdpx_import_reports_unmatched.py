"""What cannot be brought back is reported, counted and explained, never guessed: a source
that is no comment, a code not in the frame, positions outside the text, and a comment whose
text has changed since it was coded (with where the quote is now, when that is certain)."""

from dataclasses import replace

from scoring.qdpx import QdaCoding, qdpx_read
from scoring.qdpx_matching import match_qdpx_codings
from tests.qdpx_samples import (
    BARRIER,
    COMMENTS,
    ENABLER,
    PROXIMITY_STATEMENT,
    STATEMENT,
    THEME,
    sample_qdpx,
)

ALL_CODES = {c.guid: c.name for c in (STATEMENT, THEME, ENABLER, BARRIER, PROXIMITY_STATEMENT)}


def by_outcome(report) -> dict[str, list]:
    grouped: dict[str, list] = {}
    for passage in report.unmatched:
        grouped.setdefault(passage.outcome, []).append(passage)
    return grouped


def test_unknown_source_unknown_code_and_changed_text_are_reported():
    project = qdpx_read(data=sample_qdpx())
    redacted = "[redacted] but the trust between teams is real."
    codes = {guid: name for guid, name in ALL_CODES.items() if guid != ENABLER.guid}
    report = match_qdpx_codings(project=project, comments={12: redacted}, codes=codes)

    assert report.counts == {
        "matched": 0,
        "unmatched_source": 2,  # both codings of comment 13, which is not being imported into
        "unmatched_code": 1,  # Lee's "Enabler" on comment 12
        "invalid_position": 0,
        "text_changed": 2,  # the statement and the theme on comment 12
    }
    grouped = by_outcome(report)
    assert {p.reason for p in grouped["unmatched_source"]} == {
        "Source 'comment-13': no comment 13 among those being imported into."
    }
    (code,) = grouped["unmatched_code"]
    assert (code.comment_id, code.code_name, code.quote) == (12, "Enabler", "trust between teams")
    assert code.reason == "Code 'Enabler' is not in the code frame."

    changed = {p.quote: p for p in grouped["text_changed"]}
    assert set(changed) == {"trust between teams", "😊"}
    trust = changed["trust between teams"]
    assert (trust.start, trust.end) == (26, 45)  # where it was
    assert redacted[trust.suggested_start : trust.suggested_end] == "trust between teams"
    assert changed["😊"].suggested_start is None  # redacted away: nowhere to suggest
    assert "positions may be wrong" in trust.reason


def test_line_endings_and_impossible_positions_are_told_apart():
    project = qdpx_read(data=sample_qdpx())
    broken = QdaCoding(
        source_guid=project.sources[0].guid,
        start=40,
        end=400,
        code_guid=STATEMENT.guid,
        coder_name="Ana Lyst",
    )
    project = replace(project, codings=(*project.codings, broken))
    comments = {12: COMMENTS[12], 13: COMMENTS[13].replace("\r\n", "\n")}
    report = match_qdpx_codings(project=project, comments=comments, codes=ALL_CODES)

    assert report.counts == {
        "matched": 3,
        "unmatched_source": 0,
        "unmatched_code": 0,
        "invalid_position": 1,
        "text_changed": 2,
    }
    grouped = by_outcome(report)
    assert grouped["invalid_position"][0].reason == (
        f"Positions 40-400 do not lie within the source's {len(COMMENTS[12])} characters."
    )
    assert all("only in line endings" in p.reason for p in grouped["text_changed"])
    assert {p.quote for p in grouped["text_changed"]} == {
        "Sharing data is still slow.",
        "We talk to each other every week.",
    }
    # Codes are named by their path in the file's codebook.
    assert {p.code_name for p in grouped["text_changed"]} == {
        "Barrier",
        "Relational proximity / RP-DIR-CON",
    }
