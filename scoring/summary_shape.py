"""The summary's shape, declared once: what scoring.summary writes, what scoring.reader
reads and every export walks.

A summary is stored as JSON text, the public contract that analysts' scripts read: `to_json`
gives exactly that JSON (its keys and their order never change) and `from_json` reads it
back, older summaries included (keys added later are optional).
"""

from __future__ import annotations

from dataclasses import dataclass

Means = dict[str, float | None]


def _tuple(values) -> tuple | None:
    return None if values is None else tuple(values)


def _list(values) -> list | None:
    return None if values is None else list(values)


@dataclass(frozen=True)
class StatementFigures:
    """One statement over everyone: scores after reverse scoring, the distribution by raw
    scale position (before it). All None when the whole group is suppressed."""

    n: int | None
    mean: float | None
    sd: float | None
    ci95: tuple[float, float] | None
    distribution: tuple[int, ...] | None

    def to_json(self) -> dict:
        return {
            "n": self.n,
            "mean": self.mean,
            "sd": self.sd,
            "ci95": _list(self.ci95),
            "distribution": _list(self.distribution),
        }

    @classmethod
    def from_json(cls, data: dict) -> StatementFigures:
        return cls(
            n=data.get("n"),
            mean=data.get("mean"),
            sd=data.get("sd"),
            ci95=_tuple(data.get("ci95")),
            distribution=_tuple(data.get("distribution")),
        )


@dataclass(frozen=True)
class GroupStatementFigures:
    """One statement within a breakdown group."""

    n: int | None
    mean: float | None
    distribution: tuple[int, ...] | None

    def to_json(self) -> dict:
        return {"n": self.n, "mean": self.mean, "distribution": _list(self.distribution)}

    @classmethod
    def from_json(cls, data: dict) -> GroupStatementFigures:
        return cls(
            n=data["n"], mean=data["mean"], distribution=_tuple(data["distribution"]) or None
        )


@dataclass(frozen=True)
class GroupFigures:
    """One breakdown group (say, voluntary sector staff). A suppressed group has no figures
    and the reason: "below_threshold" (fewer than the threshold: `n_bracket` says "<10") or
    "complementary" (hidden so that a smaller group cannot be worked out by subtraction: it
    may hold any number of people, so its `n_bracket` is null). A shown group also carries
    `with_comment`, how many of it left a comment (summaries computed since it was added)."""

    n: int | None
    suppressed: bool
    frameworks: Means
    attributes: Means
    domains: Means
    statements: dict[str, GroupStatementFigures]
    n_bracket: str | None = None
    suppressed_reason: str | None = None
    with_comment: int | None = None

    def to_json(self) -> dict:
        data = {
            "n": self.n,
            "suppressed": self.suppressed,
            "frameworks": dict(self.frameworks),
            "attributes": dict(self.attributes),
            "domains": dict(self.domains),
            "statements": {code: s.to_json() for code, s in self.statements.items()},
        }
        if self.suppressed:
            data["n_bracket"] = self.n_bracket
            data["suppressed_reason"] = self.suppressed_reason
        elif self.with_comment is not None:
            data["with_comment"] = self.with_comment
        return data

    @classmethod
    def from_json(cls, data: dict) -> GroupFigures:
        suppressed = data["suppressed"]
        # Summaries stored before reasons were recorded hid groups for being small.
        reason = data.get("suppressed_reason") or ("below_threshold" if suppressed else None)
        return cls(
            n=data["n"],
            suppressed=suppressed,
            frameworks=dict(data["frameworks"]),
            attributes=dict(data["attributes"]),
            domains=dict(data["domains"]),
            statements={
                code: GroupStatementFigures.from_json(s) for code, s in data["statements"].items()
            },
            # Older summaries gave a complementary group the bracket "<10" too: not true of it.
            n_bracket=data.get("n_bracket") if reason == "below_threshold" else None,
            suppressed_reason=reason,
            with_comment=data.get("with_comment"),
        )


Breakdowns = dict[str, dict[str, GroupFigures]]


def breakdowns_to_json(breakdowns: Breakdowns) -> dict:
    return {
        question: {key: group.to_json() for key, group in groups.items()}
        for question, groups in breakdowns.items()
    }


def breakdowns_from_json(data: dict) -> Breakdowns:
    return {
        question: {key: GroupFigures.from_json(group) for key, group in groups.items()}
        for question, groups in data.items()
    }


@dataclass(frozen=True)
class Counts:
    responses: int
    with_comment: int
    late: int

    def to_json(self) -> dict:
        return {"responses": self.responses, "with_comment": self.with_comment, "late": self.late}


