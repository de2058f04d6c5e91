"""Pixel errors at the assignment's 0.5 threshold."""

import numpy as np
import pytest

from utils.lesson.metrics import binarize, mean_interval, wilson_interval, wrong_pixels


def test_threshold_is_inclusive_at_one_half():
    assert binarize([0.49, 0.5, 0.51]).tolist() == [0, 1, 1]


def test_wrong_pixels_counts_per_character():
    x = np.array([[0, 1, 1, 0], [1, 1, 1, 1]], dtype="float32")
    x_hat = np.array([[0.1, 0.9, 0.4, 0.6], [0.9, 0.8, 0.7, 0.6]])
    assert wrong_pixels(x, x_hat).tolist() == [2, 0]


def test_shape_mismatch_is_an_error():
    with pytest.raises(ValueError, match="differ in shape"):
        wrong_pixels(np.zeros((2, 35)), np.zeros((2, 34)))


def test_non_binary_targets_are_an_error_not_truncated():
    with pytest.raises(ValueError, match="targets must be 0/1"):
        wrong_pixels(np.array([[0.7, 1.0]]), np.array([[0.9, 0.9]]))


def test_wilson_interval_matches_known_values_and_stays_in_the_unit_interval():
    low, high = wilson_interval(np.array([0.5, 0.0, 1.0]), 100)
    np.testing.assert_allclose(low, [0.4038, 0.0, 0.9630], atol=1e-4)
    np.testing.assert_allclose(high, [0.5962, 0.0370, 1.0], atol=1e-4)


@pytest.mark.parametrize(("rate", "samples"), [(1.5, 100), (-0.1, 100), (0.5, 0)])
def test_wilson_interval_refuses_impossible_rates_and_sample_counts(rate, samples):
    with pytest.raises(ValueError, match="rates in \\[0, 1\\]"):
        wilson_interval(rate, samples)


def test_mean_interval_is_the_mean_with_its_normal_95_percent_interval():
    values = np.array([1.0, 2.0, 3.0, 4.0])
    mean, low, high = mean_interval(values)
    half = 1.96 * np.std(values, ddof=1) / 2  # sqrt(4) items
    assert mean == 2.5 and np.isclose(low, 2.5 - half) and np.isclose(high, 2.5 + half)
    _, low, high = mean_interval(np.random.default_rng(0).normal(0.0, 1.0, 10_000) + 0.1)  # 0.1 is 5 standard errors
    assert 0 < low < 0.1 < high


@pytest.mark.parametrize("values", [[1.0], [1.0, np.nan], []])
def test_mean_interval_refuses_too_few_or_non_finite_values(values):
    with pytest.raises(ValueError, match="at least two finite values"):
        mean_interval(values)
