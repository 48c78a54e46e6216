"""Graph autocorrelations (Moreau–Broto; the full-scope "RACs" of Janet and Kulik).

An autocorrelation summarises how an atomic property P is distributed over
the molecular graph: for each topological distance d it adds up P_i·P_j over
all pairs of atoms d bonds apart. Five properties × a few depths give a
short, fixed-length, size-aware vector that sees the whole topology.
"""

from __future__ import annotations

import numpy as np
from rdkit import Chem

from chemviz.representations.base import FeatureMatrix, Progress, Rejection, report_progress

# For st.latex on the page; the same sums as autocorrelation_vector's Notes.
EQUATION = (
    r"AC(P, d) = \sum_i \sum_j P_i P_j \, \delta(d_{ij}, d), \qquad "
    r"D(P, d) = \sum_i \sum_j \lvert P_i - P_j \rvert \, \delta(d_{ij}, d)"
)

PROPERTIES = ("chi", "Z", "T", "I", "S")
# |I_i − I_j| = |1 − 1| is zero for every pair, so identity has no difference columns.
DIFFERENCE_PROPERTIES = ("chi", "Z", "T", "S")

# Pauling electronegativities, as tabulated in the CRC Handbook of Chemistry and
# Physics (86th ed., 2005, section 9, "Electronegativity": Pauling 1960 and Allred
# 1961, most common oxidation state). RDKit has no electronegativities. Elements
# without a value (noble gases except Xe, Pm, Eu, Tb, Yb, Z > 94) are not
# guessed: a molecule containing one is rejected with the element named.
# fmt: off
PAULING_ELECTRONEGATIVITY = {
    "H": 2.20, "Li": 0.98, "Be": 1.57, "B": 2.04, "C": 2.55, "N": 3.04, "O": 3.44,
    "F": 3.98, "Na": 0.93, "Mg": 1.31, "Al": 1.61, "Si": 1.90, "P": 2.19, "S": 2.58,
    "Cl": 3.16, "K": 0.82, "Ca": 1.00, "Sc": 1.36, "Ti": 1.54, "V": 1.63, "Cr": 1.66,
    "Mn": 1.55, "Fe": 1.83, "Co": 1.88, "Ni": 1.91, "Cu": 1.90, "Zn": 1.65, "Ga": 1.81,
    "Ge": 2.01, "As": 2.18, "Se": 2.55, "Br": 2.96, "Rb": 0.82, "Sr": 0.95, "Y": 1.22,
    "Zr": 1.33, "Nb": 1.6, "Mo": 2.16, "Tc": 2.10, "Ru": 2.2, "Rh": 2.28, "Pd": 2.20,
    "Ag": 1.93, "Cd": 1.69, "In": 1.78, "Sn": 1.96, "Sb": 2.05, "Te": 2.1, "I": 2.66,
    "Xe": 2.60, "Cs": 0.79, "Ba": 0.89, "La": 1.10, "Ce": 1.12, "Pr": 1.13, "Nd": 1.14,
    "Sm": 1.17, "Gd": 1.20, "Dy": 1.22, "Ho": 1.23, "Er": 1.24, "Tm": 1.25, "Lu": 1.0,
    "Hf": 1.3, "Ta": 1.5, "W": 1.7, "Re": 1.9, "Os": 2.2, "Ir": 2.2, "Pt": 2.2, "Au": 2.4,
    "Hg": 1.9, "Tl": 1.8, "Pb": 1.8, "Bi": 1.9, "Po": 2.0, "At": 2.2, "Fr": 0.7, "Ra": 0.9,
    "Ac": 1.1, "Th": 1.3, "Pa": 1.5, "U": 1.7, "Np": 1.3, "Pu": 1.3,
}
# fmt: on


_PERIODIC_TABLE = Chem.GetPeriodicTable()
# Lookup tables indexed by atomic number, so a molecule's properties are one
# fancy-indexing step instead of a Python loop over atoms.
_CHI_BY_Z = np.full(119, np.nan)
for _symbol, _chi in PAULING_ELECTRONEGATIVITY.items():
    _CHI_BY_Z[_PERIODIC_TABLE.GetAtomicNumber(_symbol)] = _chi
_RADIUS_BY_Z = np.array([_PERIODIC_TABLE.GetRcovalent(z) for z in range(119)])


def column_names(depth: int) -> list[str]:
    """Names of the product columns (d = 0…depth) then the difference columns (d = 1…depth)."""
    product = [f"f-{p}-{d}-all" for p in PROPERTIES for d in range(depth + 1)]
    difference = [f"D_f-{p}-{d}-all" for p in DIFFERENCE_PROPERTIES for d in range(1, depth + 1)]
    return product + difference


