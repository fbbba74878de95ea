"""A contact cannot declare an implausible reach: above 5,000 colleagues is refused with a
message, and nothing changes."""

from surveys.invitations import MAX_REACH


def test_a_reach_above_five_thousand_is_refused_with_a_message(client, survey, contacts):
    ann = survey.area.contacts.get(name="Ann Smith")
    url = f"/contact/{ann.manage_token}/"
    response = client.post(url, {"reach": "100000"})
    assert response.status_code == 400
    assert "Enter a number of colleagues of 5,000 or fewer." in response.content.decode()
    ann.refresh_from_db()
    assert ann.declared_reach is None
    assert client.post(url, {"reach": "5,000"}).status_code in (200, 302)
    ann.refresh_from_db()
    assert ann.declared_reach == MAX_REACH == 5000
