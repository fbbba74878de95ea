"""Exports as CSV and XLSX: tables built from the typed reader, written safely.

Every text cell that a spreadsheet would run as a formula is neutralised (OWASP CSV
injection guidance). Numbers stay numbers: means to two decimals in CSV and XLSX, as the
reports show them (the JSON keeps full precision). Every XLSX opens on a "Read me" sheet
(scoring.workbook, scoring.codebook).
"""

from __future__ import annotations

from dataclasses import dataclass

from relaudit.spreadsheets import Table, spreadsheet_safe, table_csv  # noqa: F401

from .codebook import summary_about, summary_codebook
from .reader import FRAMEWORK_LABELS, QUESTION_LABELS, Summary, by_score, favourable_share
from .reader import part_label as label
from .workbook import COUNT, MEAN, PERCENT, Column, Sheet, readme_sheet, workbook_xlsx
from .workbook import two_decimals as dp2

# --- The summary in long format: one row per figure (the CSV contract since the start) ---

CSV_COLUMNS = [
    "area", "programme", "snapshot", "question", "group", "measure", "item", "value",
    "item_label", "series", "wave",
]  # fmt: skip


@dataclass(frozen=True)
class SeriesWave:
    """The series a programme is a wave of, and which wave (1 for the first run)."""

    series: str
    wave: int

    def to_json(self) -> dict:
        return {"series": self.series, "wave": self.wave}


NO_WAVE = {"series": None, "wave": None}
# Breakdowns describe the respondents at each area's deadline, in either snapshot: their
# rows say so in the snapshot column.
BREAKDOWN_SNAPSHOT = "deadline"
ROUNDED = {"mean", "sd", "ci95_low", "ci95_high", "favourable"}


def _long_rows(summary: Summary, wave: SeriesWave | None = None):
    series, number = (wave.series, wave.wave) if wave else ("", "")

    def row(question, group, measure, item, value, label_text="", snapshot=None):
        if measure in ROUNDED or measure in ("attribute", "dimension", "domain", "framework"):
            value = dp2(value)
        snapshot = snapshot or (summary.snapshot if not question else BREAKDOWN_SNAPSHOT)
        return (summary.area, summary.programme, snapshot, question, group, measure, item,
                value, label_text, series, number)  # fmt: skip

    yield row("", "", "count", "responses", summary.responses)
    yield row("", "", "count", "with_comment", summary.with_comment)
    yield row("", "", "count", "late", summary.late)
    positions = len(summary.scale)
    for s in summary.statements:
        for measure, value in (("n", s.n), ("mean", s.mean), ("sd", s.sd),
                               ("ci95_low", s.ci_low), ("ci95_high", s.ci_high)):  # fmt: skip
            yield row("", "", measure, s.code, value, s.text)
        for position, count in enumerate(s.distribution or [None] * positions):
            yield row("", "", f"distribution_{position}", s.code, count, s.text)
        for score, count in enumerate(s.scores or [None] * positions):
            yield row("", "", f"score_{score}", s.code, count, s.text)
        yield row("", "", "favourable", s.code, s.favourable, s.text)
    sections = (
        ("attribute", summary.attributes),
        ("dimension", summary.dimensions),
        ("domain", summary.domains),
        ("framework", summary.frameworks),
    )
    for section, means in sections:
        for key, value in means.items():
            yield row("", "", section, key, value, label(key))
    for ranking, ranked in (("best", summary.best), ("worst", summary.worst)):
        for framework, statements in ranked.items():
            for rank, s in enumerate(statements, start=1):
                yield row("", "", f"{ranking}_{rank}", framework, s.code, s.text)
    negative = {s.code: s.is_negative for s in summary.statements}
    for question, groups in summary.breakdowns.items():
        for g in groups:
            yield row(question, g.key, "n", "", g.n, g.label)
            if g.suppressed:
                if g.n_bracket:  # only a group hidden for being small is known to be small
                    yield row(question, g.key, "n_bracket", "", g.n_bracket, g.label)
                yield row(question, g.key, "suppressed_reason", "", g.suppressed_reason, g.label)
            elif g.with_comment is not None:
                yield row(question, g.key, "with_comment", "", g.with_comment, g.label)
            for section, means in (("framework", g.frameworks), ("attribute", g.attributes),
                                   ("domain", g.domains)):  # fmt: skip
                for key, value in means.items():
                    yield row(question, g.key, section, key, value, label(key))
            for code, stats in g.statements.items():
                yield row(question, g.key, "n", code, stats.n)
                yield row(question, g.key, "mean", code, stats.mean)
                scores = by_score(stats.distribution, negative.get(code, False))
                for position, count in enumerate(stats.distribution or [None] * positions):
                    yield row(question, g.key, f"distribution_{position}", code, count)
                for score, count in enumerate(scores or [None] * positions):
                    yield row(question, g.key, f"score_{score}", code, count)
                yield row(question, g.key, "favourable", code, favourable_share(scores))
    for area in summary.areas:
        for key in ("responses", "with_comment", "late", "sent_to"):
            yield row("", "", f"area_{key}", area.slug, getattr(area, key))


