"""Every download of a programme's row-level files is recorded (who, when, which programme,
which file) in an audit trail that administrators read in the admin."""

from relaudit.models import AuditEvent


def test_every_row_level_download_is_recorded_for_admins(client, closed_area, lead, admin_user):
    client.force_login(lead)
    slug = closed_area.area.programme.slug
    for path in ("responses.csv", "responses.xlsx", "comments.csv", "comments.xlsx"):
        assert client.get(f"/results/{slug}/{path}").status_code == 200
    events = list(AuditEvent.objects.order_by("pk"))
    assert [(e.actor, e.actor_name, e.action, e.subject) for e in events] == [
        (lead, "lead", "export", slug)
    ] * 4
    assert [e.detail for e in events] == [
        "responses.csv", "responses.xlsx", "comments.csv", "comments.xlsx",
    ]  # fmt: skip
    client.force_login(admin_user)
    page = client.get("/admin/relaudit/auditevent/").content.decode()
    assert page.count("comments.xlsx") == 1 and "lead" in page
    # Read-only: nobody edits or deletes the trail.
    event = events[0]
    assert (
        client.post(f"/admin/relaudit/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert AuditEvent.objects.count() == 4
