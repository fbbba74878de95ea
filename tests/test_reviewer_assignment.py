"""Administrators assign reviewers in bulk: one reviewer to many areas, or from CSV."""

from django.contrib.auth import get_user_model


def test_one_reviewer_to_many_areas_from_the_area_list(client, admin_user, make_survey):
    areas = [make_survey(name).area for name in ("Halton", "York", "Bury")]
    client.force_login(admin_user)
    data = {"action": "add_reviewer", "_selected_action": [a.pk for a in areas[:2]]}
    form = client.post("/admin/surveys/area/", data)
    assert "Reviewer&#x27;s email address" in form.content.decode()
    client.post("/admin/surveys/area/", {**data, "email": "New.Person@example.org"})
    user = get_user_model().objects.get(email="new.person@example.org")
    assert sorted(user.reviewed_areas.values_list("name", flat=True)) == ["Halton", "York"]
    assert not user.has_usable_password()  # they set one with the reset link


def test_from_csv_all_rows_or_none(client, admin_user, make_survey, reviewer):
    halton = make_survey("Halton").area
    york = make_survey("York").area
    client.force_login(admin_user)
    url = f"/admin/surveys/programme/{halton.programme.pk}/reviewers/"
    bad = client.post(url, {"text": "area_slug,email\nhalton,reviewer@example.org\nmars,x@y\n"})
    html = bad.content.decode()
    assert "Row 2: no area &#x27;mars&#x27;" in html and "not an email address" in html
    assert not halton.reviewers.exists()
    good = client.post(url, {"text": "halton,reviewer@example.org\nyork,REVIEWER@example.org\n"})
    assert good.status_code == 302
    assert list(halton.reviewers.all()) == [reviewer] and list(york.reviewers.all()) == [reviewer]
