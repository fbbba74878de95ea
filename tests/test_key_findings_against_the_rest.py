"""The area report's key findings, its statement table and its PDF tag the area against the
rest of the programme as the comparison page does (Welch against the programme without the
area, Benjamini-Hochberg over the page's family), not against a programme mean that holds
the area itself; the method is said in one sentence on the page and in the Read me.

Two programmes with answers written out, so each case is one the older comparison (the
area's 95% interval against the published programme mean) gets wrong: a difference that
is clear before the correction but not after it, and a large area that pulls the
programme mean into its own interval though it differs clearly from the other areas."""

import io
import re

import pytest
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook
from pypdf import PdfReader
from scipy import stats

from scoring import statistics
from scoring.models import ProgrammePublication, SurveySnapshot
from scoring.reader import summary_read
from scoring.services import programme_results_publish, surveys_close_due
from surveys.models import RATING_CODES
from tests.comparison_world import NEGATIVE, AreaSpec, add_response, build_programme, survey_of

SHIFTED = "RV-INT-VIS"  # the one statement Halton differs on, in the first programme


def respondents(survey, count: int, low: int, high: int, shifted: tuple[int, int] | None):
    """`count` respondents scoring `low` and `high` in turn on every statement (and the
    `shifted` pair on SHIFTED): stored as scale positions, negative statements reversed."""
    for i in range(count):
        scores = {code: (low, high)[i % 2] for code in RATING_CODES}
        if shifted:
            scores[SHIFTED] = shifted[i % 2]
        store(survey, scores)


def store(survey, scores: dict[str, int]) -> None:
    add_response(survey, {c: 5 - s if c in NEGATIVE else s for c, s in scores.items()})


def spread_out(survey, count: int) -> None:
    """`count` respondents scoring 2 or 4, more of them 4 from one statement to the next
    (3 more each), so that no two statements' means are tied: 3.00, 3.015, ... 3.51 at 400."""
    for i in range(count):
        store(survey, {code: 4 if i < count // 2 + 3 * j else 2 for j, code in
                       enumerate(RATING_CODES)})  # fmt: skip


def programme_of(slug: str, areas: dict[str, tuple]):
    programme = build_programme([AreaSpec(name, 0) for name in areas], slug=slug)
    for name, shape in areas.items():
        if len(shape) == 1:
            spread_out(survey_of(programme, name), *shape)
        else:
            respondents(survey_of(programme, name), *shape)
    surveys_close_due()
    programme_results_publish(programme=programme)
    return programme


@pytest.fixture
def reviewer_of(django_user_model, settings):
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    reviewer = django_user_model.objects.create_user("halton-reviewer", password="pw")

    def sign_in(client, programme):
        survey_of(programme, "Halton").area.reviewers.add(reviewer)
        client.force_login(reviewer)
        return survey_of(programme, "Halton")

    return sign_in


def old_criterion(survey, code: str) -> bool:
    """What the report used to tag: the area's 95% interval excludes the published
    programme mean, which includes the area itself."""
    summary = summary_read(SurveySnapshot.objects.get(survey=survey, kind="latest").summary)
    published = ProgrammePublication.objects.get(programme=survey.area.programme, kind="latest")
    mean = published.figures["statements"][code]
    s = summary.statement(code)
    return not (s.ci_low <= mean <= s.ci_high)


def welch_p(area: list[int], rest: list[int]) -> float:
    return stats.ttest_ind(area, rest, equal_var=False).pvalue


def statement_tags(html: str) -> dict[str, str]:
    """Each statement's tag in the statement table, by its wording's start."""
    table = html.split('id="statements"')[1].split("</table>")[0]
    rows = table.split('<tr class="govuk-table__row">')[2:]
    return {re.sub(r"<.*", "", row.split("<td")[1].split(">", 1)[1]): row for row in rows}


def findings_of(html: str) -> str:
    return html.split('id="key-findings"')[1].split("</section>")[0]


