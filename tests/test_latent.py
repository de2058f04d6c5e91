"""Latent paths and grids."""

import numpy as np
import pytest

from utils.latent import grid_points, latent_path


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
