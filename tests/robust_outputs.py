"""Check a notebook that `make robust` executed as a person would: bars and explorers shown, nothing on stderr.

`make robust` runs each notebook with progress bars on and the live explorers built (no
`NOTEBOOK_UNATTENDED`, and `JPY_SESSION_NAME` set as a Jupyter server sets it). papermill fails
on a cell that raises; this check reads the executed copy for what papermill does not look at:
widget views for the progress bars, the live explorer where the notebook builds one (a code
cell calls `latent_explorer(`), and no output on stderr (a warning or a log line a person would see).

Usage: python tests/robust_outputs.py EXECUTED.ipynb
"""

import json
import sys

WIDGET = "application/vnd.jupyter.widget-view+json"
EXPLORER_CLASS = "widget-interact"


def problems(notebook):
    """What the executed `notebook` (a dict) lacks or holds that a person's run would not: a list of sentences."""
    code = "\n".join("".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code")
    outputs = [output for cell in notebook["cells"] for output in cell.get("outputs", [])]
    found = []
    stderr = [output["text"] for output in outputs if output.get("name") == "stderr"]
    if stderr:
        found.append(f"{len(stderr)} outputs on stderr, the first: {''.join(stderr[0])[:300]!r}")
    views = [output for output in outputs if WIDGET in output.get("data", {})]
    if not views:
        found.append("no widget shown: the trainings showed no progress bar")
    if "latent_explorer(" in code:
        state = notebook.get("metadata", {}).get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
        classes = [m.get("state", {}).get("_dom_classes", []) for m in state.get("state", {}).values()]
        if not any(EXPLORER_CLASS in c for c in classes):
            found.append("no live explorer built (no widget with the class widget-interact in the widget state)")
    return found


def main(argv):
    (path,) = argv
    found = problems(json.loads(open(path).read()))
    for sentence in found:
        print(f"{path}: {sentence}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
