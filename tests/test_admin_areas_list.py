"""The admin lists, per programme, every area with its link, access code, contacts,
invitations sent, responses and estimated response rate, and downloads it as CSV."""

import csv
import io

from surveys.invitations import invitations_send
from surveys.outbox import outbox_send


def test_the_areas_list_and_its_csv(client, admin_user, survey, contacts, respond, make_survey):
    make_survey("York")
    invitations_send(survey=survey)
    outbox_send()
    ann = contacts[0]
    ann.declared_reach = 8
    ann.save()
    for _ in range(3):
        respond(survey, {"RV-INT-CUL": 2})
    client.force_login(admin_user)
    url = f"/admin/surveys/programme/{survey.area.programme.pk}/areas/"
    html = client.get(url).content.decode()
    assert survey.link in html and survey.formatted_access_code in html and "York" in html
    rows = list(csv.DictReader(io.StringIO(client.get(url + "?format=csv").content.decode())))
    halton = next(r for r in rows if r["area"] == "Halton")
    assert halton["link"] == survey.link and halton["access_code"] == survey.formatted_access_code
    assert (halton["contacts"], halton["invitations_sent"], halton["responses"]) == ("2", "2", "3")
    assert (halton["contacts_declared"], halton["declared_reach"]) == ("1", "8")
    # Every response came through the area's own link: outside the estimate, which is empty.
    assert halton["estimated_response_rate"] == ""
    assert halton["direct_responses"] == "fewer than 10"


def test_the_list_costs_the_same_queries_for_many_areas_as_for_one(
    client, admin_user, survey, contacts, respond, make_survey
):
    """The admin opens the list of all 200 areas on invitation morning: its queries must not
    grow with the areas (it used to count each area's branches on its own)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from surveys.models import Contact

    client.force_login(admin_user)
    url = f"/admin/surveys/programme/{survey.area.programme.pk}/areas/?format=csv"

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    respond(survey, {"RV-INT-CUL": 2})
    one_area = queries()
    for name in ("York", "Leeds", "Bury", "Wigan"):
        other = make_survey(name)
        Contact.objects.create(area=other.area, name="C", email=f"c@{name.lower()}.example")
        for _ in range(11):
            respond(other, {"RV-INT-CUL": 3})
    assert queries() == one_area
    rows = list(csv.DictReader(io.StringIO(client.get(url).content.decode())))
    assert {r["area"]: r["direct_responses"] for r in rows} == {
        "Halton": "fewer than 10", "York": "11", "Leeds": "11", "Bury": "11", "Wigan": "11",
    }  # fmt: skip
