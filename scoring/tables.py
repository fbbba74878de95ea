"""The report's long tables, built as strings: a programme report has tables of 200 areas
and an area report hundreds of rows of bars, which Django's template loops would take tens
of milliseconds to render. Every text from the data is escaped here; GOV.UK Frontend's
table classes as in the templates. Shared by the pages and the PDF."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django.utils.text import Truncator

from .charts import bar_panel, diverging_bar
from .reader import GroupResult, by_score, favourable_share, option_shares, part_label
from .report import band

FRAMEWORK_PARTS = (
    ("relational_value", "Relational value", "attributes"),
    ("relational_proximity", "Relational proximity", "domains"),
)


def dp2(value) -> str:
    return "–" if value is None else f"{value:.2f}"


def pct(value) -> str:
    return "–" if value is None else f"{value:.0f}%"


HEAT = tuple(f" relaudit-heat--{level}" for level in range(6))


def heat(value) -> str:
    return "" if value is None else HEAT[band(value)]


def th_row(text: str, extra: str = "") -> str:
    return f'<th scope="row" class="govuk-table__header{extra}">{text}</th>'


def td(text: str, extra: str = "", attrs: str = "") -> str:
    return f'<td class="govuk-table__cell{extra}"{attrs}>{text}</td>'


def num(text: str, extra: str = "") -> str:
    return td(text, " relaudit-num" + extra)


def head(columns: Iterable[tuple[str, bool]]) -> str:
    cells = "".join(
        f'<th scope="col" class="govuk-table__header{" relaudit-num" if numeric else ""}">'
        f"{text}</th>"
        for text, numeric in columns
    )
    return f'<thead class="govuk-table__head"><tr class="govuk-table__row">{cells}</tr></thead>'


def table(
    *,
    caption: str,
    columns: Iterable[tuple[str, bool]],
    rows: Iterable[str],
    size: str = "m",
    region: str | None = None,
    extra: str = "",
) -> str:
    """A table in its own scrolling region (focusable, named), in case it is wider than a
    phone: its first column stays in place while the rest scroll (relaudit.scss)."""
    body = "".join(f'<tr class="govuk-table__row">{row}</tr>' for row in rows)
    return (
        '<div class="relaudit-table-scroll" tabindex="0" role="region" '
        f'aria-label="{escape(region or caption)}"><table class="govuk-table{extra}">'
        f'<caption class="govuk-table__caption govuk-table__caption--{size}">{escape(caption)}'
        f"</caption>{head(columns)}"
        f'<tbody class="govuk-table__body">{body}</tbody></table></div>'
    )


def statement_cell(statement) -> str:
    note = ", negative: reverse-scored" if statement.is_negative else ""
    return (
        f'{escape(statement.text)}<br><span class="govuk-body-s">{escape(statement.where)}'
        f"{note}</span>"
    )


# As the comparison pages tag them (templates/scoring/comparison/tag.html).
DIFFERENCE_TAGS = {
    "higher": '<strong class="govuk-tag govuk-tag--blue">Higher than the rest</strong>',
    "lower": '<strong class="govuk-tag govuk-tag--orange">Lower than the rest</strong>',
    "": '<span class="govuk-body-s">No clear difference</span>',
}


def statements_table(rows, *, compared: bool) -> str:
    """Every statement: mean with its interval, answers by score, the favourable share and,
    once a lead has published, the rest of the programme's mean and the area against it."""
    columns = [
        ("Statement", False),
        ("Mean (95% interval)", True),
        ("Rated by", True),
        ("Answers by score", False),
        ("Favourable (3-5)", True),
    ]
    if compared:
        columns += [("Rest of the programme", True), ("Against the rest", False)]
    out = []
    for row in rows:
        s = row.statement
        interval = f"{dp2(s.ci_low)} to {dp2(s.ci_high)}" if s.ci_low is not None else "–"
        cells = (
            td(statement_cell(s))
            + num(f'{dp2(s.mean)}<br><span class="govuk-body-s">{interval}</span>', heat(s.mean))
            + num("–" if s.n is None else str(s.n))
            + td(diverging_bar(s.scores, s.text), " relaudit-barcell")
            + num(pct(s.favourable))
        )
        if compared:
            cells += num(dp2(row.rest_mean)) + td(DIFFERENCE_TAGS[row.difference])
        out.append(cells)
    return table(
        caption="Scores of every statement", columns=columns, rows=out, extra=" relaudit-fixed"
    )


def statement_options(summary, chosen: str) -> str:
    """The options of the "Choose a statement" list: place and wording (cut at 90)."""
    return "".join(
        f'<option value="{escape(s.code)}"{" selected" if s.code == chosen else ""}>'
        f"{escape(s.where)}: {escape(Truncator(s.text).chars(90))}</option>"
        for s in summary.statements
    )