def atomic_properties(atomic_numbers: np.ndarray, adjacency: np.ndarray) -> np.ndarray:
    """The five atomic properties of every atom of a molecule with explicit hydrogens.

    Parameters
    ----------
    atomic_numbers : numpy.ndarray of int, shape (n_atoms,)
    adjacency : numpy.ndarray, shape (n_atoms, n_atoms)
        1 where two atoms are bonded (``Chem.GetAdjacencyMatrix``).

    Returns
    -------
    numpy.ndarray, shape (5, n_atoms)
        Rows in the order of :data:`PROPERTIES`: Pauling electronegativity
        χ, nuclear charge Z, number of bonded neighbours T (hydrogens
        included), identity I = 1, covalent radius S in Å (Cordero et al.
        2008, from RDKit's periodic table).

    Raises
    ------
    ValueError
        If an element has no Pauling electronegativity in our table.
    """
    z = np.asarray(atomic_numbers, dtype=int)
    chi = _CHI_BY_Z[z]
    if np.isnan(chi).any():
        missing = sorted({_PERIODIC_TABLE.GetElementSymbol(int(k)) for k in z[np.isnan(chi)]})
        raise ValueError(
            f"contains {', '.join(missing)}, which has no Pauling electronegativity (chi) "
            "in chemviz's table, so its autocorrelations are undefined"
        )
    neighbours = adjacency.sum(axis=1)
    return np.array([chi, z, neighbours, np.ones(len(z)), _RADIUS_BY_Z[z]], dtype=float)


def autocorrelation_vector(mol: Chem.Mol, depth: int = 3) -> np.ndarray:
    """Full-scope product and difference autocorrelations of one molecule.

    Parameters
    ----------
    mol : rdkit.Chem.Mol
        Hydrogens implicit or explicit; they are made explicit here.
    depth : int
        Largest topological distance d, in bonds.

    Returns
    -------
    numpy.ndarray, shape (5 (depth + 1) + 4 depth,)
        In the order of :func:`column_names`.

    Raises
    ------
    ValueError
        If an element has no electronegativity (see :func:`atomic_properties`).

    Notes
    -----
    With d_ij the number of bonds on the shortest path between atoms i and
    j (so d_ii = 0), the product autocorrelation sums over *ordered* pairs:

        AC(P, d) = Σ_i Σ_j P_i P_j δ(d_ij, d),  so  AC(P, 0) = Σ_i P_i².

    The difference autocorrelation is defined on the same ordered pairs
    with an absolute value:

        D(P, d) = Σ_i Σ_j |P_i − P_j| δ(d_ij, d)   for d ≥ 1.

    Why the absolute value: Janet & Kulik's "deltametric" RACs use
    P_i − P_j with i a fixed start atom (a metal). Summed over all ordered
    pairs, the plain difference is identically zero (each pair (i, j) is
    cancelled by (j, i)), so a full-scope difference needs a sign-free
    form. |P_i − P_j| keeps the units of P and reads simply: "how much
    does P change between atoms d bonds apart". D(P, 0) and D(I, d) are
    always zero and are omitted. Atoms in different fragments of a salt are never connected,
    so they contribute nothing at any depth.

    Both sums are one matrix expression per depth: with the mask
    M_d = [d_ij = d], AC = Pᵀ M_d P and D = Σ M_d ∘ |P_i − P_j|.
    """
    molh = Chem.AddHs(mol)
    # AddHs appends the new hydrogens after the existing atoms, so Z is the
    # original atoms' numbers followed by ones (looping over every H is slow).
    heavy = [atom.GetAtomicNum() for atom in mol.GetAtoms()]
    z = np.concatenate([heavy, np.ones(molh.GetNumAtoms() - len(heavy))])
    props = atomic_properties(z, Chem.GetAdjacencyMatrix(molh))  # (5, n)
    distance = Chem.GetDistanceMatrix(molh)  # (n, n), in bonds; 1e8 between fragments
    masks = np.stack([distance == d for d in range(depth + 1)]).astype(float)  # (D, n, n)
    # Pᵀ M_d P for every property and depth at once: (5, n) @ (D, n, n) → (D, 5, n).
    product = ((props @ masks) * props).sum(axis=2).T  # (5, D)
    varying = props[[PROPERTIES.index(p) for p in DIFFERENCE_PROPERTIES]]  # (4, n)
    spread = np.abs(varying[:, :, None] - varying[:, None, :])  # (4, n, n)
    # Σ_ij |P_i − P_j| M_d,ij as one matrix product over the flattened pairs.
    difference = spread.reshape(len(varying), -1) @ masks[1:].reshape(depth, -1).T  # (4, depth)
    return np.concatenate([product.ravel(), difference.ravel()])


def autocorrelation(molecules, progress: Progress = None, depth: int = 3) -> FeatureMatrix:
    """Full-scope product and difference autocorrelations of every molecule.

    Parameters
    ----------
    molecules : chemviz.molecules.MoleculeSet
    progress : callable, optional
    depth : int
        Largest topological distance, in bonds (3 by default, up to 6).

    Returns
    -------
    FeatureMatrix
        Shape (n_kept, 9 depth + 5), kind ``"real"``; molecules with an
        element outside the electronegativity table are in ``rejected``.
    """
    names = column_names(depth)
    rows, kept, rejected = [], [], []
    for i, mol in enumerate(molecules.mols):
        try:
            rows.append(autocorrelation_vector(mol, depth))
            kept.append(i)
        except ValueError as exc:
            rejected.append(Rejection(i, molecules.names[i], str(exc)))
        report_progress(progress, i + 1, len(molecules))
    values = np.array(rows).reshape(len(rows), len(names))
    return FeatureMatrix(values, names, "real", np.array(kept, dtype=int), rejected)
