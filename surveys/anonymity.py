"""The suppression rule, in one place: which groups of a whole to hide so that no group of
fewer than the threshold can be read, alone or by subtracting the shown ones from the
whole. Breakdowns of results (scoring) and cascade branches (invitations) both use it."""

from collections.abc import Iterable
from itertools import product

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


def split_disclosable(sizes: dict, side: set, min_group_size: int) -> bool:
    """Whether the totals of two sides of a whole (the groups in `side`, and the rest) can
    be shown beside the groups' own figures, shown or hidden by suppression_reasons, without
    revealing a group of fewer than the threshold: each side's total, and each side's hidden
    groups together, must describe no one or at least the threshold. (A side's total minus
    its shown groups gives back its hidden ones.)"""
    hidden = suppression_reasons(sizes, min_group_size)
    for keys in (side, set(sizes) - side):
        total = sum(sizes[key] for key in keys if key in sizes)
        hidden_total = sum(sizes[key] for key in keys if key in hidden)
        if 0 < total < min_group_size or 0 < hidden_total < min_group_size:
            return False
    return True


def suppression_across_parts(
    sizes: dict[str, int],
    parts: list[dict[str, int]],
    min_group_size: int,
    *,
    earlier_hidden: Iterable[str] = (),
    parts_since: list[dict[str, int]] | None = None,
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

    An earlier release of the whole (a lead's publication) differs from this one by the
    parts added since (`parts_since`). Groups it hid stay hidden (`earlier_hidden`), so
    this release minus that one is a release of the added parts alone, checked the same
    way; everything a reader can combine from both is then covered.
    """
    keys = list(sizes)
    reasons = suppression_reasons(sizes, min_group_size)
    for key in earlier_hidden:
        reasons.setdefault(key, COMPLEMENTARY)
    releases = [_hidden_cells(parts, keys, min_group_size)]
    if parts_since is not None:
        releases.append(_hidden_cells(parts_since, keys, min_group_size))
    while (involved := _pinned_too_small(keys, reasons, releases, min_group_size)) is not None:
        shown = [key for key in keys if key not in reasons]
        candidates = [key for i, key in enumerate(keys) if key in shown and involved >> i & 1]
        smallest = min(candidates or shown, key=lambda key: (sizes[key], keys.index(key)))
        reasons[smallest] = COMPLEMENTARY
    return reasons


def _hidden_cells(parts, keys, min_group_size) -> dict[int, list[int]]:
    """Parts by the set of groups they hide (a bit mask over keys): [their hidden total,
    then their hidden cells by key]. A part whose hidden groups are all empty pins nothing
    (they are known to be 0), so it is left out."""
    by_mask: dict[int, list[int]] = {}
    for part in parts:
        hidden = suppression_reasons(part, min_group_size)
        total = sum(part[key] for key in hidden)
        if total == 0:
            continue
        mask = sum(1 << keys.index(key) for key in hidden)
        entry = by_mask.setdefault(mask, [0] * (1 + len(keys)))
        entry[0] += total
        for key in hidden:
            entry[1 + keys.index(key)] += part[key]
    return by_mask


def _pinned_too_small(keys, reasons, releases, min_group_size) -> int | None:
    """The groups (a bit mask) involved in the first sum of hidden cells that a release
    pins down and that describes 1 to threshold - 1 people, or None."""
    bits = [1 << i for i in range(len(keys))]
    suppressed = sum(bit for bit, key in zip(bits, keys, strict=True) if key in reasons)
    nodes = [bit for bit, key in zip(bits, keys, strict=True) if key not in reasons]
    nodes += [suppressed] if suppressed else []
    for hidden_by_mask, choice in product(releases, range(1, 1 << len(nodes))):
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
