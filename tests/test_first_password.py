"""A reviewer an administrator assigned by email has an account without a password, and
sets their first one with "Forgotten your password" on the sign-in page, as README says."""

import re

from django.contrib.auth import get_user_model
from django.core import mail

from surveys.services import reviewers_assign


def test_an_assigned_reviewer_sets_a_first_password_and_signs_in(
    client, make_survey, django_capture_on_commit_callbacks
):
    survey = make_survey()
    reviewers_assign(areas=[survey.area], email="new.reviewer@example.org")
    user = get_user_model().objects.get(email="new.reviewer@example.org")
    assert not user.has_usable_password()

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password-reset/", {"email": "New.Reviewer@example.org"})
    (message,) = mail.outbox
    link = re.search(r"https?://\S+/accounts/reset/\S+/", message.body).group(0)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    new_password = "a-long-first-password-2027"
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.status_code == 302
    client.logout()
    signed_in = client.post(
        "/accounts/login/", {"username": user.username, "password": new_password}
    )
    assert signed_in.status_code == 302 and "_auth_user_id" in client.session
