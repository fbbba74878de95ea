"""`make run` shows trends at once: the demo's second wave re-runs the areas (two merged, one
statement reworded and not marked comparable), closed and published, with clear improvements
and declines on the lead's page and in an area's report."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command

from scoring.wave_programme import programme_changes
from scoring.wave_reading import area_since_last_wave
from surveys.demo import DEMO_PROGRAMME
from surveys.demo_waves import DEMO_SECOND_WAVE
from surveys.models import Programme, Response


def test_the_demo_has_a_second_wave_with_trends(client, db):
    out = StringIO()
    call_command("load_demo", "--scale", "0.5", stdout=out)
    first = Programme.objects.get(name=DEMO_PROGRAMME)
    wave = Programme.objects.get(name=DEMO_SECOND_WAVE)
    assert wave.series == first.series and (first.wave, wave.wave) == (1, 2)
    assert wave.areas.count() == first.areas.count() - 1
    merged = next(a for a in wave.areas.all() if len(a.predecessors()) == 2)
    assert " and " in merged.name
    assert Response.objects.filter(survey__area__programme=wave).exists()
    assert not wave.areas.filter(survey__closed_at__isnull=True).exists()
    page = programme_changes(programme=wave)
    improved, declined = page.declared
    assert improved > 0 and declined > 0
    row = next(r for r in page.rows if r.area_name == merged.name)
    assert row.lineage.startswith("merged from ")
    since = area_since_last_wave(area=wave.areas.exclude(pk=merged.pk).first())
    tags = {c.key: c.tag for c in since.changes}
    assert tags["RV-INT-INF"] == "wording changed"
    assert f"{wave.slug}/changes/" in out.getvalue()
    client.force_login(get_user_model().objects.get(username="reviewer"))
    area = wave.areas.exclude(pk=merged.pk).first()
    html = client.get(f"/results/{wave.slug}/{area.slug}/?snapshot=deadline").content.decode()
    assert "Since the last wave" in html
    # Running it again adds nothing.
    count = Response.objects.count()
    call_command("load_demo", "--scale", "0.5", stdout=StringIO())
    assert Response.objects.count() == count
