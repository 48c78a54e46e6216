"""Graph autocorrelations: the full-scope revised autocorrelations (RACs) of Janet and Kulik.

An autocorrelation summarises how an atomic property P is distributed over
the molecular graph: for each topological distance d it adds up P_i·P_j over
all pairs of atoms d bonds apart (Moreau and Broto's idea, made into RACs by
Janet and Kulik). Five properties × a few depths give a short, fixed-length,
size-aware vector that sees the whole topology. The product columns
``f-P-d-all`` equal molSimplify's ``full_autocorrelation`` (the RAC authors'
own code), property tables included; the absolute-difference columns
``absD_f-P-d-all`` are chemviz's own (see :func:`autocorrelation_vector`).
"""

from __future__ import annotations

import numpy as np
from rdkit import Chem
from scipy import sparse

from chemviz.representations.base import FeatureMatrix, Progress, Rejection, report_progress
from chemviz.representations.rac_tables import COVALENT_RADIUS, ELECTRONEGATIVITY

# For st.latex on the page; the same sums as autocorrelation_vector's Notes.
EQUATION = (
    r"AC(P, d) = \sum_i \sum_j P_i P_j \, \delta(d_{ij}, d), \qquad "
    r"\mathrm{absD}(P, d) = \sum_i \sum_j \lvert P_i - P_j \rvert \, \delta(d_{ij}, d)"
)

PROPERTIES = ("chi", "Z", "T", "I", "S")
# |I_i − I_j| = |1 − 1| is zero for every pair, so identity has no difference columns.
DIFFERENCE_PROPERTIES = ("chi", "Z", "T", "S")
_DIFFERENCE_ROWS = [PROPERTIES.index(p) for p in DIFFERENCE_PROPERTIES]
# Molecules are batched into graphs of at most this many atoms (hydrogens
# included): big enough that numpy's per-call cost is shared by many small
# molecules, small enough that one batch's atom pairs stay a few tens of MB.
BATCH_ATOMS = 50_000

_PERIODIC_TABLE = Chem.GetPeriodicTable()
_ANY_BOND = Chem.MolFromSmarts("*~*")


def _by_atomic_number(table: dict[str, float]) -> np.ndarray:
    """A lookup array indexed by Z (NaN where the table has no value), for fancy indexing."""
    values = np.full(119, np.nan)
    for symbol, value in table.items():
        values[_PERIODIC_TABLE.GetAtomicNumber(symbol)] = value
    return values


_CHI_BY_Z = _by_atomic_number(ELECTRONEGATIVITY)
_RADIUS_BY_Z = _by_atomic_number(COVALENT_RADIUS)
_TABULATED = np.isfinite(_CHI_BY_Z + _RADIUS_BY_Z)  # elements with both χ and S


def column_names(depth: int) -> list[str]:
    """Product columns (d = 0…depth), then absolute-difference columns (d = 1…depth)."""
    product = [f"f-{p}-{d}-all" for p in PROPERTIES for d in range(depth + 1)]
    difference = [f"absD_f-{p}-{d}-all" for p in DIFFERENCE_PROPERTIES for d in range(1, depth + 1)]
    return product + difference


def molecular_graph(mol: Chem.Mol) -> tuple[np.ndarray, np.ndarray]:
    """Atoms and bonds of a molecule with every hydrogen as an atom of its own.

    Parameters
    ----------
    mol : rdkit.Chem.Mol
        Sanitised; hydrogens implicit, explicit, or both.

    Returns
    -------
    atomic_numbers : numpy.ndarray of int, shape (n_atoms,)
        The molecule's atoms in RDKit's order, then one 1 per added hydrogen.
    bonds : numpy.ndarray of int, shape (n_bonds, 2)
        Atom indices of each bond, once per bond.

    Notes
    -----
    The same graph as ``Chem.AddHs(mol)``: each atom's hydrogen count
    (``GetTotalNumHs``, what AddHs turns into atoms) becomes that many new
    atoms bonded to it. Building the arrays directly skips making the larger
    molecule, which on small molecules costs more than the sums themselves.
    """
    # Atoms by index (RDKit's Python atom sequence is the slow part of a loop over
    # mol.GetAtoms()) and bonds from one SMARTS match, a loop in C++: together
    # about twice as fast as iterating over GetAtoms() and GetBonds().
    atom = mol.GetAtomWithIdx
    n_atoms = mol.GetNumAtoms()
    atoms = [(atom(k).GetAtomicNum(), atom(k).GetTotalNumHs()) for k in range(n_atoms)]
    atoms = np.array(atoms, dtype=np.int64).reshape(-1, 2)
    # "*~*" matches each bond twice, once from each end; keep one direction.
    matches = mol.GetSubstructMatches(_ANY_BOND, uniquify=False, maxMatches=2 * mol.GetNumBonds())
    bonds = np.array(matches, dtype=np.int64).reshape(-1, 2)
    bonds = bonds[bonds[:, 0] < bonds[:, 1]]
    parents = np.repeat(np.arange(n_atoms), atoms[:, 1])
    hydrogens = np.arange(n_atoms, n_atoms + len(parents))
    atomic_numbers = np.concatenate([atoms[:, 0], np.ones(len(parents), dtype=np.int64)])
    bonds = np.concatenate([bonds, np.column_stack([parents, hydrogens])])
    return atomic_numbers, bonds


