"""Keras callbacks of this collection: the progress bar, for `model.fit` and `EpochLoop.fit` alike.

Kept apart from `utils.lesson.progress`, which imports no TensorFlow (benchmarks and tests read its
`UNATTENDED` before `utils.lesson.session.prepare` silences TensorFlow's start-up).
"""

import keras

from utils.lesson.progress import advance, finish, progress_bar


class ProgressBar(keras.callbacks.Callback):
    """One labelled bar per training run, counting epochs and showing the latest `shown` logs.

    The bar is `utils.lesson.progress`'s (a widget in JupyterLab, text in a terminal, nothing when nobody
    watches unless `show` says otherwise). It counts the epochs of this run: from the first epoch
    it sees (`fit(initial_epoch=...)` starts later) to `params["epochs"]`. A run that stops early,
    for example through `EarlyStopping`, completes its bar at the epoch it stopped and says so.
    """

    def __init__(self, label, shown=("loss", "val_loss"), show=None):
        super().__init__()
        self.label, self.shown, self.show = label, tuple(shown), show
        self.bar, self.epochs_done = None, 0

    def on_train_begin(self, logs=None):
        self.bar, self.epochs_done = None, 0

    def on_epoch_begin(self, epoch, logs=None):
        if self.epochs_done == 0:  # the first epoch of this run: the bar's length is now known
            self.bar = progress_bar(self.params["epochs"] - epoch, self.label, self.show)

    def on_epoch_end(self, epoch, logs=None):
        self.epochs_done += 1
        logs = logs or {}
        advance(self.bar, self.epochs_done, {name: logs[name] for name in self.shown if name in logs})

    def on_train_end(self, logs=None):
        finish(self.bar, self.epochs_done)
