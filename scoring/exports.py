"""Exports as CSV and XLSX: tables built from the typed reader, written safely.

Every text cell that a spreadsheet would run as a formula is neutralised (OWASP CSV
injection guidance); numbers stay numbers and keep full precision.
"""

from __future__ import annotations

from relaudit.spreadsheets import Table, spreadsheet_safe, table_csv, tables_xlsx  # noqa: F401

from .reader import FRAMEWORK_LABELS, QUESTION_LABELS, Summary, part_label

# --- The summary in long format: one row per figure (the CSV contract since the start) ---

CSV_COLUMNS = [
    "area", "programme", "snapshot", "question", "group", "measure", "item", "value",
    "item_label",
]  # fmt: skip


def _long_rows(summary: Summary):
    base = (summary.area, summary.programme, summary.snapshot)

    def row(question, group, measure, item, value, label=""):
        return (*base, question, group, measure, item, value, label)

    yield row("", "", "count", "responses", summary.responses)
    yield row("", "", "count", "with_comment", summary.with_comment)
    yield row("", "", "count", "late", summary.late)
    for s in summary.statements:
        for measure, value in (("n", s.n), ("mean", s.mean), ("sd", s.sd),
                               ("ci95_low", s.ci_low), ("ci95_high", s.ci_high)):  # fmt: skip
            yield row("", "", measure, s.code, value, s.text)
        for position, count in enumerate(s.distribution or [None] * len(summary.scale)):
            yield row("", "", f"distribution_{position}", s.code, count, s.text)
    sections = (
        ("attribute", summary.attributes),
        ("dimension", summary.dimensions),
        ("domain", summary.domains),
        ("framework", summary.frameworks),
    )
    for section, means in sections:
        for key, value in means.items():
            yield row("", "", section, key, value, part_label(key))
    for ranking, ranked in (("best", summary.best), ("worst", summary.worst)):
        for framework, statements in ranked.items():
            for rank, s in enumerate(statements, start=1):
                yield row("", "", f"{ranking}_{rank}", framework, s.code, s.text)
    for question, groups in summary.breakdowns.items():
        for g in groups:
            yield row(question, g.key, "n", "", g.n, g.label)
            if g.suppressed:
                yield row(question, g.key, "n_bracket", "", g.n_bracket, g.label)
                yield row(question, g.key, "suppressed_reason", "", g.suppressed_reason, g.label)
            for section, means in (("framework", g.frameworks), ("attribute", g.attributes),
                                   ("domain", g.domains)):  # fmt: skip
                for key, value in means.items():
                    yield row(question, g.key, section, key, value, part_label(key))
            for code, stats in g.statements.items():
                yield row(question, g.key, "n", code, stats.n)
                yield row(question, g.key, "mean", code, stats.mean)
    for area in summary.areas:
        for key in ("responses", "with_comment", "late", "sent_to"):
            yield row("", "", f"area_{key}", area.slug, getattr(area, key))


def summary_csv(summary: Summary) -> str:
    return table_csv(Table("summary", CSV_COLUMNS, _long_rows(summary)))


# --- The summary as readable sheets ---


def _group_n(group) -> int | str:
    return group.n if not group.suppressed else f"fewer than {group.n_bracket.lstrip('<')}"


def summary_tables(summary: Summary) -> list[Table]:
    statements = Table(
        "Statements",
        [
            "code",
            "statement",
            "framework",
            "place",
            "negative",
            "n",
            "mean",
            "sd",
            "ci95_low",
            "ci95_high",
            *summary.scale,
        ],  # fmt: skip
        [
            (
                s.code,
                s.text,
                FRAMEWORK_LABELS[s.framework],
                s.where,
                s.is_negative,
                s.n,
                s.mean,
                s.sd,
                s.ci_low,
                s.ci_high,
                *(s.distribution or [None] * len(summary.scale)),
            )  # fmt: skip
            for s in summary.statements
        ],
    )
    dimensions = list(summary.dimensions)
    matrix = Table(
        "Matrix",
        ["attribute", *[part_label(d) for d in dimensions], "attribute mean"],
        [
            (part_label(attribute), *[cell.mean for cell in cells], mean)
            for attribute, cells, mean in summary.matrix
        ]
        + [
            (
                "dimension mean",
                *summary.dimensions.values(),
                summary.frameworks.get("relational_value"),
            )
        ],
    )
    domains = Table(
        "Domains",
        ["domain", "statement", "mean"],
        [(part_label(domain), s.text, mean) for domain, s, mean in summary.proximity]
        + [("relational proximity", "", summary.frameworks.get("relational_proximity"))],
    )
    groups = [g for gs in summary.breakdowns.values() for g in gs]
    keys = [
        *(("frameworks", k) for k in summary.frameworks),
        *(("attributes", k) for k in summary.attributes),
        *(("domains", k) for k in summary.domains),
    ]
    breakdowns = Table(
        "Breakdowns",
        ["question", "group", "respondents", *[part_label(key) for _section, key in keys]],
        [
            (
                QUESTION_LABELS[g.question],
                g.label,
                _group_n(g),
                *[getattr(g, section).get(key) for section, key in keys],
            )  # fmt: skip
            for g in groups
        ],
    )
    tables = [statements, matrix, domains, breakdowns]
    if summary.areas:
        tables.append(
            Table(
                "Areas",
                ["area", "responses", "with comment", "late", "invitation sent to"],
                [(a.slug, a.responses, a.with_comment, a.late, a.sent_to) for a in summary.areas],
            )
        )
    return tables


def summary_xlsx(summary: Summary) -> bytes:
    return tables_xlsx(summary_tables(summary))
