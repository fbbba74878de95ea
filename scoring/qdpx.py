"""The coding of comments as a REFI-QDA project (.qdpx), the exchange format NVivo, MAXQDA,
ATLAS.ti and QualCoder read and write; pure Python, no database.

What the standard (REFI-QDA 1.5, schema "Project-mrt2019.xsd", namespace
urn:QDA-XML:project:1.0) asks, and what this module does about it:
- a zip with project.qde at its root and every internal source in a flat "sources" folder;
- a plain-text source is a UTF-8 .txt file named by a GUID, referred to from its
  <TextSource> as plainTextPath="internal://<guid>.txt" (inline PlainTextContent is
  allowed too, "not both"; the standard's examples and QualCoder use files);
- a coded passage is a <PlainTextSelection> whose startPosition and endPosition count
  Unicode code points from 0 (Python's str indices, so "😊" is one character, not the two
  UTF-16 units a .NET or Qt string would see); endPosition is exclusive here, as in
  QualCoder and in the app's own passages;
- every element has a GUID: they are derived with uuid5 from the app's ids, so exporting the
  same coding twice gives the same bytes and another tool can recognise what it saw before.
"""

from __future__ import annotations

import re
import uuid
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from xml.etree import ElementTree as ET

from .qdpx_archive import MAX_INFLATED_BYTES, QdpxError, SafeArchive, parse_xml_safely

NS = "urn:QDA-XML:project:1.0"
_NS_PREFIX = "urn:QDA-XML:project:"
# Fixed forever: changing it would change every GUID of every export.
_GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:relaudit:qdpx")
_GUID_BODY = "[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}"
_GUID = re.compile(rf"^(?:{_GUID_BODY}|\{{{_GUID_BODY}\}})$")  # the schema's GUIDType
_RGB = re.compile(r"^#(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")
# Characters XML 1.0 cannot carry at all, even escaped: dropped from names and descriptions.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# The same fixed timestamp on every member keeps the zip's bytes stable between exports.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_BOM = "\ufeff"
MAX_CODE_DEPTH = 50  # the app's frame is 4 deep


@dataclass(frozen=True)
class QdaUser:
    guid: str
    name: str


@dataclass(frozen=True)
class QdaCode:
    guid: str
    name: str
    colour: str | None = None  # "#RRGGBB" or "#RGB"
    description: str = ""
    codable: bool = True  # False for grouping nodes (framework, attribute) nobody codes with
    children: tuple[QdaCode, ...] = ()


@dataclass(frozen=True)
class QdaSource:
    guid: str
    name: str
    text: str | None  # None when read from a project whose text is not in the archive


@dataclass(frozen=True)
class QdaCoding:
    source_guid: str
    start: int  # code points, from 0
    end: int  # exclusive
    code_guid: str
    coder_name: str
    created_at: datetime | None = None


@dataclass(frozen=True)
class QdaProject:
    name: str
    origin: str
    users: tuple[QdaUser, ...]
    codes: tuple[QdaCode, ...]
    sources: tuple[QdaSource, ...]
    codings: tuple[QdaCoding, ...]
    # What was in the file but is not carried over (pictures, PDFs, external text...).
    skipped: tuple[str, ...] = ()


def stable_guid(kind: str, key: object) -> str:
    """The same GUID for the same thing on every export, e.g. stable_guid("comment", 42)."""
    return str(uuid.uuid5(_GUID_NAMESPACE, f"{kind}:{key}"))


def normalise_guid(guid: str) -> str:
    """GUIDs compare equal however a tool writes them ({UPPER-CASE} in the standard's examples)."""
    return guid.strip().strip("{}").lower()


def _xml_text(value: str) -> str:
    return _NOT_XML.sub("", value)


def _timestamp(moment: datetime) -> str:
    if moment.tzinfo is None:  # xsd:dateTime allows a local time; keep it as given
        return moment.replace(microsecond=0).isoformat()
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _check_guid(guid: str, what: str) -> None:
    if not _GUID.match(guid):
        raise ValueError(f"{what} has GUID {guid!r}, which is not of the form the schema allows")


