"""The disclosure rules, in one place: which groups of a whole to hide so that no group of
fewer than the threshold can be read, alone or by subtracting the shown ones from the
whole (breakdowns of results in scoring, cascade branches in invitations), or by comparing
two releases of the same people regrouped (recoded roles); whether two sides' totals may
be shown beside the groups (the reach estimate's split); which answers of a row-level
export to leave blank so that every row shares what is left with at least the threshold
of others (k-anonymity); counts in steps for pages that are watched."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import combinations, product

BELOW_THRESHOLD = "below_threshold"
COMPLEMENTARY = "complementary"


def suppression_reasons(
    sizes: dict[str, int], min_group_size: int, already: dict[str, str] | None = None
) -> dict[str, str]:
    """Which groups of one breakdown question to suppress, and why.

    A group below the threshold is suppressed. Since the groups of a question add up to
    the whole area, the shown groups subtracted from the area total give the suppressed
    ones back: so the suppressed groups that have respondents must hold, together, at least
    the threshold. While they do not, the smallest shown group is suppressed with them
    (ties: the first in option order), until they do or every group is suppressed. The
    same sizes always give the same result. `already`: groups another rule hides too.
    """
    reasons = {key: BELOW_THRESHOLD for key, n in sizes.items() if n < min_group_size}
    reasons.update({key: why for key, why in (already or {}).items() if key not in reasons})
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
    parts_since: list | None = None,
    other_releases: list[list] = (),
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
    way; everything a reader can combine from both is then covered. `other_releases`: more
    differences to check the same way (the people a lead's recoding moved between groups).

    A part is its groups' sizes, whose hidden groups suppression_reasons decides, or a pair
    (sizes, hidden groups) where they were decided otherwise; a hidden group's size there
    is what a reader does not know of it (a group known but for a few recoded people
    counts only those).
    """
    keys = list(sizes)
    reasons = suppression_reasons(sizes, min_group_size)
    for key in earlier_hidden:
        reasons.setdefault(key, COMPLEMENTARY)
    releases = [_hidden_cells(parts, keys, min_group_size)]
    if parts_since is not None:
        releases.append(_hidden_cells(parts_since, keys, min_group_size))
    releases += [_hidden_cells(more, keys, min_group_size) for more in other_releases]
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
        part, hidden = part if isinstance(part, tuple) else (part, None)
        if hidden is None:
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


STEP = 5


def count_in_steps(n: int, min_group_size: int) -> str:
    """A count as a watcher may see it while it changes (a contact's page, a reviewer's late
    count): under the threshold "fewer than 10", none included; otherwise rounded down to a
    multiple of 5. One more response then rarely moves it, and never says which one."""
    if n < min_group_size:
        return f"fewer than {min_group_size}"
    return str(n - n % STEP)


def k_anonymous_blanks(
    rows: Sequence[tuple], k: int, suppressible: Sequence[int], *, blank_first: Iterable[int] = ()
) -> list[frozenset[int]] | None:
    """Local suppression for k-anonymity: for each row of quasi-identifier values, which
    fields (indices into the row) to leave blank so that every combination of the values
    left, a blank being a value of its own, is held by at least k rows. None if there are
    fewer than k rows: nothing makes them safe, so none may be shown.

    Greedy, fewest blanks first: rows whose whole combination is held by k rows keep every
    value; of the rest, those that share all but one field with k - 1 others lose that
    field, then two fields, and so on, the fields in `blank_first` (the submitted week)
    being given up before any other (so one of them and one other field count as one
    other field and a bit). Within a number of blanks, the choice of fields that lets the
    most rows keep the rest goes first (ties to `suppressible`'s order). Rows left over
    when every suppressible field is blank (fewer than k) are joined by rows taken from
    the most-blanked groups that have more than k, or by whole such groups, so every group
    ends with k or more. Fields not in `suppressible` must be the same on every row
    (partition the rows by them first). Deterministic: the same rows in the same order
    give the same blanks.
    """
    if len(rows) < k:
        return None
    first = frozenset(blank_first)
    levels = defaultdict(list)  # (other fields blank, first fields blank) -> patterns
    for size in range(len(suppressible) + 1):
        for pattern in map(frozenset, combinations(suppressible, size)):
            levels[(len(pattern - first), len(pattern & first))].append(pattern)
    blanks: list[frozenset[int] | None] = [None] * len(rows)
    remaining = list(range(len(rows)))
    for level in sorted(levels):
        while remaining:
            pattern, kept = max(
                ((pattern, _held_by_k(rows, remaining, pattern, k)) for pattern in levels[level]),
                key=lambda choice: len(choice[1]),  # max() keeps the first of equals
            )
            if not kept:
                break
            for i in kept:
                blanks[i] = pattern
            remaining = [i for i in remaining if blanks[i] is None]
    if remaining:
        _fill_the_last_group(rows, blanks, remaining, k, frozenset(suppressible))
    return blanks  # type: ignore[return-value]


def _held_by_k(rows, indices, blank: frozenset[int], k: int) -> list[int]:
    """The rows among `indices` whose values, `blank` left out, k or more of them share."""
    groups = defaultdict(list)
    for i in indices:
        groups[_visible(rows[i], blank)].append(i)
    return [i for members in groups.values() if len(members) >= k for i in members]


