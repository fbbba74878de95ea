"""Exporting the same coding twice gives the same bytes, whatever order the codings come
in, and the GUIDs follow from the app's ids: another tool recognises what it saw before."""

from scoring.qdpx import qdpx_read, stable_guid
from tests.qdpx_samples import CODINGS, STATEMENT, sample_qdpx


def test_the_same_coding_exports_to_the_same_bytes():
    assert sample_qdpx() == sample_qdpx()
    assert sample_qdpx(codings=tuple(reversed(CODINGS))) == sample_qdpx()


def test_guids_are_derived_from_the_apps_ids():
    project = qdpx_read(data=sample_qdpx())
    assert {s.guid for s in project.sources} == {
        stable_guid("comment", 12),
        stable_guid("comment", 13),
    }
    assert stable_guid("code", "RV-INT-CUL") == STATEMENT.guid
    assert stable_guid("comment", 12) != stable_guid("code", 12)
