from django.core import mail

from scoring.services import surveys_close_due


def test_each_assigned_reviewer_is_emailed_the_results_link(
    due_survey, reviewer, django_user_model, django_capture_on_commit_callbacks
):
    second = django_user_model.objects.create_user("second", email="second@example.org")
    due_survey.area.reviewers.add(reviewer, second)
    with django_capture_on_commit_callbacks(execute=True):
        surveys_close_due()
    assert sorted(m.to[0] for m in mail.outbox) == ["reviewer@example.org", "second@example.org"]
    message = mail.outbox[0]
    assert "Stockport" in message.subject
    assert "http://testserver/results/lsr-test/stockport/" in message.body
    html, _type = message.alternatives[0]
    assert 'href="http://testserver/results/lsr-test/stockport/"' in html


def test_without_assigned_reviewers_the_admins_are_emailed(
    due_survey, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        surveys_close_due()
    assert [m.to for m in mail.outbox] == [["admin@example.org"]]
    assert "Stockport" in mail.outbox[0].subject


def test_closing_again_sends_nothing(due_survey, reviewer, django_capture_on_commit_callbacks):
    due_survey.area.reviewers.add(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        surveys_close_due()
        surveys_close_due()
    assert len(mail.outbox) == 1
