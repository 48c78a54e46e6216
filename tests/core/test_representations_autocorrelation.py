"""Tests of full-scope autocorrelations: by hand, against molSimplify and against all-pairs code."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from rdkit import Chem

from chemviz.datasets import load_dataset
from chemviz.representations import featurize
from chemviz.representations.autocorrelation import (
    DIFFERENCE_PROPERTIES,
    PROPERTIES,
    autocorrelation_vector,
    column_names,
)
from chemviz.representations.rac_tables import COVALENT_RADIUS, ELECTRONEGATIVITY
from tests.core.helpers import molecule_set

RAC_REFERENCE = Path(__file__).resolve().parents[1] / "data" / "rac_molsimplify.json"

# Atomic properties used in the hand calculations (χ Pauling, Z, T with H, S in Å,
# molSimplify's tables):
#   H: χ 2.20, Z 1, T 1, S 0.37     C (methane): χ 2.55, Z 6, T 4, S 0.77
#   O (water):  χ 3.44, Z 8, T 2, S 0.73


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
    "f-S-0-all": 0.77**2 + 4 * 0.37**2,  # 0.5929 + 0.5476 = 1.1405
    "f-S-1-all": 8 * 0.77 * 0.37,  # 8 × 0.2849 = 2.2792
    "f-S-2-all": 12 * 0.37**2,  # 12 × 0.1369 = 1.6428
    "absD_f-chi-1-all": 8 * (2.55 - 2.20),  # 8 × 0.35 = 2.8
    "absD_f-chi-2-all": 0.0,  # only H–H pairs: no difference
    "absD_f-Z-1-all": 8 * (6 - 1),  # 40
    "absD_f-T-1-all": 8 * (4 - 1),  # 24
    "absD_f-S-1-all": 8 * (0.77 - 0.37),  # 8 × 0.40 = 3.2
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
    "f-S-0-all": 0.73**2 + 2 * 0.37**2,  # 0.5329 + 0.2738 = 0.8067
    "absD_f-chi-1-all": 4 * (3.44 - 2.20),  # 4 × 1.24 = 4.96
    "absD_f-Z-1-all": 4 * (8 - 1),  # 28
    "absD_f-T-1-all": 4 * (2 - 1),  # 4
    "absD_f-T-2-all": 0.0,
    "absD_f-S-1-all": 4 * (0.73 - 0.37),  # 4 × 0.36 = 1.44
}

# Formaldehyde H2C=O: C (T 3), O (T 1), two H. d = 1: C–O, C–H, C–H; d = 2: O–H, O–H, H–H
# (3 unordered pairs each, 6 ordered).
FORMALDEHYDE = {
    "f-Z-0-all": 36 + 64 + 1 + 1,  # 102
    "f-Z-1-all": 2 * (6 * 8 + 6 * 1 + 6 * 1),  # 2 × 60 = 120
    "f-Z-2-all": 2 * (8 * 1 + 8 * 1 + 1 * 1),  # 2 × 17 = 34
    "f-T-1-all": 2 * (3 * 1 + 3 * 1 + 3 * 1),  # 18
    "f-chi-1-all": 2 * (2.55 * 3.44 + 2 * 2.55 * 2.20),  # 2 × (8.772 + 11.22) = 39.984
    "absD_f-Z-1-all": 2 * (abs(6 - 8) + 2 * abs(6 - 1)),  # 2 × 12 = 24
    "absD_f-Z-2-all": 2 * (2 * abs(8 - 1) + 0),  # 28
    "absD_f-T-1-all": 2 * (abs(3 - 1) + 2 * abs(3 - 1)),  # 12
    "absD_f-chi-1-all": 2 * (0.89 + 2 * 0.35),  # 2 × 1.59 = 3.18
    "absD_f-chi-2-all": 2 * (2 * 1.24),  # 4.96
}


@pytest.mark.parametrize("smiles, expected", [("C", METHANE), ("O", WATER), ("C=O", FORMALDEHYDE)])
def test_autocorrelations_match_hand_arithmetic(smiles, expected):
    """Check product and absolute-difference autocorrelations against sums worked by hand."""
    row = row_of(smiles)
    for name, value in expected.items():
        assert row[name] == pytest.approx(value), name


def test_salt_fragments_do_not_correlate():
    """Check that Na+ and Cl- (no bond) contribute only at d = 0."""
    row = row_of("[Na+].[Cl-]")
    assert row["f-Z-0-all"] == pytest.approx(11**2 + 17**2)  # 121 + 289 = 410
    assert row["f-Z-1-all"] == 0 and row["absD_f-Z-1-all"] == 0


# ---- the RAC authors' own numbers -------------------------------------------------------

REFERENCE = json.loads(RAC_REFERENCE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(REFERENCE["molecules"]))
def test_product_autocorrelations_equal_molsimplify(name):
    """Check all five properties at depths 0–3 against molSimplify's frozen full_autocorrelation."""
    entry = REFERENCE["molecules"][name]
    row = row_of(entry["smiles"], depth=3)
    assert row["f-I-0-all"] == entry["n_atoms_with_h"]  # the same graph, hydrogens included
    for prop in PROPERTIES:
        ours = [row[f"f-{prop}-{d}-all"] for d in range(4)]
        np.testing.assert_allclose(ours, entry[prop], rtol=1e-9, atol=0, err_msg=prop)


