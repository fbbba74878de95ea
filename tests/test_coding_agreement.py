"""Two analysts code a sample blind; the lead reads, per code, how often they agree and
Cohen's kappa (checked against a hand computation and statsmodels), and settles the
disagreements into the programme's coding."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from statsmodels.stats.inter_rater import cohens_kappa

from scoring.agreement import agreement_by_code, cohen_kappa, disagreements
from scoring.coding_models import AgreementSample, PassageCode, ProgrammeAnalyst
from tests.coding_fixtures import code_through_page


def test_kappa_against_a_hand_computation_and_statsmodels():
    # 20 comments: both gave the code to 7, only the first to 3, only the second to 2,
    # neither to 8. p_o = 15/20 = 0.75; first says yes 10/20, second 9/20;
    # p_e = 0.5 * 0.45 + 0.5 * 0.55 = 0.5; kappa = (0.75 - 0.5) / (1 - 0.5) = 0.5.
    assert cohen_kappa(7, 3, 2, 8) == pytest.approx(0.5)
    assert cohens_kappa([[7, 3], [2, 8]]).kappa == pytest.approx(0.5)
    for table in ([[12, 1], [4, 3]], [[0, 5], [5, 0]], [[3, 0], [0, 9]], [[1, 2], [7, 0]]):
        (a, b), (c, d) = table
        assert cohen_kappa(a, b, c, d) == pytest.approx(cohens_kappa(table).kappa)
    assert cohen_kappa(0, 0, 0, 6) is None  # everyone said no: chance agreement is total

    first = {1: {"x", "e"}, 2: {"x"}, 3: set(), 4: {"y"}}
    second = {1: {"x"}, 2: {"x", "y"}, 3: set(), 4: {"y"}, 5: {"x"}}  # 5: first not done
    rows = {row.key: row for row in agreement_by_code(first, second)}
    assert (rows["x"].both, rows["x"].first_only, rows["x"].second_only, rows["x"].neither) == (
        2,
        0,
        0,
        2,
    )
    assert rows["x"].percent == 100 and rows["x"].kappa == pytest.approx(1.0)
    assert rows["y"].percent == 75
    assert disagreements(first, second) == [(1, "e", 1), (2, "y", 2)]


def test_a_sample_coded_blind_measured_and_settled(client, coding_area, lead, django_user_model):
    programme = coding_area.area.programme
    first = django_user_model.objects.create_user("first", password="pw")
    second = django_user_model.objects.create_user("second", password="pw")
    for user in (first, second):
        ProgrammeAnalyst.objects.create(programme=programme, user=user, named_at=timezone.now())
    client.force_login(lead)
    samples = reverse("agreement_samples", args=[programme.slug])
    same = {"first": first.pk, "second": first.pk, "size": 4}
    assert client.post(samples, same).status_code == 400  # two different people
    assert (
        client.post(samples, {"first": first.pk, "second": second.pk, "size": 4}).status_code == 302
    )
    sample = AgreementSample.objects.get()
    chosen = sorted(sample.responses.all(), key=lambda r: r.pk)
    assert len(chosen) == 4

    codes_by = {
        first: [
            ["statement:RV-INT-PRO", "barrier"],
            ["statement:RV-INT-VIS"],
            ["statement:RV-INT-PRO"],
            [],
        ],
        second: [
            ["statement:RV-INT-PRO", "barrier"],
            ["statement:RV-INT-VIS"],
            ["statement:RV-INT-TEC"],
            [],
        ],
    }
    nxt = reverse("agreement_next", args=[programme.slug, sample.pk])
    for user, codes in codes_by.items():
        client.force_login(user)
        for comment, chosen_codes in zip(chosen, codes, strict=True):
            page = client.get(nxt).content.decode()
            assert comment.comment in page  # the next comment of the sample
            assert "Suggested statements" not in page  # blind: no model suggestion either
            if user == second:
                assert "Your codes on this comment" not in page  # not the first coder's
            if chosen_codes:
                response = code_through_page(
                    client, coding_area, comment, chosen_codes, sample=sample.pk
                )
            else:
                response = client.post(
                    reverse("coding_comment", args=[programme.slug, comment.pk]),
                    {"action": "nothing", "sample": sample.pk, "q": ""},
                )
            assert response.status_code == 302
        assert "You have coded every comment" in client.get(nxt).content.decode()
    assert not PassageCode.objects.filter(passage__sample__isnull=True).exists()

    client.force_login(lead)
    page = client.get(
        reverse("agreement_sample", args=[programme.slug, sample.pk])
    ).content.decode()
    assert "both have coded <strong>4 of the 4</strong>" in page
    # RV-INT-PRO: both on comment 1, only the first on 3, neither on 2 and 4: p_o = 3/4,
    # p_e = 0.5 * 0.25 + 0.5 * 0.75 = 0.5, kappa = 0.5.
    row = re.search(r"We have appropriate systems in place.*?</tr>", page, re.S).group(0)
    assert "75%" in row and "0.50" in row
    assert page.count('name="settle"') == 2  # RV-INT-PRO and RV-INT-TEC on comment 3

    settle = reverse("agreement_sample", args=[programme.slug, sample.pk])
    assert (
        client.post(
            settle, {"settle": f"{chosen[2].pk}|statement:RV-INT-TEC", "applies": "yes"}
        ).status_code
        == 302
    )
    assert (
        client.post(
            settle, {"settle": f"{chosen[2].pk}|statement:RV-INT-PRO", "applies": "no"}
        ).status_code
        == 302
    )
    assert client.post(settle, {"adopt": "yes"}).status_code == 302
    programme_codes = {
        (code.passage.response_id, code.key)
        for code in PassageCode.objects.filter(passage__sample__isnull=True)
    }
    assert programme_codes == {
        (chosen[0].pk, "statement:RV-INT-PRO"),
        (chosen[0].pk, "barrier"),
        (chosen[1].pk, "statement:RV-INT-VIS"),
        (chosen[2].pk, "statement:RV-INT-TEC"),
    }
    assert "Settled" in client.get(settle).content.decode()
