"""The shared parameter type: the values it offers, how it shows and checks them."""

from __future__ import annotations

import math

import pytest

from chemviz.complexity import MODELS
from chemviz.kernels import KERNELS
from chemviz.networks import SETTINGS
from chemviz.params import Param
from chemviz.representations import REPRESENTATIONS


def test_a_whole_number_with_a_step_offers_each_multiple_between_its_bounds():
    """Check 20…120 in steps of 10 offers the eleven values 20, 30, …, 120."""
    atoms = Param("max_atoms", "cap", 80, kind="int", low=20, high=120, step=10)
    assert atoms.values() == (20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120)


def test_a_log_grid_lands_on_half_decades():
    """Check 19 log-spaced points from 1e-6 to 1e3 are 10^(-6 + k/2), k = 0…18."""
    lam = Param("lam", "λ", low=1e-6, high=1e3, log=True, points=19)
    expected = [10 ** (-6 + k / 2) for k in range(19)]
    assert all(
        math.isclose(a, b, rel_tol=1e-12) for a, b in zip(lam.values(), expected, strict=True)
    )
    assert len(lam.values()) == 19


def test_a_whole_number_log_grid_is_rounded_and_deduplicated():
    """Check 12 log points from 1 to 50 are 50^(k/11) rounded, once each (worked by hand)."""
    k = Param("n_neighbors", "k", kind="int", low=1, high=50, log=True, points=12)
    # 50^(k/11) = 1, 1.43, 2.04, 2.91, 4.15, 5.92, 8.44, 12.0, 17.2, 24.5, 35.0, 50
    assert k.values() == (1, 2, 3, 4, 6, 8, 12, 17, 25, 35, 50)


def test_nearest_measures_distance_in_log_on_a_log_axis():
    """Check 7 is nearest 4 and 35 nearest 64 among (1, 4, 16, 64): ratios, not differences."""
    width = Param("width", "units", kind="int", low=1, high=64, log=True, stops=(1, 4, 16, 64))
    assert width.nearest(7) == 4.0  # 7/4 = 1.75 < 16/7 = 2.29
    assert width.nearest(35) == 64.0  # 64/35 = 1.83 < 35/16 = 2.19
    linear = Param("width", "units", kind="int", low=1, high=64, stops=(1, 4, 16, 64))
    assert linear.nearest(35) == 16.0  # 35 − 16 = 19 < 64 − 35 = 29


def test_format_uses_the_words_for_special_values_only():
    """Check batch 0 reads "all (GD)", 32 reads "32", and False is not mistaken for 0."""
    batch = SETTINGS["batch_size"]
    assert [batch.format(b) for b in (0, 1, 32)] == ["all (GD)", "1 (SGD)", "32"]
    off = Param("patience", "p", kind="int", low=0, high=5, labels=((0, "off"),))
    assert off.format(False) == "False"
    assert Param("lr", "η", low=0.0, high=1.0, stops=(0.001,)).format(0.001) == "0.001"


@pytest.mark.parametrize(
    "param, value, message",
    [
        (Param("a", "a", kind="int", low=20, high=120, step=10), 25, "in steps of 10"),
        (Param("a", "a", kind="int", low=1, high=4), 2.5, "a must be a whole number"),
        (Param("a", "a", kind="int", low=1, high=4), True, "a must be a whole number"),
        (Param("s", "s", low=0.01, high=1000.0, points=3), float("nan"), "between 0.01 and 1000"),
        (Param("s", "s", low=0.01, high=1000.0, points=3), 1e4, "between 0.01 and 1000"),
        (Param("s", "s", low=0.01, high=1000.0, points=3), "1", "s must be a number"),
        (Param("f", "f", kind="choice", choices=("x", "y")), "z", "one of: x, y"),
    ],
)
def test_validate_refuses_what_the_parameter_does_not_allow(param, value, message):
    """Check each out-of-range, off-grid or wrongly typed value is refused with its reason."""
    with pytest.raises(ValueError, match=message):
        param.validate(value)


def test_parse_reads_a_real_number_from_text():
    """Check "0.5" and "2e1" parse to 0.5 and 20, and "abc" is refused as not a number."""
    sigma = Param("sigma", "σ", low=0.01, high=1000.0, points=5)
    assert (sigma.parse("0.5"), sigma.parse("2e1")) == (0.5, 20.0)
    with pytest.raises(ValueError, match="must be a number"):
        sigma.parse("abc")


@pytest.mark.parametrize(
    "facts, message",
    [
        ({"kind": "int"}, "needs its bounds"),
        ({"kind": "choice"}, "needs its choices"),
        ({"kind": "text"}, "unknown kind"),
    ],
)
def test_a_parameter_missing_its_values_is_refused_when_declared(facts, message):
    """Check a number without bounds, a choice without choices and an unknown kind are refused."""
    with pytest.raises(ValueError, match=message):
        Param("p", "p", **facts)


def test_a_real_number_without_a_grid_has_no_values_to_offer():
    """Check a float with bounds but no stops or points cannot list its values."""
    with pytest.raises(ValueError, match="needs stops or points"):
        Param("c", "c", low=0.0, high=1.0).values()


def _registry_params():
    for rep in REPRESENTATIONS.values():
        yield from rep.params
    for kernel in KERNELS.values():
        yield from kernel.params
    for fam in MODELS.values():
        yield from fam.knobs
    yield from SETTINGS.values()


def test_every_registry_declares_its_settings_as_one_parameter_type():
    """Check representations, kernels, model families and network settings all use Param."""
    params = list(_registry_params())
    assert len(params) > 25
    assert all(type(p) is Param for p in params)


def test_every_default_is_among_the_values_its_widget_offers():
    """Check each registry default (a σ width aside: its stops are steps) is offered."""
    for p in _registry_params():
        if p.default is not None and not p.median_steps:
            assert p.default in p.values(), p.name


def test_every_complexity_knob_says_which_way_is_more_complex():
    """Check every model family's knob states its direction (the curve's U is mirrored by it)."""
    assert all(k.more_is_complex is not None for fam in MODELS.values() for k in fam.knobs)