def atomic_properties(atomic_numbers: np.ndarray, degrees: np.ndarray) -> np.ndarray:
    """The five atomic properties of every atom of a molecule with explicit hydrogens.

    Parameters
    ----------
    atomic_numbers : numpy.ndarray of int, shape (n_atoms,)
    degrees : numpy.ndarray of int, shape (n_atoms,)
        Number of bonded neighbours of each atom, hydrogens included.

    Returns
    -------
    numpy.ndarray, shape (5, n_atoms)
        Rows in the order of :data:`PROPERTIES`: electronegativity χ
        (Pauling units), nuclear charge Z, number of bonded neighbours T,
        identity I = 1, covalent radius S in Å; χ and S from molSimplify's
        tables (:mod:`chemviz.representations.rac_tables`).

    Raises
    ------
    ValueError
        If an element has no electronegativity or no covalent radius in those tables.
    """
    z = np.asarray(atomic_numbers, dtype=int)
    chi, radius = _CHI_BY_Z[z], _RADIUS_BY_Z[z]
    for values, what in ((chi, "electronegativity (chi)"), (radius, "covalent radius (S)")):
        if np.isnan(values).any():
            missing = {_PERIODIC_TABLE.GetElementSymbol(int(k)) for k in z[np.isnan(values)]}
            raise ValueError(
                f"contains {', '.join(sorted(missing))}, which has no {what} in molSimplify's "
                "tables (the RAC authors'), so its autocorrelations are undefined"
            )
    return np.array([chi, z, degrees, np.ones(len(z)), radius], dtype=float)


def pairs_by_distance(n_atoms: int, bonds: np.ndarray, depth: int) -> list[np.ndarray]:
    """The ordered atom pairs 1, 2, …, depth bonds apart, by breadth-first search from every atom.

    Parameters
    ----------
    n_atoms : int
    bonds : numpy.ndarray of int, shape (n_bonds, 2)
    depth : int

    Returns
    -------
    list of numpy.ndarray, each of shape (2, n_pairs_d)
        Entry d − 1 holds every (i, j) with shortest path d_ij = d bonds,
        both (i, j) and (j, i).

    Notes
    -----
    With A the adjacency matrix and F_{d−1} the 0/1 matrix of pairs d − 1
    bonds apart (F_0 = I), the nonzeros of F_{d−1} A are the atoms one bond
    further out; dropping those already reached by a shorter path leaves
    F_d. All matrices are sparse, so the work is proportional to the number
    of pairs within ``depth`` bonds: linear in the number of atoms for a
    fixed depth (a chain of 5,000 carbons has 15,002 atoms, 225 million
    ordered pairs, but only about 180,000 of them within 3 bonds).
    """
    both = np.concatenate([bonds, bonds[:, ::-1]])
    adjacency = sparse.csr_array(
        (np.ones(len(both), dtype=bool), (both[:, 0], both[:, 1])), shape=(n_atoms, n_atoms)
    )
    # Boolean matrices: a product is True where some walk exists, and
    # "further > reached" keeps exactly the pairs that were not reached before.
    reached = frontier = sparse.eye_array(n_atoms, format="csr", dtype=bool)
    pairs = []
    for _ in range(depth):
        further = (frontier @ adjacency) > reached
        reached = reached + further  # logical or
        frontier = further
        coo = further.tocoo()
        pairs.append(np.vstack([coo.row, coo.col]))
    return pairs


