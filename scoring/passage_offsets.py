"""Where a passage is in the text people are shown, and back.

The rule (README, "Coding comments"): a passage's start and end are stored in characters
(code points) of the respondent's ORIGINAL comment, which moderation never changes. A lead
may redact a comment at any time, before or after it is coded; everything that shows or
exports a passage maps it onto the moderated text here, so a redaction reaches every passage
at once, however many times the comment is redacted or un-redacted.

The two texts are aligned word by word (words, runs of spaces and single punctuation marks
as tokens; difflib, no junk heuristic). A boundary inside a stretch both texts share maps to
the same place in the other text. A boundary inside a stretch the redaction replaced widens
to the whole stretch: a passage that touched "Dr Jane Example" covers all of "[name]", never
half of it, and a passage selected on "[name]" covers the whole name in the original. A
passage whose every word the redaction removed maps to an empty stretch: it keeps its codes
(the comment is still about that statement) and is never quoted.

Quotes are always cut from the moderated text, so nothing here can put original words on a
page: at worst a boundary lands a little wide.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


def _tokens(text: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The tokens of a text and where each starts (plus the text's length at the end)."""
    found = list(_TOKEN.finditer(text))
    return tuple(m.group(0) for m in found), tuple([m.start() for m in found] + [len(text)])


@lru_cache(maxsize=4096)
def _blocks(source: str, target: str) -> tuple[tuple[str, int, int, int, int], ...]:
    """The alignment of two texts in characters: (tag, source start, source end, target
    start, target end), covering both texts from start to end."""
    source_tokens, source_at = _tokens(source)
    target_tokens, target_at = _tokens(target)
    matcher = SequenceMatcher(None, source_tokens, target_tokens, autojunk=False)
    return tuple(
        (tag, source_at[i1], source_at[i2], target_at[j1], target_at[j2])
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    )


def _map_position(blocks, position: int, *, is_end: bool) -> int:
    for tag, s1, s2, t1, t2 in blocks:
        inside = s1 <= position < s2 or (is_end and s1 < position <= s2)
        if not inside:
            continue
        if tag == "equal":
            return t1 + (position - s1)
        return t2 if is_end else t1  # widen to the whole replaced stretch
    # Past the last block (an empty text, or the very end): the end of the target.
    return blocks[-1][4] if blocks else 0


def span_map(source: str, target: str, start: int, end: int) -> tuple[int, int]:
    """A span [start, end) of `source` as a span of `target` (maybe empty: start == end)."""
    if source == target:
        return start, end
    blocks = _blocks(source, target)
    mapped_start = _map_position(blocks, start, is_end=False)
    mapped_end = _map_position(blocks, end, is_end=True)
    return mapped_start, max(mapped_start, mapped_end)


def to_shown(*, original: str, shown: str, start: int, end: int) -> tuple[int, int]:
    """A stored passage as a span of the moderated text."""
    return span_map(original, shown, start, end)


def to_original(*, original: str, shown: str, start: int, end: int) -> tuple[int, int]:
    """A span someone selected in the moderated text, as stored (original characters)."""
    return span_map(shown, original, start, end)


def passage_matches(*, text: str, quote: str) -> list[tuple[int, int]]:
    """Every place the words `quote` occur in `text`. Line endings and runs of spaces are
    compared loosely: a browser turns CRLF into LF, and people retype spacing as they like."""
    words = quote.split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def passage_locate(*, text: str, quote: str, near: int | None = None) -> tuple[int, int] | None:
    """Where the words `quote` are in `text`: the passage an analyst typed or selected. With
    several matches, the one starting nearest `near`; None if absent, or if ambiguous and no
    `near` was given."""
    found = passage_matches(text=text, quote=quote)
    if len(found) == 1:
        return found[0]
    if not found or near is None:
        return None
    return min(found, key=lambda span: (abs(span[0] - near), span[0]))
