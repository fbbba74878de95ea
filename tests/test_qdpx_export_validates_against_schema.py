"""The .qdpx export is what the REFI-QDA standard asks for: project.qde valid against the
project schema, and every text source's file inside the archive's sources folder."""

import io
import zipfile

from lxml import etree

from scoring.qdpx import qdpx_build
from tests.qdpx_samples import refi_qda_schema, sample_qdpx

NS = "{urn:QDA-XML:project:1.0}"


def test_project_qde_is_valid_against_the_refi_qda_schema():
    empty = qdpx_build(project_name="Nothing coded yet", users=[], codes=[], sources=[], codings=[])
    schema = refi_qda_schema()
    for export in (sample_qdpx(), empty):
        document = etree.fromstring(zipfile.ZipFile(io.BytesIO(export)).read("project.qde"))
        assert schema.validate(document), schema.error_log


def test_each_text_source_is_a_utf8_file_in_sources_and_not_inline_too():
    zipped = zipfile.ZipFile(io.BytesIO(sample_qdpx()))
    document = etree.fromstring(zipped.read("project.qde"))
    sources = document.findall(f"{NS}Sources/{NS}TextSource")
    assert len(sources) == 2
    for source in sources:
        path = source.get("plainTextPath")
        assert path == f"internal://{source.get('guid')}.txt"
        # "Either PlainTextContent or plainTextPath MUST be filled, not both" (the schema's
        # comment, which it cannot enforce itself).
        assert source.find(f"{NS}PlainTextContent") is None
        zipped.read("sources/" + path.removeprefix("internal://")).decode("utf-8")
    assert sorted(zipped.namelist())[0] == "project.qde"
    assert all(name.startswith("sources/") for name in zipped.namelist()[1:])
