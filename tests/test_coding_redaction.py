"""A redaction reaches passages, whenever it is made: passages are stored against the
respondent's original text and every page, quote and export maps them onto the moderated
text. A passage touching a redacted stretch covers its whole replacement; one whose words
were all removed keeps its codes and is never quoted."""

import io
import re
import zipfile

from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.coding_models import Passage
from scoring.passage_offsets import to_original, to_shown
from surveys.models import Response
from tests.coding_fixtures import code_through_page, comments_of

ORIGINAL = "Dr Jane Example in the discharge team always finds a way to make things work."
REDACTED = "[Name] in the discharge team always finds a way to make things work."


def shown(start, end, original=ORIGINAL, redacted=REDACTED):
    a, b = to_shown(original=original, shown=redacted, start=start, end=end)
    return redacted[a:b]


def test_the_mapping_keeps_shared_words_and_widens_over_a_redaction():
    team = ORIGINAL.index("the discharge team")
    assert shown(team, team + len("the discharge team")) == "the discharge team"
    assert shown(0, len(ORIGINAL)) == REDACTED  # the whole comment stays whole
    assert shown(3, 7) == "[Name]"  # "Jane" alone: the whole replacement, never half
    assert shown(3, team + 3) == "[Name] in the"
    named = REDACTED.index("[Name]")
    start, end = to_original(original=ORIGINAL, shown=REDACTED, start=named + 1, end=named + 3)
    assert ORIGINAL[start:end] == "Dr Jane Example"
    removed = "We met Dr Jane Example. It works."
    assert shown(7, 22, removed, "We met. It works.") == ""  # all words gone: no quote


VOCABULARY = [
    "care",
    "team",
    "Jane",
    "slow",
    "trust",
    "é-value",
    "discharge",
    "GP",
    "wait",
    "Dr",
    "Smith",
    "works",
    "well",
    "badly",
    "council",
    "ward",
    "every",
    "week",
]


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=15, unique=True),
    cut=st.tuples(st.integers(0, 15), st.integers(0, 15)),
    replacement=st.sampled_from(["", "[name]", "[redacted text]"]),
    span=st.tuples(st.integers(0, 150), st.integers(0, 150)),
)
def test_a_mapped_passage_is_always_a_stretch_of_the_moderated_text(words, cut, replacement, span):
    """Any redaction of a run of words: a passage maps onto a stretch of the moderated text;
    one that lies wholly before or after the redacted run keeps exactly its words."""
    i, j = sorted(min(c, len(words)) for c in cut)
    original = " ".join(words)
    kept = words[:i] + ([replacement] if replacement else []) + words[j:]
    moderated = " ".join(kept)
    start, end = sorted(min(x, len(original)) for x in span)
    if start == end:
        return  # a passage has at least one character
    a, b = to_shown(original=original, shown=moderated, start=start, end=end)
    assert 0 <= a <= b <= len(moderated)
    before = len(" ".join(words[:i]))
    after = len(original) - len(" ".join(words[j:])) if j < len(words) else len(original)
    if i < j and (end <= before or start >= after):
        assert moderated[a:b] == original[start:end]
    if i == j and not replacement:
        assert (a, b) == (start, end)  # nothing redacted: nothing moves


def test_redacting_after_coding_changes_every_quote_and_export(client, coding_area, lead, analyst):
    comment = comments_of(coding_area)[0]
    Response.objects.filter(pk=comment.pk).update(comment=ORIGINAL)
    programme = coding_area.area.programme
    client.force_login(analyst)
    code_through_page(
        client,
        coding_area,
        comment,
        ["statement:RV-RES-PEO", "enabler"],
        quote="Dr Jane Example in the discharge team",
    )
    passage = Passage.objects.get()
    assert ORIGINAL[passage.start : passage.end] == "Dr Jane Example in the discharge team"

    client.force_login(lead)
    moderate = reverse("comment_moderate", args=[programme.slug, coding_area.area.slug, comment.pk])
    assert client.post(moderate, {"redacted": REDACTED}).status_code == 302
    passage.refresh_from_db()
    assert ORIGINAL[passage.start : passage.end] == "Dr Jane Example in the discharge team"

    client.force_login(analyst)
    page = client.get(reverse("coding_comment", args=[programme.slug, comment.pk])).content.decode()
    assert "“[Name] in the discharge team”" in page and "Jane" not in page
    passages = client.get(reverse("coding_passages_csv", args=[programme.slug])).content.decode()
    assert "[Name] in the discharge team" in passages and "Jane" not in passages
    archive = zipfile.ZipFile(
        io.BytesIO(client.get(reverse("coding_qdpx", args=[programme.slug])).content)
    )
    texts = {name: archive.read(name).decode("utf-8-sig") for name in archive.namelist()}
    source = next(t for n, t in texts.items() if n.startswith("sources/") and "[Name]" in t)
    project = texts["project.qde"]
    assert "Jane" not in source and "Jane" not in project
    selection = re.search(r'startPosition="(\d+)" endPosition="(\d+)"', project)
    assert source[int(selection.group(1)) : int(selection.group(2))] == (
        "[Name] in the discharge team"
    )

    # A passage selected in the redacted text is stored against the original.
    code_through_page(client, coding_area, comment, ["statement:RV-RES-CUL"], quote="[Name]")
    newest = Passage.objects.latest("pk")
    assert ORIGINAL[newest.start : newest.end] == "Dr Jane Example"
