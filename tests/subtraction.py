"""The analyst's subtraction attacks, as functions over summary JSON: every count of
respondents that a difference of shown figures describes."""

from surveys.models import RATING_CODES


def shown(groups: dict) -> dict[str, dict]:
    return {key: g for key, g in groups.items() if not g["suppressed"]}


def complement_sizes(summary: dict) -> list[int]:
    """Area total minus the shown groups of each question: the hidden groups together."""
    total = summary["counts"]["responses"]
    if total < summary["min_group_size"]:
        return []  # counts only: no figures to subtract
    return [
        total - sum(g["n"] for g in shown(groups).values())
        for groups in summary["breakdowns"].values()
    ]


def complement_distribution_sizes(summary: dict) -> list[int]:
    """The same, statement by statement: respondents in the area's distribution minus the
    shown groups' distributions."""
    sizes = []
    if summary["statements"][RATING_CODES[0]]["distribution"] is None:
        return sizes
    for groups in summary["breakdowns"].values():
        for code in RATING_CODES:
            area = sum(summary["statements"][code]["distribution"])
            parts = sum(sum(g["statements"][code]["distribution"]) for g in shown(groups).values())
            sizes.append(area - parts)
    return sizes


def difference_sizes(before: dict, after: dict) -> list[int]:
    """Respondents described by after minus before: the totals, every statement's
    distribution, and every group shown in both (or shown in one only)."""
    sizes = [after["counts"]["responses"] - before["counts"]["responses"]]
    for code in RATING_CODES:
        a, b = after["statements"][code]["distribution"], before["statements"][code]["distribution"]
        if a is not None and b is not None:
            sizes.append(sum(a) - sum(b))
    for question, groups in after["breakdowns"].items():
        old = before["breakdowns"].get(question, {})
        for key, group in groups.items():
            was = old.get(key)
            if group["suppressed"] or was is None or was["suppressed"]:
                continue
            sizes.append(group["n"] - was["n"])
    return sizes


def safe(sizes: list[int], threshold: int) -> bool:
    """No difference describes between 1 and threshold - 1 respondents."""
    return all(size == 0 or abs(size) >= threshold for size in sizes)


def across_areas_sizes(programme: dict, areas: list[dict]) -> list[int]:
    """A programme group minus the same group where each area shows it: what the areas hid
    of that group. Counts, and every statement's distribution."""
    sizes = []
    for question, groups in programme["breakdowns"].items():
        for key, group in shown(groups).items():
            parts = [a["breakdowns"][question][key] for a in areas]
            parts = [part for part in parts if not part["suppressed"]]
            sizes.append(group["n"] - sum(part["n"] for part in parts))
            for code in RATING_CODES:
                whole = sum(group["statements"][code]["distribution"])
                sizes.append(whole - sum(sum(p["statements"][code]["distribution"]) for p in parts))
    return sizes
