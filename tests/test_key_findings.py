"""Each report opens with its key findings (responses and reach, best and worst statements,
where the area differs from the rest (tests/test_key_findings_against_the_rest.py), the
largest gap between shown groups) and a contents list linking every section; on "latest"
the results come before the change since the deadline; an area below the threshold shows
its counts and one sentence."""

import json
import re

from scoring.services import surveys_close_due
from surveys.models import RATING_CODES


def page(client, survey, query=""):
    return client.get(
        f"/results/{survey.area.programme.slug}/{survey.area.slug}/{query}"
    ).content.decode()


def test_key_findings_come_first_and_every_section_is_in_the_contents(
    client, closed_area, reviewer
):
    closed_area.area.reviewers.add(reviewer)
    client.force_login(reviewer)
    html = page(client, closed_area)
    order = [html.index(f'id="{section}"') for section in ("key-findings", "contents-title",
             "matrix", "statements", "breakdowns", "changes")]  # fmt: skip
    assert order == sorted(order)  # latest: the change since the deadline comes last
    contents = html.split('id="contents-title"')[1].split("</nav>")[0]
    for target in re.findall(r'href="#([\w-]+)"', contents):
        assert f'id="{target}"' in html, target
    for heading in re.findall(r'<h2 class="govuk-heading-l" id="([\w-]+)"', html):
        assert f'href="#{heading}"' in contents, heading


def test_the_largest_gap_is_between_shown_groups_only(
    client, settings, due_survey, respond, reviewer
):
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    # 4 administrative staff are hidden, and with them the smallest shown group (senior
    # executives, first in option order) so that they cannot be worked out.
    groups = (("senior_executive", 5, 12), ("direct_service_delivery", 2, 12),
              ("operational_management", 3, 12), ("administrative", 0, 4))  # fmt: skip
    for role, score, count in groups:
        for _ in range(count):
            respond(due_survey, {c: score for c in RATING_CODES}, role=(role,))
    surveys_close_due()
    due_survey.area.reviewers.add(reviewer)
    client.force_login(reviewer)
    gap = page(client, due_survey).split("Largest gap between respondent groups</h3>")[1]
    gap = gap.split("</p>")[0]
    assert "Operational management 3.00" in gap and "Direct service delivery" in gap
    assert "2.00: a gap of 1.00" in gap
    assert "Administrative" not in gap and "Senior executive" not in gap  # hidden: never compared


def test_an_area_below_the_threshold_shows_counts_and_one_sentence(
    client, settings, due_survey, respond, reviewer
):
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    for _ in range(4):
        respond(due_survey, {"RV-INT-CUL": 2}, comment="x")
    surveys_close_due()
    due_survey.area.reviewers.add(reviewer)
    client.force_login(reviewer)
    html = page(client, due_survey)
    assert "Fewer than 10 people responded in Stockport, so no scores are shown" in html
    assert "Key findings" not in html and "relaudit-num" not in html
    main = html.split("<main")[1].split("</main>")[0]
    assert main.count("fewer than") + main.count("Fewer than") == 1  # no rows of them


def test_the_programme_report_opens_the_same_way(client, closed_area, lead):
    client.force_login(lead)
    html = client.get(f"/results/{closed_area.area.programme.slug}/").content.decode()
    assert html.index('id="key-findings"') < html.index('id="contents-title"')
    assert html.index('id="contents-title"') < html.index('id="responses"')
    findings = html.split('id="key-findings"')[1].split("</section>")[0]
    assert "Best relational value statements" in findings and "Where the areas differ" in findings
    stored = json.loads(closed_area.snapshots.get(kind="latest").summary_json)
    assert f"{stored['counts']['responses']} from 1 area with results" in findings
