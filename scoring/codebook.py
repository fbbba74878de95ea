"""The words of every download's "Read me", in one place: what the file holds, the
statements' codebook, the scale and its scores, the snapshots, what suppressed and
complementary mean, and for the programme's row-level files (scoring.row_export) what is
left out or blank and why. scoring.workbook writes them as the first sheet of every XLSX;
README's codebook sections say the same."""

from __future__ import annotations

from surveys.choices import DEMOGRAPHIC_QUESTIONS

from .reader import FRAMEWORK_LABELS, Summary
from .reader import part_label as label
from .statistics import HIGHER, LOWER, METHOD, NO_CLEAR_DIFFERENCE
from .workbook import COUNT, DATE, Column, ReadMe

SNAPSHOTS = (
    ("Snapshot", "deadline",
     "The results at the area's deadline: what the review team saw. Never changes."),
    ("Snapshot", "latest",
     "The responses received by the deadline and those received after it, which join in "
     "steps of at least the threshold (10), so that no one's answers can be told apart by "
     "comparing the two snapshots; until a step the latest figures are the deadline's (or "
     "the last step's), and late responses still waiting are counted nowhere."),
    ("Snapshot", "excluded",
     "Responses a programme lead excluded as ballot stuffing (with a recorded reason) count "
     "in neither snapshot, nor in any download."),
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
    ("summary.csv", "series, wave",
     "The series of runs the programme belongs to and its wave in it (1 for the first run; "
     "the same columns in every row, empty when the programme is not one of a series). In "
     "summary.json the keys \"series\" and \"wave\"; figures of different waves are compared "
     "only in the reports' sections of change since the last wave."),
    ("summary.csv", "count: responses, with_comment, late",
     "The responses in these figures, those of them with a comment, and the late ones among "
     "them (late responses join the latest figures in groups of at least the threshold; "
     "those still waiting are not counted here)."),
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
    ("summary.csv", "breakdown rows",
     "Rows with a question and a group are that respondent group's figures: n (item empty: "
     "its respondents), with_comment, and for each statement (item: its code) n, mean, "
     "distribution_0 .. distribution_5, score_0 .. score_5 and favourable, then its "
     "framework, attribute and domain means. A hidden group has no figures, only n_bracket "
     "(if below the threshold) and suppressed_reason. The XLSX gives the same in the sheets "
     "“Breakdowns” and “Group statements”."),
    ("summary.csv", "area_responses, area_with_comment, area_late, area_sent_to",
     "A programme's areas (item: the area's slug)."),
)  # fmt: skip


# How the report pages, their PDFs and the comparison pages tag an area against the rest.
COMPARISON = ("Comparison", f"{HIGHER}, {LOWER}, {NO_CLEAR_DIFFERENCE}", METHOD)


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
    return rows + list(SNAPSHOTS) + list(SUPPRESSION) + list(CSV_MEASURES) + [COMPARISON]


# --- An area's comments (scoring.comments), for reading and coding ---

QUOTING = (
    "The respondent's role and organisation type, given only where both of those groups are "
    "shown in the area's breakdowns (never a suppressed group's) and the two together, in "
    "that area, are held by at least the threshold of respondents; empty otherwise."
)
COMMENT_COLUMNS = {
    "comment": Column("comment", meaning="The comment as reviewers see it.", width=90),
    "respondent type": Column("respondent type", meaning=QUOTING),
    "submitted on": Column("submitted on", DATE, "The day it was submitted (no time is kept)."),
    "late": Column("late", meaning="TRUE if it arrived after the deadline.", width=8),
}
COMMENT_ROWS = (
    ("About", "comments",
     "Respondents' free-text comments as reviewers see them: a programme lead's redaction "
     "instead of the original, hidden comments left out."),
    ("Snapshot", "deadline", "Comments received by the deadline."),
    ("Snapshot", "latest",
     "Comments received by the deadline, and late ones once their group of late responses "
     "has joined the latest results (never before)."),
    ("Quoting", "respondent type", QUOTING),
)  # fmt: skip


def area_comments_readme(about: list[tuple[str, str]]) -> ReadMe:
    return ReadMe(about, "One row per comment.", COMMENT_COLUMNS, COMMENT_ROWS)


