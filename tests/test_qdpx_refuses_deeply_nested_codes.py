"""Codes nested absurdly deep (a crafted file, not a codebook) are refused with a message
rather than exhausting the stack while the codebook is read."""

import pytest

from scoring.qdpx import MAX_CODE_DEPTH, QdpxError, qdpx_read
from tests.qdpx_samples import zip_members


def codebook(depth: int) -> str:
    code = '<Code guid="a1b2c3d4-0000-4000-8000-000000000001" name="c" isCodable="true">'
    nested = code * depth + "</Code>" * depth
    return (
        '<Project xmlns="urn:QDA-XML:project:1.0" name="x">'
        f"<CodeBook><Codes>{nested}</Codes></CodeBook></Project>"
    )


def test_codes_nested_past_the_limit_are_refused():
    with pytest.raises(QdpxError, match=f"nested more than {MAX_CODE_DEPTH} deep"):
        qdpx_read(data=zip_members({"project.qde": codebook(100_000)}))


def test_codes_nested_to_the_limit_are_read():
    (top,) = qdpx_read(data=zip_members({"project.qde": codebook(MAX_CODE_DEPTH)})).codes
    assert top.name == "c" and top.children[0].children[0].name == "c"
