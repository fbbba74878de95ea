"""Every fair comparison of a national programme, timed: from stored counts, never rows.

    python bench/compare_at_scale.py --areas 200 --responses 1000000 [--repeat 3]

Builds synthetic tallies in memory, in the shape the close stores (scoring.tallies: per area,
per breakdown group, each statement's counts per scale position; no database), then times,
from them alone: the moments of every statement and pooled measure; every area against the
rest of the programme (35 statements, 5 attributes, 6 dimensions, 5 domains, 2 frameworks);
Benjamini-Hochberg over each area's page; a funnel for each of those 53 statements and
measures; the heatmap (areas x 30 matrix cells + 5 proximity domains, one family); and
every area page's standardised means (by organisation type and by role) and subgroup
differences (each question's shown groups, pairwise). Prints seconds per step and the peak
memory. Figures, not a test: nothing here asserts a timing.

`fair_comparisons()` is the programme-wide work, `area_pages()` the per-area extras, and
`timed_fair_comparisons()` times both by step. Subgroup pairs are all tested, each area's
question one family, but only the largest differences a page lists are built as objects.
For the same work through the pages' own readers, from the counts the close stores in
PostgreSQL, timed beside the close in the same run, see bench/close_at_scale.py.
"""

import argparse
import json
import os
import resource
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relaudit.settings")

import django  # noqa: E402

django.setup()  # scoring's modules import the models; no database is opened

from scoring.area_groups import SUBGROUP_LIMIT  # noqa: E402
from scoring.funnels import Funnel, funnel  # noqa: E402
from scoring.standardisation import standardised_mean, stratum_weights  # noqa: E402
from scoring.statistics import (  # noqa: E402
    Moments,
    area_page_findings,
    compare_with_rest,
    heatmap_findings,
    measure_moments,
)
from scoring.subgroups import subgroup_family  # noqa: E402
from scoring.summary import (  # noqa: E402
    RELATIONAL_PROXIMITY,
    RELATIONAL_VALUE,
    StatementMeta,
    groupings,
    statement_sums,
)
from scoring.tallies import SurveyTally, Tally, group_keys  # noqa: E402
from surveys.anonymity import suppression_reasons  # noqa: E402
from surveys.choices import DEMOGRAPHIC_QUESTIONS  # noqa: E402

INSTRUMENT = ROOT / "surveys" / "instruments" / "2017-09.json"
STANDARDISED_BY = ("organisation_type", "primary_role")
PLURALS = {"attribute": "attributes", "dimension": "dimensions", "domain": "domains"}
PLURALS["framework"] = "frameworks"
PROGRAMME_WIDE = "= programme-wide figures"
AREA_PAGES = "= every area page's extras"


def instrument_metas() -> list[StatementMeta]:
    """The statements' metadata from the reference instrument, without a database."""
    data = json.loads(INSTRUMENT.read_text(encoding="utf-8"))
    return [
        StatementMeta(
            s["code"],
            s["framework"],
            s["attribute"] or "",
            s["dimension"] or "",
            s["domain"] or "",
            s["polarity"] == "negative",
        )
        for s in data["statements"]
    ]


def synthetic_tallies(
    *, areas: int, responses: int, metas: list[StatementMeta], seed: int
) -> dict[str, SurveyTally]:
    """Each area's tallies, drawn directly as counts: area sizes vary (lognormal), each area,
    statement and respondent group shifts the scores a little, 3% of ratings are left
    blank. Every question's groups add up to the area's respondents; their score counts are
    drawn per group (the bench times arithmetic on counts, not the realism of the data)."""
    rng = np.random.default_rng(seed)
    sizes = rng.multinomial(responses, (w := rng.lognormal(0, 0.6, areas)) / w.sum())
    level = rng.normal(2.7, 0.35, len(metas))
    area_shift = rng.normal(0, 0.15, areas)
    positions = np.arange(6)
    result = {f"area-{a:03d}": SurveyTally() for a in range(areas)}
    for number, question in enumerate(DEMOGRAPHIC_QUESTIONS):
        keys = group_keys(question)
        people = rng.multinomial(sizes, rng.dirichlet(np.full(len(keys), 2.0)))  # areas x groups
        centre = level + area_shift[:, None, None] + rng.normal(0, 0.2, len(keys))[None, :, None]
        weight = np.exp(-((positions - centre[..., None]) ** 2) / (2 * 1.2**2))
        weight /= weight.sum(-1, keepdims=True)
        for s, meta in enumerate(metas):
            if meta.is_negative:  # stored as raw positions: a high score is a low position
                weight[:, :, s] = weight[:, :, s, ::-1]
        pvals = np.concatenate([weight * 0.97, np.full(weight.shape[:-1] + (1,), 0.03)], -1)
        counts = rng.multinomial(np.broadcast_to(people[..., None], pvals.shape[:-1]), pvals)
        for a, tally in enumerate(result.values()):
            for g, key in enumerate(keys):
                group = Tally(
                    respondents=int(people[a, g]),
                    distributions={
                        meta.code: counts[a, g, s, :6].tolist() for s, meta in enumerate(metas)
                    },
                )
                tally.breakdowns[question][key] = group
                if number == 0:  # everyone is in one group of a question: the overall tally
                    tally.overall.add(group)
    return result


