"""Run every benchmark in one process, print a short table last, write benchmarks/results.json.

`make bench` calls this. Absolute seconds vary between machines and runs; the ratios, measured
in the same run, are the numbers to compare. `--skip-notebooks` leaves out the (minutes-long)
top-to-bottom notebook runs.
"""

import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from utils.lesson.session import prepare  # noqa: E402  (must run before TensorFlow is imported)


def main(argv):
    prepare(seed=0)
    import bench_font
    import bench_notebooks
    import bench_vae

    vae = bench_vae.run()
    font = bench_font.run()
    notebooks = None if "--skip-notebooks" in argv else bench_notebooks.run()
    results = {**vae, **font, "cpu_count": os.cpu_count()}
    if notebooks is not None:
        results["notebook_seconds"] = notebooks
    (HERE / "results.json").write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")

    print()
    bench_vae.report(vae)
    bench_font.report(font)
    if notebooks is not None:
        bench_notebooks.report(notebooks)
    print(f"\n{'measure':<50} {'value':>10}")
    rows = [
        ("VAE epoch, notebook path (s)", f"{vae['vae_epoch_seconds']:.3f}"),
        ("VAE epoch, its matrix products only (s)", f"{vae['vae_gemm_floor_seconds']:.3f}"),
        ("VAE products / notebook epoch", f"{vae['vae_gemm_fraction']:.2f}"),
        ("VAE model.fit / notebook epoch", f"{vae['vae_fit_over_notebook']:.2f}"),
        ("font AE to 0 wrong pixels, compile included (s)", f"{font['ae_zero_pixel_seconds']:.2f}"),
        ("font AE step, Keras fit / compiled", f"{font['ae_fit_over_compiled']}"),
    ]
    if notebooks is not None:
        rows.append(("all notebooks, top to bottom (s)", f"{notebooks['total']:.0f}"))
    rows.append(("CPU cores", str(results["cpu_count"])))
    for name, value in rows:
        print(f"{name:<50} {value:>10}")
    print(f"\nwrote {(HERE / 'results.json').relative_to(HERE.parent)}")


if __name__ == "__main__":
    main(sys.argv[1:])
