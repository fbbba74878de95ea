"""Position effect: does a statement score differently when it is shown early or late?

The annex could not check this because it added randomisation halfway through. Every
response stores the order its page showed, so this is computed over the responses of
surveys that randomised (a fixed order would confound position with the statement). A
score is compared with the same statement's mean over these responses ("relative"), so the
mix of statements at a position does not matter. Cells of fewer answers than the
suppression threshold are left empty.

It counts the same responses as the programme figures of its kind: only areas that the
programme adds up (at least the threshold), their responses received by the deadline and,
for the latest kind, the late ones the latest results have taken in, a group of at least
the threshold at a time (Response.objects.in_results). One late response never moves it.
"""

from __future__ import annotations

from surveys.models import MAX_POSITION, RATING_CODES, Programme, Response, rating_field

from .summary import StatementMeta

THIRDS = ("first", "middle", "last")


def _third(position: int, total: int) -> str:
    return THIRDS[min(position * 3 // total, 2)]


def position_effect_compute(
    *,
    programme: Programme,
    metas: list[StatementMeta],
    min_group_size: int,
    late: bool,
    survey_ids: list[int],
) -> dict:
    """`survey_ids`: the surveys the programme figures of this kind add up."""
    negative = {meta.code: meta.is_negative for meta in metas}
    fields = [rating_field(code) for code in RATING_CODES]
    responses = Response.objects.in_results(with_late=late).filter(
        survey__area__programme=programme,
        survey__closed_at__isnull=False,
        survey__randomise_order=True,
        survey_id__in=survey_ids,
    )
    # One pass, constant memory: answers and score totals per (position, statement).
    cells: dict[tuple[int, int, str], list[int]] = {}
    for order, *ratings in responses.values_list("statement_order", *fields).iterator(5000):
        by_code = dict(zip(RATING_CODES, ratings, strict=True))
        for position, code in enumerate(order):
            value = by_code.get(code)
            if value is not None:
                cell = cells.setdefault((position, len(order), code), [0, 0])
                cell[0] += 1
                cell[1] += MAX_POSITION - value if negative.get(code) else value
    totals: dict[str, list[int]] = {}
    for (_position, _length, code), (n, total) in cells.items():
        entry = totals.setdefault(code, [0, 0])
        entry[0] += n
        entry[1] += total
    means = {code: total / n for code, (n, total) in totals.items()}
    positions: dict[int, list[float]] = {}
    thirds: dict[tuple[str, str], list[float]] = {}
    for (position, length, code), (n, total) in cells.items():
        cell = positions.setdefault(position, [0, 0.0, 0.0])
        cell[0] += n
        cell[1] += total
        cell[2] += total - n * means[code]
        third = thirds.setdefault((code, _third(position, length)), [0, 0.0])
        third[0] += n
        third[1] += total

    def shown(n: int, value: float) -> float | None:
        return value / n if n >= min_group_size else None

    return {
        "responses": responses.count(),
        "by_position": [
            {
                "position": position + 1,
                "answers": n if n >= min_group_size else None,
                "mean": shown(n, total),
                "relative": shown(n, relative),
            }
            for position, (n, total, relative) in sorted(positions.items())
        ],
        "by_statement": {
            meta.code: {third: shown(*thirds.get((meta.code, third), [0, 0.0])) for third in THIRDS}
            for meta in metas
        },
    }
