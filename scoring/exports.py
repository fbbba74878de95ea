"""Summaries as CSV: one row per figure, long format, safe to open in a spreadsheet."""

import csv
import io

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_safe(value):
    """Neutralise formula injection: text that a spreadsheet would evaluate gets a leading
    apostrophe. Numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


CSV_COLUMNS = ["area", "programme", "snapshot", "question", "group", "measure", "item", "value"]


def _rows(summary: dict):
    base = {key: summary[key] for key in ("area", "programme", "snapshot")}

    def row(question, group, measure, item, value):
        return {**base, "question": question, "group": group, "measure": measure,
                "item": item, "value": value}  # fmt: skip

    for key, value in summary["counts"].items():
        yield row("", "", "count", key, value)
    for code, figures in summary["statements"].items():
        for measure in ("n", "mean", "sd"):
            yield row("", "", measure, code, figures[measure])
        ci95 = figures["ci95"] or [None, None]
        yield row("", "", "ci95_low", code, ci95[0])
        yield row("", "", "ci95_high", code, ci95[1])
        for position, count in enumerate(figures["distribution"] or [None] * 6):
            yield row("", "", f"distribution_{position}", code, count)
    for section in ("attributes", "dimensions", "domains", "frameworks"):
        for key, value in summary[section].items():
            yield row("", "", section.rstrip("s"), key, value)
    for ranking in ("best", "worst"):
        for framework, codes in summary[ranking].items():
            for rank, code in enumerate(codes or [], start=1):
                yield row("", "", f"{ranking}_{rank}", framework, code)
    for question, groups in summary["breakdowns"].items():
        for group, figures in groups.items():
            yield row(question, group, "n", "", figures["n"])
            if figures["suppressed"]:
                yield row(question, group, "n_bracket", "", figures["n_bracket"])
            for section in ("frameworks", "attributes", "domains"):
                for key, value in figures[section].items():
                    yield row(question, group, section.rstrip("s"), key, value)
            for code, stats in figures["statements"].items():
                yield row(question, group, "n", code, stats["n"])
                yield row(question, group, "mean", code, stats["mean"])
    for slug, counts in summary.get("areas", {}).items():
        for key, value in counts.items():
            yield row("", "", f"area_{key}", slug, value)


def summary_csv(summary: dict) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in _rows(summary):
        writer.writerow({key: spreadsheet_safe(value) for key, value in row.items()})
    return out.getvalue()
