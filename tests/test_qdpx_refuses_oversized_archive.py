"""Sizes are capped on what is actually inflated, so a small upload that inflates to
gigabytes (a zip bomb) is refused before it fills memory; and what is not a REFI-QDA
project at all is named as such."""

import io
import zipfile

import pytest

from scoring.qdpx import QdpxError, qdpx_read
from tests.qdpx_samples import sample_qdpx, zip_members


def test_a_member_inflating_past_the_limit_is_refused():
    bomb = zip_members({"project.qde": b" " * 5_000_000})
    assert len(bomb) < 20_000  # 5 MB of spaces deflates to a few kilobytes
    with pytest.raises(QdpxError, match="inflates past the size limit"):
        qdpx_read(data=bomb, max_inflated_bytes=1_000_000)


def test_the_limit_counts_every_member_read_not_each_alone():
    export = sample_qdpx()
    sizes = {i.filename: i.file_size for i in zipfile.ZipFile(io.BytesIO(export)).infolist()}
    assert qdpx_read(data=export, max_inflated_bytes=sum(sizes.values())).sources
    # project.qde fits, and so would each text file alone, but not all of them together.
    with pytest.raises(QdpxError, match="sources/.*inflates past the size limit"):
        qdpx_read(data=export, max_inflated_bytes=sum(sizes.values()) - 1)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a zip at all", "is not a .qdpx \\(zip\\) archive"),
        (zip_members({"sources/a.txt": b"x"}), "has no project.qde"),
        (zip_members({"project.qde": "<CodeBook/>"}), "is not a REFI-QDA project"),
    ],
)
def test_what_is_not_a_refi_qda_project_says_so(data, message):
    with pytest.raises(QdpxError, match=message):
        qdpx_read(data=data)
