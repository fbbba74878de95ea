"""One typed reader over a stored summary: pages, charts and every export format read
results through it instead of walking the JSON's string keys.

The stored summary JSON is the public contract (analysts' scripts read it); this module
joins it to the instrument's wording so that nothing downstream shows a bare code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property, lru_cache, wraps

from surveys.choices import DEMOGRAPHIC_QUESTIONS, DID_NOT_ANSWER, MULTIPLE
from surveys.kept import kept_for_a_minute
from surveys.models import Instrument, Statement
from surveys.selectors import Participation

from .summary import FRAMEWORKS, RELATIONAL_PROXIMITY, RELATIONAL_VALUE
from .summary_shape import AreaLine, GroupFigures, StatementFigures, SummaryData

FRAMEWORK_LABELS = {
    RELATIONAL_VALUE: "Relational value",
    RELATIONAL_PROXIMITY: "Relational proximity",
}
QUESTION_LABELS = {
    "organisation_type": "Organisation type",
    "primary_role": "Primary role",
    "time_in_system": "Time in the system",
}
EXTRA_GROUP_LABELS = {MULTIPLE: "More than one ticked", DID_NOT_ANSWER: "Did not answer"}


def group_label(question: str, key: str) -> str:
    return dict(DEMOGRAPHIC_QUESTIONS[question]).get(key) or EXTRA_GROUP_LABELS.get(key, key)


def option_shares(distribution) -> list[float]:
    """Each option's share of the answers, in percent (empty when there are none)."""
    if not distribution or not sum(distribution):
        return []
    total = sum(distribution)
    return [100 * count / total for count in distribution]


# Scores 3-5 are favourable: "often, mostly or consistently true" of a positive statement,
# the reverse of a negative one. The six-point scale has no neutral point: 2 | 3 splits it.
FAVOURABLE_FROM = 3


def by_score(distribution, is_negative: bool) -> tuple[int, ...] | None:
    """Counts by score (0 worst .. 5 best) from counts by scale position: the same for a
    positive statement, reversed for a negative one."""
    if distribution is None:
        return None
    return tuple(reversed(distribution)) if is_negative else tuple(distribution)


def favourable_share(scores) -> float | None:
    """The percentage of answers that scored 3-5, or None without answers."""
    if not scores or not sum(scores):
        return None
    return 100 * sum(scores[FAVOURABLE_FROM:]) / sum(scores)


def part_label(key: str | None) -> str:
    return key.replace("_", " ").capitalize() if key else "–"


@dataclass(frozen=True)
class StatementResult:
    """A statement's wording and place in the framework, with its figures."""

    code: str
    text: str
    framework: str
    attribute: str
    dimension: str
    domain: str
    is_negative: bool
    figures: StatementFigures

    n = property(lambda self: self.figures.n)
    mean = property(lambda self: self.figures.mean)
    sd = property(lambda self: self.figures.sd)
    distribution = property(lambda self: self.figures.distribution)

    @property
    def ci_low(self) -> float | None:
        return self.figures.ci95[0] if self.figures.ci95 else None

    @property
    def ci_high(self) -> float | None:
        return self.figures.ci95[1] if self.figures.ci95 else None

    @property
    def where(self) -> str:
        """Where the statement sits in its framework, as the annex writes it."""
        if self.attribute:
            return f"{part_label(self.attribute)}/{part_label(self.dimension)}"
        return f"Proximity/{part_label(self.domain)}"

    @property
    def shares(self) -> list[float]:
        """Each option's share of the answers, in percent (empty when suppressed)."""
        return option_shares(self.distribution)

    @property
    def scores(self) -> tuple[int, ...] | None:
        """Answers counted by score, 0 (worst) to 5 (best), after reverse scoring."""
        return by_score(self.distribution, self.is_negative)

    @property
    def score_shares(self) -> list[float]:
        return option_shares(self.scores)

    @property
    def favourable(self) -> float | None:
        return favourable_share(self.scores)


