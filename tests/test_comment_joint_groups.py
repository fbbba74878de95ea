"""A comment is quoted with role and organisation type only where that combination, in the
area, is held by at least the threshold; no filter, alone or intersected with another,
picks out a combination below it. The attack: a reviewer who knows the one voluntary
sector respondent with an "other" role tries to find their comment."""

import re

from scoring.services import surveys_close_due


def quotes(client, url) -> dict[str, str]:
    """Comment text -> its quoted respondent type, as the page shows them."""
    html = client.get(url).content.decode()
    found = {}
    for block in re.findall(r"<blockquote.*?</blockquote>", html, re.S):
        text = re.search(r'<p class="govuk-body">(.*?)</p>', block, re.S).group(1).strip()
        meta = re.search(r'relaudit-comment__meta">(.*?)</p>', block, re.S).group(1)
        found[text] = meta
    return found


def test_a_combination_held_by_one_person_is_never_quoted_or_selected(
    client, due_survey, respond, reviewer, settings
):
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    # Each role and each organisation type is a shown group of 10 or more; the combination
    # voluntary sector x other is one person.
    for i in range(11):
        respond(due_survey, {"RV-INT-CUL": 3}, org=("health_provider",), role=("administrative",),
                comment=f"Common view {i}" if i < 2 else "")  # fmt: skip
    respond(due_survey, {"RV-INT-CUL": 1}, org=("voluntary_sector",), role=("other",),
            comment="Only I would say this")  # fmt: skip
    for _ in range(9):
        respond(due_survey, {"RV-INT-CUL": 2}, org=("health_provider",), role=("other",))
        respond(due_survey, {"RV-INT-CUL": 4}, org=("voluntary_sector",), role=("administrative",))
    surveys_close_due()
    due_survey.area.reviewers.add(reviewer)
    client.force_login(reviewer)
    base = f"/results/{due_survey.area.programme.slug}/{due_survey.area.slug}/comments/"

    everything = quotes(client, base)
    assert "Third or voluntary sector" not in everything["Only I would say this"]
    assert "Administrative, health provider" in everything["Common view 0"]
    by_role = quotes(client, base + "?role=other")
    by_org = quotes(client, base + "?organisation_type=voluntary_sector")
    both = quotes(client, base + "?role=other&organisation_type=voluntary_sector")
    assert both == {}
    assert "Only I would say this" not in set(by_role) & set(by_org)
    for url in ("comments.csv", "comments.xlsx"):
        export = client.get(base.removesuffix("comments/") + url).content
        assert b"Other, third or voluntary sector" not in export
