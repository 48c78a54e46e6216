"""Tests of the representation registry, parameter validation and FeatureMatrix."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from rdkit import Chem

from chemviz.molecules import MoleculeSet
from chemviz.representations import REPRESENTATIONS, FeatureMatrix, featurize, get_representation

SMILES = ["CCO", "c1ccccc1", "CC(=O)O", "CCN(CC)CC"]


def molecule_set(smiles) -> MoleculeSet:
    mols = [Chem.MolFromSmiles(s) for s in smiles]
    return MoleculeSet(
        smiles=[Chem.MolToSmiles(m) for m in mols],
        mols=mols,
        names=[f"<b>{s}</b>" for s in smiles],
        properties=pd.DataFrame({"y": np.arange(len(mols), dtype=float)}),
    )


@pytest.fixture(scope="module")
def molecules():
    return molecule_set(SMILES)


def test_registry_lists_the_issue_representations():
    """Check that the registry holds exactly the eight representations of the issue."""
    assert list(REPRESENTATIONS) == [
        "morgan", "rdkit", "maccs", "atompair", "torsion", "descriptors", "autocorrelation",
        "coulomb",
    ]  # fmt: skip
    assert [r.name for r in REPRESENTATIONS.values() if r.needs_3d] == ["coulomb"]


@pytest.mark.parametrize("name", list(REPRESENTATIONS))
def test_every_entry_is_self_describing(name):
    """Check that labels, descriptions and every parameter's default, range and help exist."""
    rep = REPRESENTATIONS[name]
    assert rep.label and rep.description and "\n" not in rep.description
    assert rep.kind in ("binary", "count", "real")
    for p in rep.params:
        assert p.label and p.help and p.kind in ("int", "choice", "bool")
        assert p.validate(p.default) == p.default
        if p.kind == "int":
            low, high, step = p.bounds
            assert low <= p.default <= high and step > 0
        if p.kind == "choice":
            assert p.default in p.choices


def test_morgan_defaults_are_ecfp4_2048():
    """Check the documented Morgan defaults: radius 2, 2048 bits, bits not counts."""
    assert get_representation("morgan").defaults() == {
        "radius": 2, "n_bits": 2048, "counts": False, "chirality": False, "features": False,
    }  # fmt: skip
    assert REPRESENTATIONS["morgan"].params[1].choices == (256, 512, 1024, 2048, 4096)


@pytest.mark.parametrize("name", list(REPRESENTATIONS))
def test_every_representation_featurizes_a_small_set(molecules, name):
    """Check that rows, names and kind are consistent for every representation's defaults."""
    fm = featurize(molecules, name)
    assert fm.values.shape == (len(SMILES), len(fm.names))
    np.testing.assert_array_equal(fm.rows, np.arange(len(SMILES)))
    assert fm.kind == REPRESENTATIONS[name].kind
    assert fm.representation == name and fm.params == REPRESENTATIONS[name].defaults()
    assert np.isfinite(fm.values.astype(float)).all()


@pytest.mark.parametrize(
    "name, params, message",
    [
        ("ecfp", {}, "Unknown representation 'ecfp'; choose one of: morgan, rdkit, maccs"),
        ("morgan", {"radius": 5}, "radius must be between 1 and 4"),
        ("morgan", {"radius": 2.5}, "radius must be a whole number"),
        ("morgan", {"n_bits": 1000}, "n_bits must be one of: 256, 512, 1024, 2048, 4096"),
        ("morgan", {"counts": "yes"}, "counts must be True or False"),
        ("morgan", {"diameter": 4}, "has no parameter diameter; its parameters are: radius"),
        ("maccs", {"n_bits": 1024}, "has no parameter n_bits; its parameters are: none"),
        ("rdkit", {"n_bits": 4096}, "n_bits must be one of: 1024, 2048"),
        ("autocorrelation", {"depth": 7}, "depth must be between 1 and 6"),
        ("coulomb", {"form": "matrix"}, "form must be one of: eigenvalues, sorted_matrix"),
        ("coulomb", {"max_atoms": 85}, "between 20 and 120 in steps of 10"),
    ],
)
def test_invalid_choices_raise_readable_errors(molecules, name, params, message):
    """Check that bad names and parameters raise ValueError listing what is allowed."""
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        featurize(molecules, name, **params)


def test_empty_set_raises():
    """Check that featurizing an empty set asks the user to load molecules."""
    empty = MoleculeSet(smiles=[], mols=[], names=[], properties=pd.DataFrame({"y": []}))
    with pytest.raises(ValueError, match="empty; load a dataset"):
        featurize(empty, "morgan")


@pytest.mark.parametrize(
    "name, param, text, value",
    [
        ("morgan", "n_bits", "1024", 1024),
        ("morgan", "counts", "true", True),
        ("morgan", "chirality", "0", False),
        ("autocorrelation", "depth", "5", 5),
        ("coulomb", "form", "sorted_matrix", "sorted_matrix"),
    ],
)
def test_params_parse_url_text(name, param, text, value):
    """Check that text from a URL query becomes the typed, validated value."""
    p = next(p for p in REPRESENTATIONS[name].params if p.name == param)
    assert p.parse(text) == value


@pytest.mark.parametrize(
    "text, message", [("two", "radius must be a whole number"), ("9", "between 1 and 4")]
)
def test_param_parse_rejects_bad_text(text, message):
    """Check that unparseable or out-of-range URL text raises a readable ValueError."""
    radius = REPRESENTATIONS["morgan"].params[0]
    with pytest.raises(ValueError, match=message):
        radius.parse(text)


def test_describe_gives_a_one_line_summary():
    """Check the sidebar summary of a representation and its parameters."""
    text = get_representation("morgan").describe({"radius": 3})
    assert text == "Morgan (ECFP/FCFP): radius 3, bits 2048"
    text = get_representation("morgan").describe({"counts": True})
    assert text == "Morgan (ECFP/FCFP): radius 2, bits 2048, counts"


def test_feature_matrix_to_frame_and_read_only(molecules):
    """Check the CSV table (name, SMILES, features) and that values cannot be modified."""
    fm = featurize(molecules, "maccs")
    frame = fm.to_frame(molecules)
    assert list(frame.columns[:3]) == ["name", "smiles", fm.names[0]]
    assert frame["smiles"].tolist() == molecules.smiles
    np.testing.assert_array_equal(frame[fm.names].to_numpy(), fm.values)
    with pytest.raises(ValueError, match="read-only"):
        fm.values[0, 0] = 1


def test_feature_matrix_checks_its_shape():
    """Check that inconsistent names or rows are refused."""
    with pytest.raises(ValueError, match="2 names for 3 columns"):
        FeatureMatrix(np.zeros((1, 3)), ["a", "b"], "real", np.array([0]))
    with pytest.raises(ValueError, match="2 row indices for 1 rows"):
        FeatureMatrix(np.zeros((1, 1)), ["a"], "real", np.array([0, 1]))


@pytest.mark.parametrize(
    "param, value, expected",
    [(0, np.int64(3), 3), (1, np.int64(1024), 1024), (2, np.bool_(True), True)],
)
def test_numpy_scalars_are_accepted_as_plain_values(param, value, expected):
    """Check that NumPy scalars (e.g. from a slider over an array) validate to plain Python."""
    result = REPRESENTATIONS["morgan"].params[param].validate(value)
    assert result == expected and type(result) is type(expected)


def test_true_is_not_a_radius():
    """Check that a bool is refused where a whole number is expected."""
    with pytest.raises(ValueError, match="radius must be a whole number"):
        REPRESENTATIONS["morgan"].params[0].validate(True)