@dataclass(frozen=True)
class GroupResult:
    """A breakdown group with its question and label."""

    question: str
    key: str
    label: str
    figures: GroupFigures

    n = property(lambda self: self.figures.n)
    suppressed = property(lambda self: self.figures.suppressed)
    n_bracket = property(lambda self: self.figures.n_bracket)
    suppressed_reason = property(lambda self: self.figures.suppressed_reason)
    frameworks = property(lambda self: self.figures.frameworks)
    attributes = property(lambda self: self.figures.attributes)
    domains = property(lambda self: self.figures.domains)
    statements = property(lambda self: self.figures.statements)
    with_comment = property(lambda self: self.figures.with_comment)

    @property
    def hidden_because(self) -> str:
        """Why a suppressed group shows no figures, in words: a complementary group may be
        of any size, so it never says "fewer than"."""
        if not self.suppressed:
            return ""
        if self.suppressed_reason == "complementary":
            return "hidden so that a smaller group cannot be worked out from the others"
        threshold = (self.n_bracket or "").lstrip("<")
        return f"fewer than {threshold} respondents" if threshold else "too few respondents"

    @property
    def comment_rate(self) -> float | None:
        if self.suppressed or not self.n or self.with_comment is None:
            return None
        return 100 * self.with_comment / self.n


@dataclass(frozen=True)
class AreaFigures:
    """One area's line in a programme summary."""

    slug: str
    figures: AreaLine

    responses = property(lambda self: self.figures.responses)
    with_comment = property(lambda self: self.figures.with_comment)
    late = property(lambda self: self.figures.late)
    sent_to = property(lambda self: self.figures.sent_to)
    responses_by_day = property(lambda self: self.figures.responses_by_day)
    means = property(lambda self: self.figures.means)  # None: fewer than the threshold

    @property
    def participation(self) -> Participation | None:
        data = self.figures.participation
        return None if data is None else Participation.from_json(data)


@dataclass(frozen=True)
class Summary:
    """A stored summary (scoring.summary_shape) read with its instrument's wording."""

    data: SummaryData
    scale: tuple[str, ...]  # the six option labels, scale position 0 first
    statements: tuple[StatementResult, ...]
    best: dict[str, tuple[StatementResult, ...]]
    worst: dict[str, tuple[StatementResult, ...]]
    breakdowns: dict[str, tuple[GroupResult, ...]]
    areas: tuple[AreaFigures, ...]

    area = property(lambda self: self.data.area)
    programme = property(lambda self: self.data.programme)
    instrument_version = property(lambda self: self.data.instrument_version)
    snapshot = property(lambda self: self.data.snapshot)
    computed_at = property(lambda self: self.data.computed_at)
    min_group_size = property(lambda self: self.data.min_group_size)
    responses = property(lambda self: self.data.counts.responses)
    with_comment = property(lambda self: self.data.counts.with_comment)
    late = property(lambda self: self.data.counts.late)
    attributes = property(lambda self: self.data.attributes)
    dimensions = property(lambda self: self.data.dimensions)
    domains = property(lambda self: self.data.domains)
    frameworks = property(lambda self: self.data.frameworks)

    @property
    def suppressed(self) -> bool:
        return self.responses < self.min_group_size

    @cached_property
    def by_code(self) -> dict[str, StatementResult]:
        return {statement.code: statement for statement in self.statements}

    def statement(self, code: str) -> StatementResult:
        return self.by_code[code]

    def framework_statements(self, framework: str) -> list[StatementResult]:
        return [s for s in self.statements if s.framework == framework]

    @property
    def matrix(self) -> list[tuple[str, list[StatementResult], float | None]]:
        """Relational value: (attribute, its statements by dimension, attribute mean)."""
        rows = []
        for attribute, mean in self.attributes.items():
            cells = {s.dimension: s for s in self.statements if s.attribute == attribute}
            rows.append((attribute, [cells[d] for d in self.dimensions if d in cells], mean))
        return rows

    @property
    def proximity(self) -> list[tuple[str, StatementResult, float | None]]:
        """Relational proximity: (domain, its statement, domain mean)."""
        cells = {s.domain: s for s in self.statements if s.domain}
        return [(domain, cells[domain], mean) for domain, mean in self.domains.items()]

    def extremes(self, means: dict[str, float | None]) -> tuple[str | None, str | None]:
        """The keys with the highest and the lowest mean, for text beside a chart."""
        scored = [(key, mean) for key, mean in means.items() if mean is not None]
        if not scored:
            return None, None
        # Ties go to the first in instrument order, as the tables list them.
        return max(scored, key=lambda s: s[1])[0], min(scored, key=lambda s: s[1])[0]


