"""The demo (`make run`) shows what the fair comparison pages are for: an area outside a
funnel's 99.8% limits, and differences from the rest that hold after correction, on the
heatmap a lead sees and on the comparison page an area's reviewer sees."""

import re
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from scoring.across_areas import measure_choices, programme_funnel
from surveys.demo import DEMO_PROGRAMME
from surveys.models import Programme


def test_the_demo_shows_an_area_outside_a_funnel_and_clear_differences(client, db):
    call_command("load_demo", stdout=StringIO())
    programme = Programme.objects.get(name=DEMO_PROGRAMME)
    users = get_user_model().objects
    keys = [key for _heading, options in measure_choices(programme=programme) for key, _ in options]
    outside = {
        key: [p.name for p in page.funnel.outside(level="99.8")]
        for key in keys
        if (page := programme_funnel(programme=programme, kind="latest", measure_key=key)).funnel
    }
    key = next(key for key, names in outside.items() if names)
    client.force_login(users.get(username="lead"))
    funnel = client.get(reverse("programme_funnel", args=[programme.slug]) + f"?measure={key}")
    assert re.search(r"Outside the 99.8% limits: <strong>\w", funnel.content.decode())

    heatmap = client.get(reverse("programme_heatmap", args=[programme.slug])).content.decode()
    clear = re.findall(r'class="govuk-visually-hidden"> clearly (higher|lower)', heatmap)
    assert clear

    # The reviewer's page (the programme as the demo's lead published it) says so too.
    client.force_login(users.get(username="reviewer"))
    tagged = 0
    for area in programme.areas.filter(survey__closed_at__isnull=False):
        page = client.get(reverse("area_comparison", args=[programme.slug, area.slug]))
        html = page.content.decode()
        tagged += html.count(">Lower than the rest<") + html.count(">Higher than the rest<")
    assert tagged