def _visible(row: tuple, blank: frozenset[int]) -> tuple:
    return tuple(None if i in blank else value for i, value in enumerate(row))


def _fill_the_last_group(rows, blanks, leftover, k, everything) -> None:
    """Fewer than k rows are left with every suppressible field blank: move rows there from
    the groups with the most blanks already (cheapest to blank further), first their rows
    beyond k, then whole groups, until it holds k."""
    groups = defaultdict(list)
    for i, pattern in enumerate(blanks):
        if pattern is not None:
            groups[(pattern, _visible(rows[i], pattern))].append(i)
    cheapest_first = sorted(groups.values(), key=lambda m: (-len(blanks[m[0]]), len(m), m[0]))
    needed = k - len(leftover)
    for members in cheapest_first:
        spare = min(len(members) - k, needed)
        for i in members[len(members) - spare :] if spare > 0 else []:
            blanks[i] = everything
        needed -= max(spare, 0)
    for members in cheapest_first:
        if needed <= 0:
            break
        still = [i for i in members if blanks[i] != everything]
        for i in still:
            blanks[i] = everything
        needed -= len(still)
    for i in leftover:
        blanks[i] = everything


Moves = dict[tuple[str, str], int]  # (group before, group now) -> people, for changed ones


def suppression_after_regrouping(
    sizes: dict[str, int],
    earlier: list[tuple[dict[str, int], set[str], Moves]],
    min_group_size: int,
) -> dict[str, str]:
    """Which groups of one question to suppress in a release whose people were regrouped
    since an earlier release of the same people (a programme lead recoded some written
    roles): `earlier` holds, per earlier release a reader may also hold, its group sizes,
    the groups it hid, and how many people moved from each group to each other since.

    A group shown in both releases, minus itself then, gives the people who moved in and
    out; rows and columns combined give more (the earlier groups' sums against the new
    ones'). Every set of people whose figures the shown groups of both releases, and the
    totals of what each hid, pin down must be none, or at least the threshold, as must its
    complement. While one is not, the smallest shown group it involves is suppressed too
    ("complementary"), then the whole's own rule is applied again. Groups untouched by the
    moves and shown in both add whole groups of at least the threshold to such a set, so
    only the moved groups, and groups hidden in one release only, are enumerated. A group
    an earlier release hid stays hidden (as between a programme's publications): the
    releases then differ only by the moved people.
    """
    kept = {key: COMPLEMENTARY for _sizes, hidden, _moves in earlier for key in hidden}
    reasons = suppression_reasons(sizes, min_group_size, kept)
    while True:
        involved = None
        for before, hidden, moves in earlier:
            involved = _regrouped_pinned(before, hidden, sizes, set(reasons), moves, min_group_size)
            if involved is not None:
                break
        if involved is None:
            return reasons
        keys = list(sizes)
        candidates = [key for key in keys if key in involved and key not in reasons]
        if not candidates:
            return dict.fromkeys(keys, COMPLEMENTARY) | reasons
        smallest = min(candidates, key=lambda key: (sizes[key], keys.index(key)))
        reasons = suppression_reasons(sizes, min_group_size, reasons | {smallest: COMPLEMENTARY})


def _regrouped_pinned(before, before_hidden, after, after_hidden, moves, min_group_size):
    """The groups involved in the first pinned set of 1 to threshold - 1 people (or of all
    but so many), or None. Cells: people by (group before, group now)."""
    cells = {pair: n for pair, n in moves.items() if n and pair[0] != pair[1]}
    moved_out = {}
    for (source, _target), n in cells.items():
        moved_out[source] = moved_out.get(source, 0) + n
    for key, n in before.items():
        if n - moved_out.get(key, 0):
            cells[(key, key)] = n - moved_out.get(key, 0)
    total = sum(before.values())
    touched = {key for pair in cells for key in pair if pair[0] != pair[1]}
    relevant = touched | {k for k in after if (k in before_hidden) != (k in after_hidden)}

    def nodes(hidden):
        single = [{key} for key in after if key in relevant and key not in hidden]
        return single + ([set(hidden)] if hidden else [])

    rows, columns = nodes(before_hidden), nodes(after_hidden)
    row_of = {key: i for i, node in enumerate(rows) for key in node}
    column_of = {key: i for i, node in enumerate(columns) for key in node}
    weighted = [(row_of.get(i), column_of.get(j), n) for (i, j), n in cells.items()]
    for row_mask in range(1 << len(rows)):
        for column_mask in range(1 << len(columns)):
            if not row_mask and not column_mask:
                continue
            plus = minus = 0
            for r, c, n in weighted:
                w = (r is not None and row_mask >> r & 1) - (c is not None and column_mask >> c & 1)
                if w > 0:
                    plus += n
                elif w < 0:
                    minus += n
            pinned = plus if not minus else minus if not plus else 0
            if 0 < pinned < min_group_size or 0 < total - pinned < min_group_size and pinned:
                chosen = [columns[i] for i in range(len(columns)) if column_mask >> i & 1]
                return set().union(*chosen, touched)
    return None
