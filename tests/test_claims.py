"""Claims: asserted where they are made, recorded (not asserted) for the margins sweep, margins computed."""

import json
import math

import pytest

from utils.report import claims as claims_module
from utils.report.claims import Claims, margin, margin_holds


@pytest.fixture
def out(figures_dir, monkeypatch):
    """The output root, with claims asserted (as a notebook runs them unless a sweep records them)."""
    monkeypatch.delenv(claims_module.MODE, raising=False)
    return figures_dir


def test_a_claim_that_holds_is_saved_with_its_value(out):
    c = Claims("01_autoencoder")
    assert c.check("exact", 0, "<=", 0, "0 wrong pixels") is None  # a cell ending with a claim shows nothing
    c.check("far", 0.48, ">", 0.4, "far from 0.5")
    assert c.save() == "01_autoencoder/claims.json"
    saved = json.loads((out / "01_autoencoder" / "claims.json").read_text())
    assert saved["far"] == {"statement": "far from 0.5", "value": 0.48, "op": ">", "threshold": 0.4, "asserted": True}
    assert list(saved) == ["exact", "far"]


def test_a_claim_that_fails_says_what_it_measured(out):
    with pytest.raises(
        AssertionError, match=r"claim 'E' does not hold: E below 0.175 \(measured 0.18, needs < 0.175\)"
    ):
        Claims("03_variational_autoencoder").check("E", 0.18, "<", 0.175, "E below 0.175")


@pytest.mark.parametrize("value", [None, math.nan, math.inf])
def test_a_value_that_measured_nothing_fails(out, value):
    with pytest.raises(AssertionError, match="does not hold"):
        Claims("01_autoencoder").check("reaches 0", value, "<=", 2000, "reaches 0 within 2000 epochs")


def test_an_observation_is_recorded_and_never_asserted(out):
    c = Claims("01_autoencoder")
    assert c.observe("sigmoid", 0, ">", 0, "sigmoid never reaches 0 wrong pixels") is None
    c.save()
    saved = json.loads((out / "01_autoencoder" / "claims.json").read_text())
    assert saved["sigmoid"]["asserted"] is False and saved["sigmoid"]["value"] == 0.0


def test_recording_keeps_a_failing_claim_and_saves_missing_values_as_null(out, monkeypatch):
    monkeypatch.setenv(claims_module.MODE, "record")
    c = Claims("01_autoencoder")
    c.check("low", 3, ">", 5, "above 5")
    c.check("never", None, "<=", 2000, "reaches 0")
    c.save()
    saved = json.loads((out / "01_autoencoder" / "claims.json").read_text())
    assert saved["low"]["value"] == 3.0 and saved["never"]["value"] is None


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: c.check("x", 1, "==", 1, "s"), "op must be one of"),
        (lambda c: c.check("", 1, ">", 0, "s"), "needs a name and a statement"),
        (lambda c: c.check("x", 1, ">", 0, ""), "needs a name and a statement"),
    ],
)
def test_bad_claims_are_errors(out, call, message):
    with pytest.raises(ValueError, match=message):
        call(Claims("01_autoencoder"))


def test_an_unknown_mode_is_an_error(out, monkeypatch):
    monkeypatch.setenv(claims_module.MODE, "off")
    with pytest.raises(ValueError, match="must be unset .* or 'record'"):
        Claims("01_autoencoder").check("x", 1, ">", 0, "s")


def test_margin_is_measured_from_the_worst_value():
    assert margin(">", 0.5, [0.61, 0.68]) == pytest.approx({"worst": 0.61, "spread": 0.07, "margin": 0.11})
    assert margin("<", 0.175, [0.1707, 0.1723]) == pytest.approx({"worst": 0.1723, "spread": 0.0016, "margin": 0.0027})
    assert margin("<=", 2000, [400, None])["margin"] == -math.inf


def test_the_house_rule_needs_twice_the_spread_beyond_the_worst_value():
    assert margin_holds(">", 0.4, [0.61, 0.68])  # margin 0.21 >= 2 x 0.07
    assert not margin_holds(">", 0.5, [0.61, 0.68])  # margin 0.11 < 0.14
    assert margin_holds("<=", 0, [0, 0, 0])  # an exact claim that never varied
    assert not margin_holds(">", 0, [0, 0])  # a strict claim needs a positive margin
    assert not margin_holds("<", 150, [74, 160])  # fails in one run
