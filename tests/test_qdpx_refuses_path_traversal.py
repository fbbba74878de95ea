"""An archive with a member that would land outside wherever it is unpacked is refused with
a message saying which member and why, before anything in it is read."""

import pytest

from scoring.qdpx import QdpxError, qdpx_read
from tests.qdpx_samples import sample_qdpx, zip_members

QDE = '<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>'


@pytest.mark.parametrize(
    ("member", "why"),
    [
        ("sources/../../etc/cron.d/evil", "climbs out of the archive with '..'"),
        ("../project.qde", "climbs out of the archive with '..'"),
        ("/etc/passwd", "is an absolute path"),
        ("C:/Windows/evil.dll", "is an absolute path"),
        ("sources\\..\\..\\evil.txt", "uses backslashes"),
    ],
)
def test_a_member_escaping_the_archive_is_refused(member, why):
    with pytest.raises(QdpxError, match="Refused") as refused:
        qdpx_read(data=zip_members({"project.qde": QDE, member: b"x"}))
    assert repr(member) in str(refused.value) and why in str(refused.value)


def test_a_text_path_pointing_outside_the_sources_folder_reads_nothing():
    qde = """<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Sources>
      <TextSource guid="0e5a2c8b-7d11-4343-a4cd-4130693eff76" name="comment-1"
          plainTextPath="internal://../project.qde"/>
    </Sources></Project>"""
    project = qdpx_read(data=zip_members({"project.qde": qde}))
    assert project.sources[0].text is None
    assert project.skipped == (
        "Source 'comment-1': internal://../project.qde is not in the sources folder",
    )


def test_the_apps_own_export_is_not_refused():
    assert qdpx_read(data=sample_qdpx()).sources
