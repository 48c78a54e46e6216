"""Tests of full-scope graph autocorrelations, worked by hand on tiny molecules."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from rdkit import Chem

from chemviz.representations import featurize
from chemviz.representations.autocorrelation import PAULING_ELECTRONEGATIVITY, column_names
from tests.core.helpers import molecule_set

# Atomic properties used in the hand calculations (χ Pauling, Z, T with H, S in Å):
#   H: χ 2.20, Z 1, T 1, S 0.31     C (methane): χ 2.55, Z 6, T 4, S 0.76
#   O (water):  χ 3.44, Z 8, T 2, S 0.66


def row_of(smiles: str, depth: int = 3) -> dict[str, float]:
    fm = featurize(molecule_set([smiles]), "autocorrelation", depth=depth)
    return dict(zip(fm.names, fm.values[0], strict=True))


# Methane CH4 with explicit H: 5 atoms; ordered pairs at d = 1: 8 (C–H and H–C);
# at d = 2: 12 (H–H, 4 × 3); nothing at d = 3.
METHANE = {
    "f-chi-0-all": 2.55**2 + 4 * 2.20**2,  # 6.5025 + 19.36 = 25.8625
    "f-chi-1-all": 8 * 2.55 * 2.20,  # 8 × 5.61 = 44.88
    "f-chi-2-all": 12 * 2.20**2,  # 12 × 4.84 = 58.08
    "f-chi-3-all": 0.0,
    "f-Z-0-all": 36 + 4 * 1,  # 40
    "f-Z-1-all": 8 * 6 * 1,  # 48
    "f-Z-2-all": 12 * 1 * 1,  # 12
    "f-T-0-all": 4**2 + 4 * 1**2,  # 16 + 4 = 20
    "f-T-1-all": 8 * 4 * 1,  # 32
    "f-T-2-all": 12 * 1 * 1,  # 12
    "f-I-0-all": 5,  # the number of atoms
    "f-I-1-all": 8,  # the number of ordered bonded pairs
    "f-I-2-all": 12,
    "f-S-0-all": 0.76**2 + 4 * 0.31**2,  # 0.5776 + 0.3844 = 0.962
    "f-S-1-all": 8 * 0.76 * 0.31,  # 8 × 0.2356 = 1.8848
    "f-S-2-all": 12 * 0.31**2,  # 12 × 0.0961 = 1.1532
    "D_f-chi-1-all": 8 * (2.55 - 2.20),  # 8 × 0.35 = 2.8
    "D_f-chi-2-all": 0.0,  # only H–H pairs: no difference
    "D_f-Z-1-all": 8 * (6 - 1),  # 40
    "D_f-T-1-all": 8 * (4 - 1),  # 24
    "D_f-S-1-all": 8 * (0.76 - 0.31),  # 8 × 0.45 = 3.6
}

# Water H2O: ordered pairs at d = 1: 4 (O–H, H–O); at d = 2: 2 (H–H).
WATER = {
    "f-chi-0-all": 3.44**2 + 2 * 2.20**2,  # 11.8336 + 9.68 = 21.5136
    "f-chi-1-all": 4 * 3.44 * 2.20,  # 4 × 7.568 = 30.272
    "f-chi-2-all": 2 * 2.20**2,  # 9.68
    "f-Z-0-all": 64 + 2,  # 66
    "f-Z-1-all": 4 * 8,  # 32
    "f-Z-2-all": 2,
    "f-T-0-all": 4 + 2,  # 6
    "f-T-1-all": 4 * 2,  # 8
    "D_f-chi-1-all": 4 * (3.44 - 2.20),  # 4 × 1.24 = 4.96
    "D_f-Z-1-all": 4 * (8 - 1),  # 28
    "D_f-T-1-all": 4 * (2 - 1),  # 4
    "D_f-T-2-all": 0.0,
}

# Formaldehyde H2C=O: C (T 3), O (T 1), two H. d = 1: C–O, C–H, C–H; d = 2: O–H, O–H, H–H
# (3 unordered pairs each, 6 ordered).
FORMALDEHYDE = {
    "f-Z-0-all": 36 + 64 + 1 + 1,  # 102
    "f-Z-1-all": 2 * (6 * 8 + 6 * 1 + 6 * 1),  # 2 × 60 = 120
    "f-Z-2-all": 2 * (8 * 1 + 8 * 1 + 1 * 1),  # 2 × 17 = 34
    "f-T-1-all": 2 * (3 * 1 + 3 * 1 + 3 * 1),  # 18
    "f-chi-1-all": 2 * (2.55 * 3.44 + 2 * 2.55 * 2.20),  # 2 × (8.772 + 11.22) = 39.984
    "D_f-Z-1-all": 2 * (abs(6 - 8) + 2 * abs(6 - 1)),  # 2 × 12 = 24
    "D_f-Z-2-all": 2 * (2 * abs(8 - 1) + 0),  # 28
    "D_f-T-1-all": 2 * (abs(3 - 1) + 2 * abs(3 - 1)),  # 12
    "D_f-chi-1-all": 2 * (0.89 + 2 * 0.35),  # 2 × 1.59 = 3.18
    "D_f-chi-2-all": 2 * (2 * 1.24),  # 4.96
}


@pytest.mark.parametrize("smiles, expected", [("C", METHANE), ("O", WATER), ("C=O", FORMALDEHYDE)])
def test_autocorrelations_match_hand_arithmetic(smiles, expected):
    """Check product and difference autocorrelations against sums worked by hand."""
    row = row_of(smiles)
    for name, value in expected.items():
        assert row[name] == pytest.approx(value), name


def test_salt_fragments_do_not_correlate():
    """Check that Na+ and Cl- (no bond) contribute only at d = 0."""
    row = row_of("[Na+].[Cl-]")
    assert row["f-Z-0-all"] == pytest.approx(11**2 + 17**2)  # 121 + 289 = 410
    assert row["f-Z-1-all"] == 0 and row["D_f-Z-1-all"] == 0


def naive_autocorrelations(smiles: str, depth: int) -> dict[str, float]:
    """A plain double loop over atom pairs: the slow, obvious reference."""
    molh = Chem.AddHs(Chem.MolFromSmiles(smiles))
    distance = Chem.GetDistanceMatrix(molh)
    table = Chem.GetPeriodicTable()
    props = {
        "chi": lambda a: PAULING_ELECTRONEGATIVITY[a.GetSymbol()],
        "Z": lambda a: a.GetAtomicNum(),
        "T": lambda a: a.GetDegree(),
        "I": lambda a: 1.0,
        "S": lambda a: table.GetRcovalent(a.GetAtomicNum()),
    }
    out = {}
    atoms = list(molh.GetAtoms())
    for name, p in props.items():
        for d in range(depth + 1):
            pairs = [
                (a, b)
                for a, b in itertools.product(atoms, atoms)
                if distance[a.GetIdx(), b.GetIdx()] == d
            ]
            out[f"f-{name}-{d}-all"] = sum(p(a) * p(b) for a, b in pairs)
            if d > 0 and name != "I":
                out[f"D_f-{name}-{d}-all"] = sum(abs(p(a) - p(b)) for a, b in pairs)
    return out


@pytest.mark.parametrize(
    "smiles, depth", [("CC(=O)Oc1ccccc1C(=O)O", 3), ("ClCC(Br)C#N", 5), ("c1ccsc1", 6)]
)
def test_vectorised_sums_equal_naive_pair_loops(smiles, depth):
    """Check the matrix formulation against a double loop over all atom pairs."""
    row = row_of(smiles, depth)
    expected = naive_autocorrelations(smiles, depth)
    assert set(row) == set(expected)
    for name, value in expected.items():
        assert row[name] == pytest.approx(value), name


def test_column_names_and_count():
    """Check the naming scheme and that identity has no (always zero) difference columns."""
    names = column_names(6)
    assert len(names) == 9 * 6 + 5  # 5 properties × 7 depths + 4 properties × 6 depths
    assert names[:2] == ["f-chi-0-all", "f-chi-1-all"]
    assert "D_f-chi-1-all" in names and "D_f-chi-0-all" not in names
    assert not any(n.startswith("D_f-I") for n in names)


def test_element_without_electronegativity_is_rejected_with_reason():
    """Check that argon (no Pauling value) rejects its molecule and keeps the others."""
    molecules = molecule_set(["CCO", "[Ar]", "C"])
    fm = featurize(molecules, "autocorrelation")
    np.testing.assert_array_equal(fm.rows, [0, 2])
    assert len(fm.rejected) == 1
    index, name, reason = fm.rejected[0]
    assert (index, name) == (1, "[Ar]") and "Ar" in reason and "electronegativity" in reason
    assert fm.values[1, fm.names.index("f-Z-0-all")] == pytest.approx(40)  # methane, as above


def test_all_rejected_raises_a_readable_error():
    """Check that a set with no usable molecule raises ValueError naming the problem."""
    with pytest.raises(ValueError, match="could not handle any.*Ar"):
        featurize(molecule_set(["[Ar]"]), "autocorrelation")
