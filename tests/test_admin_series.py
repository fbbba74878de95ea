"""An admin can look over the series of runs, the areas' lineage and the reworded
statements marked comparable; these rows come from starting a wave and from leads' pages,
so the admin has no add or delete for them."""

import pytest
from django.utils import timezone

from surveys.models import AreaLineage, ComparableWording, Statement
from tests.wave_world import close_now, next_wave, respond_around


@pytest.fixture
def series(settings, programme, make_survey, admin_user):
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    respond_around(make_survey("Halton"), count=12, level=2.0, seed=51)
    close_now(programme)
    wave = next_wave(programme, "Second run")
    statement = Statement.objects.filter(instrument=wave.areas.get().survey.instrument).first()
    ComparableWording.objects.create(
        statement=statement, earlier=statement, marked_by=admin_user, marked_at=timezone.now()
    )
    return wave


def test_the_admin_lists_series_lineage_and_comparable_wording(client, admin_user, series):
    client.force_login(admin_user)
    page = client.get("/admin/surveys/series/").content.decode()
    assert series.series.name in page and ">2<" in page  # two waves
    detail = client.get(f"/admin/surveys/series/{series.series.pk}/change/").content.decode()
    assert f"2: {series.name}" in detail
    link = AreaLineage.objects.get(area__programme=series)
    page = client.get("/admin/surveys/arealineage/").content.decode()
    assert series.name in page and "wave 2" in page
    page = client.get("/admin/surveys/comparablewording/").content.decode()
    assert ComparableWording.objects.get().statement.code in page
    assert client.get(f"/admin/surveys/arealineage/{link.pk}/change/").status_code == 200


@pytest.mark.parametrize("model", ["series", "arealineage", "comparablewording"])
def test_the_admin_cannot_add_or_delete_them(client, admin_user, series, model):
    client.force_login(admin_user)
    assert client.get(f"/admin/surveys/{model}/add/").status_code == 403
    row = {
        "series": series.series,
        "arealineage": AreaLineage.objects.first(),
        "comparablewording": ComparableWording.objects.first(),
    }[model]
    assert client.get(f"/admin/surveys/{model}/{row.pk}/delete/").status_code == 403
