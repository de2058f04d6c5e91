"""Test session set-up: the same reproducible, quiet TensorFlow state the notebooks start from.

`prepare` must run before TensorFlow is first imported (it silences TensorFlow's start-up
logging) and it turns on deterministic ops, which several tests rely on to compare runs.
pytest imports this file before any test module.
"""

import os

from utils.progress import UNATTENDED
from utils.session import prepare

os.environ[UNATTENDED] = "1"  # tests watch no progress bars (tests that want one ask for it)

prepare(seed=0)