def summary_csv(summary: Summary, wave: SeriesWave | None = None) -> str:
    return table_csv(Table("summary", CSV_COLUMNS, _long_rows(summary, wave)))


# --- The summary as readable sheets ---

REASON = Column(
    "hidden because",
    meaning="Empty where the figures are shown; else why they are not: below_threshold, "
    "complementary or area_below_threshold (see Suppressed below).",
    width=20,
)


def _statements_sheet(summary: Summary) -> Sheet:
    reason = "area_below_threshold" if summary.suppressed else ""
    columns = [
        Column("code", meaning="The statement's code (stable across instrument versions)."),
        Column("statement", meaning="Its wording.", width=60),
        Column("framework"),
        Column("attribute", meaning="Relational value attribute (empty for proximity)."),
        Column("dimension", meaning="Socio-technical dimension (empty for proximity)."),
        Column("domain", meaning="Relational proximity domain (empty for value)."),
        Column("polarity", meaning="positive, or negative: scored in reverse (5 - position)."),
        Column("n", COUNT, "How many rated it."),
        Column("mean", MEAN, "Mean score, 0 (worst) to 5 (best), after reverse scoring."),
        Column("sd", MEAN, "Standard deviation of the scores."),
        Column("ci95 low", MEAN, "95% confidence interval of the mean (Student's t)."),
        Column("ci95 high", MEAN, "95% confidence interval of the mean (Student's t)."),
        *[
            Column(f"answered {option}", COUNT, f"How many answered “{option}” (position {i}).")
            for i, option in enumerate(summary.scale)
        ],
        *[Column(f"score {n}", COUNT, f"How many answers scored {n}.") for n in range(6)],
        Column("favourable %", PERCENT, "Percentage of answers scoring 3 to 5."),
        REASON,
    ]
    rows = [
        (s.code, s.text, FRAMEWORK_LABELS[s.framework], label(s.attribute) if s.attribute else "",
         label(s.dimension) if s.dimension else "", label(s.domain) if s.domain else "",
         "negative" if s.is_negative else "positive", s.n, s.mean, s.sd, s.ci_low, s.ci_high,
         *(s.distribution or [None] * 6), *(s.scores or [None] * 6), s.favourable, reason)
        for s in summary.statements
    ]  # fmt: skip
    about = "Every statement: its place in the framework, mean, interval and answers."
    return Sheet("Statements", about, columns, rows)


def _framework_sheets(summary: Summary) -> list[Sheet]:
    dimensions = list(summary.dimensions)
    matrix = Sheet(
        "Matrix",
        "Relational value: mean score of each attribute (rows) and dimension (columns), with "
        "the attribute means, and the dimension means in the last row.",
        [
            Column("attribute"),
            *[Column(label(d), MEAN) for d in dimensions],
            Column("attribute mean", MEAN),
        ],  # fmt: skip
        [(label(a), *[c.mean for c in cells], mean) for a, cells, mean in summary.matrix]
        + [
            (
                "dimension mean",
                *summary.dimensions.values(),
                summary.frameworks.get("relational_value"),
            )
        ],  # fmt: skip
    )
    domains = Sheet(
        "Domains",
        "Relational proximity: each domain's statement and mean score, then the framework.",
        [Column("domain"), Column("code"), Column("statement", width=60), Column("mean", MEAN)],
        [(label(d), s.code, s.text, mean) for d, s, mean in summary.proximity]
        + [("relational proximity", "", "", summary.frameworks.get("relational_proximity"))],
    )
    return [matrix, domains]