def _walk(codes: Iterable[QdaCode]) -> Iterable[QdaCode]:
    for code in codes:
        yield code
        yield from _walk(code.children)


def _code_element(parent: ET.Element, code: QdaCode) -> None:
    _check_guid(code.guid, f"Code {code.name!r}")
    attributes = {"guid": code.guid, "name": _xml_text(code.name)}
    attributes["isCodable"] = "true" if code.codable else "false"
    if code.colour is not None:
        if not _RGB.match(code.colour):
            raise ValueError(f"Code {code.name!r} has colour {code.colour!r}, not #RRGGBB")
        attributes["color"] = code.colour
    element = ET.SubElement(parent, "Code", attributes)
    if code.description:
        ET.SubElement(element, "Description").text = _xml_text(code.description)
    for child in code.children:
        _code_element(element, child)


def _selections_by_source(
    codings: Sequence[QdaCoding], sources: Sequence[QdaSource], code_guids: set[str]
) -> dict[str, dict[tuple[int, int], list[QdaCoding]]]:
    """Codings grouped as the standard nests them: one selection per passage, one Coding per
    code on it (several coders or codes on one passage share the selection)."""
    lengths = {source.guid: len(source.text or "") for source in sources}
    grouped: dict[str, dict[tuple[int, int], list[QdaCoding]]] = {s.guid: {} for s in sources}
    for coding in codings:
        if coding.source_guid not in lengths:
            raise ValueError(f"A coding refers to source {coding.source_guid}, not exported")
        if coding.code_guid not in code_guids:
            raise ValueError(f"A coding refers to code {coding.code_guid}, not in the codes")
        if not 0 <= coding.start < coding.end <= lengths[coding.source_guid]:
            raise ValueError(
                f"A coding of source {coding.source_guid} spans {coding.start}-{coding.end}, "
                f"outside its {lengths[coding.source_guid]} characters"
            )
        grouped[coding.source_guid].setdefault((coding.start, coding.end), []).append(coding)
    return grouped


def _coding_key(coding: QdaCoding) -> tuple[str, str]:
    return (coding.code_guid, coding.coder_name)


def _text_source(
    parent: ET.Element,
    source: QdaSource,
    passages: dict[tuple[int, int], list[QdaCoding]],
    user_guid: dict[str, str],
) -> tuple[str, bytes]:
    """A <TextSource> with its passages in text order; returns the file its text goes in."""
    _check_guid(source.guid, f"Source {source.name!r}")
    if source.text is None:
        raise ValueError(f"Source {source.name!r} has no text to export")
    path = f"{source.guid}.txt"
    attributes = {"guid": source.guid, "name": _xml_text(source.name)}
    element = ET.SubElement(
        parent, "TextSource", attributes | {"plainTextPath": f"internal://{path}"}
    )
    for (start, end), on_passage in sorted(passages.items()):
        on_passage = sorted(on_passage, key=_coding_key)
        selection_guid = stable_guid("selection", f"{source.guid}:{start}:{end}")
        selection = ET.SubElement(
            element,
            "PlainTextSelection",
            {
                "guid": selection_guid,
                "startPosition": str(start),
                "endPosition": str(end),
                "creatingUser": user_guid[on_passage[0].coder_name],
            },
        )
        seen: set[tuple[str, str]] = set()
        for coding in on_passage:
            if _coding_key(coding) in seen:  # the same coder's same code twice: once
                continue
            seen.add(_coding_key(coding))
            attributes = {
                "guid": stable_guid("coding", f"{selection_guid}:{_coding_key(coding)}"),
                "creatingUser": user_guid[coding.coder_name],
            }
            if coding.created_at is not None:
                attributes["creationDateTime"] = _timestamp(coding.created_at)
            coding_element = ET.SubElement(selection, "Coding", attributes)
            ET.SubElement(coding_element, "CodeRef", {"targetGUID": coding.code_guid})
    # A byte-order mark, as QualCoder writes: Windows tools then read the file as UTF-8, and
    # none counts it as a character (positions start after it).
    return f"sources/{path}", (_BOM + source.text).encode("utf-8")


