"""The demo ships coding, so that a newcomer sees it at once: the comments of two areas coded
(passages, statements, enablers and barriers, the annex's themes), suggestions for every
other comment, counts released for What people said, and an analyst to sign in as."""

from io import StringIO

from django.core.management import call_command

from scoring.coding_models import (
    CodingRelease,
    CommentCoding,
    CommentSuggestion,
    PassageCode,
    ProgrammeAnalyst,
    Theme,
)
from surveys.demo import DEMO_PROGRAMME
from surveys.models import Response


def test_the_demo_codes_two_areas_and_suggests_for_the_rest(db, client):
    out = StringIO()
    call_command("load_demo", "--scale", "0.5", stdout=out)
    assert "login analyst / " in out.getvalue()
    coded = CommentCoding.objects.select_related("response__survey__area")
    areas = {c.response.survey.area for c in coded}
    assert len(areas) == 2
    for area in areas:  # every visible comment of those areas
        visible = Response.objects.filter(survey__area=area, comment_hidden=False).exclude(
            comment=""
        )
        assert coded.filter(response__survey__area=area).count() == visible.count()
    keys = {code.key for code in PassageCode.objects.all()}
    assert {"enabler", "barrier"} <= keys and any(k.startswith("theme:") for k in keys)
    assert Theme.objects.filter(parent__isnull=False).exists()  # themes nest
    closed = Response.objects.filter(
        survey__area__programme__name=DEMO_PROGRAMME,
        survey__closed_at__isnull=False,
        comment_hidden=False,
    )
    assert CommentSuggestion.objects.count() == closed.exclude(comment="").count()
    assert CodingRelease.objects.count() == 2
    assert ProgrammeAnalyst.objects.filter(user__username="analyst").exists()

    client.login(username="analyst", password="relaudit-analyst-demo")
    programme = CommentCoding.objects.first().response.survey.area.programme
    assert (
        "Suggested statements"
        in client.get(f"/results/{programme.slug}/coding/queue/").content.decode()
    )

    call_command("load_demo", "--scale", "0.5", stdout=StringIO())  # again: nothing added
    assert CommentCoding.objects.count() == coded.count()
