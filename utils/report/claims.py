"""The claims a notebook makes about its own run: checked where they are made, recorded for the margins.

A claim is a statement about training that must hold for any seed on any machine, such as
"the final model gets every pixel right" or "E is below the reference's". Each is reduced to one
measured number compared with a threshold (`value > threshold`), so that its margin can be
measured: `benchmarks/claims_sweep.py` runs every notebook over several seeds and simulated
machines with `NOTEBOOK_CLAIMS=record` (claims recorded, not asserted), and `utils.report.tables`
turns the recorded values into the claims table of `docs/claims.md`, with each threshold's
distance from the worst value measured.

Checks that are true by construction (an inequality between two ceilings, a fact of the
fixed evaluation sets) are not claims: the notebooks keep those as plain `assert`s, marked
as sanity checks.
"""

import json
import math
import operator
import os

from utils.report.saving import figure_dir

MODE = "NOTEBOOK_CLAIMS"  # "record": record every claim without asserting it (the margins sweep)
OPERATORS = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}


def recording():
    """True when claims are only recorded (`NOTEBOOK_CLAIMS=record`); anything else but unset is an error."""
    mode = os.environ.get(MODE, "")
    if mode not in ("", "record"):
        raise ValueError(f"{MODE} must be unset (assert every claim) or 'record' (record only), got {mode!r}")
    return mode == "record"


class Claims:
    """The claims of one notebook's run, in the order they were made.

    `check` asserts a claim (unless recording) and remembers its measured value; `observe`
    remembers a statement it does not assert; `save` writes them all to `claims.json` in the
    notebook's output folder, beside `results.json`.
    """

    def __init__(self, notebook):
        self.notebook = notebook
        self.claims = {}

    def check(self, name, value, op, threshold, statement):
        """Claim `value op threshold`, e.g. `check("final model exact", errors.max(), "<=", 0, "...")`.

        `name` identifies the claim across runs; `statement` says it in words for the table.
        Returns None, so a cell that ends with a claim displays nothing. A claim that does not hold
        raises AssertionError with the statement, the measured value and the threshold, unless
        the run only records (`NOTEBOOK_CLAIMS=record`). A value that is not a finite number
        (NaN, infinite, None) fails the claim: it measured nothing.
        """
        measured, holds = self._record(name, value, op, threshold, statement, asserted=True)
        if not holds and not recording():
            raise AssertionError(
                f"claim '{name}' does not hold: {statement} (measured {measured:g}, needs {op} {threshold:g})"
            )

    def observe(self, name, value, op, threshold, statement):
        """Record `value op threshold` without asserting it: a pattern one run shows that the sweep measures.

        For statements that held in the runs measured but whose margin is too thin to assert for
        every seed and machine (see docs/claims.md); the table then shows in how many runs it held.
        Returns None, as `check` does.
        """
        self._record(name, value, op, threshold, statement, asserted=False)

    def _record(self, name, value, op, threshold, statement, asserted):
        """Check the arguments, remember the claim; return (value as float, whether it holds)."""
        if op not in OPERATORS:
            raise ValueError(f"op must be one of {', '.join(OPERATORS)}, got {op!r}")
        if not name or not statement:
            raise ValueError("a claim needs a name and a statement")
        recording()  # an unknown mode is an error whether or not the claim holds
        measured = math.nan if value is None else float(value)
        holds = math.isfinite(measured) and OPERATORS[op](measured, float(threshold))
        self.claims[name] = {
            "statement": statement,
            "value": measured,
            "op": op,
            "threshold": float(threshold),
            "asserted": asserted,
        }
        return measured, holds

    def save(self):
        """Write the claims to `<output root>/<notebook>/claims.json`; return its path relative to that root."""
        path = figure_dir(self.notebook) / "claims.json"
        finite = {n: {**c, "value": c["value"] if math.isfinite(c["value"]) else None} for n, c in self.claims.items()}
        path.write_text(json.dumps(finite, indent=2, sort_keys=True) + "\n")
        return f"{path.parent.name}/{path.name}"


def margin(op, threshold, values):
    """The worst measured value, the spread of the values and the margin of the worst one beyond the threshold.

    For `>` and `>=` the worst value is the smallest; for `<` and `<=` the largest. A missing
    value (None: the claim measured nothing in that run) makes the margin -inf.
    """
    if any(v is None for v in values):
        return {"worst": None, "spread": math.inf, "margin": -math.inf}
    low, high = min(values), max(values)
    worst = low if op in (">", ">=") else high
    distance = worst - threshold if op in (">", ">=") else threshold - worst
    return {"worst": worst, "spread": high - low, "margin": distance}


def margin_holds(op, threshold, values):
    """The house rule: the threshold sits at least twice the measured spread beyond the worst value.

    The claim must also hold in every run (a strict inequality needs a positive margin).
    """
    m = margin(op, threshold, values)
    strict_ok = m["margin"] > 0 if op in (">", "<") else m["margin"] >= 0
    return strict_ok and m["margin"] >= 2 * m["spread"]
