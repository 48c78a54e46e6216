"""Which atoms make up a fingerprint bit: the bridge from a column back to the molecule.

A hashed bit is only interpretable through examples: for one molecule we ask
RDKit which atom environments set the bit (Morgan environments, path
subgraphs, atom pairs, torsions), and draw them highlighted. A MACCS key is
a SMARTS question, so its atoms are the pattern's matches.
"""

from __future__ import annotations

from rdkit import Chem
from rdkit.Chem import rdFingerprintGenerator as rfg

from chemviz.representations.fingerprints import maccs_pattern, morgan_generator
from chemviz.representations.registry import get_representation

# The hashed fingerprints whose bits can be traced back to atoms, and what
# RDKit's AdditionalOutput reports for each (see bit_atoms).
HIGHLIGHTABLE = ("morgan", "rdkit", "atompair", "torsion")


def _generator(name: str, resolved: dict):
    """The same generator as the representation's own function in ``fingerprints``."""
    if name == "morgan":
        return morgan_generator(
            resolved["radius"], resolved["n_bits"], resolved["chirality"], resolved["features"]
        )
    if name == "rdkit":
        return rfg.GetRDKitFPGenerator(maxPath=resolved["max_path"], fpSize=resolved["n_bits"])
    if name == "atompair":
        return rfg.GetAtomPairGenerator(fpSize=resolved["n_bits"])
    return rfg.GetTopologicalTorsionGenerator(fpSize=resolved["n_bits"])


def _morgan_environments(mol: Chem.Mol, output) -> dict[int, list[tuple[int, ...]]]:
    """Bit → atoms within ``radius`` bonds of each (centre, radius) of the bit-info map."""
    found = {}
    for bit, centres in output.GetBitInfoMap().items():
        for centre, radius in centres:
            atoms = {centre}
            for bond_index in Chem.FindAtomEnvironmentOfRadiusN(mol, radius, centre):
                bond = mol.GetBondWithIdx(bond_index)
                atoms.update((bond.GetBeginAtomIdx(), bond.GetEndAtomIdx()))
            found.setdefault(bit, []).append(tuple(sorted(atoms)))
    return found


def _path_environments(mol: Chem.Mol, output) -> dict[int, list[tuple[int, ...]]]:
    """Bit → the atoms of each bond path (subgraph) that sets it."""
    found = {}
    for bit, paths in output.GetBitPaths().items():
        for bonds in paths:
            atoms = set()
            for bond_index in bonds:
                bond = mol.GetBondWithIdx(bond_index)
                atoms.update((bond.GetBeginAtomIdx(), bond.GetEndAtomIdx()))
            found.setdefault(bit, []).append(tuple(sorted(atoms)))
    return found


def _atom_tuples(mapping) -> dict[int, list[tuple[int, ...]]]:
    """Bit → sorted atom tuples, for outputs that already list atoms."""
    return {bit: [tuple(sorted(atoms)) for atoms in groups] for bit, groups in mapping.items()}


