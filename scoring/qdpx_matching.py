"""Bringing codes back from a .qdpx an analyst coded in another tool, with a report.

Each comment is exported as its own text source, named "comment-<id>" with a GUID derived
from the id (comment_source below). Another tool may keep the GUID, or only the name (perhaps
with ".txt" or a prefix added), or neither, so a source is matched to a comment by GUID,
then by the id in its name, then by its text being exactly one comment's text. A code is
matched by GUID, then by its path ("Parent / Child"), then by its name, against whatever
keys the caller's code frame offers.

A passage is only taken as it stands when the source's text is still the comment's text:
positions count characters, so one edit (a redaction, a fixed typo, Windows line endings)
moves everything after it. Otherwise it is reported as text_changed, with the other tool's
quote and, where that quote occurs exactly once in the comment now, where it is now: a
person decides, nothing is guessed silently.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from .qdpx import QdaCode, QdaCoding, QdaProject, QdaSource, stable_guid

OUTCOMES = ("matched", "unmatched_source", "unmatched_code", "invalid_position", "text_changed")
_COMMENT_NAME = re.compile(r"comment-([^\s./\\]+)")


def comment_source(*, comment_id: Hashable, text: str) -> QdaSource:
    """How a comment is exported: the naming this module matches on when it comes back."""
    return QdaSource(
        guid=stable_guid("comment", comment_id), name=f"comment-{comment_id}", text=text
    )


@dataclass(frozen=True)
class MatchedPassage:
    comment_id: Hashable  # a key of the `comments` given
    start: int
    end: int
    app_code: object  # a value of the `codes` given
    coder_name: str
    created_at: datetime | None  # as the file gives it: naive where the tool wrote no zone


@dataclass(frozen=True)
class UnmatchedPassage:
    outcome: str  # one of OUTCOMES other than "matched"
    reason: str
    source_name: str
    code_name: str  # its path in the other tool's codebook, or its GUID if not there
    start: int
    end: int
    quote: str  # the passage as the other tool saw it ("" where it has no text)
    comment_id: Hashable | None = None
    # text_changed only: where the quote is in the comment now, if it occurs there once.
    suggested_start: int | None = None
    suggested_end: int | None = None


@dataclass(frozen=True)
class QdpxImportReport:
    matched: tuple[MatchedPassage, ...]
    unmatched: tuple[UnmatchedPassage, ...]
    skipped: tuple[str, ...]  # what the file held that is not codings of text (from qdpx_read)

    @property
    def counts(self) -> dict[str, int]:
        tally = Counter(passage.outcome for passage in self.unmatched)
        tally["matched"] = len(self.matched)
        return {outcome: tally[outcome] for outcome in OUTCOMES}


def _key(text: str) -> str:
    """Names compare without regard to case or runs of spaces; GUIDs without braces."""
    return " ".join(text.split()).casefold().strip("{}")


def _code_paths(codes: Iterable[QdaCode], parent: str = "") -> Iterable[tuple[QdaCode, str]]:
    for code in codes:
        path = f"{parent} / {code.name}" if parent else code.name
        yield code, path
        yield from _code_paths(code.children, path)


class _Matcher:
    def __init__(self, project: QdaProject, comments: Mapping, codes: Mapping):
        self.comments = comments
        self.by_guid = {stable_guid("comment", cid): cid for cid in comments}
        self.by_name = {str(cid): cid for cid in comments}
        self.by_text: dict[str, list] = {}
        for cid, text in comments.items():
            self.by_text.setdefault(text, []).append(cid)
        self.app_codes = {_key(key): value for key, value in codes.items()}
        self.paths = {code.guid: (code, path) for code, path in _code_paths(project.codes)}

    def comment_for(self, source: QdaSource) -> tuple[Hashable | None, str]:
        """The comment a source is, or None and why not."""
        if source.guid in self.by_guid:
            return self.by_guid[source.guid], ""
        named = _COMMENT_NAME.search(source.name)
        if named and named.group(1) in self.by_name:
            return self.by_name[named.group(1)], ""
        same_text = self.by_text.get(source.text, []) if source.text is not None else []
        if len(same_text) == 1:
            return same_text[0], ""
        if named:
            return None, f"no comment {named.group(1)} among those being imported into"
        if len(same_text) > 1:
            return None, f"its name is no comment's and its text is that of {len(same_text)}"
        return None, "its name is no comment's and its text matches no comment"

    def code_for(self, code_guid: str) -> tuple[object | None, str]:
        if code_guid in self.paths:
            code, path = self.paths[code_guid]
            keys = (code_guid, path, code.name)
        else:
            path, keys = code_guid, (code_guid,)
        for key in keys:
            if _key(key) in self.app_codes:
                return self.app_codes[_key(key)], path
        return None, path


def _why_text_differs(then: str, now: str) -> str:
    if then.replace("\r\n", "\n") == now.replace("\r\n", "\n"):
        return (
            "the text differs only in line endings, which tools count differently, "
            "so the positions may be off"
        )
    return "the comment's text is not the text that was coded, so the positions may be wrong"


def _judge(
    coding: QdaCoding, then: str | None, now: str | None, source_reason: str, code_found: bool
) -> tuple[str, str, dict]:
    """(outcome, reason, suggested position) for one coding whose source and code were looked
    up: `now` is None when no comment was found."""
    if now is None:
        return "unmatched_source", source_reason, {}
    if not code_found:
        return "unmatched_code", "", {}
    if then is None:
        return (
            "text_changed",
            "The file carries no text for this source, so the positions cannot be checked.",
            {},
        )
    if not 0 <= coding.start < coding.end <= len(then):
        return (
            "invalid_position",
            f"Positions {coding.start}-{coding.end} do not lie within the source's "
            f"{len(then)} characters.",
            {},
        )
    if then != now:
        quote = then[coding.start : coding.end]
        found = [m.start() for m in re.finditer(re.escape(quote), now)]
        suggestion = {}
        if len(found) == 1:
            suggestion = {"suggested_start": found[0], "suggested_end": found[0] + len(quote)}
        return "text_changed", _why_text_differs(then, now), suggestion
    return "matched", "", {}


def match_qdpx_codings(
    *, project: QdaProject, comments: Mapping[Hashable, str], codes: Mapping[str, object]
) -> QdpxImportReport:
    """Each coding in `project` as a passage of one of `comments`, or the reason it is not.

    comments: comment id -> the comment's text as exported (the text reviewers see).
    codes: the app's code frame, keyed by GUID, path ("Parent / Child") or name, as many keys
        per code as are useful -> whatever the caller stores as a code.
    """
    matcher = _Matcher(project, comments, codes)
    sources = {source.guid: source for source in project.sources}
    matched: list[MatchedPassage] = []
    unmatched: list[UnmatchedPassage] = []
    for coding in project.codings:
        source = sources[coding.source_guid]
        comment_id, source_reason = matcher.comment_for(source)
        app_code, code_name = matcher.code_for(coding.code_guid)
        now = comments[comment_id] if comment_id is not None else None
        outcome, reason, suggestion = _judge(
            coding,
            source.text,
            now,
            f"Source {source.name!r}: {source_reason}.",
            app_code is not None,
        )
        if outcome == "matched":
            matched.append(
                MatchedPassage(
                    comment_id=comment_id,
                    start=coding.start,
                    end=coding.end,
                    app_code=app_code,
                    coder_name=coding.coder_name,
                    created_at=coding.created_at,
                )
            )
            continue
        if outcome == "unmatched_code":
            reason = f"Code {code_name!r} is not in the code frame."
        unmatched.append(
            UnmatchedPassage(
                outcome=outcome,
                reason=reason,
                source_name=source.name,
                code_name=code_name,
                start=coding.start,
                end=coding.end,
                quote=source.text[coding.start : coding.end] if source.text else "",
                comment_id=comment_id,
                **suggestion,
            )
        )
    return QdpxImportReport(
        matched=tuple(matched), unmatched=tuple(unmatched), skipped=project.skipped
    )
