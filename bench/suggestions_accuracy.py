"""How good the comment suggestions are, beside floors measured in the same run, and how long
they take for 100,000 comments.

    python bench/suggestions_accuracy.py [--comments 100000] [--skip-timing]

The labelled set is bench/data/comment_labels.json: the quotes the annex analyses under a
statement (with the statement and the enabler/barrier reading the annex gives them) and
passages the developers wrote so that every statement has at least 3. Rows:

- floors: a random ranking (its expected value, exact), word overlap between the passage and
  the statement wording (function words left out; ties broken at random, expected value),
  and for enabler/barrier: a coin, "always barrier" (the commoner label), and word overlap
  with the seed words of scoring/suggestion_seeds.py;
- the model cold: no passage coded yet (wording alone, and wording with the annex's concept
  descriptions);
- the model with coded passages, leave-one-out: each passage is suggested with every other
  passage of the set as the coded examples and never itself; beside it, the floor a coded
  set gives for free: always suggest the statements coded most often.

Accuracy is shown on the whole set, on the annex's quotes alone (real comments, but only 7
statements) and on the written passages. Top-k with tied scores counts the expected value of
a random tie-break, so no method gains from the order of the statements. Figures, not a
test: nothing here asserts an accuracy.
"""

import argparse
import json
import random
import re
import resource
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scoring.suggestion_seeds import BARRIER_SEEDS, ENABLER_SEEDS  # noqa: E402
from scoring.suggestions import (  # noqa: E402
    BARRIER,
    ENABLER,
    CodedExample,
    model_load,
    statement_texts_from_instrument,
    suggestions_compute,
)

LABELS = ROOT / "bench" / "data" / "comment_labels.json"
INSTRUMENT = ROOT / "surveys" / "instruments" / "2017-09.json"
FUNCTION_WORDS = set(
    "a an the and or but of to in on at for with by from as is are was were be been being it "
    "its this that these those we our us they their them i my me you your he she his her not "
    "no do does did doesn't don't can could would should will shall may might have has had "
    "there here what which who whom how where when why all any each other some such than then "
    "so very too also just only into out up about over".split()
)


def words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z'-]*", text.lower()) if w not in FUNCTION_WORDS}


def expected_hit(scores: np.ndarray, truth: int, k: int) -> float:
    """Chance that `truth` is in the top k when tied scores are ordered at random."""
    above = int((scores > scores[truth]).sum())
    tied = int((scores == scores[truth]).sum())
    return min(max((k - above) / tied, 0.0), 1.0)


def ranking_accuracy(score_rows, truths) -> tuple[float, float]:
    top1 = [expected_hit(row, t, 1) for row, t in zip(score_rows, truths, strict=True)]
    top3 = [expected_hit(row, t, 3) for row, t in zip(score_rows, truths, strict=True)]
    return float(np.mean(top1)), float(np.mean(top3))


def suggestion_scores(suggestion, codes: list[str]) -> np.ndarray:
    """Scores of all statements from a suggestion computed with top=len(codes)."""
    by_code = dict(suggestion.statements)
    return np.array([by_code[c] for c in codes])


class Table:
    def __init__(self, subsets: dict[str, np.ndarray]):
        self.subsets = subsets
        head = "".join(f"{name + f' ({mask.sum()})':^34}" for name, mask in subsets.items())
        print(f"{'':44}{head}")
        print(f"{'':44}" + f"{'top-1   top-3  enabler/barrier':>34}" * len(subsets))

    def row(self, label, score_rows=None, truths=None, polarity_hits=None):
        cells = []
        for mask in self.subsets.values():
            top = "    -       -"
            if score_rows is not None:
                rows = [r for r, m in zip(score_rows, mask, strict=True) if m]
                top1, top3 = ranking_accuracy(rows, np.asarray(truths)[mask])
                top = f"{top1:5.3f}   {top3:5.3f}"
            pol = f"{np.mean(np.asarray(polarity_hits)[mask]):5.3f}" if polarity_hits else "-"
            cells.append(f"{top}  {pol:^15}")
        print(f"{label:44}" + "".join(f"{c:>34}" for c in cells))


