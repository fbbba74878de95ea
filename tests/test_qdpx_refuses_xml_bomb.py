"""A project.qde that declares entities (the "billion laughs" bomb, or an external entity
reading a local file or a URL) is refused with a clear message, without expanding or
fetching anything: REFI-QDA files never need a DTD."""

import pytest

from scoring.qdpx import QdpxError, qdpx_read
from tests.qdpx_samples import zip_members

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE Project [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&lol9;"/>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE Project [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&secret;"/>
"""

EXTERNAL_DTD = """<?xml version="1.0"?>
<!DOCTYPE Project SYSTEM "http://127.0.0.1:9/evil.dtd">
<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>
"""


@pytest.mark.parametrize("qde", [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD])
def test_a_project_declaring_a_dtd_is_refused(qde):
    with pytest.raises(QdpxError, match=r"Refused: project\.qde declares a DTD") as refused:
        qdpx_read(data=zip_members({"project.qde": qde}))
    assert "XML bomb" in str(refused.value)


def test_malformed_xml_is_reported_as_such():
    with pytest.raises(QdpxError, match=r"project\.qde is not well-formed XML"):
        qdpx_read(data=zip_members({"project.qde": "<Project"}))