def qdpx_build(
    *,
    project_name: str,
    users: Sequence[QdaUser],
    codes: Sequence[QdaCode],
    sources: Sequence[QdaSource],
    codings: Sequence[QdaCoding],
) -> bytes:
    """A .qdpx of these codes, sources and codings, valid against the REFI-QDA schema.

    Sources are written in the order given and passages in text order, so the same input
    gives the same bytes. Every coder named by a coding must be among `users`.
    """
    user_guid = {user.name: user.guid for user in users}
    for user in users:
        _check_guid(user.guid, f"User {user.name!r}")
    grouped = _selections_by_source(codings, sources, {code.guid for code in _walk(codes)})
    missing = {c.coder_name for c in codings} - user_guid.keys()
    if missing:
        raise ValueError(f"Codings name coders who are not among the users: {sorted(missing)}")

    # Plain tag names under a literal xmlns: ElementTree's default_namespace option refuses
    # the schema's unqualified attributes.
    root = ET.Element(
        "Project", {"xmlns": NS, "name": _xml_text(project_name), "origin": "relaudit"}
    )
    # The schema wants at least one child in <Users>, <Codes> and <Sources>: none, no element.
    if users:
        users_element = ET.SubElement(root, "Users")
        for user in users:
            ET.SubElement(users_element, "User", {"guid": user.guid, "name": _xml_text(user.name)})
    if codes:
        codes_element = ET.SubElement(ET.SubElement(root, "CodeBook"), "Codes")
        for code in codes:
            _code_element(codes_element, code)
    files: list[tuple[str, bytes]] = []
    if sources:
        sources_element = ET.SubElement(root, "Sources")
        for source in sources:
            files.append(_text_source(sources_element, source, grouped[source.guid], user_guid))

    ET.indent(root)
    # The declaration as the standard's examples write it (ElementTree's uses single quotes).
    declaration = '<?xml version="1.0" encoding="UTF-8"?>\n'
    project_qde = (declaration + ET.tostring(root, encoding="unicode")).encode("utf-8")
    archive = BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, content in [("project.qde", project_qde), *files]:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zipped.writestr(info, content)
    return archive.getvalue()


