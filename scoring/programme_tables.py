"""The programme report's tables of areas (one row per area, 200 of them nationally) and
its cross-area charts, built as strings for the same reason as scoring.tables."""

from __future__ import annotations

from datetime import date
from html import escape

from .charts import count_bar, day_columns
from .reader import part_label
from .tables import FRAMEWORK_PARTS, dp2, heat, num, table, td, th_row


def _first_and_last(by_day: dict) -> str:
    if not by_day:
        return ""
    days = sorted(by_day)
    first, last = date.fromisoformat(days[0]), date.fromisoformat(days[-1])
    return f"{first.day} {first:%b} to {last.day} {last:%b %Y}"


def _own_days(by_day: dict) -> list[str]:
    """Every day from an area's first response to its last: its columns fill the chart."""
    if not by_day:
        return []
    first, last = date.fromisoformat(min(by_day)), date.fromisoformat(max(by_day))
    return [date.fromordinal(d).isoformat() for d in range(first.toordinal(), last.toordinal() + 1)]


def sent_to(area, participation) -> tuple[int | None, bool]:
    """How many the survey was sent to: the contacts invited through this service, else the
    count recorded when the area was imported (True: recorded, not counted here)."""
    if participation is not None and participation.invited:
        return participation.invited, False
    if area is not None and area.sent_to is not None:
        return area.sent_to, True
    return None, False


def _sent_to_text(count: int | None, recorded: bool) -> str:
    return "–" if count is None else f"{count}{'*' if recorded else ''}"


def responses_by_area(summary, areas: dict, rates: dict, link: str) -> str:
    """The annex's Appendix 4 table: each area in review order with its contacts invited,
    responses, comments, late responses, response rate estimate and responses per day.
    `link` is an area report's URL with AREA in place of the area's slug."""
    rows, sent_total = [], 0
    for line in summary.areas:
        area = areas.get(line.slug)
        p = rates.get(line.slug)
        count, recorded = sent_to(area, p)
        sent_total += count or 0
        name = escape(area.name if area else line.slug)
        url = escape(link.replace("AREA", line.slug))
        peak = max(line.responses_by_day.values(), default=0)
        rows.append(
            num(str(area.review_order) if area and area.review_order else "–")
            + th_row(f'<a class="govuk-link" href="{url}">{name}</a>')
            + num(_sent_to_text(count, recorded))
            + num(str(line.responses))
            + num(str(line.with_comment))
            + num(str(line.late))
            + td(escape(p.headline) if p else "–")
            + td(
                day_columns(line.responses_by_day, _own_days(line.responses_by_day))
                + f'<span class="govuk-body-s">{_first_and_last(line.responses_by_day)}'
                + (f"; at most {peak} a day" if peak else "")
                + "</span>",
                " relaudit-barcell",
            )
        )
    rows.append(
        td("")
        + th_row("All areas")
        + num(f"<strong>{sent_total}</strong>")
        + num(f"<strong>{summary.responses}</strong>")
        + num(f"<strong>{summary.with_comment}</strong>")
        + num(f"<strong>{summary.late}</strong>")
        + td("")
        + td("")
    )  # fmt: skip
    return table(
        caption="Responses by area, in review order",
        columns=[("Review order", True), ("Area", False), ("Sent to", True),
                 ("Responses", True), ("Comments", True), ("Late", True),
                 ("Estimated response rate", False), ("Responses per day", False)],
        rows=rows,
        region="Responses by area",
    )  # fmt: skip


def responses_chart(summary, areas: dict) -> str:
    """The annex's Appendix 4, figure 2: responses by area, in review order, as bars."""
    peak = max((line.responses for line in summary.areas), default=0)
    rows = "".join(
        '<tr class="govuk-table__row">'
        + th_row(escape(areas[line.slug].name if line.slug in areas else line.slug))
        + td(count_bar(line.responses, peak), " relaudit-panel__bar")
        + num(str(line.responses))
        + "</tr>"
        for line in summary.areas
    )
    return (
        '<table class="govuk-table relaudit-panel relaudit-panel--wide">'
        '<caption class="govuk-table__caption govuk-table__caption--m">Responses by area '
        "(Appendix 4, figure 2)</caption>"
        '<thead class="govuk-table__head"><tr class="govuk-table__row">'
        '<th scope="col" class="govuk-table__header">Area</th>'
        '<th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">'
        "Responses as a bar</span></th>"
        '<th scope="col" class="govuk-table__header relaudit-num">Responses</th></tr></thead>'
        f'<tbody class="govuk-table__body">{rows}</tbody></table>'
    )


