"""Fuzz the parsers for a while: ``python -m bench.fuzz [--minutes 10] [--only timex,csv]``.

Runs each property of tests/test_fuzz.py under the hypothesis profile "fuzz" (no deadline:
the slowest input is measured and reported instead) in batches until the parser's share of
the time budget is spent, then prints per parser the inputs tried, the crashes found (0
expected) and the slowest input, and writes bench/results/fuzz.json with the date, machine,
commit and command. A crash stops that parser's run (hypothesis would replay it from its
example database) and is printed with the input that gives it; the exit status is 1 then.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import platform
import subprocess
import sys
import time
import traceback
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hypothesis import given, settings

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "fuzz.json"
BATCH = 500  # examples per hypothesis run; the budget is checked between runs


@dataclass
class Outcome:
    """What fuzzing one parser found."""

    parser: str
    inputs: int = 0
    crashes: int = 0
    seconds: float = 0.0
    slowest_ms: float = 0.0
    errors: list[str] = field(default_factory=list)


def _timed(check: Any, outcome: Outcome) -> Any:
    """The check, measuring its slowest call."""

    def run(**arguments: Any) -> None:
        started = time.perf_counter()
        try:
            check(**arguments)
        finally:
            outcome.slowest_ms = max(outcome.slowest_ms, (time.perf_counter() - started) * 1000)

    return run


def fuzz_one(name: str, prop: Any, tried: Any, budget: float) -> Outcome:
    """Run one property in batches for ``budget`` seconds."""
    outcome = Outcome(name)
    before = tried[name]
    started = time.monotonic()
    test = given(**prop.arguments)(settings(settings.get_profile("fuzz"), max_examples=BATCH)(
        _timed(prop.check, outcome)))
    while time.monotonic() - started < budget:
        try:
            # warcio writes its warnings about damaged records straight to stderr.
            with contextlib.redirect_stderr(io.StringIO()):
                test()
        except Exception as error:  # a crash: hypothesis has shrunk it and printed the input
            outcome.crashes += 1
            outcome.errors.append("".join(traceback.format_exception_only(error)).strip()[:2000])
            break
    outcome.inputs = tried[name] - before
    outcome.seconds = round(time.monotonic() - started, 1)
    outcome.slowest_ms = round(outcome.slowest_ms, 1)
    return outcome


def _commit() -> str:
    found = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                           capture_output=True, text=True, check=False)
    return found.stdout.strip() or "unknown"


def _table(outcomes: list[Outcome]) -> str:
    lines = [f"{'parser':<10} {'inputs':>9} {'crashes':>8} {'seconds':>8} {'slowest ms':>11}"]
    lines += [f"{o.parser:<10} {o.inputs:>9} {o.crashes:>8} {o.seconds:>8} {o.slowest_ms:>11}"
              for o in outcomes]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="total budget (10)")
    parser.add_argument("--only", help="comma-separated parsers (default: all)")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)  # the libraries' warnings about damaged inputs
    sys.path.insert(0, str(ROOT))
    import tests.conftest  # noqa: F401  (registers the "fuzz" profile)
    from tests.test_fuzz import PROPERTIES, TRIED

    names = args.only.split(",") if args.only else list(PROPERTIES)
    budget = args.minutes * 60 / len(names)
    outcomes = []
    for name in names:
        outcome = fuzz_one(name, PROPERTIES[name], TRIED, budget)
        print(f"{name}: {outcome.inputs} inputs, {outcome.crashes} crashes", flush=True)
        outcomes.append(outcome)
    print(_table(outcomes))
    for outcome in outcomes:
        for error in outcome.errors:
            print(f"\n{outcome.parser} crashed: {error}")
    record = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.node()} {platform.machine()} {platform.processor() or ''}".strip(),
        "python": platform.python_version(),
        "commit": _commit(),
        "command": "python -m bench.fuzz " + " ".join(argv if argv is not None else sys.argv[1:]),
        "minutes": args.minutes,
        "parsers": [asdict(o) for o in outcomes],
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return 1 if any(o.crashes for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
