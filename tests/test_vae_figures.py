"""Notebook 3's figures: their input checks and what they draw.

The VAE itself is built in notebook 3's cells, which check its loss terms and sampling against
independent formulas; the notebook runs under nbval and `make robust`.
"""

import matplotlib
import numpy as np
import pytest

from utils.lesson import vae_figures
from utils.lesson.style import DIGIT_CMAP, MIN_FONT_SIZE, smallest_font_size

matplotlib.use("Agg")

DIGITS = np.random.default_rng(0).random((12, 784)).astype("float32")


def history(epochs):
    """A Keras-style history of `epochs` epochs, loss falling, validation loss above it."""
    loss = list(200.0 - np.arange(epochs, dtype=float))
    return {"loss": loss, "val_loss": [v + 5 for v in loss]}


def test_overfitting_figure_handles_short_and_rejects_bad_histories():
    fig = vae_figures.overfitting({"a": history(1), "b": history(3)})  # one epoch: nothing left out, no IndexError
    assert len(fig.axes) == 1 and fig.axes[0].get_lines()[0].get_xdata()[0] == 1
    with pytest.raises(ValueError, match="at least one history"):
        vae_figures.overfitting({})
    with pytest.raises(ValueError, match=r"lacks \['val_loss'\]: train with validation data"):
        vae_figures.overfitting({"a": {"loss": [1.0, 0.5]}})
    with pytest.raises(ValueError, match=r"non-empty loss and val_loss, got \(0, 0\)"):
        vae_figures.overfitting({"a": history(0)})
    with pytest.raises(ValueError, match=r"test_intervals names \['c'\]"):
        vae_figures.overfitting({"a": history(2)}, {"c": (1.0, 0.5, 1.5)})


def test_overfitting_draws_the_gap_from_the_second_epoch_and_clips_nothing():
    first = {"loss": [215.0, 172.0, 160.0, 150.0], "val_loss": [182.0, 168.0, 159.0, 155.0]}  # epoch 1: gap -33
    fig = vae_figures.overfitting({"a": first, "b": history(4)}, title="Over-fitting")
    (ax,) = fig.axes
    assert ax.get_xlim()[0] == 2 and "first left out" in ax.get_xlabel()
    low, high = ax.get_ylim()
    for line in ax.get_lines():
        assert line.get_xdata()[0] == 2
        assert low <= np.min(line.get_ydata()) and np.max(line.get_ydata()) <= high
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), [-4, -1, 5])
    assert fig._suptitle.get_text() == "Over-fitting" and ax.get_ylabel() == "test minus train (nats per image)"


def test_overfitting_puts_the_test_score_s_interval_on_the_last_gap():
    fig = vae_figures.overfitting({"a": history(3), "b": history(3)}, {"a": (150.0, 149.2, 150.5)})
    (ax,) = fig.axes
    (bar,) = [c for c in ax.collections if len(c.get_segments())]  # one error bar: 'a' has an interval, 'b' not
    ((x0, y0), (x1, y1)) = bar.get_segments()[0]
    assert x0 == x1 == 3 and (y0, y1) == pytest.approx((5 - 0.8, 5 + 0.5))  # the gap at epoch 3 is 5
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend[:2] == ["a", "b"] and "one training run each" in legend[2]
    assert bar.get_color()[0].tolist() == list(matplotlib.colors.to_rgba(ax.get_lines()[0].get_color()))  # 'a's


def grid_of(fig):
    """The figure's image axes as rows of (title, image) pairs, hidden cells left out."""
    rows = {}
    for ax in fig.axes:
        if ax.get_images():
            rows.setdefault(round(ax.get_position().y0, 3), []).append((ax.get_title(), ax.get_images()[0]))
    return [rows[y] for y in sorted(rows, reverse=True)]


