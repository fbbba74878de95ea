"""A project coded in another tool comes back onto the right comments and codes.

The project.qde is written as MAXQDA and NVivo write theirs: upper-case GUIDs (some in
braces), its own GUIDs for our codes and comments, a capitalised "Sources" folder, text files
with a byte-order mark, a memo-only selection, a source coded as a whole, a renamed source,
and a picture. Positions count code points in text with non-ASCII characters and an emoji.
"""

from datetime import UTC, datetime

from lxml import etree

from scoring.qdpx import qdpx_read
from scoring.qdpx_matching import match_qdpx_codings
from tests.qdpx_samples import COMMENTS, refi_qda_schema, zip_members

SAM = "5C94BC9E-DB8C-4F1D-9CD6-E900C7440860"
SOURCE_12 = "0E5A2C8B-7D11-4343-A4CD-4130693EFF76"
SOURCE_13 = "8E7FDDFE-DB36-48DC-B464-80C3A4DECD90"

PROJECT_QDE = f"""<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Northshire (coded)" origin="MAXQDA 2022"
    creatingUserGUID="{SAM}" creationDateTime="2025-04-01T09:00:00Z">
  <Users>
    <User guid="{{{SAM}}}" name="Sam Coder"/>
  </Users>
  <CodeBook>
    <Codes>
      <Code guid="A1B2C3D4-0000-4000-8000-000000000001" name="Relational value" isCodable="true">
        <Code guid="A1B2C3D4-0000-4000-8000-000000000002" name="Integrity" isCodable="true">
          <Code guid="A1B2C3D4-0000-4000-8000-000000000003" name="RV-INT-CUL" isCodable="true"
              color="#FF8800">
            <Description>A culture of honesty</Description>
            <Code guid="A1B2C3D4-0000-4000-8000-000000000004" name="Shared language"
                isCodable="true"/>
          </Code>
        </Code>
      </Code>
      <Code guid="A1B2C3D4-0000-4000-8000-000000000005" name="enabler" isCodable="true"/>
    </Codes>
  </CodeBook>
  <Sources>
    <TextSource guid="{SOURCE_12}" name="comment-12.txt"
        plainTextPath="internal://{SOURCE_12}.txt" creatingUser="{SAM}">
      <PlainTextSelection guid="95916796-D0A0-4B49-9F41-0C7A2E0B5C11" name="trust"
          startPosition="26" endPosition="45" creatingUser="{SAM}"
          creationDateTime="2025-04-01T09:05:00Z">
        <Coding guid="76414714-63C4-4A25-A47E-66FEF80BD52E" creatingUser="{SAM}">
          <CodeRef targetGUID="A1B2C3D4-0000-4000-8000-000000000003"/>
        </Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="27A5F0C2-E225-4D6A-8E2B-3C4D5E6F7A8B" startPosition="16"
          endPosition="17">
        <Description>A memo on the emoji, no code: not a coding</Description>
      </PlainTextSelection>
      <PlainTextSelection guid="27A5F0C2-E225-4D6A-8E2B-3C4D5E6F7A8C" startPosition="16"
          endPosition="17" creatingUser="{SAM}">
        <Coding guid="76414714-63C4-4A25-A47E-66FEF80BD52F">
          <CodeRef targetGUID="{{A1B2C3D4-0000-4000-8000-000000000004}}"/>
        </Coding>
      </PlainTextSelection>
    </TextSource>
    <TextSource guid="{SOURCE_13}" name="Interview note 7"
        plainTextPath="internal://{SOURCE_13}.txt">
      <Coding guid="548B7645-CF96-4C71-B071-8829C2A30ACE" creatingUser="{SAM}">
        <CodeRef targetGUID="A1B2C3D4-0000-4000-8000-000000000005"/>
      </Coding>
    </TextSource>
    <PictureSource guid="02255470-09E6-400B-8E2B-3C4D5E6F7A8B" name="Whiteboard"
        path="internal://02255470-09E6-400B-8E2B-3C4D5E6F7A8B.png"/>
  </Sources>
</Project>
"""


def other_tools_qdpx() -> bytes:
    return zip_members(
        {
            "project.qde": PROJECT_QDE,
            f"Sources/{SOURCE_12}.txt": COMMENTS[12].encode("utf-8-sig"),
            f"Sources/{SOURCE_13}.txt": COMMENTS[13].encode("utf-8-sig"),
            "Sources/02255470-09E6-400B-8E2B-3C4D5E6F7A8B.png": b"\x89PNG not really",
        }
    )


def test_codings_from_another_tool_match_comments_and_codes():
    project = qdpx_read(data=other_tools_qdpx())
    report = match_qdpx_codings(
        project=project,
        comments=COMMENTS,
        codes={
            # The app's own GUIDs, which this tool did not keep, then names and paths.
            "d342cd5e-52d1-4894-a342-7d42ed947797": "statement RV-INT-CUL",
            "RV-INT-CUL": "statement RV-INT-CUL",
            "Relational value / Integrity / RV-INT-CUL / Shared language": "theme 1",
            "Enabler": "enabler",
        },
    )

    assert report.counts["matched"] == 3, report.unmatched
    assert sum(report.counts.values()) == 3
    found = {(p.comment_id, p.start, p.end, p.app_code, p.coder_name) for p in report.matched}
    assert found == {
        (12, 26, 45, "statement RV-INT-CUL", "Sam Coder"),
        (12, 16, 17, "theme 1", "Sam Coder"),
        (13, 0, len(COMMENTS[13]), "enabler", "Sam Coder"),  # the whole source was coded
    }
    assert COMMENTS[12][26:45] == "trust between teams" and COMMENTS[12][16:17] == "😊"
    by_start = {p.start: p for p in report.matched if p.comment_id == 12}
    assert by_start[26].created_at == datetime(2025, 4, 1, 9, 5, tzinfo=UTC)
    assert report.skipped == ("PictureSource 'Whiteboard': only plain-text sources are imported",)


def test_the_hand_written_project_is_itself_valid():
    schema = refi_qda_schema()
    assert schema.validate(etree.fromstring(PROJECT_QDE.encode())), schema.error_log


def test_the_other_tools_codebook_reads_nested():
    (value, enabler) = qdpx_read(data=other_tools_qdpx()).codes
    statement = value.children[0].children[0]
    assert (value.name, statement.name, statement.children[0].name) == (
        "Relational value",
        "RV-INT-CUL",
        "Shared language",
    )
    assert statement.colour == "#FF8800" and statement.description == "A culture of honesty"
    assert statement.guid == "a1b2c3d4-0000-4000-8000-000000000003"  # braces and case dropped
    assert enabler.children == ()