def accuracy(args) -> list[CodedExample]:
    instrument = json.loads(INSTRUMENT.read_text())
    items = json.loads(LABELS.read_text())["items"]
    codes = [s["code"] for s in instrument["statements"]]
    wordings = [s["text"] for s in instrument["statements"]]
    texts = [i["text"] for i in items]
    truths = np.array([codes.index(i["statement"]) for i in items])
    polarities = [i["polarity"] for i in items]
    annex = np.array([i["source"] != "written" for i in items])
    counts = Counter(i["statement"] for i in items)
    print(
        f"{len(items)} labelled passages ({annex.sum()} annex quotes, {(~annex).sum()} written), "
        f"{len(codes)} statements, fewest examples of one statement: {min(counts.values())}; "
        f"{polarities.count(BARRIER)} barriers, {polarities.count(ENABLER)} enablers\n"
    )
    table = Table({"all": np.ones(len(items), bool), "annex quotes": annex, "written": ~annex})

    uniform = [np.zeros(len(codes)) for _ in items]  # every statement tied: a random ranking
    coin = [0.5] * len(items)
    table.row("floor: random ranking / coin", uniform, truths, coin)
    always_barrier = [p == BARRIER for p in polarities]
    table.row("floor: always barrier", polarity_hits=always_barrier)
    wording_words = [words(w) for w in wordings]
    overlap = [np.array([len(words(t) & ww) for ww in wording_words], float) for t in texts]
    enabler_words = set().union(*(words(s) for s in ENABLER_SEEDS))
    barrier_words = set().union(*(words(s) for s in BARRIER_SEEDS))
    lexicon = []
    for text, polarity in zip(texts, polarities, strict=True):
        lean = len(words(text) & enabler_words) - len(words(text) & barrier_words)
        lexicon.append(0.5 if lean == 0 else float((lean > 0) == (polarity == ENABLER)))
    table.row("floor: word overlap (wording / seed words)", overlap, truths, lexicon)

    for with_concepts in (False, True):
        statements = statement_texts_from_instrument(
            instrument=instrument, with_concepts=with_concepts
        )
        started = time.perf_counter()
        cold = suggestions_compute(passages=texts, statements=statements, top=len(codes))
        elapsed = time.perf_counter() - started
        label = "model cold" + (", wording + concepts" if with_concepts else ", wording")
        hits = [s.polarity == p for s, p in zip(cold, polarities, strict=True)]
        table.row(label, [suggestion_scores(s, codes) for s in cold], truths, hits)
    print(f"{'':44}(cold, {len(texts)} passages: {elapsed * 1000:.0f} ms)")

    coded_all = [
        CodedExample(text=i["text"], code=i["statement"], polarity=i["polarity"]) for i in items
    ]
    for with_concepts in (False, True):
        statements = statement_texts_from_instrument(
            instrument=instrument, with_concepts=with_concepts
        )
        loo, base_rate = [], []
        for n, text in enumerate(texts):
            others = coded_all[:n] + coded_all[n + 1 :]
            loo += suggestions_compute(
                passages=[text], statements=statements, coded=others, top=len(codes)
            )
            frequency = Counter(c.code for c in others)
            base_rate.append(np.array([frequency[c] for c in codes], float))
        label = "model + coded, leave-one-out" + (", concepts" if with_concepts else "")
        hits = [s.polarity == p for s, p in zip(loo, polarities, strict=True)]
        table.row(label, [suggestion_scores(s, codes) for s in loo], truths, hits)
    table.row("floor: most often coded, leave-one-out", base_rate, truths)
    return coded_all


def synthetic_comments(*, items: list[str], count: int, seed: int = 7) -> list[str]:
    """Comments of realistic length, made by recombining the labelled passages: each is one
    passage with a word dropped, followed by the first half of another."""
    rng = random.Random(seed)
    comments = []
    for _ in range(count):
        first = rng.choice(items).split()
        del first[rng.randrange(len(first))]
        second = rng.choice(items).split()
        comments.append(" ".join(first + second[: max(1, len(second) // 2)]))
    return comments


def timing(*, coded: list[CodedExample], count: int) -> None:
    instrument = json.loads(INSTRUMENT.read_text())
    statements = statement_texts_from_instrument(instrument=instrument)
    comments = synthetic_comments(items=[c.text for c in coded], count=count)
    mean_words = np.mean([len(c.split()) for c in comments])
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    suggestions = suggestions_compute(passages=comments, statements=statements, coded=coded)
    elapsed = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert len(suggestions) == count
    print(
        f"\n{count:,} comments (mean {mean_words:.0f} words), {len(coded)} coded examples, "
        f"top 5 statements each: {elapsed:.1f} s ({count / elapsed:,.0f} comments/s, "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_utime:.0f} s CPU in the process so far); "
        f"process peak RSS {rss_after:.0f} MiB (was {rss_before:.0f} MiB before, with the model "
        f"loaded and the comments made)"
    )
    del suggestions
    tracemalloc.start()
    suggestions_compute(passages=comments, statements=statements, coded=coded)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"peak of Python and numpy allocations during the call, results included: "
        f"{traced_peak / 2**20:.0f} MiB (tracemalloc, in a second run it slows)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--skip-timing", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    model_load()
    print(f"model loaded from the wheel in {(time.perf_counter() - started) * 1000:.0f} ms\n")
    coded = accuracy(args)
    if not args.skip_timing:
        timing(coded=coded, count=args.comments)


if __name__ == "__main__":
    main()