def _statement(meta: Statement, figures: StatementFigures) -> StatementResult:
    return StatementResult(
        code=meta.code,
        text=meta.text,
        framework=meta.framework,
        attribute=meta.attribute,
        dimension=meta.dimension,
        domain=meta.domain,
        is_negative=meta.is_negative,
        figures=figures,
    )


def instrument_for(version: str) -> Instrument:
    """The instrument whose wording a summary is shown with: for a programme summary over
    several versions ("2017-09,2018-03"), the newest, as the figures are computed with it.
    Read once a minute per process, like its statements (Instrument.statements_in_order)."""
    newest = max(version.split(","))
    return kept_for_a_minute(("instrument", newest), lambda: Instrument.objects.get(version=newest))


@lru_cache(maxsize=16)
def summary_parse(text: str) -> SummaryData:
    """A stored summary's JSON text, parsed once per process: the same text always gives
    the same figures (a programme's is half a megabyte at 200 areas, and every page view of
    the lead reads it). Nothing downstream changes a SummaryData."""
    return SummaryData.from_json(json.loads(text))


_READ: dict[tuple, Summary] = {}
_READ_KEPT = 16


def summary_read(summary: dict | str, instrument: Instrument | None = None) -> Summary:
    """A stored summary (its JSON text or parsed dict), read with the wording of the
    instrument it was computed with (or the one given). Read from its JSON text, the same
    text with the same wording gives the same Summary: it is kept (a few per process), with
    whatever is derived from it (`memoised`)."""
    if not isinstance(summary, str):
        return _summary_build(SummaryData.from_json(summary), instrument)
    data = summary_parse(summary)
    instrument = instrument or instrument_for(data.instrument_version)
    wording = tuple((s.code, s.text) for s in instrument.statements_in_order())
    key = (summary, instrument.pk, tuple(instrument.scale), wording)
    if key not in _READ:
        if len(_READ) >= _READ_KEPT:
            _READ.pop(next(iter(_READ)))
        _READ[key] = _summary_build(data, instrument)
    return _READ[key]


def memoised(function):
    """For a pure function of a Summary (and hashable arguments): computed once per Summary
    object, which never changes."""

    @wraps(function)
    def wrapper(summary: Summary, *args):
        memo = summary.__dict__.setdefault("_memo", {})
        key = (function.__name__, args)
        if key not in memo:
            memo[key] = function(summary, *args)
        return memo[key]

    return wrapper


def _summary_build(data: SummaryData, instrument: Instrument | None) -> Summary:
    instrument = instrument or instrument_for(data.instrument_version)
    metas = {statement.code: statement for statement in instrument.statements_in_order()}
    statements = tuple(
        _statement(metas[code], figures)
        for code, figures in data.statements.items()
        if code in metas
    )
    by_code = {statement.code: statement for statement in statements}
    return Summary(
        data=data,
        scale=tuple(instrument.scale),
        statements=statements,
        best={f: tuple(by_code[c] for c in (data.best.get(f) or ())) for f in FRAMEWORKS},
        worst={f: tuple(by_code[c] for c in (data.worst.get(f) or ())) for f in FRAMEWORKS},
        breakdowns={
            question: tuple(
                GroupResult(question, key, group_label(question, key), figures)
                for key, figures in groups.items()
            )
            for question, groups in data.breakdowns.items()
        },
        areas=tuple(AreaFigures(slug, line) for slug, line in (data.areas or {}).items()),
    )
