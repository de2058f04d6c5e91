"""The code cells of a notebook that carry a tag, run on their own: benchmarks time the notebook's own code.

Notebook 3 defines its VAE in cells tagged `vae-model` (the lesson lives in the notebook, where a
student can change it); `benchmarks/bench_vae.py` runs those cells instead of keeping a copy.
"""

import json
import linecache
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def tagged_code(notebook, tag):
    """Execute the code cells of `notebooks/<notebook>.ipynb` tagged `tag`, in order; return their namespace."""
    cells = json.loads((NOTEBOOKS / f"{notebook}.ipynb").read_text())["cells"]
    sources = ["".join(c["source"]) for c in cells if c["cell_type"] == "code" and tag in c["metadata"].get("tags", [])]
    if not sources:
        raise ValueError(f"notebooks/{notebook}.ipynb has no code cell tagged {tag!r}")
    namespace = {}
    for number, source in enumerate(sources, start=1):
        # registered with linecache, so the cells' functions have a source to show (AutoGraph reads it
        # when it compiles `train_step`, and warns when it cannot), as they do in the notebook
        filename = f"<{notebook}.ipynb, cell {number} tagged {tag}>"
        linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
        exec(compile(source, filename, "exec"), namespace)
    return namespace