def areas_tables(summary, area_rows, names: dict, sort: str, descending: bool) -> str:
    """Every area's framework, attribute and domain means against the programme's, one
    table per framework (areas in rows, sorted as asked)."""
    order = "descending" if descending else "ascending"
    shown = {a.slug: escape(names.get(a.slug, a.slug)) for a in area_rows}

    def header(text, key, numeric=True):
        sorted_here = f' aria-sort="{order}"' if key == sort else ""
        align = " relaudit-num" if numeric else ""
        return f'<th scope="col" class="govuk-table__header{align}"{sorted_here}>{text}</th>'

    out = []
    for framework, framework_label, section in FRAMEWORK_PARTS:
        keys = list(getattr(summary, section))
        head = (
            header("Area", "area", numeric=False)
            + header("Responses", "responses")
            + header(framework_label, framework)
            + "".join(header(part_label(k), None) for k in keys)
        )
        programme = [summary.frameworks.get(framework)] + [
            getattr(summary, section)[k] for k in keys
        ]
        rows = [
            th_row("Programme")
            + num(f"<strong>{summary.responses}</strong>")
            + "".join(num(f"<strong>{dp2(m)}</strong>") for m in programme)
        ]
        for a in area_rows:
            name = shown[a.slug]
            if not a.means:
                rows.append(
                    th_row(name)
                    + num(str(a.responses))
                    + td(
                        f"Fewer than {summary.min_group_size} responses: no scores",
                        attrs=f' colspan="{1 + len(keys)}"',
                    )
                )
                continue
            means = [a.means.frameworks.get(framework)]
            means += [getattr(a.means, section).get(k) for k in keys]
            rows.append(
                th_row(name) + num(str(a.responses)) + "".join(num(dp2(m), heat(m)) for m in means)
            )
        body = "".join(f'<tr class="govuk-table__row">{row}</tr>' for row in rows)
        out.append(
            '<div class="relaudit-table-scroll" tabindex="0" role="region" '
            f'aria-label="{framework_label} by area"><table class="govuk-table">'
            '<caption class="govuk-table__caption govuk-table__caption--m">'
            f"{framework_label}: means by area</caption>"
            f'<thead class="govuk-table__head"><tr class="govuk-table__row">{head}</tr></thead>'
            f'<tbody class="govuk-table__body">{body}</tbody></table></div>'
        )
    return "".join(out)


def spread_table(spread) -> str:
    rows = [
        td(
            f'{escape(row.statement.text)}<br><span class="govuk-body-s">'
            f"{escape(row.statement.where)}</span>"
        )
        + num(dp2(row.statement.mean))
        + num(dp2(row.lowest))
        + num(dp2(row.median))
        + num(dp2(row.highest))
        + num(f"{row.in_top} of {row.areas}")
        + num(f"{row.in_bottom} of {row.areas}")
        for row in spread
    ]
    return table(
        caption="Statements across areas",
        columns=[("Statement", False), ("Programme mean", True), ("Lowest area", True),
                 ("Median area", True), ("Highest area", True), ("In the top five", True),
                 ("In the bottom five", True)],
        rows=rows,
    )  # fmt: skip


def position_tables(position_effect, statements) -> str:
    by_position = [
        num(str(p["position"]))
        + num("–" if p.get("answers") is None else str(p["answers"]))
        + num(dp2(p.get("mean")))
        + num("–" if p.get("relative") is None else f"{p['relative']:+.2f}")
        for p in position_effect["by_position"]
    ]
    thirds = position_effect["by_statement"]
    by_statement = [
        td(escape(s.text))
        + "".join(num(dp2((thirds.get(s.code) or {}).get(k))) for k in ("first", "middle", "last"))
        for s in statements
    ]
    return table(
        caption="Mean score by the position a statement was shown at",
        columns=[("Position", True), ("Answers", True), ("Mean score", True),
                 ("Against the statement’s mean", True)],
        rows=by_position,
        region="Score by position",
    ) + table(
        caption="Each statement’s mean when shown in the first, middle and last third of the page",
        columns=[("Statement", False), ("First third", True), ("Middle third", True),
                 ("Last third", True)],
        rows=by_statement,
        region="Statements shown early, in the middle and late",
    )  # fmt: skip
