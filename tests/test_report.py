"""The README generator: tables from results, and loud failure on a README without markers."""

import pytest

from utils import report


def test_markdown_table():
    assert report._table(("a", "b"), [(1, 2)]) == "| a | b |\n|---|---|\n| 1 | 2 |"


def test_update_rewrites_only_between_markers(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("intro\n" + report.generated("x", "old") + "\noutro\n")
    report.update_readme(readme, {"x": lambda: "new | table"})
    assert readme.read_text() == "intro\n" + report.generated("x", "new | table") + "\noutro\n"


def test_missing_markers_are_an_error(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("no markers here\n")
    with pytest.raises(ValueError, match="lacks the markers of the generated section 'x'"):
        report.update_readme(readme, {"x": lambda: "table"})


def test_autoencoder_section_reads_the_required_keys():
    text = report.autoencoder_section(
        {
            "max_wrong_pixels": 0,
            "total_wrong_pixels": 0,
            "seeds": 10,
            "seeds_zero_pixels": 9,
            "seeds_at_most_one_pixel": 10,
        }
    )
    assert "| seeds reaching 0 wrong pixels | 9 / 10 |" in text
