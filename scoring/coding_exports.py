"""The coding taken out and brought back: coded passages as a table (CSV/XLSX through
relaudit.spreadsheets, formula-safe), the whole coding as a REFI-QDA project (.qdpx), and
codes imported from a .qdpx coded in another tool, with a report of what matched.

Both exports carry comments as reviewers read them: the redaction where there is one, no
hidden comment, the respondent type only where its group is shown, and no rating.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from relaudit.spreadsheets import Table
from surveys.models import Programme, Response

from .coding_comments import CodingComment, programme_coding_comments
from .coding_frame import Frame, statement_key, theme_key
from .coding_models import BARRIER, ENABLER, Passage, PassageCode
from .coding_services import CodingError, coding_event_record, passage_code
from .passage_offsets import to_original
from .qdpx import QdaCode, QdaCoding, QdaUser, qdpx_build, qdpx_read, stable_guid
from .qdpx_matching import QdpxImportReport, comment_source, match_qdpx_codings
from .reader import FRAMEWORK_LABELS, part_label

PASSAGE_COLUMNS = ["comment", "area", "passage", "codes", "coder", "coded at", "respondent type"]


def _coder(code: PassageCode) -> str:
    name = code.applied_by.get_username() if code.applied_by else "unknown"
    return f"{name} (imported: {code.imported_coder})" if code.imported_coder else name


def _passages(comments: list[CodingComment]):
    by_pk = {c.pk: c for c in comments}
    passages = (
        Passage.objects.filter(response_id__in=list(by_pk), sample__isnull=True)
        .prefetch_related("codes__applied_by")
        .order_by("response_id", "start", "end", "pk")
    )
    for passage in passages:
        yield by_pk[passage.response_id], passage, list(passage.codes.all())


def passages_table(*, programme: Programme, frame: Frame) -> Table:
    """One row per coded passage: its words as shown, its codes, who coded it and when, its
    area and the respondent type as quotes show it."""
    comments = programme_coding_comments(programme=programme)

    def rows():
        for comment, passage, codes in _passages(comments):
            quote = comment.quote(passage.start, passage.end)
            if not quote or not codes:
                continue  # every word of it was redacted away: counted, never shown
            yield (
                f"comment-{comment.pk}",
                comment.area.name,
                quote,
                "; ".join(frame.labels.get(code.key, code.key) for code in codes),
                ", ".join(dict.fromkeys(_coder(code) for code in codes)),
                max(code.applied_at for code in codes).isoformat(timespec="seconds"),
                comment.comment.respondent_type,
            )

    return Table("Coded passages", PASSAGE_COLUMNS, rows())


def _code(key: str, name: str, **more) -> QdaCode:
    return QdaCode(guid=stable_guid("code", key), name=name, **more)


def qdpx_codebook(frame: Frame) -> tuple[QdaCode, ...]:
    """The frame as a REFI-QDA codebook: statements under their framework and attribute
    (grouping nodes nobody codes with), enabler and barrier, and the themes."""
    frameworks: dict[str, dict[str, list[QdaCode]]] = {}
    for s in frame.statements:
        parent = f"attribute:{s.attribute}" if s.attribute else ""
        node = _code(statement_key(s.code), s.code, description=s.text)
        frameworks.setdefault(s.framework, {}).setdefault(parent, []).append(node)
    codes = []
    for framework, parents in frameworks.items():
        children = []
        for parent, statements in parents.items():
            if parent:
                name = part_label(parent.removeprefix("attribute:"))
                children.append(_code(parent, name, codable=False, children=tuple(statements)))
            else:
                children.extend(statements)
        codes.append(
            _code(
                f"framework:{framework}",
                FRAMEWORK_LABELS[framework],
                codable=False,
                children=tuple(children),
            )
        )
    codes += [
        _code(ENABLER, "Enabler", colour="#00703C"),
        _code(BARRIER, "Barrier", colour="#D4351C"),
    ]
    if frame.themes:
        themes = tuple(
            _code(
                theme_key(node.theme.pk),
                node.theme.name,
                description=node.theme.description,
                children=tuple(
                    _code(theme_key(c.pk), c.name, description=c.description) for c in node.children
                ),
            )
            for node in frame.themes
        )
        codes.append(_code("themes", "Themes", codable=False, children=themes))
    return tuple(codes)


def qdpx_export(*, programme: Programme, frame: Frame) -> bytes:
    comments = programme_coding_comments(programme=programme)
    codings, users = [], {}
    for comment, passage, codes in _passages(comments):
        start, end = comment.shown_span(passage.start, passage.end)
        if end <= start:
            continue
        for code in codes:
            coder = _coder(code)
            users.setdefault(coder, QdaUser(guid=stable_guid("user", coder), name=coder))
            codings.append(
                QdaCoding(
                    source_guid=stable_guid("comment", comment.pk),
                    start=start,
                    end=end,
                    code_guid=stable_guid("code", code.key),
                    coder_name=coder,
                    created_at=code.applied_at,
                )
            )
    return qdpx_build(
        project_name=f"{programme.name}: comments",
        users=sorted(users.values(), key=lambda u: u.name),
        codes=qdpx_codebook(frame),
        sources=[comment_source(comment_id=c.pk, text=c.text) for c in comments],
        codings=codings,
    )


def _code_keys(frame: Frame) -> dict[str, str]:
    """Every name an imported code may be matched by: GUID, path and name -> code key."""
    by_guid = {stable_guid("code", key): key for key in frame.labels}
    keys: dict[str, str] = {}

    def walk(codes, parent=""):
        for code in codes:
            path = f"{parent} / {code.name}" if parent else code.name
            if code.guid in by_guid:
                keys[code.guid] = keys[path] = by_guid[code.guid]
                keys.setdefault(code.name, by_guid[code.guid])
            walk(code.children, path)

    walk(qdpx_codebook(frame))
    return keys


@dataclass(frozen=True)
class ImportOutcome:
    report: QdpxImportReport
    added: int
    already: int


def qdpx_import(*, programme: Programme, frame: Frame, data: bytes, user) -> ImportOutcome:
    """Codes from a .qdpx (an export of ours coded further in another tool, or a project
    whose sources are our comments) added to the programme's coding. Raises
    qdpx_archive.QdpxError for a file that is unsafe or not a project."""
    project = qdpx_read(data=data)
    comments = {c.pk: c for c in programme_coding_comments(programme=programme)}
    report = match_qdpx_codings(
        project=project,
        comments={pk: c.text for pk, c in comments.items()},
        codes=_code_keys(frame),
    )
    added = already = 0
    responses = Response.objects.in_bulk([m.comment_id for m in report.matched])
    with transaction.atomic():
        for match in report.matched:
            comment = comments[match.comment_id]
            start, end = to_original(
                original=comment.comment.original,
                shown=comment.text,
                start=match.start,
                end=match.end,
            )
            if end <= start:
                continue
            response = responses[match.comment_id]
            before = PassageCode.objects.filter(passage__response=response).count()
            try:
                passage_code(
                    programme=programme,
                    response=response,
                    start=start,
                    end=end,
                    codes=[match.app_code],
                    frame=frame,
                    user=user,
                    imported_coder=match.coder_name,
                )
            except CodingError:
                continue
            if PassageCode.objects.filter(passage__response=response).count() > before:
                added += 1
            else:
                already += 1
        coding_event_record(
            programme=programme,
            actor=user,
            action="qdpx_imported",
            detail={"added": added, "already": already, **report.counts},
        )
    return ImportOutcome(report=report, added=added, already=already)