def measures_of(metas: list[StatementMeta]) -> dict[tuple[str, str], list[str]]:
    """Every measure a page compares: ("statements", code), ("attributes", name), ..."""
    measures = {("statements", m.code): [m.code] for m in metas}
    for part, groups in groupings(metas).items():
        for key, members in groups.items():
            measures[PLURALS[part], key] = [m.code for m in members]
    return measures


def heatmap_columns(metas: list[StatementMeta]) -> list[tuple[str, str]]:
    """The 30 relational value matrix cells, then the 5 proximity domains."""
    cells = [("statements", m.code) for m in metas if m.framework == RELATIONAL_VALUE]
    domains = [("domains", m.domain) for m in metas if m.framework == RELATIONAL_PROXIMITY]
    return cells + domains


def moments_of(tally: Tally, metas, measures) -> dict[tuple[str, str], Moments]:
    sums = statement_sums(tally, metas)
    statements = {code: Moments(*values) for code, values in sums.items()}
    return measure_moments(statements=statements, measures=measures)


@dataclass
class FairComparisons:
    areas: dict[str, dict]  # area -> measure -> Moments (the scored areas)
    programme: dict  # measure -> Moments: the sum of the scored areas
    pages: dict  # area -> measure -> Finding (each area page one family)
    funnels: dict[tuple[str, str], Funnel]
    heatmap: dict  # area -> column -> Finding (one family)


def fair_comparisons(
    *,
    tallies: dict[str, SurveyTally],
    metas: list[StatementMeta],
    min_group_size: int = 10,
    timer: Callable[[str], None] = lambda step: None,
) -> FairComparisons:
    """Everything the fair-comparison pages show across the programme, from the tallies.
    `timer(step)` is called as each step ends."""
    measures = measures_of(metas)
    areas = {
        name: moments_of(t.overall, metas, measures)
        for name, t in tallies.items()
        if t.overall.respondents >= min_group_size  # the programme adds only these
    }
    programme = {}
    for key in measures:
        programme[key] = sum((a[key] for a in areas.values()), Moments(0, 0, 0, len(measures[key])))
    timer("moments")
    comparisons = compare_with_rest(areas=areas, programme=programme)
    timer("against the rest")
    pages = area_page_findings(comparisons=comparisons)
    timer("false discoveries per page")
    funnels = {key: funnel(areas={n: a[key] for n, a in areas.items()}) for key in measures}
    timer("funnels")
    heatmap = heatmap_findings(comparisons=comparisons, columns=heatmap_columns(metas))
    timer("heatmap")
    return FairComparisons(areas, programme, pages, funnels, heatmap)


def shown_groups(tally: SurveyTally, question: str, min_group_size: int) -> dict[str, Tally]:
    groups = tally.breakdowns[question]
    hidden = suppression_reasons({k: g.respondents for k, g in groups.items()}, min_group_size)
    return {k: g for k, g in groups.items() if k not in hidden and g.respondents > 0}


