"""The model's attribute_ruler (fine tag -> POS and morphology, pronoun lemmas) by dictionary
look-up instead of spaCy's Matcher.

The ruler of en_core_web_sm holds 179 patterns of one or two tokens that test only TAG, LOWER,
DEP and IS_SPACE for equality or membership; spaCy's Matcher tries every pattern at every
token, a seventh of the whole parse time for 600-word news. Here each pattern's values are
keys of a dictionary, so a token costs a few look-ups. Same patterns (read from the model's
own ruler), same order of application (matches found on the untouched Doc, then applied by
pattern order, later patterns winning), same setter: the same tokens come out. The few patterns
with a regular expression or NOT_IN, and the two-token ones, are tested as functions. A ruler
with any other kind of pattern is left as it is (``fast_ruler`` returns False).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from itertools import product
from typing import Any

from spacy.language import Language

_KEYS = ("TAG", "LOWER", "DEP", "IS_SPACE")


def _alternatives(spec: Any) -> list[Any] | None:
    """The values an equality or membership test accepts; None for any other test."""
    if isinstance(spec, dict):
        return list(spec["IN"]) if set(spec) == {"IN"} else None
    return [spec]


def _predicate(spec: Any) -> Callable[[Any], bool] | None:
    """A test spaCy's Matcher runs on a value (equality, IN, NOT_IN, REGEX), as a function;
    None for one we do not reproduce."""
    if not isinstance(spec, dict):
        return lambda value: value == spec
    if len(spec) != 1:
        return None
    (op, arg), = spec.items()
    if op == "IN":
        accepted = set(arg)
        return lambda value: value in accepted
    if op == "NOT_IN":
        refused = set(arg)
        return lambda value: value not in refused
    if op == "REGEX":
        regex = re.compile(arg)
        return lambda value: regex.search(value) is not None
    return None


Test = list[tuple[int, Callable[[Any], bool]]]  # (index in a token's values, test)


class FastAttributeRuler:
    """Applies an AttributeRuler's patterns by look-up (see the module docstring)."""

    #: Distinct (tag, lower, dep, is_space) remembered; beyond that the memo starts again.
    MEMO = 200_000

    def __init__(self) -> None:
        # One-token patterns of equality / IN tests: attributes tested -> values -> pattern ids
        self.table: dict[tuple[int, ...], dict[tuple[Any, ...], list[int]]] = {}
        self.single: list[tuple[int, Test]] = []  # other one-token patterns: (id, tests)
        self.pairs: list[tuple[int, Test, Test]] = []  # two-token patterns: (id, first, second)
        self.attrs: list[dict[Any, Any]] = []
        self.indices: list[int] = []
        # token values -> (one-token pattern ids, pairs whose first token matches)
        self.memo: dict[tuple[Any, ...], tuple[list[int], list[int]]] = {}

    def take(self, ruler: Any) -> bool:
        """Copy ``ruler``'s patterns; False when one tests something else."""
        table: dict[tuple[int, ...], dict[tuple[Any, ...], list[int]]] = defaultdict(
            lambda: defaultdict(list))
        for attr_id, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                if not 1 <= len(pattern) <= 2 or any(
                    not token or set(token) - set(_KEYS) for token in pattern
                ):
                    return False
                tests = [[(_KEYS.index(k), _predicate(v)) for k, v in sorted(token.items())]
                         for token in pattern]
                if any(test is None for position in tests for _, test in position):
                    return False
                if len(pattern) == 2:
                    self.pairs.append((attr_id, tests[0], tests[1]))  # type: ignore[arg-type]
                    continue
                keys = sorted(pattern[0])
                values = [_alternatives(pattern[0][k]) for k in keys]
                if any(v is None for v in values):
                    self.single.append((attr_id, tests[0]))  # type: ignore[arg-type]
                    continue
                signature = tuple(_KEYS.index(k) for k in keys)
                for combination in product(*values):  # type: ignore[misc]
                    ids = table[signature][combination]
                    if attr_id not in ids:
                        ids.append(attr_id)
        self.table = {s: dict(v) for s, v in table.items()}
        self.attrs = list(ruler.attrs)
        self.indices = list(ruler.indices)
        return True

    def _first(self, value: tuple[Any, ...]) -> tuple[list[int], list[int]]:
        """What a token with these values starts: one-token matches and candidate pairs."""
        ids = [i for signature, table in self.table.items()
               for i in table.get(tuple(value[k] for k in signature), ())]
        ids += [i for i, tests in self.single if all(t(value[k]) for k, t in tests)]
        pairs = [n for n, (_, first, _) in enumerate(self.pairs)
                 if all(t(value[k]) for k, t in first)]
        return ids, pairs

    def __call__(self, doc: Any) -> Any:
        from spacy.tokens._retokenize import set_token_attrs

        values = [(t.tag_, t.lower_, t.dep_, t.is_space) for t in doc]
        memo = self.memo
        matches: list[tuple[int, int, int]] = []  # (pattern id, start, end)
        last = len(values) - 1
        for start, value in enumerate(values):
            found = memo.get(value)
            if found is None:
                if len(memo) >= self.MEMO:
                    memo.clear()
                found = memo[value] = self._first(value)
            ids, pairs = found
            for i in ids:
                matches.append((i, start, start + 1))
            if pairs and start < last:
                after = values[start + 1]
                for n in pairs:
                    attr_id, _, second = self.pairs[n]
                    if all(t(after[k]) for k, t in second):
                        matches.append((attr_id, start, start + 2))
        # Matches found on the untouched Doc, applied in pattern order (later ones win).
        matches.sort()
        for attr_id, start, end in matches:
            index = self.indices[attr_id]
            set_token_attrs(doc[(start if index >= 0 else end) + index], self.attrs[attr_id])
        return doc

    def pipe(self, docs: Any, batch_size: int = 128) -> Any:
        for doc in docs:
            yield self(doc)


@Language.factory("dossier_attribute_ruler")
def _make(nlp: Language, name: str) -> FastAttributeRuler:
    return FastAttributeRuler()


def fast_ruler(nlp: Language) -> bool:
    """Put the look-up ruler in place of the model's attribute_ruler; False (nothing changed)
    when the model has none or it holds patterns the look-up does not reproduce."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    fast = FastAttributeRuler()
    if not fast.take(nlp.get_pipe("attribute_ruler")):
        return False
    # Same place, same name: code and configs that name the component still find it.
    after = nlp.pipe_names[nlp.pipe_names.index("attribute_ruler") + 1 :]
    nlp.remove_pipe("attribute_ruler")
    added = nlp.add_pipe("dossier_attribute_ruler", name="attribute_ruler",
                         **({"before": after[0]} if after else {}))
    added.__dict__.update(fast.__dict__)
    return True