def test_loss_curves_give_each_architecture_a_colour_train_solid_test_dashed():
    histories = {"a": history(3) | {k: [1.0] * 3 for k in ("reconstruction", "val_reconstruction", "kl", "val_kl")}}
    histories["b"] = histories["a"]
    fig = vae_figures.loss_curves(histories, "Loss per epoch", "train (20,000)", "test (10,000)")
    assert [ax.get_title() for ax in fig.axes] == ["Total: $-$ELBO", "Reconstruction cross-entropy", "KL to N(0, I)"]
    for ax in fig.axes:
        a_train, a_test, b_train, b_test = ax.get_lines()
        assert a_train.get_linestyle() == "-" and a_test.get_linestyle() == "--"
        assert a_train.get_color() == a_test.get_color() != b_train.get_color() == b_test.get_color()
    assert [t.get_text() for t in fig.legends[0].get_texts()][:2] == ["a, train (20,000)", "a, test (10,000)"]


def test_generations_put_each_architecture_in_a_row_under_the_codes_in_blocks_of_five():
    z = np.array([[0.125, -1.0]] * 10)
    fig = vae_figures.generations({"a": DIGITS[:10], "b": DIGITS[:10] / 2}, z, "Decoded from z ~ N(0, I)")
    rows = grid_of(fig)
    assert [len(row) for row in rows] == [5, 5, 5, 5] and rows[0][0][0] == "(0.12, −1.00)"  # a true minus sign
    assert [ax.get_ylabel() for ax in fig.axes if ax.get_ylabel()] == ["a", "b", "a", "b"]
    np.testing.assert_allclose(rows[3][4][1].get_array(), DIGITS[9].reshape(28, 28) / 2)
    assert fig._suptitle.get_text() == "Decoded from z ~ N(0, I)"


def test_interpolation_numbers_the_digits_in_order_in_two_rows_of_six():
    fig = vae_figures.interpolation(DIGITS, "From a 3 to a 7")
    rows = grid_of(fig)
    assert [[title for title, _ in row] for row in rows] == [
        ["1 (start)", "2", "3", "4", "5", "6"],
        ["7", "8", "9", "10", "11", "12 (end)"],
    ]
    np.testing.assert_allclose(rows[1][0][1].get_array(), DIGITS[6].reshape(28, 28))


def test_comparison_rows_label_each_architecture_and_take_a_title():
    decoded = {"784-128-64-2\nE = 0.171": DIGITS[:10], "784-256-128-2\nE = 0.168": DIGITS[:10]}
    fig = vae_figures.comparison_rows(DIGITS[:10], decoded, range(10), title="Reconstructions, E on the left")
    assert [ax.get_ylabel() for ax in fig.axes if ax.get_ylabel()] == ["original", *decoded]
    assert [len(row) for row in grid_of(fig)] == [10, 10, 10]
    assert fig._suptitle.get_text() == "Reconstructions, E on the left"
    assert vae_figures.comparison_rows(DIGITS[:10], decoded, range(10))._suptitle.get_text() == (
        "Reconstructions side by side"
    )


def test_sample_grid_titles_each_image_with_its_label():
    fig = vae_figures.sample_grid(DIGITS, np.arange(12) % 10, n_rows=2, n_cols=5)
    assert [[title for title, _ in row] for row in grid_of(fig)] == [
        ["0", "1", "2", "3", "4"],
        ["5", "6", "7", "8", "9"],
    ]
    assert fig._suptitle.get_text() == "The first 10 training images and their labels"


def test_manifolds_are_square_panels_side_by_side_with_few_unrotated_symmetric_ticks():
    grid = np.linspace(-1.6, 1.6, 20)
    fig = vae_figures.manifolds({"a": np.zeros((400, 784)), "b": np.ones((400, 784))}, grid, "The digit manifolds")
    fig.canvas.draw()
    assert [ax.get_title() for ax in fig.axes] == ["a", "b"]
    for ax in fig.axes:
        width, height = ax.get_window_extent().size
        assert width == pytest.approx(height, rel=0.02)
        for axis, values in ((ax.xaxis, grid), (ax.yaxis, grid[::-1])):
            ticks = axis.get_ticklocs()
            assert 4 <= len(ticks) <= 6 and list(ticks) == sorted(19 - ticks)  # symmetric about the grid's middle
            labels = axis.get_ticklabels()
            assert [label.get_text() for label in labels] == [
                f"{values[int(t)]:.1f}".replace("-", "\N{MINUS SIGN}") for t in ticks
            ]
            assert all(label.get_rotation() == 0 and label.get_fontsize() >= MIN_FONT_SIZE for label in labels)
        assert smallest_font_size(ax.xaxis.label) >= MIN_FONT_SIZE and ax.xaxis.label.get_text().startswith("$z_1$")
    odd = vae_figures.manifolds({"a": np.zeros((441, 784))}, np.linspace(-1.6, 1.6, 21), "The digit manifold")
    assert list(odd.axes[0].get_xticks()) == [0, 5, 10, 15, 20]