def _groups(summary: Summary):
    return [g for groups in summary.breakdowns.values() for g in groups]


def _breakdown_sheets(summary: Summary) -> list[Sheet]:
    keys = [
        *(("frameworks", k) for k in summary.frameworks),
        *(("attributes", k) for k in summary.attributes),
        *(("domains", k) for k in summary.domains),
    ]
    question = Column("question", meaning="The “about you” question the groups answer.")
    group = Column(
        "group", width=30, meaning="The respondent group: an option, “multiple” (more than "
        "one ticked) or “did not answer”.",
    )  # fmt: skip
    snapshot = Column(
        "snapshot", meaning="Where the breakdowns come from: respondents at the deadline."
    )
    breakdowns = Sheet(
        "Breakdowns",
        "Each respondent group's framework, attribute and domain means.",
        [question, group, snapshot, Column("respondents", COUNT), REASON,
         Column("with a comment", COUNT), *[Column(label(k), MEAN) for _s, k in keys]],
        [(QUESTION_LABELS[g.question], g.label, BREAKDOWN_SNAPSHOT, g.n,
          g.suppressed_reason or "", g.with_comment,
          *[getattr(g, section).get(key) for section, key in keys])
         for g in _groups(summary)],
    )  # fmt: skip
    rows = []
    for g in _groups(summary):
        for s in summary.statements:
            stats = g.statements.get(s.code)
            scores = by_score(stats.distribution if stats else None, s.is_negative)
            rows.append(
                (QUESTION_LABELS[g.question], g.label, BREAKDOWN_SNAPSHOT, s.code, s.text,
                 stats and stats.n, stats and stats.mean, *(scores or [None] * 6),
                 favourable_share(scores), g.suppressed_reason or "")
            )  # fmt: skip
    by_statement = Sheet(
        "Group statements",
        "Each group's mean and answers by score for every statement (the bars of “one "
        "statement by respondent type”).",
        [question, group, snapshot, Column("code"), Column("statement", width=50),
         Column("n", COUNT), Column("mean", MEAN),
         *[Column(f"score {n}", COUNT) for n in range(6)],
         Column("favourable %", PERCENT), REASON],
        rows,
    )  # fmt: skip
    return [breakdowns, by_statement]


def _areas_sheet(summary: Summary) -> Sheet:
    return Sheet(
        "Areas",
        "Each area of the programme: counts, and its framework means where it has at least "
        "the threshold of responses.",
        [Column("area"), Column("responses", COUNT), Column("with a comment", COUNT),
         Column("late", COUNT),
         Column("sent to", COUNT, "As recorded for the area when it was imported (the "
                "report shows the contacts invited through this service, where any were)."),
         Column("relational value", MEAN), Column("relational proximity", MEAN), REASON],
        [(a.slug, a.responses, a.with_comment, a.late, a.sent_to,
          a.means and a.means.frameworks.get("relational_value"),
          a.means and a.means.frameworks.get("relational_proximity"),
          "" if a.means else "area_below_threshold") for a in summary.areas],
    )  # fmt: skip


def summary_sheets(summary: Summary) -> list[Sheet]:
    sheets = [_statements_sheet(summary), *_framework_sheets(summary)]
    sheets += _breakdown_sheets(summary)
    if summary.areas:
        sheets.append(_areas_sheet(summary))
    return sheets


def summary_xlsx(summary: Summary, wave: SeriesWave | None = None) -> bytes:
    sheets = summary_sheets(summary)
    about = summary_about(summary)
    about[1:1] = [
        ("series", wave.series if wave else "(not one of a series of runs)"),
        ("wave", f"{wave.wave}: its run in the series, 1 for the first" if wave else ""),
    ]
    readme = readme_sheet(about, sheets, summary_codebook(summary))
    return workbook_xlsx(readme, sheets)
