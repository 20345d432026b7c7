"""Words that judge numbers, chosen by a stated rule from their evidence.

A sentence that says a rate is "faster", a gap "narrowed", a share "most" or a published figure
"consistent with" this report's makes a claim the numbers must support. Here every such word is
chosen by code, in two steps that a reader (and `tests/test_claims.py`) can repeat:

1. A **rule** reads the evidence (an estimate with its interval, a test's p-value, counts) and
   decides an *outcome*: for `interval_vs_value`, whether the interval lies above, below or
   around a reference value. The rules are few, written once here, and each has a known-answer
   test.
2. The **claim** maps each outcome to the word its sentence uses ("faster" / "slower" / "no
   detectable difference"), and to the sentence fragment around it.

`make_claim(...)` runs both and returns a `Claim`; `Claim.md()` is the fragment as Markdown, the
judging words wrapped in a span that names the claim, `[faster than]{.claim data-claim="…"}`
(Pandoc's bracketed span: an HTML `<span>`, plain text in the PDF; valid for Quarto too). The
report's numbers.json lists every claim with its evidence, outcome, word and rule, and
`tests/test_claim_words.py` fails when a chapter shows a judging word that no claim chose.

No outcome is "about the same" or "no change": an interval that includes the reference supports
only "no *detectable* difference", and the words say so.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from aigrowth import fmt
from aigrowth.constants import LEVEL

#: Significance level of the tests behind a claim, unless its evidence says otherwise.
ALPHA = 0.05


# -- Evidence --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """What a claim rests on. Every field is optional; each rule names the ones it reads.

    `estimate`, `low`, `high` and `level`: a number with its interval (`interval` names the
    interval's kind: "95% percentile bootstrap over models", ...). `reference` is the value the
    estimate is judged against (1 for a ratio, 0 for a difference, a published figure);
    `reference_low`/`reference_high` a published range. `p` and `test` a test's p-value and its
    statistic in words; `p_values` the p-values of a sequence of tests; `alpha` the level the
    test is read at. `counts` are whole numbers: (k, n) for a share, (k1, n1, k2, n2) for two
    shares, (a, b) for two counts. `n` is how many rows the evidence rests on; `source` names
    the numbers.json keys it comes from.
    """

    estimate: float | None = None
    low: float | None = None
    high: float | None = None
    level: float | None = None
    interval: str | None = None
    reference: float | None = None
    reference_low: float | None = None
    reference_high: float | None = None
    p: float | None = None
    p_values: tuple[float, ...] | None = None
    alpha: float | None = None
    test: str | None = None
    counts: tuple[int, ...] | None = None
    n: int | None = None
    source: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for spec in fields(self):
            value = getattr(self, spec.name)
            if value is None or (isinstance(value, tuple) and not value):
                continue
            out[spec.name] = (
                [_json_number(v) for v in value] if isinstance(value, tuple) else _json_number(value)
            )
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Evidence:
        kwargs: dict[str, Any] = {}
        for spec in fields(cls):
            if spec.name in data and data[spec.name] is not None:
                value = data[spec.name]
                kwargs[spec.name] = tuple(value) if isinstance(value, list) else value
        return cls(**kwargs)


def _json_number(value: Any) -> Any:
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _need(evidence: Evidence, *names: str) -> list[Any]:
    values = [getattr(evidence, name) for name in names]
    missing = [
        name
        for name, v in zip(names, values, strict=True)
        if v is None or (isinstance(v, float) and math.isnan(v))
    ]
    if missing:
        raise ValueError(f"the evidence lacks {', '.join(missing)}: no word can be chosen")
    return values


# -- Rules: evidence -> outcome --------------------------------------------------------------


def _interval_vs_value(e: Evidence) -> str:
    low, high, ref = (float(v) for v in _need(e, "low", "high", "reference"))
    if low > high:
        raise ValueError(f"an interval's low end ({low}) lies above its high end ({high})")
    if low > ref:
        return "above"
    if high < ref:
        return "below"
    return "includes"


def _interval_vs_range(e: Evidence) -> str:
    low, high, ref_low, ref_high = (
        float(v) for v in _need(e, "low", "high", "reference_low", "reference_high")
    )
    if low > ref_high:
        return "above"
    if high < ref_low:
        return "below"
    return "overlaps"


def _test_at_level(e: Evidence) -> str:
    (p,) = _need(e, "p")
    alpha = ALPHA if e.alpha is None else float(e.alpha)
    return "rejects" if float(p) < alpha else "does not reject"


def _sequential_tests(e: Evidence) -> str:
    (p_values,) = _need(e, "p_values")
    alpha = ALPHA if e.alpha is None else float(e.alpha)
    count = 0
    for p in p_values:
        if float(p) >= alpha:
            break
        count += 1
    return str(count)


def _check_share(k: int, n: int) -> None:
    if n < 0 or not 0 <= k <= n:
        raise ValueError(f"a share needs 0 ≤ k ≤ n, got {k} of {n}")


def share_interval(k: int, n: int, level: float = LEVEL) -> tuple[float, float]:
    """Wilson's (1927) score interval for the share k/n. A share of no models (0 of 0) carries
    no information, so its interval is the whole range [0, 1] and no rule reads a word into it
    (a refresh can empty a group, as an older release has no model above a new threshold)."""
    _check_share(k, n)
    if n == 0:
        return 0.0, 1.0
    low, high = proportion_confint(k, n, alpha=1 - level, method="wilson")
    return float(low), float(high)


def share_difference_interval(
    k1: int, n1: int, k2: int, n2: int, level: float = LEVEL
) -> tuple[float, float]:
    """Newcombe's (1998) hybrid score interval for the difference of two shares, k1/n1 − k2/n2;
    when either group is empty the difference is unknown and its interval the whole range [−1, 1]."""
    for k, n in ((k1, n1), (k2, n2)):
        _check_share(k, n)
    if n1 == 0 or n2 == 0:
        return -1.0, 1.0
    low, high = confint_proportions_2indep(k1, n1, k2, n2, method="newcomb", compare="diff", alpha=1 - level)
    return float(low), float(high)


def _share_vs_half(e: Evidence) -> str:
    (counts,) = _need(e, "counts")
    k, n = (int(v) for v in counts)
    low, high = share_interval(k, n, LEVEL if e.level is None else float(e.level))
    if low > 0.5:
        return "majority"
    if high < 0.5:
        return "minority"
    return "includes half"


def _share_difference(e: Evidence) -> str:
    (counts,) = _need(e, "counts")
    k1, n1, k2, n2 = (int(v) for v in counts)
    low, high = share_difference_interval(k1, n1, k2, n2, LEVEL if e.level is None else float(e.level))
    if low > 0:
        return "higher"
    if high < 0:
        return "lower"
    return "no detectable difference"


def _count_comparison(e: Evidence) -> str:
    (counts,) = _need(e, "counts")
    a, b = (int(v) for v in counts)
    return "more" if a > b else ("fewer" if a < b else "as many")


def _exact_comparison(e: Evidence) -> str:
    estimate, reference = (float(v) for v in _need(e, "estimate", "reference"))
    return "above" if estimate > reference else ("below" if estimate < reference else "equal")


def _all_of(e: Evidence) -> str:
    (counts,) = _need(e, "counts")
    k, n = (int(v) for v in counts)
    if n <= 0 or not 0 <= k <= n:
        raise ValueError(f"a count of a whole needs 0 ≤ k ≤ n and n > 0, got {k} of {n}")
    return "all" if k == n else ("none" if k == 0 else "some")


@dataclass(frozen=True)
class Rule:
    """How one kind of evidence decides an outcome: `outcomes` lists every outcome it can
    give, `reads` the evidence fields it needs, `description` says how it decides (the words
    numbers.json carries)."""

    name: str
    outcomes: tuple[str, ...]
    reads: tuple[str, ...]
    description: str
    decide: Callable[[Evidence], str] = field(repr=False)


RULES: dict[str, Rule] = {
    rule.name: rule
    for rule in (
        Rule(
            "interval_vs_value",
            ("above", "below", "includes"),
            ("low", "high", "reference"),
            "'above' when the interval's low end exceeds the reference value, 'below' when its high "
            "end is under it, 'includes' otherwise (no detectable difference)",
            _interval_vs_value,
        ),
        Rule(
            "interval_vs_range",
            ("above", "below", "overlaps"),
            ("low", "high", "reference_low", "reference_high"),
            "'above' when the interval lies wholly above the published range, 'below' when wholly "
            "below it, 'overlaps' otherwise",
            _interval_vs_range,
        ),
        Rule(
            "test_at_level",
            ("rejects", "does not reject"),
            ("p", "alpha"),
            "'rejects' when the test's p-value is below alpha (0.05 unless stated), else 'does not reject'",
            _test_at_level,
        ),
        Rule(
            "sequential_tests",
            ("0", "1", "2", "3"),
            ("p_values", "alpha"),
            "the number of leading tests in the sequence whose p-value is below alpha (Bai and "
            "Perron's sequential count: stop at the first test that does not reject)",
            _sequential_tests,
        ),
        Rule(
            "share_vs_half",
            ("majority", "minority", "includes half"),
            ("counts", "level"),
            "Wilson score interval of k of n: 'majority' when it lies above one half, 'minority' "
            "when below, 'includes half' otherwise",
            _share_vs_half,
        ),
        Rule(
            "share_difference",
            ("higher", "lower", "no detectable difference"),
            ("counts", "level"),
            "Newcombe's hybrid score interval of k1/n1 − k2/n2: 'higher' when it lies above zero, "
            "'lower' when below, 'no detectable difference' otherwise",
            _share_difference,
        ),
        Rule(
            "count_comparison",
            ("more", "fewer", "as many"),
            ("counts",),
            "two exact counts of the database, a and b: 'more', 'fewer' or 'as many' (a census of "
            "the recorded models, not an estimate)",
            _count_comparison,
        ),
        Rule(
            "exact_comparison",
            ("above", "below", "equal"),
            ("estimate", "reference"),
            "two values recorded in the data compared as they stand (the largest recorded run, a "
            "ratio of two models' estimates): 'above', 'below' or 'equal'; no sampling "
            "uncertainty applies, the values' own measurement error is stated beside them",
            _exact_comparison,
        ),
        Rule(
            "all_of",
            ("all", "none", "some"),
            ("counts",),
            "k of n exactly: 'all' when k = n, 'none' when k = 0, 'some' otherwise",
            _all_of,
        ),
    )
}
"""Every rule a claim may use, by name."""


def decide(rule: str, evidence: Evidence) -> str:
    """The outcome `rule` decides from `evidence`."""
    if rule not in RULES:
        raise KeyError(f"no claim rule {rule!r}; known: {sorted(RULES)}")
    return RULES[rule].decide(evidence)


# -- Claims ----------------------------------------------------------------------------------


_SPAN_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Claim:
    """One judging word of the report with the evidence that chose it.

    `words` maps each outcome of the rule to the word the sentence uses, `fragments` each
    outcome to the sentence fragment around it (it contains the word); `outcome`, `word` and
    `fragment` are the ones chosen.
    """

    id: str
    rule: str
    evidence: Evidence
    outcome: str
    word: str
    fragment: str
    words: Mapping[str, str]
    fragments: Mapping[str, str]

    def md(self, capital: bool = False) -> fmt.Markdown:
        """The fragment as Markdown, wrapped in a span naming the claim."""
        text = fmt.escape(self.fragment)
        if capital:
            text = fmt.Markdown(text[:1].upper() + text[1:])
        return fmt.Markdown(f'[{text}]{{.claim data-claim="{self.id}"}}')

    def _repr_markdown_(self) -> str:
        return str(self.md())

    def __str__(self) -> str:
        return str(self.md())

    def title(self, capital: bool = False) -> str:
        """The fragment as plain text, for a chart title (plain text, no span)."""
        return self.fragment[:1].upper() + self.fragment[1:] if capital else self.fragment

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "word": self.word,
            "fragment": self.fragment,
            "outcome": self.outcome,
            "rule": self.rule,
            "rule_description": RULES[self.rule].description,
            "words": dict(self.words),
            "fragments": dict(self.fragments),
            "evidence": self.evidence.as_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Claim:
        return cls(
            data["id"],
            data["rule"],
            Evidence.from_dict(data["evidence"]),
            data["outcome"],
            data["word"],
            data["fragment"],
            dict(data["words"]),
            dict(data["fragments"]),
        )


def make_claim(
    claim_id: str,
    rule: str,
    evidence: Evidence,
    words: Mapping[str, str],
    fragments: Mapping[str, str] | None = None,
    **values: Any,
) -> Claim:
    """Decide `rule` on `evidence` and choose the claim's word and fragment.

    `words` must name a word for every outcome the rule can give (so a refresh of the data can
    never meet an outcome without words). `fragments` (default: the word alone) are templates
    whose `{word}` and any `values` (already formatted text) are filled in; each must contain
    its word.
    """
    if not _SPAN_ID.match(claim_id):
        raise ValueError(f"claim id {claim_id!r} must be lowercase words joined by hyphens")
    spec = RULES.get(rule)
    if spec is None:
        raise KeyError(f"no claim rule {rule!r}; known: {sorted(RULES)}")
    expected = set(spec.outcomes)
    if rule == "sequential_tests":
        expected = {str(i) for i in range(len(evidence.p_values or ()) + 1)}
    if not expected <= set(words):
        raise ValueError(
            f"claim {claim_id}: words {sorted(words)} miss outcomes {sorted(expected - set(words))}"
        )
    templates = {o: (fragments or {}).get(o, "{word}") for o in words}
    filled = {o: t.format(word=words[o], **values) for o, t in templates.items()}
    for outcome, text in filled.items():
        if words[outcome].casefold() not in text.casefold():
            raise ValueError(
                f"claim {claim_id}: the fragment for {outcome!r} ({text!r}) lacks its word {words[outcome]!r}"
            )
    outcome = spec.decide(evidence)
    return Claim(claim_id, rule, evidence, outcome, words[outcome], filled[outcome], dict(words), filled)


def check_claim(claim: Claim) -> list[str]:
    """Problems with a claim: its rule decides another outcome from its evidence, or its word
    or fragment is not the one its outcome maps to. Empty when the claim holds."""
    problems = []
    try:
        outcome = decide(claim.rule, claim.evidence)
    except (ValueError, KeyError) as exc:
        return [f"{claim.id}: {exc}"]
    if outcome != claim.outcome:
        problems.append(f"{claim.id}: the evidence gives {outcome!r}, the claim says {claim.outcome!r}")
    if claim.words.get(claim.outcome) != claim.word:
        problems.append(
            f"{claim.id}: outcome {claim.outcome!r} maps to {claim.words.get(claim.outcome)!r}, "
            f"the claim uses {claim.word!r}"
        )
    if claim.fragments.get(claim.outcome) != claim.fragment:
        problems.append(f"{claim.id}: the fragment is not the one for {claim.outcome!r}")
    if claim.word.casefold() not in claim.fragment.casefold():
        problems.append(f"{claim.id}: the fragment {claim.fragment!r} lacks the word {claim.word!r}")
    return problems


# -- Evidence from the report's numbers ------------------------------------------------------


def interval_evidence(
    entry: Mapping[str, Any], reference: float, source: Iterable[str] = (), interval: str | None = None
) -> Evidence:
    """Evidence from a numbers.json entry (value, low, high, level, n) against `reference`."""
    return Evidence(
        estimate=entry.get("value"),
        low=entry.get("low"),
        high=entry.get("high"),
        level=entry.get("level"),
        n=entry.get("n"),
        reference=reference,
        interval=interval or entry.get("method"),
        source=tuple(source),
    )


def share_evidence(k: int, n: int, level: float = LEVEL, source: Iterable[str] = ()) -> Evidence:
    """Evidence for a share k of n, with its Wilson interval."""
    low, high = share_interval(int(k), int(n), level)
    return Evidence(
        estimate=int(k) / int(n) if int(n) else None,
        low=low,
        high=high,
        level=level,
        n=int(n),
        counts=(int(k), int(n)),
        interval="Wilson score interval",
        source=tuple(source),
    )


def share_difference_evidence(
    k1: int, n1: int, k2: int, n2: int, level: float = LEVEL, source: Iterable[str] = ()
) -> Evidence:
    """Evidence for the difference of two shares, k1/n1 − k2/n2, with Newcombe's interval."""
    low, high = share_difference_interval(int(k1), int(n1), int(k2), int(n2), level)
    return Evidence(
        estimate=int(k1) / int(n1) - int(k2) / int(n2) if int(n1) and int(n2) else None,
        low=low,
        high=high,
        level=level,
        n=int(n1) + int(n2),
        counts=(int(k1), int(n1), int(k2), int(n2)),
        reference=0.0,
        interval="Newcombe hybrid score interval",
        source=tuple(source),
    )


class Claims:
    """Every claim of the report by attribute (`claims.compute_frontier_vs_notable`: the id with
    underscores) and by id (`claims["compute-frontier-vs-notable"]`)."""

    def __init__(self, items: Iterable[Claim]) -> None:
        self._items: dict[str, Claim] = {}
        for item in items:
            if item.id in self._items:
                raise ValueError(f"claim {item.id!r} is declared twice")
            self._items[item.id] = item

    def __getitem__(self, claim_id: str) -> Claim:
        try:
            return self._items[claim_id]
        except KeyError:
            raise KeyError(f"no claim {claim_id!r}; known: {', '.join(sorted(self._items))}") from None

    def __getattr__(self, name: str) -> Claim:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self[name.replace("_", "-")]
        except KeyError as exc:
            raise AttributeError(str(exc)) from None

    def __iter__(self):
        return iter(self._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, claim_id: object) -> bool:
        return claim_id in self._items

    def as_list(self) -> list[dict[str, Any]]:
        """numbers.json's `claims` list, sorted by id."""
        return [self._items[k].as_dict() for k in sorted(self._items)]


# -- The words a chapter may show only as a claim --------------------------------------------

JUDGING_WORDS: tuple[str, ...] = (
    # one rate against another
    r"faster",
    r"slower",
    r"quicker",
    r"more (?:slowly|quickly)",
    r"as fast as",
    r"steeper",
    r"flatter",
    r"sped up",
    r"speed-?ups?",
    r"speeds up",
    r"slowed",
    r"slowdown",
    r"(?:de)?accelerat(?:e|es|ed|ing|ion)",
    r"outpac\w*",
    r"(?:kept|keeps?) pace",
    r"in parallel",
    r"in proportion",
    # a gap between two groups
    r"narrow(?:ed|ing|s)",
    r"widen(?:ed|ing|s)",
    r"converg\w*",
    r"diverg\w*",
    # evidence against a published figure or a test
    r"consistent",
    r"inconsistent",
    r"contradict\w*",
    r"in line with",
    r"agree(?:s|d)?",
    r"disagree\w*",
    r"holds? up",
    r"does not hold",
    r"survives?",
    r"confirm(?:s|ed)?",
    r"significant(?:ly)?",
    r"detectabl\w*",
    r"no evidence",
    r"strong evidence",
    r"differs?",
    r"differed",
    # shares and counts
    r"most (?:of|models|runs|countries)",
    r"builds? most",
    r"majority",
    r"minority",
    r"nearly all",
    r"almost all",
    r"more common",
    r"less common",
    r"rarely",
    r"rare",
    # direction of a change, ranks
    r"rose",
    r"fell",
    r"shrank",
    r"declined",
    r"larger than",
    r"smaller than",
    r"exceeds?",
    r"far ahead",
    r"leads?",
    r"lagg(?:ed|ing)",
)
"""Words that judge a number: a chapter shows one only inside a claim's span (the fragment a
rule chose), in quotation marks (a source's own words or a rule's name), or not at all.
`tests/test_claim_words.py` scans the rendered chapters' text, headings, captions, alt texts
and chart titles for them."""

JUDGING = re.compile(r"\b(?:" + "|".join(JUDGING_WORDS) + r")\b", re.IGNORECASE)
"""`JUDGING_WORDS` as one case-insensitive pattern of whole words."""