def _parse_time(value: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(value.strip()) if value else None
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    return int(value) if value and re.fullmatch(r"\s*-?\d+\s*", value) else None


class _Reader:
    def __init__(self, archive: SafeArchive, root: ET.Element):
        self.archive = archive
        self.ns = root.tag[1:].split("}")[0]
        self.skipped: list[str] = []

    def tag(self, *names: str) -> str:
        """A tag, or a path of tags, in the namespace the root has: its version is read, not
        assumed to be 1.0, as QualCoder does."""
        return "/".join(f"{{{self.ns}}}{name}" for name in names)

    def code(self, element: ET.Element, depth: int = 1) -> QdaCode:
        if depth > MAX_CODE_DEPTH:  # a crafted file could otherwise exhaust the stack
            raise QdpxError(f"Refused: codes are nested more than {MAX_CODE_DEPTH} deep.")
        description = element.find(self.tag("Description"))
        return QdaCode(
            guid=normalise_guid(element.get("guid", "")),
            name=element.get("name", ""),
            colour=element.get("color"),
            description=(description.text or "") if description is not None else "",
            codable=element.get("isCodable", "true").strip().lower() in ("true", "1"),
            children=tuple(self.code(c, depth + 1) for c in element.findall(self.tag("Code"))),
        )

    def text_of(self, source: ET.Element, name: str) -> str | None:
        inline = source.find(self.tag("PlainTextContent"))
        if inline is not None:
            return inline.text or ""
        path = source.get("plainTextPath", "")
        if not path.startswith("internal://"):
            self.skipped.append(f"Source {name!r}: its text is outside the file ({path or '-'})")
            return None
        # Unsafe member names were refused on opening, so a path like internal://../x
        # simply finds nothing here.
        member = "sources/" + path.removeprefix("internal://")
        if not self.archive.has(member):
            self.skipped.append(f"Source {name!r}: {path} is not in the sources folder")
            return None
        try:
            text = self.archive.read(member).decode("utf-8")
        except UnicodeDecodeError:
            self.skipped.append(f"Source {name!r}: its text is not UTF-8")
            return None
        return text.removeprefix(_BOM)

    def codings(self, element: ET.Element, source: QdaSource, start: int, end: int, users):
        """The Coding elements directly inside `element` (a selection, or the source itself)."""
        fallback = element.get("creatingUser") or element.get("modifyingUser") or ""
        for coding in element.findall(self.tag("Coding")):
            code_ref = coding.find(self.tag("CodeRef"))
            if code_ref is None:
                continue
            user = normalise_guid(coding.get("creatingUser") or fallback)
            yield QdaCoding(
                source_guid=source.guid,
                start=start,
                end=end,
                code_guid=normalise_guid(code_ref.get("targetGUID", "")),
                coder_name=users.get(user, user),
                created_at=_parse_time(
                    coding.get("creationDateTime") or element.get("creationDateTime")
                ),
            )


def qdpx_read(*, data: bytes, max_inflated_bytes: int = MAX_INFLATED_BYTES) -> QdaProject:
    """The codes (nested), text sources (with their text) and codings of a .qdpx.

    Raises QdpxError, with a message for a person, for anything unsafe or unreadable.
    Pictures, PDFs, audio and video are listed in `skipped`, not read. A coding of a whole
    source (a <Coding> straight inside <TextSource>) becomes a passage over all its text.
    """
    archive = SafeArchive(data, max_inflated_bytes=max_inflated_bytes)
    if not archive.has("project.qde"):
        raise QdpxError("The archive has no project.qde, so it is not a REFI-QDA project.")
    root = parse_xml_safely(archive.read("project.qde"), what="project.qde")
    if not (root.tag.startswith("{" + _NS_PREFIX) and root.tag.endswith("}Project")):
        raise QdpxError(f"project.qde is not a REFI-QDA project (its root is {root.tag}).")
    reader = _Reader(archive, root)
    users = {
        normalise_guid(user.get("guid", "")): user.get("name", "")
        for user in root.iterfind(reader.tag("Users", "User"))
    }
    codes = tuple(map(reader.code, root.iterfind(reader.tag("CodeBook", "Codes", "Code"))))
    sources: list[QdaSource] = []
    codings: list[QdaCoding] = []
    seen: set[str] = set()
    for element in root.iterfind(reader.tag("Sources") + "/*"):
        kind = element.tag.split("}")[-1]
        name = element.get("name", "")
        if kind != "TextSource":
            reader.skipped.append(f"{kind} {name!r}: only plain-text sources are imported")
            continue
        guid = normalise_guid(element.get("guid", ""))
        if guid in seen:  # its codings could not be told from the first one's
            reader.skipped.append(f"Source {name!r}: its GUID is another source's too")
            continue
        seen.add(guid)
        source = QdaSource(guid=guid, name=name, text=reader.text_of(element, name))
        sources.append(source)
        for selection in element.findall(reader.tag("PlainTextSelection")):
            start = _int(selection.get("startPosition"))
            end = _int(selection.get("endPosition"))
            if start is None or end is None:
                reader.skipped.append(f"Source {name!r}: a selection without positions")
                continue
            codings.extend(reader.codings(selection, source, start, end, users))
        if element.find(reader.tag("Coding")) is not None:
            if source.text is None:
                reader.skipped.append(f"Source {name!r}: coded as a whole, but has no text")
            else:
                codings.extend(reader.codings(element, source, 0, len(source.text), users))
    return QdaProject(
        name=root.get("name", ""),
        origin=root.get("origin", ""),
        users=tuple(QdaUser(guid=guid, name=name) for guid, name in users.items()),
        codes=codes,
        sources=tuple(sources),
        codings=tuple(codings),
        skipped=tuple(reader.skipped),
    )