@dataclass(frozen=True)
class AreaMeans:
    """One area's means, for the programme's area-by-area comparison."""

    statements: Means
    attributes: Means
    dimensions: Means
    domains: Means
    frameworks: Means

    def to_json(self) -> dict:
        return {
            "statements": dict(self.statements),
            "attributes": dict(self.attributes),
            "dimensions": dict(self.dimensions),
            "domains": dict(self.domains),
            "frameworks": dict(self.frameworks),
        }

    @classmethod
    def from_json(cls, data: dict | None) -> AreaMeans | None:
        if data is None:
            return None
        return cls(**{part: dict(data[part]) for part in AREA_MEAN_PARTS})


AREA_MEAN_PARTS = ("statements", "attributes", "dimensions", "domains", "frameworks")


@dataclass(frozen=True)
class AreaLine:
    """One area's line in a programme summary; `means` is None below the threshold.
    `participation` (added later, absent from older summaries): the area's reach and
    response-rate counts as stored with its results (surveys.selectors.Participation)."""

    responses: int
    with_comment: int
    late: int
    sent_to: int | None
    responses_by_day: dict[str, int]
    means: AreaMeans | None
    participation: dict | None = None

    def to_json(self) -> dict:
        data = {
            "responses": self.responses,
            "with_comment": self.with_comment,
            "late": self.late,
            "sent_to": self.sent_to,
            "responses_by_day": dict(self.responses_by_day),
            "means": None if self.means is None else self.means.to_json(),
        }
        if self.participation is not None:
            data["participation"] = dict(self.participation)
        return data

    @classmethod
    def from_json(cls, data: dict) -> AreaLine:
        return cls(
            responses=data["responses"],
            with_comment=data["with_comment"],
            late=data["late"],
            sent_to=data.get("sent_to"),
            responses_by_day=dict(data.get("responses_by_day", {})),
            means=AreaMeans.from_json(data.get("means")),
            participation=data.get("participation"),
        )


@dataclass(frozen=True)
class SummaryData:
    """An area's summary, or (with `area` None and `areas` given) a programme's."""

    area: str | None
    programme: str
    instrument_version: str  # a programme over several versions joins them: "2017-09,2018-03"
    snapshot: str  # "deadline" or "latest"
    computed_at: str
    min_group_size: int
    counts: Counts
    statements: dict[str, StatementFigures]
    attributes: Means
    dimensions: Means
    domains: Means
    frameworks: Means
    best: dict[str, tuple[str, ...] | None]  # statement codes per framework, best first
    worst: dict[str, tuple[str, ...] | None]  # worst first
    breakdowns: Breakdowns
    breakdowns_as_at: str | None
    areas: dict[str, AreaLine] | None = None

    def to_json(self) -> dict:
        data = {
            "area": self.area,
            "programme": self.programme,
            "instrument_version": self.instrument_version,
            "snapshot": self.snapshot,
            "computed_at": self.computed_at,
            "min_group_size": self.min_group_size,
            "counts": self.counts.to_json(),
            "statements": {code: s.to_json() for code, s in self.statements.items()},
            "attributes": dict(self.attributes),
            "dimensions": dict(self.dimensions),
            "domains": dict(self.domains),
            "frameworks": dict(self.frameworks),
            "best": {f: _list(codes) for f, codes in self.best.items()},
            "worst": {f: _list(codes) for f, codes in self.worst.items()},
            "breakdowns": breakdowns_to_json(self.breakdowns),
            "breakdowns_as_at": self.breakdowns_as_at,
        }
        if self.areas is not None:
            data["areas"] = {slug: line.to_json() for slug, line in self.areas.items()}
        return data

    @classmethod
    def from_json(cls, data: dict) -> SummaryData:
        counts = data["counts"]
        areas = data.get("areas")
        return cls(
            area=data["area"],
            programme=data["programme"],
            instrument_version=data["instrument_version"],
            snapshot=data["snapshot"],
            computed_at=data["computed_at"],
            min_group_size=data["min_group_size"],
            counts=Counts(counts["responses"], counts["with_comment"], counts["late"]),
            statements={
                code: StatementFigures.from_json(s) for code, s in data["statements"].items()
            },
            attributes=dict(data["attributes"]),
            dimensions=dict(data["dimensions"]),
            domains=dict(data["domains"]),
            frameworks=dict(data["frameworks"]),
            best={f: _tuple(codes) for f, codes in data["best"].items()},
            worst={f: _tuple(codes) for f, codes in data["worst"].items()},
            breakdowns=breakdowns_from_json(data["breakdowns"]),
            breakdowns_as_at=data.get("breakdowns_as_at"),
            areas=None
            if areas is None
            else {slug: AreaLine.from_json(line) for slug, line in areas.items()},
        )
