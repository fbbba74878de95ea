"""The suppression rule, in one place: which groups of a whole to hide so that no group of
fewer than the threshold can be read, alone or by subtracting the shown ones from the
whole. Breakdowns of results (scoring) and cascade branches (invitations) both use it."""

BELOW_THRESHOLD = "below_threshold"
COMPLEMENTARY = "complementary"


def suppression_reasons(sizes: dict[str, int], min_group_size: int) -> dict[str, str]:
    """Which groups of one breakdown question to suppress, and why.

    A group below the threshold is suppressed. Since the groups of a question add up to
    the whole area, the shown groups subtracted from the area total give the suppressed
    ones back: so the suppressed groups that have respondents must hold, together, at least
    the threshold. While they do not, the smallest shown group is suppressed with them
    (ties: the first in option order), until they do or every group is suppressed. The
    same sizes always give the same result.
    """
    reasons = {key: BELOW_THRESHOLD for key, n in sizes.items() if n < min_group_size}
    hidden = sum(sizes[key] for key in reasons)
    if hidden == 0:
        return reasons  # nothing with respondents is hidden: nothing to work out
    shown = sorted(
        (key for key in sizes if key not in reasons),
        key=lambda key: (sizes[key], list(sizes).index(key)),
    )
    for key in shown:
        if hidden >= min_group_size:
            break
        reasons[key] = COMPLEMENTARY
        hidden += sizes[key]
    return reasons