def test_a_difference_that_does_not_survive_the_correction_is_not_a_finding(client, reviewer_of):
    # Halton answers 2 and 3 on one statement where everyone else answers 1 and 3.
    programme = programme_of(
        "chance",
        {
            "Halton": (20, 1, 3, (2, 3)),
            "York": (20, 1, 3, None),
            "Bury": (20, 1, 3, None),
            "Leeds": (20, 1, 3, None),
        },
    )
    halton = reviewer_of(client, programme)
    # Before the correction it looks like a difference, and the old tag called it one...
    assert old_criterion(halton, SHIFTED)
    assert welch_p([2, 3] * 10, [1, 3] * 30) < 0.05
    # ... but one of 48 comparisons at p > 0.05 / 48 is not declared by Benjamini-Hochberg.
    assert welch_p([2, 3] * 10, [1, 3] * 30) > 0.05 / 48
    html = client.get(f"/results/{programme.slug}/halton/").content.decode()
    findings = findings_of(html)
    assert "higher than the rest</strong> on 0 of the 48 measures compared" in findings
    assert "no clear difference</strong> on 48" in findings
    assert "The largest differences" not in findings
    text = summary_read(SurveySnapshot.objects.get(survey=halton, kind="latest").summary).statement(
        SHIFTED
    )
    row = statement_tags(html)[escape(text.text)]
    assert "No clear difference" in row and "Higher" not in row
    assert escape(statistics.METHOD) in findings  # the method, in one sentence


def test_a_large_area_inside_its_own_programme_mean_still_differs_from_the_rest(
    client, reviewer_of
):
    # 400 respondents score 2 or 4 (means 3.00 to 3.51); the 20 of the only other area 1 and
    # 3 (mean 2): the programme mean, Halton in it, lies inside each of Halton's intervals.
    programme = programme_of("large", {"Halton": (400,), "York": (20, 1, 3, None)})
    halton = reviewer_of(client, programme)
    assert not any(old_criterion(halton, code) for code in RATING_CODES)  # the old: no tag
    assert welch_p([2, 4] * 200, [1, 3] * 10) < 0.05 / 48  # the least clear, even by Bonferroni
    html = client.get(f"/results/{programme.slug}/halton/").content.decode()
    findings = findings_of(html)
    assert "higher than the rest</strong> on 48 of the 48 measures compared" in findings
    assert "the 1 other area in that publication" in findings
    largest = findings.split("The largest differences:")[1].split("</ul>")[0]
    assert largest.count(">Higher than the rest<") == 4
    assert "3.51 against 2.00, a difference of +1.51" in largest  # the last statement
    tags = statement_tags(html)
    assert len(tags) == 35
    for wording, row in tags.items():
        assert ">Higher than the rest<" in row, wording
        assert ">2.00<" in row  # the rest of the programme's mean, not one with Halton in it

    # The PDF carries the same tags beside the same means, and the method.
    pdf = client.get(f"/results/{programme.slug}/halton/report.pdf")
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages]
    text = " ".join(" ".join(pages).split())
    assert text.count("Higher than the rest") >= 35 + 4
    assert "higher than the rest on 48 of the 48 measures compared" in text
    assert " ".join(statistics.METHOD.split()) in text


def test_the_method_is_in_the_read_me_of_the_summary_download(client, reviewer_of):
    programme = programme_of("readme", {"Halton": (20, 1, 3, None), "York": (20, 1, 3, None)})
    reviewer_of(client, programme)
    url = reverse("area_summary_xlsx", args=[programme.slug, "halton"])
    workbook = load_workbook(io.BytesIO(client.get(url).content), read_only=True)
    rows = list(workbook["Read me"].iter_rows(values_only=True))
    comparison = [row for row in rows if row[0] == "Comparison"]
    assert comparison == [
        ("Comparison", "higher than the rest, lower than the rest, no clear difference",
         statistics.METHOD)
    ]  # fmt: skip


def test_without_a_publication_the_report_says_why_it_is_not_compared(client, reviewer_of):
    programme = build_programme([AreaSpec("Halton", 0), AreaSpec("York", 0)], slug="unpub")
    for name in ("Halton", "York"):
        respondents(survey_of(programme, name), 12, 1, 3, None)
    surveys_close_due()
    reviewer_of(client, programme)
    html = client.get(f"/results/{programme.slug}/halton/").content.decode()
    assert "No programme figures have been published for comparison yet" in findings_of(html)
    assert "Rest of the programme" not in html and "Higher than the rest" not in html