PASSAGE_COLUMNS = {
    "comment": Column("comment", meaning="The comment the passage is part of (an id of this "
                      "file, shared with the .qdpx project, never with any response file)."),
    "area": Column("area", meaning="The area's name."),
    "passage": Column("passage", meaning="The words coded, as reviewers read them "
                      "(redactions applied).", width=90),
    "codes": Column("codes", meaning="The codes given to it: statements (by wording), "
                    "enabler or barrier, and themes, separated by semicolons.", width=60),
    "coder": Column("coder", meaning="Who applied the codes (and, for codes imported from a "
                    ".qdpx file, the coder named there)."),
    "coded at": Column("coded at", meaning="When the latest of its codes was applied."),
    "respondent type": Column("respondent type", meaning=QUOTING),
}  # fmt: skip


def passages_readme(programme_name: str) -> ReadMe:
    about = [
        ("programme", programme_name),
        ("file", "Every coded passage of the programme's comments, as quotes show them: "
                 "hidden comments and passages redacted away are left out; no rating."),
    ]  # fmt: skip
    return ReadMe(about, "One row per coded passage.", PASSAGE_COLUMNS, COMMENT_ROWS[-1:])


# --- The programme's row-level files: responses, and comments apart (scoring.row_export) ---

RECORDED = "Every download of this file is recorded (who, when, which programme)."


def _row_files_about(k: int, what: str) -> list[tuple[str, str]]:
    return [
        ("file", what),
        ("areas", f"Areas whose deadline has passed and whose results are computed, with at "
                  f"least {k} responses by the deadline: nothing of an open area or a smaller "
                  "one."),
        ("responses", "Responses received by the deadline, and late responses already added to "
                      f"the latest results (they are added in groups of at least {k}). Responses "
                      "excluded as ballot stuffing are left out."),
        ("threshold", f"{k}: no combination of what a colleague may know is shared by fewer rows."),
        ("more detail", "If you need more detail than this, ask the programme's data controller: "
                        "it is not available from this service."),
        ("audit", RECORDED),
    ]  # fmt: skip


ANSWER = ("The reporting group of the options ticked: the option, 'multiple' if more than "
          "one, 'did_not_answer' if none; empty where left blank (see suppressed). The 0/1 "
          "columns after it say which options were ticked.")  # fmt: skip
TICKED = ("1 if the respondent ticked “{label}” ({question}), 0 if not; empty where the "
          "question is left blank (see suppressed), as is every other column of it.")  # fmt: skip
RESPONSE_FILE_COLUMNS = {
    "area": Column("area", meaning="The area's slug."),
    "submitted_week": Column("submitted_week", meaning="The ISO week of the answer (2027-W07), "
                             "never the day."),
    "late": Column("late", meaning="True if received after the deadline.", width=8),
    "organisation_type": Column("organisation_type", meaning=ANSWER),
    "primary_role": Column("primary_role", meaning=ANSWER + " A role recoded by a programme "
                           "lead is given as recoded; a written 'other' role is not included "
                           "(it is free text, like a comment: see the comments file)."),
    "time_in_system": Column("time_in_system", meaning=ANSWER),
    "suppressed": Column("suppressed", meaning="The questions left blank in this row, so that "
                         "it is shared by enough others (see Suppressed below)."),
    **{
        f"{question}_{option}": Column(f"{question}_{option}", COUNT, TICKED.format(
            label=label_text, question=question), width=8)
        for question, options in DEMOGRAPHIC_QUESTIONS.items()
        for option, label_text in options
    },
}  # fmt: skip


def _rating_columns(code: str, statement) -> dict[str, Column]:
    about = f"{code} (see Statement {code} below)" if statement else code
    polarity = ""
    if statement is not None:
        polarity = (" Negatively worded: score = 5 - position." if statement.is_negative
                    else " Positively worded: score = position.")  # fmt: skip
    return {
        f"{code}_position": Column(f"{code}_position", COUNT, f"The scale position chosen for "
                                   f"{about}: 0 (Consistently not true) to 5 (Consistently "
                                   "true), as answered; blank if not rated.", width=10),
        f"{code}_score": Column(f"{code}_score", COUNT, f"The score of {code}, 0 (worst) to 5 "
                                "(best), as the reports count it: the position for a positive "
                                f"statement, 5 - position for a negative one.{polarity} Blank "
                                "if not rated.", width=10),
    }  # fmt: skip


