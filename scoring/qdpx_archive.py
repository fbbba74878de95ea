"""Opening a .qdpx someone uploaded without trusting it.

A .qdpx is a zip holding project.qde (XML) and a flat sources/ folder. Both layers can be
hostile: a zip can name members "../../x" or "/etc/x" and promise a few bytes that inflate
to gigabytes; XML can declare entities that expand a kilobyte into gigabytes ("billion
laughs") or pull in a file or URL (external entities). Nothing here writes to disk, but a
member that tries to leave the archive is refused outright: no tool produces one, so it
marks a file made to attack whatever unpacks it next. Sizes are capped on what is actually
inflated, not on what the zip's headers claim.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree.ElementTree import Element, ParseError

import defusedxml
from defusedxml.ElementTree import fromstring as _defused_fromstring

# A programme's comments are short: these leave room for tens of thousands of them while
# keeping an upload's memory use bounded.
MAX_ARCHIVE_BYTES = 100 * 1024 * 1024
MAX_INFLATED_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 100_000

_DRIVE = re.compile(r"^[A-Za-z]:")


class QdpxError(ValueError):
    """The file is not a .qdpx this app can read safely; the message says why, for a person."""


def _unsafe_member_reason(name: str) -> str | None:
    if "\x00" in name:
        return "has a NUL character in its name"
    if "\\" in name:
        return "uses backslashes, which some unzip tools read as folders"
    if name.startswith("/") or _DRIVE.match(name):
        return "is an absolute path"
    if ".." in name.split("/"):
        return "climbs out of the archive with '..'"
    return None


class SafeArchive:
    """The members of a .qdpx, read only within the size limits."""

    def __init__(self, data: bytes, *, max_inflated_bytes: int = MAX_INFLATED_BYTES):
        if len(data) > MAX_ARCHIVE_BYTES:
            raise QdpxError(
                f"The file is {len(data):,} bytes; the limit is {MAX_ARCHIVE_BYTES:,} bytes."
            )
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, OSError) as error:
            raise QdpxError(f"The file is not a .qdpx (zip) archive: {error}.") from None
        infos = self._zip.infolist()
        if len(infos) > MAX_MEMBERS:
            raise QdpxError(f"The archive has {len(infos):,} files; the limit is {MAX_MEMBERS:,}.")
        self._by_name: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            reason = _unsafe_member_reason(info.filename)
            if reason:
                raise QdpxError(f"Refused: the archive member {info.filename!r} {reason}.")
            if info.flag_bits & 0x1:
                raise QdpxError(f"Refused: the archive member {info.filename!r} is encrypted.")
            # Zip names are case-sensitive, but tools disagree on "sources" vs "Sources"
            # (MAXQDA writes the standard's lower case, NVivo capitalises): look up by lower case.
            key = info.filename.lower()
            if key in self._by_name:
                raise QdpxError(f"Refused: the archive holds {info.filename!r} twice.")
            self._by_name[key] = info
        self._budget = max_inflated_bytes

    def has(self, name: str) -> bool:
        return name.lower() in self._by_name

    def read(self, name: str) -> bytes:
        """One member's bytes, counted against the archive's inflation budget."""
        info = self._by_name[name.lower()]
        if info.file_size > self._budget:
            raise QdpxError(self._too_big(info.filename))
        # ZipExtFile stops at the declared size, and read(n) bounds memory even if the
        # header lies; the +1 notices a member that inflates past what is left.
        with self._zip.open(info) as member:
            try:
                content = member.read(self._budget + 1)
            except (zipfile.BadZipFile, OSError, EOFError) as error:
                raise QdpxError(
                    f"The archive member {info.filename!r} is damaged: {error}."
                ) from None
        if len(content) > self._budget:
            raise QdpxError(self._too_big(info.filename))
        self._budget -= len(content)
        return content

    @staticmethod
    def _too_big(name: str) -> str:
        return f"Refused: {name!r} inflates past the size limit for an import (a zip bomb?)."


def parse_xml_safely(content: bytes, *, what: str) -> Element:
    """XML with no DTD at all: no entity (internal or external) can expand or fetch anything.

    REFI-QDA files never need a DTD (they are described by an XSD), so refusing any DOCTYPE
    loses nothing and gives one clear message for every entity trick.
    """
    try:
        return _defused_fromstring(content, forbid_dtd=True)
    except defusedxml.DTDForbidden:
        raise QdpxError(
            f"Refused: {what} declares a DTD (<!DOCTYPE ...>), which REFI-QDA files never need "
            "and which can hide entity expansion (an 'XML bomb') or external file references."
        ) from None
    except (defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden):
        raise QdpxError(f"Refused: {what} declares XML entities or external references.") from None
    except ParseError as error:
        raise QdpxError(f"{what} is not well-formed XML: {error}.") from None