def test_latent_maps_colour_the_digits_with_the_one_digit_map_and_share_one_colour_bar():
    fig = vae_figures.latent_maps({"a": np.zeros((10, 2)), "b": np.ones((10, 2))}, np.arange(10), "Codes")
    *panels, bar = fig.axes
    assert [ax.get_title() for ax in panels] == ["a", "b"] and bar.get_ylabel() == "digit"  # one colour bar
    for ax in panels:
        points = ax.collections[0]
        assert points.get_cmap().name == DIGIT_CMAP and points.get_clim() == (-0.5, 9.5)


def test_early_stopping_run_draws_both_losses_the_rate_steps_and_the_restored_epoch():
    run = history(30) | {"learning_rate": [1e-3] * 10 + [5e-4] * 20}
    fig = vae_figures.early_stopping_run(run, 22, "All the data")
    left, right = fig.axes
    assert [line.get_linestyle() for line in left.get_lines()[:2]] == ["-", "--"]
    assert left.get_lines()[0].get_xdata()[0] == 2 and right.get_yscale() == "log"
    assert [t.get_text() for t in right.get_yticklabels()] == ["1", "1/2"]  # halved once
    for ax in (left, right):
        assert any(list(line.get_xdata()) == [22, 22] for line in ax.get_lines())  # the best epoch, marked
    assert "best epoch (22)" in " ".join(t.get_text() for t in left.get_legend().get_texts())


def test_early_stopping_run_rejects_a_history_without_rates_or_a_best_epoch_outside_it():
    with pytest.raises(
        ValueError, match=r"lacks \['learning_rate'\]: train with validation data and ReduceLROnPlateau"
    ):
        vae_figures.early_stopping_run(history(5), 3)
    with pytest.raises(ValueError, match=r"best_epoch 6 is outside the history's epochs 1..5"):
        vae_figures.early_stopping_run(history(5) | {"learning_rate": [1e-3] * 5}, 6)


def test_paired_differences_draw_a_row_per_comparison_around_zero_first_on_top():
    rows = {"wide − small\ntest −ELBO": (-0.4, -0.9, 0.1), "all data − 20,000\nIW bound": (-4.0, -4.5, -3.5)}
    fig = vae_figures.paired_differences(rows, "Test scores compared")
    (ax,) = fig.axes
    assert [t.get_text() for t in ax.get_yticklabels()] == list(rows)
    ticks = ax.get_yticks()
    assert ticks[0] > ticks[1]  # the first comparison on top
    points = ax.lines[0]
    np.testing.assert_allclose(points.get_xdata(), [-0.4, -4.0])
    assert any(list(line.get_xdata()) == [0, 0] for line in ax.get_lines())  # the zero line
    with pytest.raises(ValueError, match="at least one row"):
        vae_figures.paired_differences({})


def test_overfitting_keeps_the_architectures_colours_with_error_bars():
    fig = vae_figures.overfitting({"a": history(3), "b": history(3)}, {"a": (1.0, 0.5, 1.5), "b": (1.0, 0.5, 1.5)})
    (ax,) = fig.axes
    cycle = [style["color"] for style in matplotlib.rcParams["axes.prop_cycle"]][:2]
    assert [line.get_color() for line in ax.get_lines()[:2]] == cycle  # as in loss_curves: the bars take no style
