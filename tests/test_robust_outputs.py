"""tests/robust_outputs.py: what `make robust` checks in each executed notebook beyond papermill's errors."""

from tests.robust_outputs import EXPLORER_CLASS, WIDGET, problems


def _notebook(outputs, classes=(), source="explorer = latent_explorer(draw)"):
    state = {f"id{i}": {"state": {"_dom_classes": list(c)}} for i, c in enumerate(classes)}
    return {
        "cells": [{"cell_type": "code", "source": [source], "outputs": outputs}],
        "metadata": {"widgets": {"application/vnd.jupyter.widget-state+json": {"state": state}}},
    }


BAR = {"output_type": "display_data", "data": {WIDGET: {"model_id": "id0"}, "text/plain": "bar"}}


def test_a_run_with_bars_and_an_explorer_and_nothing_on_stderr_passes():
    assert problems(_notebook([BAR], classes=[(EXPLORER_CLASS,)])) == []


def test_stderr_missing_bars_and_a_missing_explorer_are_each_named():
    stderr = {"output_type": "stream", "name": "stderr", "text": "WARNING: something\n"}
    found = problems(_notebook([stderr], classes=[("other",)]))
    assert len(found) == 3
    assert "1 outputs on stderr" in found[0] and "WARNING: something" in found[0]
    assert "no progress bar" in found[1] and "no live explorer" in found[2]
    assert problems(_notebook([BAR], source="train(model)")) == []  # no explorer in the notebook: none expected
