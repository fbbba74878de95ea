"""How many in each group left a comment (the annex: 52% of senior executives), for the
groups shown in the breakdowns only: a hidden group's comment count is hidden too."""

from scoring.services import surveys_close_due


def test_comment_rates_by_group_hide_what_the_breakdowns_hide(
    client, settings, due_survey, respond, lead
):
    settings.RELAUDIT_MIN_GROUP_SIZE = 10
    groups = (("senior_executive", 15, 9), ("direct_service_delivery", 20, 5),
              ("operational_management", 12, 6), ("administrative", 4, 4))  # fmt: skip
    for role, count, commented in groups:
        for i in range(count):
            respond(
                due_survey, {"RV-INT-CUL": 2}, role=(role,), comment="x" if i < commented else ""
            )
    surveys_close_due()
    client.force_login(lead)
    for url in (f"/results/{due_survey.area.programme.slug}/{due_survey.area.slug}/",
                f"/results/{due_survey.area.programme.slug}/"):  # fmt: skip
        html = client.get(url).content.decode()
        (roles,) = [
            t.split("</table>")[0]
            for t in html.split("<caption")[1:]
            if t.split(">", 1)[1].startswith("Comments by primary role")
        ]

        def row(label, roles=roles):
            return roles.split(f">{label}</th>")[1].split("</tr>")[0]

        assert ">15<" in row("Senior executive") and ">9<" in row("Senior executive")
        assert ">60%<" in row("Senior executive")
        assert ">25%<" in row("Direct service delivery (health or social care practitioner)")
        for hidden in ("Administrative", "Operational management"):  # 4, and its complement
            assert "relaudit-num" not in row(hidden) and "%" not in row(hidden), url
