"""Coulomb matrices (Montavon et al., 2012): a 3D representation from nuclear charges and geometry.

The Coulomb matrix of a molecule with atoms I, J at positions R (Å) and
nuclear charges Z is

    M_II = 0.5 Z_I^2.4,        M_IJ = Z_I Z_J / |R_I − R_J|   (I ≠ J).

The off-diagonal is the Coulomb repulsion of two bare nuclei; the diagonal is
a fit of the energy of a free atom to a power of Z. It does not change when
the molecule is translated or rotated, but it *does* change when the atoms
are listed in another order, so we offer two order-free forms: the
eigenvalue spectrum and the matrix with rows sorted by their norm.
"""

from __future__ import annotations

import numpy as np
from rdkit import Chem
from scipy.spatial.distance import pdist

from chemviz import workers
from chemviz.geometry import iter_conformers
from chemviz.limits import Limits
from chemviz.representations.base import FeatureMatrix, Progress, Rejection

FORMS = ("eigenvalues", "sorted_matrix")

# For st.latex on the page.
EQUATION = (
    r"M_{IJ} = \begin{cases} 0.5\, Z_I^{2.4} & I = J \\[2pt] "
    r"\dfrac{Z_I Z_J}{\lvert \mathbf{R}_I - \mathbf{R}_J \rvert} & I \neq J \end{cases}"
)

# No two real atoms are closer than about 0.7 Å (the H–H bond). Closer pairs mean
# the embedding stacked two fragments (e.g. the ions of a salt) on each other.
MIN_DISTANCE = 0.5  # Å

# The sorted matrix has n(n+1)/2 columns: 3,240 at 80 atoms. For 10,000
# molecules as float32 that is 130 MB, more than a hosted app shared by a class
# can keep (see chemviz.ui.cache): 48 MB is 3,800 molecules at 80 atoms, or
# all of AqSolDB at 50.
MAX_MATRIX_BYTES = 48 * 2**20


def coulomb_matrix(mol3d: Chem.Mol, conf_id: int = -1) -> np.ndarray:
    """The Coulomb matrix of one 3D molecule, atoms in the molecule's order.

    Parameters
    ----------
    mol3d : rdkit.Chem.Mol
        With a conformer (coordinates in Å) and, usually, explicit hydrogens.
    conf_id : int
        Which conformer (-1: the default one).

    Returns
    -------
    numpy.ndarray, shape (n_atoms, n_atoms)
        Symmetric; off-diagonal in e²/Å (charges in units of e, distances
        in Å), diagonal 0.5 Z^2.4.

    Raises
    ------
    ValueError
        If two atoms are closer than 0.5 Å (see ``MIN_DISTANCE``).

    Notes
    -----
    RDKit's ``rdMolDescriptors.CalcCoulombMat`` computes the same matrix
    (despite its docstring's "randomized matrices", RDKit 2026.09 returns the
    plain matrix in atom order), but as one Python vector per row: turning
    that into a NumPy array costs about 25 times the computation itself
    (3 ms for a 56-atom molecule). So we apply the formula directly to the
    coordinates; the tests check that the two agree.
    """
    # GetAtomWithIdx is several times faster than iterating over GetAtoms().
    n = mol3d.GetNumAtoms()
    z = np.array([mol3d.GetAtomWithIdx(i).GetAtomicNum() for i in range(n)], dtype=float)
    positions = mol3d.GetConformer(conf_id).GetPositions()  # (n, 3), Å
    problem = _overlap(positions)
    if problem:
        raise ValueError(problem)
    distances = np.linalg.norm(positions[:, None, :] - positions[None, :, :], axis=-1)
    np.fill_diagonal(distances, 1.0)  # the diagonal is replaced below
    matrix = np.outer(z, z) / distances
    np.fill_diagonal(matrix, 0.5 * z**2.4)
    return matrix


def sort_by_row_norm(matrix: np.ndarray) -> np.ndarray:
    """Permute rows and columns so that row norms decrease (ties keep atom order)."""
    order = np.argsort(-np.linalg.norm(matrix, axis=1), kind="stable")
    return matrix[np.ix_(order, order)]


def eigenvalue_spectrum(matrix: np.ndarray) -> np.ndarray:
    """Eigenvalues of a symmetric matrix sorted by decreasing absolute value, shape (n,)."""
    eigenvalues = np.linalg.eigvalsh(matrix)
    return eigenvalues[np.argsort(-np.abs(eigenvalues), kind="stable")]


def padded_upper_triangle(matrix: np.ndarray, size: int) -> np.ndarray:
    """Zero-pad a matrix to size × size, then flatten its upper triangle row by row.

    Padding before flattening keeps entry (i, j) in the same column for
    every molecule, shape (size (size + 1) / 2,).
    """
    padded = np.zeros((size, size))
    n = len(matrix)
    padded[:n, :n] = matrix
    return padded[np.triu_indices(size)]


