"""What builds the report from the notebooks' runs: saved figures and results, claims, the decks,
the README and docs tables. Nothing here is part of a lesson; `python -m utils.report.slides` and
`python -m utils.report.tables` run after the notebooks.
"""