def score_shares_table(statements) -> str:
    """The data of the bars: each statement's answers by score, in percent."""
    columns = [("Statement", False), *[(f"Score {n}", True) for n in range(6)]]
    columns.append(("Favourable (3-5)", True))
    rows = [
        td(statement_cell(s))
        + "".join(num(pct(share)) for share in s.score_shares)
        + ("" if s.score_shares else td("No answers", attrs=' colspan="6"'))
        + num(pct(s.favourable))
        for s in statements
    ]
    return table(
        caption="Share of answers by score", columns=columns, rows=rows, size="s",
        region="Answers to every statement by score",
    )  # fmt: skip


def _hidden_cell(group: GroupResult, span: int) -> str:
    return td(escape(group.hidden_because.capitalize()), attrs=f' colspan="{span}"')


def breakdown_tables(summary, groups, question_label: str) -> str:
    """A question's groups, one table per framework (groups in rows: it fits a desktop),
    each with the framework mean then its attributes or domains."""
    out = []
    for framework, framework_label, section in FRAMEWORK_PARTS:
        keys = list(getattr(summary, section))
        columns = [("Group", False), ("Respondents", True), (framework_label, True)]
        columns += [(part_label(key), True) for key in keys]
        rows = []
        for g in groups:
            if g.suppressed:
                rows.append(th_row(escape(g.label)) + _hidden_cell(g, 2 + len(keys)))
                continue
            means = [g.frameworks.get(framework)] + [getattr(g, section).get(k) for k in keys]
            rows.append(
                th_row(escape(g.label))
                + num(str(g.n))
                + "".join(num(dp2(mean), heat(mean)) for mean in means)
            )
        out.append(
            table(
                caption=f"{framework_label} by {question_label.lower()}", columns=columns, rows=rows
            )
        )
    return "".join(out)


def group_panels(summary, groups, question_label: str) -> str:
    """Small multiples (the annex's figures 7 to 10): for each framework, attribute and
    domain, its mean in each shown group, as labelled bars."""
    shown = [g for g in groups if not g.suppressed and g.n]
    if len(shown) < 2:
        return ""
    panels = []
    for framework, framework_label, section in FRAMEWORK_PARTS:
        measures = [(framework_label, lambda g, f=framework: g.frameworks.get(f))]
        measures += [
            (part_label(key), lambda g, k=key, s=section: getattr(g, s).get(k))
            for key in getattr(summary, section)
        ]
        for caption, value in measures:
            panels.append(bar_panel(caption, [(g.label, value(g)) for g in shown]))
    return (
        f'<div class="relaudit-panels" role="group" aria-label="Mean scores by '
        f'{escape(question_label.lower())}, as bar charts">{"".join(panels)}</div>'
    )


def statement_by_group(chosen, groups, question_label: str) -> str:
    """One statement's answers in each group: mean, bar by score and favourable share, then
    the bar's data (shares by score)."""
    rows, shares = [], []
    for g in groups:
        stats = g.statements.get(chosen.code)
        if g.suppressed or stats is None:
            rows.append(th_row(escape(g.label)) + _hidden_cell(g, 4))
            shares.append(th_row(escape(g.label)) + _hidden_cell(g, 6))
            continue
        scores = by_score(stats.distribution, chosen.is_negative)
        rows.append(
            th_row(escape(g.label))
            + num("–" if stats.n is None else str(stats.n))
            + num(dp2(stats.mean), heat(stats.mean))
            + td(diverging_bar(scores, g.label), " relaudit-barcell")
            + num(pct(favourable_share(scores)))
        )
        values = option_shares(scores)
        shares.append(
            th_row(escape(g.label))
            + ("".join(num(pct(v)) for v in values) or td("No answers", attrs=' colspan="6"'))
        )
    caption = f"{chosen.where}: answers by {question_label.lower()}"
    return table(
        caption=caption,
        columns=[("Group", False), ("Rated by", True), ("Mean", True),
                 ("Answers by score", False), ("Favourable (3-5)", True)],
        rows=rows, size="s",
    ) + table(
        caption=f"{caption}, share by score",
        columns=[("Group", False), *[(f"Score {n}", True) for n in range(6)]],
        rows=shares, size="s",
    )  # fmt: skip


def comment_rates(breakdowns) -> str:
    """How many in each shown group left a comment (the annex: 52% of senior executives)."""
    out = []
    for _question, question_label, groups in breakdowns:
        rows = []
        for g in groups:
            if g.suppressed:
                rows.append(th_row(escape(g.label)) + _hidden_cell(g, 3))
            elif g.with_comment is None:
                not_recorded = td("Not recorded", attrs=' colspan="2"')
                rows.append(th_row(escape(g.label)) + num(str(g.n)) + not_recorded)
            else:
                rows.append(
                    th_row(escape(g.label)) + num(str(g.n)) + num(str(g.with_comment))
                    + num(pct(g.comment_rate))
                )  # fmt: skip
        out.append(
            table(
                caption=f"Comments by {question_label.lower()}",
                columns=[
                    ("Group", False),
                    ("Respondents", True),
                    ("With a comment", True),
                    ("Share", True),
                ],
                rows=rows,
                size="s",
            )  # fmt: skip
        )
    return "".join(out)