def area_pages(
    *,
    tallies: dict[str, SurveyTally],
    metas: list[StatementMeta],
    min_group_size: int = 10,
    timer: Callable[[str], None] = lambda step: None,
) -> tuple[dict, dict]:
    """Each area page's standardised means (organisation type and role, every measure) and
    subgroup differences (one family per question), over the groups it shows."""
    measures = measures_of(metas)
    scored = {n: t for n, t in tallies.items() if t.overall.respondents >= min_group_size}
    shown = {
        (name, question): {
            key: moments_of(group, metas, measures)
            for key, group in shown_groups(t, question, min_group_size).items()
        }
        for name, t in scored.items()
        for question in DEMOGRAPHIC_QUESTIONS
    }
    timer("group moments")
    standardised = {}
    for question in STANDARDISED_BY:
        mix = {}
        for t in scored.values():
            for key, group in t.breakdowns[question].items():
                mix[key] = mix.get(key, 0) + group.respondents
        weights = stratum_weights(respondents=mix)
        for name in scored:
            groups = shown[name, question]
            for measure in measures:
                standardised[name, question, measure] = standardised_mean(
                    strata={k: g[measure] for k, g in groups.items()},
                    weights=weights,
                    min_stratum_size=min_group_size,
                )
    timer("standardised means")
    subgroups = {
        (name, question): subgroup_family(
            measures={measure: {k: g[measure] for k, g in groups.items()} for measure in measures},
            limit=SUBGROUP_LIMIT,
        )
        for (name, question), groups in shown.items()
    }
    timer("subgroup differences")
    return standardised, subgroups


def timed_fair_comparisons(
    *, tallies: dict[str, SurveyTally], metas: list[StatementMeta], min_group_size: int = 10
) -> dict[str, float]:
    """Seconds per step of fair_comparisons (the programme-wide figures) and area_pages (every
    area page's extras), with a subtotal for each."""
    steps: dict[str, float] = {}
    mark = [time.perf_counter()]

    def timer(step: str) -> None:
        now = time.perf_counter()
        steps[step] = now - mark[0]
        mark[0] = now

    started = mark[0]
    fair_comparisons(tallies=tallies, metas=metas, min_group_size=min_group_size, timer=timer)
    steps[PROGRAMME_WIDE] = time.perf_counter() - started
    mark[0] = middle = time.perf_counter()
    area_pages(tallies=tallies, metas=metas, min_group_size=min_group_size, timer=timer)
    steps[AREA_PAGES] = time.perf_counter() - middle
    return steps


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--responses", type=int, default=1_000_000)
    parser.add_argument("--areas", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3, help="runs; the fastest is shown")
    parser.add_argument("--seed", type=int, default=2018)
    args = parser.parse_args()

    metas = instrument_metas()
    started = time.perf_counter()
    tallies = synthetic_tallies(
        areas=args.areas, responses=args.responses, metas=metas, seed=args.seed
    )
    built = time.perf_counter() - started
    runs = [timed_fair_comparisons(tallies=tallies, metas=metas) for _ in range(args.repeat)]
    best = {step: min(run[step] for run in runs) for step in runs[0]}
    result = fair_comparisons(tallies=tallies, metas=metas)
    standardised, subgroups = area_pages(tallies=tallies, metas=metas)

    scored = len(result.areas)
    tagged = [f for page in result.pages.values() for f in page.values()]
    cells = [f for row in result.heatmap.values() for f in row.values()]
    outside = sum(len(f.outside(level="99.8")) for f in result.funnels.values())
    pairs = sum(family.pairs for family in subgroups.values())
    print(
        f"{args.areas} areas ({scored} scored), {args.responses:,} responses; tallies built "
        f"in memory in {built:.2f} s; seconds, fastest of {args.repeat}:"
    )
    for step, seconds in best.items():
        print(f"  {step:<28} {seconds:>8.3f}")
    print(f"  {'one area page (mean)':<28} {best[AREA_PAGES] / scored:>8.3f}")
    print(
        f"{len(tagged):,} comparisons against the rest, "
        f"{sum(f.discovery for f in tagged):,} declared on their pages; "
        f"{len(result.funnels)} funnels, {outside} points outside 99.8%; heatmap "
        f"{len(result.heatmap)} x {len(cells) // max(len(result.heatmap), 1)}, "
        f"{sum(f.discovery for f in cells):,} cells declared; "
        f"{len(standardised):,} standardised means; {pairs:,} subgroup pairs"
    )
    print(f"peak memory {peak_memory_mb():.0f} MB")


if __name__ == "__main__":
    main()
