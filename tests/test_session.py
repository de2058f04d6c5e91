"""Named seeds: derived from one seed, distinct, repeatable, valid wherever a seed is taken."""

import pytest

from utils.lesson.session import named_seeds

NAMES = ["weights", "noise", "copies"]


def test_named_seeds_repeat_and_differ():
    seeds = named_seeds(0, NAMES)
    assert list(seeds) == NAMES and seeds == named_seeds(0, NAMES)
    assert len(set(seeds.values())) == len(NAMES)
    assert all(isinstance(s, int) and 0 <= s < 2**31 for s in seeds.values())
    assert set(seeds.values()).isdisjoint(named_seeds(1, NAMES).values())


def test_adding_a_name_keeps_the_earlier_seeds():
    assert named_seeds(7, [*NAMES, "more"])["noise"] == named_seeds(7, NAMES)["noise"]


def test_repeated_names_are_rejected():
    with pytest.raises(ValueError, match="distinct"):
        named_seeds(0, ["weights", "weights"])