def test_molsimplify_reference_covers_what_the_issue_asks():
    """Check the fixture spans organics, halogens, P, S, Si and Pb/Hg organometallics."""
    symbols = {
        atom.GetSymbol()
        for entry in REFERENCE["molecules"].values()
        for atom in Chem.MolFromSmiles(entry["smiles"]).GetAtoms()
    }
    assert {"C", "N", "O", "F", "Cl", "Br", "I", "P", "S", "Si", "Pb", "Hg"} <= symbols
    assert len(REFERENCE["molecules"]) >= 15 and REFERENCE["depth"] == 3


# ---- the same sums, computed the slow and obvious ways ------------------------------------


def table_properties(molh: Chem.Mol) -> np.ndarray:
    """(5, n) properties of a molecule with explicit H, looked up atom by atom."""
    rows = [
        (
            ELECTRONEGATIVITY[a.GetSymbol()],
            a.GetAtomicNum(),
            a.GetDegree(),
            1.0,
            COVALENT_RADIUS[a.GetSymbol()],
        )
        for a in molh.GetAtoms()
    ]
    return np.array(rows, dtype=float).T


def naive_autocorrelations(smiles: str, depth: int) -> dict[str, float]:
    """A Python loop over the atom pairs of RDKit's distance matrix: the slow, obvious way."""
    molh = Chem.AddHs(Chem.MolFromSmiles(smiles))
    distance = Chem.GetDistanceMatrix(molh)
    props = dict(zip(PROPERTIES, table_properties(molh), strict=True))
    out = {}
    for name, p in props.items():
        for d in range(depth + 1):
            pairs = list(zip(*np.nonzero(distance == d), strict=True))
            out[f"f-{name}-{d}-all"] = sum(p[a] * p[b] for a, b in pairs)
            if d > 0 and name != "I":
                out[f"absD_f-{name}-{d}-all"] = sum(abs(p[a] - p[b]) for a, b in pairs)
    return out


@pytest.mark.parametrize(
    "smiles, depth", [("CC(=O)Oc1ccccc1C(=O)O", 3), ("ClCC(Br)C#N", 5), ("c1ccsc1", 6)]
)
def test_sums_equal_naive_pair_loops(smiles, depth):
    """Check the breadth-first sums against a double loop over all atom pairs."""
    row = row_of(smiles, depth)
    expected = naive_autocorrelations(smiles, depth)
    assert set(row) == set(expected)
    for name, value in expected.items():
        assert row[name] == pytest.approx(value), name


def dense_autocorrelations(mol: Chem.Mol, depth: int) -> np.ndarray:
    """chemviz's earlier all-pairs code: RDKit's full distance matrix and (depth, n, n) masks.

    Kept as the reference for the breadth-first version: the same numbers,
    but memory and time grow with the square (and the distance matrix with
    the cube) of the number of atoms.
    """
    molh = Chem.AddHs(mol)
    props = table_properties(molh)  # (5, n)
    distance = Chem.GetDistanceMatrix(molh)
    masks = np.stack([distance == d for d in range(depth + 1)]).astype(float)  # (D, n, n)
    product = ((props @ masks) * props).sum(axis=2).T  # (5, D)
    varying = props[[PROPERTIES.index(p) for p in DIFFERENCE_PROPERTIES]]
    spread = np.abs(varying[:, :, None] - varying[:, None, :])  # (4, n, n)
    difference = spread.reshape(len(varying), -1) @ masks[1:].reshape(depth, -1).T
    return np.concatenate([product.ravel(), difference.ravel()])


# Hydrogens every way RDKit can hold them: implicit, explicit counts ([nH], [NH4+]),
# isotopes kept as atoms ([2H]), H bonded to H, a bare proton, and fragments.
TRICKY = [
    "c1cc[nH]c1",
    "[NH4+].[Cl-]",
    "[2H]C([2H])([2H])O",
    "[H][H]",
    "[H+].[OH-]",
    "C1CC2CCC1C2",
    "O=S(=O)(O)c1ccc(cc1)[Hg]Cl",
]