def responses_file_readme(k: int, codes, statements, scale) -> ReadMe:
    """The response rows' Read me: ratings, statements, scale, and what is blank and why.
    `statements`: of the newest instrument version (codes keep their place across versions)."""
    by_code = {s.code: s for s in statements}
    columns = dict(RESPONSE_FILE_COLUMNS)
    for code in codes:
        columns |= _rating_columns(code, by_code.get(code))
    rows = [
        ("Ratings", "<code>_position, <code>_score",
         "Each statement has two columns. <code>_position is the scale position chosen, 0 "
         "(Consistently not true) to 5 (Consistently true), as answered. <code>_score is the "
         "score the reports and summaries average: the position for a positive statement, "
         "5 - position for a negative one (see Scale and each Statement's polarity), so 5 is "
         "always the best answer. Both are blank if the statement was not rated."),
        *[("Statement", s.code, _statement_meaning(s)) for s in statements],
        *scale_rows(scale),
        ("About you", "0/1 columns",
         "Organisation type, role and time in the system allow more than one tick: each "
         "option has its own column, 1 if ticked and 0 if not. The column named after the "
         "question gives its reporting group, as the breakdowns count it."),
        ("Suppressed", "k-anonymity",
         "Someone who knows a colleague's area, the options they ticked about themselves, "
         "and when they answered must not be able to find their row. Within each area, the "
         "fewest of those answers are left blank (the week first) until every combination of "
         f"the answers left is shared by at least {k} rows (k-anonymity, k = {k}). The "
         "options ticked count, not only the reporting group, so a 0/1 column never tells "
         "apart rows the groups would not; a question left blank has its group and every "
         "0/1 column blank. The 'suppressed' column names the questions blanked in that row."),
        ("Suppressed", "late groups",
         "Deadline responses and each group of late responses are made safe on their own, so "
         "a download taken before a group of late responses and one taken after differ only "
         "by rows that are safe among themselves."),
        ("Order", "rows",
         "Rows are in order of area and values, not of arrival. Comments and written 'other' "
         "roles are in a separate file that shares nothing with this one to join them by."),
    ]  # fmt: skip
    about = _row_files_about(k, "One row per response of the programme, under disclosure control.")
    return ReadMe(about, "One row per response.", columns, rows)


COMMENT_FILE_COLUMNS = {
    "area": Column("area", meaning="The area's slug."),
    "comment": Column("comment", width=90, meaning="The comment as moderated by the "
                      "programme's leads: redactions applied, hidden comments left out."),
    "respondent_type": Column("respondent_type", meaning="Role and organisation type, where "
                              "allowed (see Quoting below); otherwise blank."),
    "written_role": Column("written_role", width=40, meaning="A role a respondent wrote under "
                           "'other' (free text, as typed), in a row of its own: never beside "
                           "a comment, so nothing joins the two."),
    "recoded_role": Column("recoded_role", meaning="The role category a programme lead recoded "
                           "that written role to (as the results count it); empty if not "
                           "recoded (it counts as 'other')."),
}  # fmt: skip


def comments_file_readme(k: int) -> ReadMe:
    rows = [
        ("Order", "rows",
         "Nothing joins a comment to its ratings: no response number, no date, and comments "
         "are in alphabetical order within each area, not in order of arrival."),
        ("Quoting", "respondent_type",
         "Given only where that role and organisation type, in that area, are held together "
         f"by at least {k} respondents and each is shown in the area's results; otherwise "
         "blank."),
        ("Written roles", "written_role",
         "After each area's comments come the roles written under 'other', one row per "
         "response that wrote one, in alphabetical order, with no comment and no respondent "
         "type beside them: they are free text, so they are here rather than in the response "
         "file."),
    ]  # fmt: skip
    about = _row_files_about(
        k, "The comments and written 'other' roles of the responses in the programme's "
        "response file, apart from them.",
    )  # fmt: skip
    return ReadMe(about, "One row per comment or written role.", COMMENT_FILE_COLUMNS, rows)
