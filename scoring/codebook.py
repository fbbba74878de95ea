"""The words of every download's "Read me": what the file holds, the statements' codebook,
the scale and its scores, the snapshots, and what suppressed and complementary mean."""

from __future__ import annotations

from .reader import FRAMEWORK_LABELS, Summary
from .reader import part_label as label

SNAPSHOTS = (
    ("Snapshot", "deadline",
     "The results at the area's deadline: what the review team saw. Never changes."),
    ("Snapshot", "latest",
     "Every response received, including those after the deadline. Late responses join in "
     "steps of at least the threshold (10), so that no one's answers can be told apart by "
     "comparing the two snapshots; until a step the latest figures are the deadline's."),
    ("Snapshot", "breakdowns",
     "Breakdowns by respondent type describe the respondents at each area's deadline in both "
     "snapshots (late respondents are never broken down): their rows say snapshot "
     "“deadline”. A role a programme lead recoded counts as recoded in an area's latest "
     "breakdowns and in programme breakdowns from the next publication; the deadline "
     "snapshot keeps the roles as they were when it was computed."),
)  # fmt: skip
SUPPRESSION = (
    ("Suppressed", "below_threshold",
     "A group of fewer than the threshold (10) respondents: no figures, and its count only "
     "as a bracket (n_bracket “<10”)."),
    ("Suppressed", "complementary",
     "A group hidden so that a smaller group cannot be worked out by subtracting the shown "
     "groups from the whole (or from the areas' figures, or from an earlier release). It may "
     "be of any size: it has no count and no bracket."),
    ("Suppressed", "area_below_threshold",
     "The whole area has fewer than the threshold of responses: counts only."),
    ("Suppressed", "empty cells",
     "A figure that is not shown is an empty cell, never text in a numeric column; the "
     "“hidden because” column beside it says why."),
)  # fmt: skip
CSV_MEASURES = (
    ("summary.csv", "columns",
     "One row per figure: area, programme, snapshot, question, group, measure, item, value, "
     "item_label. Whole-area figures have no question or group."),
    ("summary.csv", "n, mean, sd, ci95_low, ci95_high",
     "A statement's (item: its code) number of ratings, mean score (two decimals), standard "
     "deviation and 95% interval."),
    ("summary.csv", "distribution_0 .. distribution_5",
     "How many answered scale position 0 (Consistently not true) .. 5 (Consistently true): "
     "by answer, before reverse scoring."),
    ("summary.csv", "score_0 .. score_5",
     "How many answers scored 0 .. 5: by score, after reverse scoring (the same as the "
     "distribution for a positive statement, reversed for a negative one)."),
    ("summary.csv", "favourable", "Percentage of answers scoring 3 to 5."),
    ("summary.csv", "attribute, dimension, domain, framework",
     "Pooled mean score over every answer to the statements of that part (item: its key)."),
    ("summary.csv", "best_N, worst_N",
     "The Nth best and worst statement of a framework (item: the framework; value: code)."),
    ("summary.csv", "n_bracket, suppressed_reason, with_comment",
     "Of a breakdown group: the bracket of a group below the threshold, why it is hidden, "
     "or how many of a shown group left a comment."),
    ("summary.csv", "area_responses, area_with_comment, area_late, area_sent_to",
     "A programme's areas (item: the area's slug)."),
)  # fmt: skip


def summary_about(summary: Summary) -> list[tuple[str, str]]:
    return [
        ("programme", summary.programme),
        ("area", summary.area or "(the whole programme)"),
        ("snapshot", summary.snapshot),
        ("computed at", summary.computed_at),
        ("instrument version", summary.instrument_version),
        ("threshold", f"{summary.min_group_size}: no group of fewer respondents is shown"),
        ("means", "Scores run from 0 (worst) to 5 (best); means are rounded to two decimals "
                  "here and in the CSV, kept in full in the JSON."),
    ]  # fmt: skip


def _statement_meaning(s) -> str:
    place = (
        f"attribute {label(s.attribute)}, dimension {label(s.dimension)}"
        if s.attribute
        else f"domain {label(s.domain)}"
    )
    polarity = "negative (scored 5 - position)" if s.is_negative else "positive"
    return f"“{s.text}” {FRAMEWORK_LABELS[s.framework]}: {place}; {polarity}."


def scale_rows(scale) -> list[tuple[str, str, str]]:
    last = len(scale) - 1
    return [
        ("Scale", f"position {i}",
         f"“{option}”: scores {i} for a positive statement, {last - i} for a negative one"
         f"{'; favourable (3 to 5)' if i >= 3 else ''}.")
        for i, option in enumerate(scale)
    ]  # fmt: skip


def summary_codebook(summary: Summary) -> list[tuple[str, str, str]]:
    rows = [("Statement", s.code, _statement_meaning(s)) for s in summary.statements]
    rows += scale_rows(summary.scale)
    rows.append(
        ("Scale", "favourable", "Scores 3 to 5: “often, mostly or consistently true” of a "
         "positive statement, the reverse of a negative one. The scale has no neutral point.")
    )  # fmt: skip
    return rows + list(SNAPSHOTS) + list(SUPPRESSION) + list(CSV_MEASURES)


COMMENT_ROWS = (
    ("About", "comments",
     "Respondents' free-text comments as reviewers see them: a programme lead's redaction "
     "instead of the original, hidden comments left out."),
    ("Snapshot", "deadline", "Comments received by the deadline."),
    ("Snapshot", "latest", "Every comment, including those received after the deadline."),
    ("Quoting", "respondent type",
     "The respondent's role and organisation type, given only where both of those groups are "
     "shown in the area's breakdowns (never a suppressed group's); empty otherwise."),
)  # fmt: skip