@pytest.mark.parametrize("smiles", TRICKY)
@pytest.mark.parametrize("depth", [1, 3, 6])
def test_tricky_hydrogens_equal_the_all_pairs_code(smiles, depth):
    """Check molecules with explicit, isotopic and charged hydrogens against the dense code."""
    mol = Chem.MolFromSmiles(smiles)
    np.testing.assert_allclose(
        autocorrelation_vector(mol, depth), dense_autocorrelations(mol, depth), rtol=1e-12, atol=0
    )


@pytest.mark.parametrize(
    "name",
    [
        "freesolv",
        "solubility",
        pytest.param("lipophilicity", marks=pytest.mark.slow),
        pytest.param("aqsoldb", marks=pytest.mark.slow),
    ],
)
def test_bundled_datasets_equal_the_all_pairs_code(name):
    """Check every molecule of a bundled set against the dense all-pairs code, to rounding."""
    molecules = load_dataset(name)
    fm = featurize(molecules, "autocorrelation")
    assert len(fm.rows) + len(fm.rejected) == len(molecules)
    expected = np.array([dense_autocorrelations(molecules.mols[i], 3) for i in fm.rows])
    # Sums in another order: equal to a few units in the last place, not bit for bit.
    np.testing.assert_allclose(fm.values, expected, rtol=1e-12, atol=1e-12)


# ---- cost linear in the number of atoms -------------------------------------------------


def test_long_chain_counts_pairs_by_formula():
    """Check f-I-d-all of C₁₀₀₀H₂₀₀₂ against counts of paths in a tree, worked by hand.

    In a tree every path is the shortest one, so ordered pairs d bonds apart
    are twice the number of paths of length d. For the alkane CₙH₂ₙ₊₂:
    atoms 3n + 2; bonds 3n + 1; paths of length 2, one per pair of
    neighbours of a middle atom, Σ C(deg, 2) = 6n (each carbon has 4
    neighbours, each H one); paths of length 3, one per middle bond (u, v)
    and a further neighbour at each end, Σ (deg_u − 1)(deg_v − 1) = 9(n − 1)
    over the n − 1 C–C bonds (a C–H bond has no neighbour beyond the H).
    """
    n = 1000
    row = row_of("C" * n)
    assert [row[f"f-I-{d}-all"] for d in range(4)] == [
        3 * n + 2,  # 3,002
        2 * (3 * n + 1),  # 6,002
        2 * 6 * n,  # 12,000
        2 * 9 * (n - 1),  # 17,982
    ]


def test_long_chain_memory_stays_small():
    """Check that a 1,000-carbon chain (3,002 atoms) needs under 16 MB of numpy memory.

    The all-pairs code held a 3,002 × 3,002 distance matrix (72 MB) and
    (depth + 1) masks of that size; the pairs 1 to 3 bonds apart are 36,000 (above).
    """
    mol = Chem.MolFromSmiles("C" * 1000)
    tracemalloc.start()
    try:
        autocorrelation_vector(mol, 3)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 2**20


# ---- names and rejections ---------------------------------------------------------------


def test_column_names_and_count():
    """Check the naming scheme and that identity has no (always zero) difference columns."""
    names = column_names(6)
    assert len(names) == 9 * 6 + 5  # 5 properties × 7 depths + 4 properties × 6 depths
    assert names[:2] == ["f-chi-0-all", "f-chi-1-all"]
    # absD_, not molSimplify's D_ (signed, metal-centred deltametrics): a different quantity.
    assert "absD_f-chi-1-all" in names and "absD_f-chi-0-all" not in names
    assert not any(n.startswith("D_") or n.startswith("absD_f-I") for n in names)


def test_element_without_electronegativity_is_rejected_with_reason():
    """Check that argon (no tabulated χ) rejects its molecule and keeps the others."""
    molecules = molecule_set(["CCO", "[Ar]", "C"])
    fm = featurize(molecules, "autocorrelation")
    np.testing.assert_array_equal(fm.rows, [0, 2])
    assert len(fm.rejected) == 1
    index, name, reason = fm.rejected[0]
    assert (index, name) == (1, "[Ar]") and "Ar" in reason and "electronegativity" in reason
    assert fm.values[1, fm.names.index("f-Z-0-all")] == pytest.approx(40)  # methane, as above


def test_element_without_covalent_radius_is_rejected_with_reason():
    """Check that einsteinium (χ tabulated, no radius) is rejected for its size S."""
    fm = featurize(molecule_set(["CCO", "[Es]"]), "autocorrelation")
    np.testing.assert_array_equal(fm.rows, [0])
    assert "Es" in fm.rejected[0].reason and "covalent radius" in fm.rejected[0].reason


def test_all_rejected_raises_a_readable_error():
    """Check that a set with no usable molecule raises ValueError naming the problem."""
    with pytest.raises(ValueError, match="could not handle any.*Ar"):
        featurize(molecule_set(["[Ar]"]), "autocorrelation")
