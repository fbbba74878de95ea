"""Positions count Unicode code points, as REFI-QDA 1.5 section 10.2 says ("the first and the
last character (Unicode codepoint) in the file", from 0): an emoji is one character, not the
two UTF-16 units a .NET or Qt string has, and the file's byte-order mark is not counted."""

import io
import zipfile

from lxml import etree

from tests.qdpx_samples import COMMENTS, sample_qdpx

NS = "{urn:QDA-XML:project:1.0}"


def test_positions_after_non_ascii_text_index_the_text_file_by_code_point():
    zipped = zipfile.ZipFile(io.BytesIO(sample_qdpx()))
    document = etree.fromstring(zipped.read("project.qde"))
    source = next(s for s in document.iter(f"{NS}TextSource") if s.get("name") == "comment-12")
    text = zipped.read("sources/" + source.get("plainTextPath")[len("internal://") :])
    text = text.decode("utf-8-sig")  # a BOM, as QualCoder writes, is not part of the text
    assert text == COMMENTS[12]

    positions = {
        (int(s.get("startPosition")), int(s.get("endPosition")))
        for s in source.iter(f"{NS}PlainTextSelection")
    }
    # "Böse – ‘quoted’ " is 16 code points (ö, –, ‘ and ’ one each), the emoji one more.
    assert positions == {(16, 17), (26, 45)}
    assert text[16:17] == "😊" and text[26:45] == "trust between teams"
    # Counted in UTF-16 units, as .NET or Qt strings are, "trust" would start at 27.
    assert len(text[:26].encode("utf-16-le")) // 2 == 27
