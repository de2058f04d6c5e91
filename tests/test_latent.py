"""Latent paths and grids, Gaussian-quantile grids, and the nearest-centre share."""

from statistics import NormalDist

import numpy as np
import pytest

from utils.lesson.latent import (
    digit_centres,
    digit_near,
    gaussian_grid,
    grid_points,
    latent_path,
    nearest_centre,
    nearest_centre_share,
)


def test_path_runs_from_start_to_end_in_equal_steps():
    path = latent_path([0, 0], [4, -2], 5)
    assert path.shape == (5, 2) and path.dtype == np.float32
    assert np.allclose(path[0], [0, 0]) and np.allclose(path[-1], [4, -2])
    assert np.allclose(np.diff(path, axis=0), [1, -0.5])


def test_path_needs_two_points():
    with pytest.raises(ValueError, match="at least 2 points"):
        latent_path([0, 0], [1, 1], 1)


def test_grid_is_row_by_row_in_the_given_order():
    points = grid_points([1, 2, 3], [10, 20])
    assert points.tolist() == [[1, 10], [2, 10], [3, 10], [1, 20], [2, 20], [3, 20]]
    assert points.reshape(2, 3, 2)[1, 0].tolist() == [1, 20]


def test_gaussian_grid_sits_on_evenly_spaced_normal_quantiles():
    grid = gaussian_grid(20)
    assert grid.shape == (20,) and grid.dtype == np.float32
    assert np.all(np.diff(grid) > 0)  # strictly rising
    np.testing.assert_allclose(grid, -grid[::-1], atol=1e-6)  # symmetric about 0
    cdf = np.array([NormalDist().cdf(float(v)) for v in grid])
    np.testing.assert_allclose(cdf, np.linspace(0.05, 0.95, 20), atol=1e-6)
    np.testing.assert_allclose(gaussian_grid(3), [-1.6448536, 0.0, 1.6448536], atol=1e-6)
    low, high = gaussian_grid(2, low=0.25, high=0.75)
    assert low == pytest.approx(-0.6744898) and high == pytest.approx(0.6744898)


def test_manifold_points_run_row_by_row_with_z2_falling():
    grid = gaussian_grid(4)
    points = grid_points(grid, grid[::-1]).reshape(4, 4, 2)
    assert np.all(points[0, :, 1] == grid[-1]) and np.all(points[-1, :, 1] == grid[0])  # top row: highest z_2
    assert np.all(points[:, 0, 0] == grid[0]) and np.all(points[:, -1, 0] == grid[-1])  # left column: lowest z_1


def test_nearest_centre_share():
    labels = np.repeat(np.arange(10), 5)
    centres = np.stack([np.cos(labels * 0.6), np.sin(labels * 0.6)], axis=1) * 10
    codes = centres + np.random.default_rng(0).normal(scale=0.1, size=centres.shape)
    np.testing.assert_array_equal(nearest_centre_share(codes, labels), np.ones(10))
    moved = codes.copy()
    moved[labels == 4] = centres[labels == 9][0]  # every 4 sits on the 9s: nearer their centre
    shares = nearest_centre_share(moved, labels)
    assert shares[9] < 1.0 and shares[0] == 1.0
    with pytest.raises(ValueError, match=r"no image of digit\(s\) \[9\]"):
        nearest_centre_share(codes[labels < 9], labels[labels < 9])
    with pytest.raises(ValueError, match="expected codes"):
        nearest_centre_share(codes[:3], labels)


def test_digit_centres_and_the_nearest_one():
    labels = np.repeat(np.arange(10), 2)
    codes = np.stack([labels * 10.0 + np.tile([-1.0, 1.0], 10), np.zeros(20)], axis=1)  # digit d around (10 d, 0)
    centres = digit_centres(codes, labels)
    np.testing.assert_array_equal(centres, np.stack([np.arange(10) * 10.0, np.zeros(10)], axis=1))
    np.testing.assert_array_equal(nearest_centre([[31.0, 2.0], [-5.0, 0.0], [96.0, 0.0]], centres), [3, 0, 9])
    with pytest.raises(ValueError, match="expected codes"):
        digit_centres(codes[:, 0], labels)


def test_digit_near_is_the_commonest_label_among_the_nearest_codes():
    codes = np.array([[0.0, 0.0], [0.1, 0.0], [0.2, 0.0], [5.0, 5.0], [5.1, 5.0]])
    labels = np.array([7, 7, 1, 3, 3])
    points = np.array([[0.05, 0.0], [5.0, 5.1], [2.0, 2.0]])
    np.testing.assert_array_equal(digit_near(points, codes, labels, count=3), [7, 3, 7])
    # one nearest code: the label of the closest; a tie between labels goes to the smaller digit
    np.testing.assert_array_equal(digit_near(points, codes, labels, count=1), [7, 3, 1])
    np.testing.assert_array_equal(digit_near(points[:1], codes[[2, 3]], np.array([3, 1]), count=2), [1])


def test_digit_near_refuses_mismatched_shapes_and_counts():
    codes, labels = np.zeros((4, 2)), np.zeros(4, dtype=int)
    with pytest.raises(ValueError, match="expected points"):
        digit_near(np.zeros((2, 3)), codes, labels)
    with pytest.raises(ValueError, match="count must be from 1 to the 4 codes, got 5"):
        digit_near(np.zeros((2, 2)), codes, labels, count=5)
