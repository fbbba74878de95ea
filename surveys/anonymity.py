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


def suppression_across_parts(
    sizes: dict[str, int], parts: list[dict[str, int]], min_group_size: int
) -> dict[str, str]:
    """Which groups of one question to suppress in a whole made of parts whose own results
    are shown too (a programme and its areas: a lead sees both), and why.

    Each part hides some groups (suppression_reasons). A group shown in the whole, minus
    the same group where parts show it, gives what the other parts hid of it; an area's
    hidden total minus that gives the rest. So, besides the whole's own rule, every sum of
    hidden cells that the shown figures pin down must describe no one or at least the
    threshold. For every set U of the whole's groups (its suppressed groups count as one,
    their total being known), two such sums are checked: what the parts that hide a group
    of U hide outside U, and what the parts that hide something outside U hide in U. While
    one describes 1 to threshold - 1 people, the smallest shown group involved is
    suppressed too ("complementary"). With every group suppressed nothing is pinned down,
    so this ends. At most 2^9 sets for the largest question, over parts grouped by which
    groups they hide: cheap for 200 areas.
    """
    keys = list(sizes)
    bit = {key: 1 << i for i, key in enumerate(keys)}
    reasons = suppression_reasons(sizes, min_group_size)
    # Parts by the set of groups they hide (a bit mask): their hidden total and cells.
    # A part whose hidden groups are all empty pins nothing (they are known to be 0).
    hidden_by_mask: dict[int, list[int]] = {}  # mask -> [hidden total, cells by key index]
    for part in parts:
        hidden = suppression_reasons(part, min_group_size)
        total = sum(part[key] for key in hidden)
        if total == 0:
            continue
        mask = sum(bit[key] for key in hidden)
        entry = hidden_by_mask.setdefault(mask, [0] + [0] * len(keys))
        entry[0] += total
        for key in hidden:
            entry[1 + keys.index(key)] += part[key]
    while True:
        involved = _pinned_too_small(keys, bit, reasons, hidden_by_mask, min_group_size)
        if involved is None:
            return reasons
        shown = [key for key in keys if key not in reasons]
        candidates = [key for key in shown if bit[key] & involved] or shown
        smallest = min(candidates, key=lambda key: (sizes[key], keys.index(key)))
        reasons[smallest] = COMPLEMENTARY


def _pinned_too_small(keys, bit, reasons, hidden_by_mask, min_group_size) -> int | None:
    """The groups (a bit mask) involved in the first pinned-down sum of hidden cells that
    describes 1 to threshold - 1 people, or None."""
    suppressed = sum(bit[key] for key in reasons)
    nodes = [bit[key] for key in keys if key not in reasons] + ([suppressed] if suppressed else [])
    for choice in range(1, 1 << len(nodes)):
        within = sum(node for i, node in enumerate(nodes) if choice >> i & 1)
        touching_total = touching_within = inside_total = hidden_within = 0
        involved = within
        for mask, (total, *cells) in hidden_by_mask.items():
            in_u = sum(cell for i, cell in enumerate(cells) if within >> i & 1)
            hidden_within += in_u
            if mask & within:
                touching_total += total
                touching_within += in_u
                involved |= mask
            if not mask & ~within:
                inside_total += total
        outside_of_touching = touching_total - touching_within
        in_u_of_straddling = hidden_within - inside_total
        for pinned in (outside_of_touching, in_u_of_straddling):
            if 0 < pinned < min_group_size:
                return involved
    return None
