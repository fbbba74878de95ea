"""A lead's themes nest one level: a child theme is offered under its parent, a theme under
a child is refused, and a comment coded with a child counts for its parent too."""

from django.urls import reverse

from scoring.coding_frame import frame_build
from scoring.coding_models import Theme
from scoring.said_scope import scope_build
from scoring.themes_summary import theme_rows
from tests.coding_fixtures import code_directly, comments_of, refresh


def add_theme(client, programme, name, parent=None):
    data = {"name": name, "parent": parent.pk if parent else ""}
    return client.post(reverse("coding_themes", args=[programme.slug]), data)


def test_themes_nest_one_level_and_a_child_counts_for_its_parent(
    client, coding_area, lead, analyst
):
    programme = coding_area.area.programme
    client.force_login(lead)
    assert add_theme(client, programme, "Financial and resource pressure").status_code == 302
    money = Theme.objects.get(name="Financial and resource pressure")
    assert add_theme(client, programme, "Workforce", parent=money).status_code == 302
    workforce = Theme.objects.get(name="Workforce")
    assert workforce.parent == money

    refused = add_theme(client, programme, "Agency staff", parent=workforce)
    assert refused.status_code == 400
    assert "themes nest one level only" in refused.content.decode()
    assert not Theme.objects.filter(name="Agency staff").exists()
    assert add_theme(client, programme, "  ").status_code == 400
    assert add_theme(client, programme, "Workforce").status_code == 400  # a name once

    # The coding form offers the child under its parent.
    client.force_login(analyst)
    form = client.get(reverse("coding_queue", args=[programme.slug])).content.decode()
    assert f'value="theme:{money.pk}"' in form and f'value="theme:{workforce.pk}"' in form
    assert "Financial and resource pressure / Workforce" in form

    # Twelve comments coded with the child theme only: the parent counts them all.
    for comment in comments_of(coding_area)[:12]:
        code_directly(comment, [f"theme:{workforce.pk}"], analyst)
    code_directly(comments_of(coding_area)[12], [f"theme:{money.pk}"], analyst)
    refresh(programme)
    rows = {
        row.theme.name: row
        for row in theme_rows(
            scope=scope_build(areas=[coding_area.area]), frame=frame_build(programme=programme)
        )
    }
    assert rows["Workforce"].comments == 12
    assert rows["Financial and resource pressure"].comments == 13
    assert rows["Workforce"].depth == 1

    # The queue's theme filter on the parent finds a comment coded with the child.
    queue = reverse("coding_queue", args=[programme.slug])
    html = client.get(queue, {"theme": money.pk, "status": "coded"}).content.decode()
    assert "13 of the 13 that match" in html
