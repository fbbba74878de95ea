"""Comments carry the respondent type where both groups are shown, can be filtered by the
shown groups and searched; a filter on a suppressed group finds nothing."""


def test_quoted_with_type_filtered_and_searched(client, closed_area, respond, reviewer):
    respond(closed_area, {"RV-INT-CUL": 1}, org=("voluntary_sector",), comment="Small", late=True)
    closed_area.area.reviewers.add(reviewer)
    client.force_login(reviewer)
    base = f"/results/{closed_area.area.programme.slug}/{closed_area.area.slug}/comments/"
    # The late one is not in the deadline snapshot: the filter is not needed to see that.
    html = client.get(base + "?snapshot=deadline").content.decode()
    assert "3 comments" in html
    assert "Direct service delivery (health or social care practitioner), health provider" in html
    assert (
        client.get(base + "?q=DISCHARGE&snapshot=deadline").content.decode().count("<blockquote")
        == 1
    )
    filtered = client.get(base + "?organisation_type=health_provider&snapshot=deadline")
    assert filtered.content.decode().count("<blockquote") == 3
    # The voluntary sector is not a shown group: it is neither offered nor matched.
    assert 'value="voluntary_sector"' not in html
    none = client.get(base + "?organisation_type=voluntary_sector").content.decode()
    assert none.count("<blockquote") == 0
