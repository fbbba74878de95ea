import json
from io import StringIO

from django.core.management import call_command

from scoring.models import ProgrammeSnapshot
from surveys.demo import DEMO_PROGRAMME, PUBLISHED
from surveys.models import Programme, Response, Survey


def test_the_demo_matches_the_published_counts_and_means(db):
    out = StringIO()
    call_command("load_demo", stdout=out)
    published = json.loads(PUBLISHED.read_text())
    programme = Programme.objects.get(name=DEMO_PROGRAMME)
    for row in published["areas_in_review_order"]:
        survey = Survey.objects.get(area__programme=programme, area__name=row["area"])
        assert survey.responses.count() == row["responses"]
        assert survey.responses.exclude(comment="").count() == row["free_text_comments"]
        assert survey.area.sent_to == row["sent_to"]
    first_wave = Survey.objects.filter(area__programme=programme)
    assert Response.objects.filter(survey__in=first_wave).count() == 2538
    # Results of the surveys past their deadline are computed; two areas are still open.
    assert first_wave.filter(closed_at__isnull=False).count() == 18
    assert sum(s.accepts_responses(s.closes_at) for s in first_wave) == 20
    summary = ProgrammeSnapshot.objects.get(kind="latest", programme=programme).summary
    for attribute, row in published["figure3_statement_means"].items():
        for dimension, mean in row.items():
            code = f"RV-{attribute[:3].upper()}-{dimension[:3].upper()}"
            assert abs(summary["statements"][code]["mean"] - mean) < 0.12, code
    for domain, mean in published["figure5_proximity_means"].items():
        assert abs(summary["domains"][domain] - mean) < 0.12, domain
    output = out.getvalue()
    assert "login reviewer / " in output and "login admin / " in output
    assert "login lead / " in output and programme.leads.filter(username="lead").exists()
    assert first_wave.get(area__name="Stockport").link in output


def test_demo_data_obeys_the_rules_of_real_data(db):
    from django.utils import timezone

    call_command("load_demo", "--scale", "0.2", stdout=StringIO())
    today = timezone.localdate()
    for survey in Survey.objects.all():
        for response in survey.responses.all():
            assert timezone.localdate(survey.opens_at) <= response.submitted_on <= today
            if not response.is_late:
                assert response.submitted_on <= timezone.localdate(survey.closes_at)
    late = Response.objects.filter(is_late=True)
    assert late.count() > 0
    assert {r.survey.late_until > timezone.now() for r in late} == {True}


def test_the_size_is_a_parameter_and_the_seed_makes_it_repeatable(db):
    call_command("load_demo", "--scale", "0.1", stdout=StringIO())
    first_wave = Response.objects.filter(survey__area__programme__name=DEMO_PROGRAMME)
    assert first_wave.count() == sum(
        max(round(r["responses"] * 0.1), 1)
        for r in json.loads(PUBLISHED.read_text())["areas_in_review_order"]
    )
    first = list(
        Response.objects.order_by("pk").values_list("rv_int_cul", "comment", "primary_role")[:50]
    )
    Response.objects.all().delete()
    Programme.objects.all().delete()
    call_command("load_demo", "--scale", "0.1", stdout=StringIO())
    again = list(
        Response.objects.order_by("pk").values_list("rv_int_cul", "comment", "primary_role")[:50]
    )
    assert first == again


def test_running_it_again_adds_nothing(db):
    call_command("load_demo", "--scale", "0.05", stdout=StringIO())
    count = Response.objects.count()
    call_command("load_demo", "--scale", "0.05", stdout=StringIO())
    assert Response.objects.count() == count