def bit_atoms(mol: Chem.Mol, name: str, bit: int, **params) -> list[tuple[int, ...]]:
    """The atom environments of one molecule that set a bit of a hashed fingerprint.

    Parameters
    ----------
    mol : rdkit.Chem.Mol
        The molecule as stored in the ``MoleculeSet`` (implicit hydrogens).
    name : str
        ``"morgan"``, ``"rdkit"`` (path), ``"atompair"`` or ``"torsion"``
        (see :data:`HIGHLIGHTABLE`; MACCS keys: :func:`maccs_atoms`).
    bit : int
        Column index, 0 ≤ bit < n_bits.
    **params
        The same parameters that made the feature matrix (Morgan: radius,
        n_bits, chirality, features, counts does not matter; path: n_bits,
        max_path; atom pairs and torsions: n_bits).

    Returns
    -------
    list of tuple of int
        One sorted tuple of atom indices per environment, without repeats:

        * Morgan: the centre atom and every atom within ``radius`` bonds
          along the environment's bonds;
        * RDKit path: the atoms of one linear path or branched subgraph of
          1 to ``max_path`` bonds;
        * atom pair: the two atoms of the pair (any distance apart);
        * torsion: the four atoms of the chain i–j–k–l.

        Empty if the bit is off for this molecule. Several tuples mean the
        same bit is set by several environments, or that different
        environments collide in one bit.

    Notes
    -----
    RDKit's fingerprint generators can fill an ``AdditionalOutput`` while
    they hash: for Morgan the (centre, radius) of each bit
    (``AllocateBitInfoMap``), for atom pairs the two atoms of each pair
    (also the bit-info map), for the path fingerprint the bond indices of
    each path and for torsions the atom indices of each chain
    (``AllocateBitPaths``). That is how a column of a hashed fingerprint,
    which has no name, is read back as chemistry: by the atoms that set it.
    """
    if name not in HIGHLIGHTABLE:
        raise ValueError(
            "Atom highlighting is available for Morgan, RDKit path, atom-pair and torsion "
            f"bits and MACCS keys, not '{name}'"
        )
    resolved = get_representation(name).resolve(params)
    n_bits = resolved["n_bits"]
    if not 0 <= bit < n_bits:
        raise ValueError(f"bit must be between 0 and {n_bits - 1}, got {bit}")
    generator = _generator(name, resolved)
    output = rfg.AdditionalOutput()
    if name in ("morgan", "atompair"):
        output.AllocateBitInfoMap()
    else:
        output.AllocateBitPaths()
    # Atom pairs and torsions are count fingerprints in the app; the bit ids
    # are the same either way.
    fingerprint = (
        generator.GetCountFingerprintAsNumPy
        if name in ("atompair", "torsion")
        else generator.GetFingerprintAsNumPy
    )
    fingerprint(mol, additionalOutput=output)
    if name == "morgan":
        found = _morgan_environments(mol, output)
    elif name == "rdkit":
        found = _path_environments(mol, output)
    elif name == "atompair":
        found = _atom_tuples(output.GetBitInfoMap())  # bit → ((atom i, atom j), …)
    else:
        found = _atom_tuples(output.GetBitPaths())  # bit → ((i, j, k, l), …): atoms
    environments = []
    for environment in found.get(bit, ()):
        if environment not in environments:
            environments.append(environment)
    return environments


def maccs_atoms(mol: Chem.Mol, key: int) -> list[tuple[int, ...]]:
    """The atoms matched by a MACCS key's definition in one molecule.

    Parameters
    ----------
    mol : rdkit.Chem.Mol
    key : int
        MACCS key number, 1 to 166 (feature column ``key - 1``).

    Returns
    -------
    list of tuple of int
        The substructure matches of the key's SMARTS (atom indices in
        SMARTS order). Keys with a count threshold (e.g. "more than 3
        oxygens") are on only when there are more matches than the
        threshold; all matches are returned either way. For key 125 the
        aromatic rings, for key 166 the fragments; key 1 is never set.
    """
    pattern = maccs_pattern(key)
    if pattern is not None:
        return list(mol.GetSubstructMatches(pattern))
    if key == 125:
        rings = mol.GetRingInfo()
        return [
            tuple(atoms)
            for atoms, bonds in zip(rings.AtomRings(), rings.BondRings(), strict=True)
            if all(mol.GetBondWithIdx(b).GetIsAromatic() for b in bonds)
        ]
    if key == 166:
        return list(Chem.GetMolFrags(mol))
    return []  # key 1 (ISOTOPE) is not defined by RDKit and never set


def column_atoms(mol: Chem.Mol, name: str, column: int, **params) -> list[tuple[int, ...]]:
    """The atoms that set one column of a substructure fingerprint, in one molecule.

    One entry point for every representation whose registry entry has
    ``sets_a_column``: a hashed fingerprint's bit (:func:`bit_atoms`) or a
    MACCS key (:func:`maccs_atoms`, column ``key - 1``).

    Parameters
    ----------
    mol : rdkit.Chem.Mol
    name : str
        Registry key of the representation.
    column : int
        Column of its feature matrix.
    **params
        The representation's parameters (the hashed fingerprints' bits depend on them).

    Returns
    -------
    list of tuple of int
        Each occurrence's atom indices; empty when the column is off.
    """
    if name == "maccs":  # columns 0…165 are keys 1…166
        return maccs_atoms(mol, column + 1)
    return bit_atoms(mol, name, column, **params)
