"""How far two analysts agree, code by code, on the comments of a sample both have coded.

For each code, each comment is a yes or no from each analyst (did they give that code to any
passage of the comment). Percent agreement is the share of comments where they answered
alike; Cohen's kappa corrects it for the agreement two coders would reach by chance with the
same rates: kappa = (p_o - p_e) / (1 - p_e), p_e = p_yes1 * p_yes2 + p_no1 * p_no2. Where
both answered the same for every comment (p_e = 1) kappa is undefined: None.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CodeAgreement:
    key: str
    both: int
    first_only: int
    second_only: int
    neither: int

    @property
    def comments(self) -> int:
        return self.both + self.first_only + self.second_only + self.neither

    @property
    def percent(self) -> float | None:
        if not self.comments:
            return None
        return 100 * (self.both + self.neither) / self.comments

    @property
    def kappa(self) -> float | None:
        return cohen_kappa(self.both, self.first_only, self.second_only, self.neither)


def cohen_kappa(both: int, first_only: int, second_only: int, neither: int) -> float | None:
    n = both + first_only + second_only + neither
    if n == 0:
        return None
    observed = (both + neither) / n
    first_yes, second_yes = (both + first_only) / n, (both + second_only) / n
    expected = first_yes * second_yes + (1 - first_yes) * (1 - second_yes)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def agreement_by_code(
    first: dict[int, set[str]], second: dict[int, set[str]], keys: list[str] | None = None
) -> list[CodeAgreement]:
    """Per code, over the comments both analysts have coded (the keys of both mappings):
    each comment's set of codes from each analyst. Codes neither analyst used are left out
    unless named in `keys`; order is `keys` first, then as first met."""
    comments = sorted(first.keys() & second.keys())
    used = list(keys or [])
    for pk in comments:
        for key in sorted(first[pk] | second[pk]):
            if key not in used:
                used.append(key)
    rows = []
    for key in used:
        tally = [0, 0, 0, 0]
        for pk in comments:
            a, b = key in first[pk], key in second[pk]
            tally[0 if a and b else 1 if a else 2 if b else 3] += 1
        rows.append(CodeAgreement(key, *tally))
    return rows


def disagreements(first: dict[int, set[str]], second: dict[int, set[str]]):
    """(comment, code, which analyst gave it: 1 or 2) wherever exactly one gave it."""
    found = []
    for pk in sorted(first.keys() & second.keys()):
        for key in sorted(first[pk] ^ second[pk]):
            found.append((pk, key, 1 if key in first[pk] else 2))
    return found