def _overlap(positions: np.ndarray) -> str | None:
    """Why these coordinates (n, 3) in Å have atoms on top of each other, or None."""
    if len(positions) < 2:
        return None
    closest = pdist(positions).min()
    if closest >= MIN_DISTANCE:
        return None
    return (
        f"Two atoms of this 3D conformer are only {closest:.2f} Å apart (fragments were "
        "embedded on top of each other), so Z_I Z_J / r_IJ is meaningless"
    )


def _compact_form(mol3d: Chem.Mol, form: str, max_atoms: int) -> np.ndarray:
    """One molecule's eigenvalue spectrum or row-sorted matrix; ValueError says why not."""
    n_atoms = mol3d.GetNumAtoms()
    if form == "sorted_matrix" and n_atoms > max_atoms:
        raise ValueError(
            f"has {n_atoms} atoms with hydrogens; the sorted Coulomb matrix is capped at "
            f"{max_atoms} (raise max_atoms or use the eigenvalue form)"
        )
    matrix = coulomb_matrix(mol3d)
    if form == "eigenvalues":
        return eigenvalue_spectrum(matrix)
    return sort_by_row_norm(matrix).astype(np.float32)


def _matrix_column_names(n: int) -> list[str]:
    rows, cols = np.triu_indices(n)
    return [f"M[{i + 1},{j + 1}]" for i, j in zip(rows, cols, strict=True)]


def coulomb(
    molecules,
    progress: Progress = None,
    form: str = "eigenvalues",
    max_atoms: int = 80,
    runner: workers.Runner | None = None,
    limits: Limits | None = None,
) -> FeatureMatrix:
    """Coulomb-matrix features of every molecule with a 3D conformer.

    Parameters
    ----------
    molecules : chemviz.molecules.MoleculeSet
    progress : callable, optional
        Called with the fraction of conformers read (bundled sets ship
        precomputed conformers) or embedded (uploads: slow, about 0.1 s per
        molecule).
    form : {"eigenvalues", "sorted_matrix"}
        ``"eigenvalues"``: the spectrum sorted by decreasing \\|λ\\|, one
        column per atom of the largest molecule. ``"sorted_matrix"``: rows
        and columns sorted by decreasing row norm, upper triangle flattened.
    max_atoms : int
        Only for ``"sorted_matrix"``, whose width grows as n²: molecules with
        more atoms (hydrogens included) are rejected, never truncated.
    runner, limits : optional
        Where and within which 3D budget an untrusted set is embedded (see
        :func:`chemviz.geometry.iter_conformers`).

    Returns
    -------
    FeatureMatrix
        Kind ``"real"``. Molecules without a conformer, over the atom cap or
        with two atoms on top of each other are in ``rejected`` with the
        reason. Shorter vectors are zero-padded to the largest kept
        molecule (as if the missing atoms had Z = 0). Eigenvalues are
        ``float64``; the sorted matrix is ``float32`` to halve its memory (7
        significant digits, far more than the geometry is worth).

    Raises
    ------
    ValueError
        If the sorted matrices would need more than ``MAX_MATRIX_BYTES`` (48 MB).

    Notes
    -----
    The eigenvalues are invariant to atom order and short (n values for n
    atoms) but lose information: different molecules can share a spectrum.
    The sorted matrix keeps everything, at n(n+1)/2 numbers per molecule.
    """
    if form not in FORMS:
        raise ValueError(f"Unknown Coulomb form '{form}'; choose one of: {', '.join(FORMS)}")
    rejected, kept, compact = [], [], []
    # Conformers are streamed: all of AqSolDB's 3D molecules at once would not fit in
    # the app's memory, so each one is reduced to its compact form and dropped.
    # Only elements and coordinates matter here, so conformers are not sanitised.
    conformers = iter_conformers(molecules, progress, sanitize=False, runner=runner, limits=limits)
    for i, mol3d, reason in conformers:
        if mol3d is not None:
            try:
                compact.append(_compact_form(mol3d, form, max_atoms))
                kept.append(i)
                continue
            except ValueError as exc:
                reason = str(exc)
        rejected.append(Rejection(i, molecules.names[i], reason))
    n_max = max((len(c) for c in compact), default=0)
    if form == "eigenvalues":
        names = [f"eigenvalue {k + 1}" for k in range(n_max)]
        values = np.zeros((len(kept), n_max))
        for row, spectrum in enumerate(compact):
            values[row, : len(spectrum)] = spectrum
    else:
        names = _matrix_column_names(n_max)
        needed = len(kept) * len(names) * np.dtype(np.float32).itemsize
        if needed > MAX_MATRIX_BYTES:
            raise ValueError(
                f"The sorted Coulomb matrices of {len(kept)} molecules with up to {n_max} atoms "
                f"would need {needed / 2**20:.0f} MB; lower max_atoms or use the eigenvalue form"
            )
        values = np.zeros((len(kept), len(names)), dtype=np.float32)
        for row, matrix in enumerate(compact):
            values[row] = padded_upper_triangle(matrix, n_max)
    notes = [f"Zero-padded to the largest molecule kept: {n_max} atoms with hydrogens."]
    return FeatureMatrix(values, names, "real", np.array(kept, dtype=int), rejected, notes)