def _autocorrelation_rows(graphs, depth: int) -> np.ndarray:
    """Autocorrelation vectors of many molecular graphs at once, shape (n_graphs, n_columns).

    The graphs are laid side by side as one disconnected graph (atom
    indices offset), so the breadth-first search and the sums run once per
    batch instead of once per molecule; a molecule's atoms reach only its
    own atoms, and each pair's terms are added to its molecule's row.
    """
    sizes = np.array([len(z) for z, _ in graphs])
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    z = np.concatenate([z for z, _ in graphs])
    bonds = np.concatenate([b + offset for (_, b), offset in zip(graphs, offsets, strict=True)])
    owner = np.repeat(np.arange(len(graphs)), sizes)  # which molecule each atom belongs to
    degrees = np.bincount(bonds.ravel(), minlength=len(z))
    props = atomic_properties(z, degrees)  # (5, n)

    def per_molecule(atoms, terms):
        return np.bincount(atoms, weights=terms, minlength=len(graphs))

    product = np.empty((len(PROPERTIES), depth + 1, len(graphs)))
    difference = np.empty((len(DIFFERENCE_PROPERTIES), depth, len(graphs)))
    for p in range(len(PROPERTIES)):
        product[p, 0] = per_molecule(owner, props[p] ** 2)
    for d, (i, j) in enumerate(pairs_by_distance(len(z), bonds, depth), start=1):
        molecule = owner[i]
        for p in range(len(PROPERTIES)):
            product[p, d] = per_molecule(molecule, props[p, i] * props[p, j])
        for q, p in enumerate(_DIFFERENCE_ROWS):
            difference[q, d - 1] = per_molecule(molecule, np.abs(props[p, i] - props[p, j]))
    n_graphs = len(graphs)
    return np.concatenate([product.reshape(-1, n_graphs), difference.reshape(-1, n_graphs)]).T


def autocorrelation_vector(mol: Chem.Mol, depth: int = 3) -> np.ndarray:
    """Full-scope product and absolute-difference autocorrelations of one molecule.

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
        If an element has no tabulated property (see :func:`atomic_properties`).

    Notes
    -----
    With d_ij the number of bonds on the shortest path between atoms i and
    j (so d_ii = 0), the product autocorrelation sums over *ordered* pairs:

        AC(P, d) = Σ_i Σ_j P_i P_j δ(d_ij, d),  so  AC(P, 0) = Σ_i P_i².

    These are Janet and Kulik's full-scope RACs (column ``f-P-d-all``) and
    equal molSimplify's ``full_autocorrelation``.

    The absolute-difference autocorrelation is chemviz's own construct,
    on the same ordered pairs:

        absD(P, d) = Σ_i Σ_j |P_i − P_j| δ(d_ij, d)   for d ≥ 1.

    It is *not* one of Janet and Kulik's RACs. Their "deltametrics" are
    signed, P_i − P_j, and start from one atom i (a metal). Summed over all
    ordered pairs the signed difference vanishes identically (each pair
    (i, j) is cancelled by (j, i)), which is why a full-scope difference
    needs the absolute value. absD keeps the units of P and reads simply:
    "how much does P change between atoms d bonds apart". absD(P, 0) and
    absD(I, d) are always zero and are omitted. Atoms in different fragments
    of a salt are never connected, so they contribute nothing at d ≥ 1.

    Only pairs within ``depth`` bonds are ever visited
    (:func:`pairs_by_distance`), so the cost grows linearly with the
    number of atoms.
    """
    return _autocorrelation_rows([molecular_graph(mol)], depth)[0]


def autocorrelation(molecules, progress: Progress = None, depth: int = 3) -> FeatureMatrix:
    """Full-scope product and absolute-difference autocorrelations of every molecule.

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
        element outside the property tables are in ``rejected``.
    """
    names = column_names(depth)
    graphs, kept, rejected = [], [], []
    for i, mol in enumerate(molecules.mols):
        z, bonds = molecular_graph(mol)
        if _TABULATED[z].all():
            graphs.append((z, bonds))
            kept.append(i)
        else:
            try:
                atomic_properties(z, np.zeros(len(z)))  # raises, naming the elements
            except ValueError as exc:
                rejected.append(Rejection(i, molecules.names[i], str(exc)))
        report_progress(progress, i + 1, len(molecules))
    rows, batch, n_atoms = [], [], 0
    for graph in graphs:
        batch.append(graph)
        n_atoms += len(graph[0])
        if n_atoms >= BATCH_ATOMS:
            rows.append(_autocorrelation_rows(batch, depth))
            batch, n_atoms = [], 0
    if batch:
        rows.append(_autocorrelation_rows(batch, depth))
    values = np.concatenate(rows) if rows else np.empty((0, len(names)))
    return FeatureMatrix(values, names, "real", np.array(kept, dtype=int), rejected)
