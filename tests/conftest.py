"""Test session set-up: the same reproducible, quiet TensorFlow state the notebooks start from.

`prepare` must run before TensorFlow is first imported (it silences TensorFlow's start-up
logging) and it turns on deterministic ops, which several tests rely on to compare runs.
pytest imports this file before any test module.
"""

from utils.notebook import prepare

prepare(seed=0)
