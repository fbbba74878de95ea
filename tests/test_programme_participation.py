"""The programme report and the admin's areas list read every area's response rate in a
few queries, with the same figures as each area's own report."""

from surveys.invitations import contacts_import, invitations_send
from surveys.outbox import outbox_send
from surveys.selectors import area_participation, programme_participation


def test_every_area_has_the_figures_of_its_own_report_in_five_queries(
    make_survey, respond, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    halton, wirral, quiet = make_survey("Halton"), make_survey("Wirral"), make_survey("Quiet")
    contacts_import(
        area=halton.area,
        raw=b"name,email,organisation\nAnn,ann@example.org,NHS\nBob,bob@example.org,Council\n",
    )
    contacts_import(area=wirral.area, raw=b"name,email,organisation\nCat,cat@example.org,NHS\n")
    halton.area.contacts.filter(name="Ann").update(declared_reach=18)
    with django_capture_on_commit_callbacks(execute=True):
        invitations_send(survey=halton)
    outbox_send()
    for _ in range(3):
        respond(halton, {"RV-INT-CUL": 1})
    respond(wirral, {"RV-INT-CUL": 4})

    with django_assert_max_num_queries(5):
        figures = programme_participation(programme=halton.area.programme)
    for survey in (halton, wirral, quiet):
        assert figures[survey.pk] == area_participation(survey=survey)
    assert (figures[halton.pk].invited, figures[halton.pk].reach) == (2, 18)
    assert (figures[halton.pk].responses, figures[halton.pk].outside) == (3, 3)
    assert (figures[wirral.pk].contacts, figures[wirral.pk].invited) == (1, 0)
    assert figures[quiet.pk].rate is None
