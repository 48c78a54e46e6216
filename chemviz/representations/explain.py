"""Which atoms make up a fingerprint bit: the bridge from a column back to the molecule.

A hashed bit is only interpretable through examples: for one molecule we ask
RDKit which atom environments set the bit, and draw them highlighted.
"""

from __future__ import annotations

from rdkit import Chem
from rdkit.Chem import rdFingerprintGenerator as rfg

from chemviz.representations.fingerprints import maccs_pattern, morgan_generator
from chemviz.representations.registry import get_representation


def bit_atoms(mol: Chem.Mol, name: str, bit: int, **params) -> list[tuple[int, ...]]:
    """The atom environments of one molecule that set a Morgan bit.

    Parameters
    ----------
    mol : rdkit.Chem.Mol
        The molecule as stored in the ``MoleculeSet`` (implicit hydrogens).
    name : str
        ``"morgan"`` (the only hashed fingerprint explained atom by atom).
    bit : int
        Column index, 0 ≤ bit < n_bits.
    **params
        The same Morgan parameters that made the feature matrix (radius,
        n_bits, chirality, features; counts does not matter).

    Returns
    -------
    list of tuple of int
        One sorted tuple of atom indices per environment (the centre atom
        and every atom within ``radius`` bonds along the environment's
        bonds). Empty if the bit is off for this molecule. Several tuples
        mean the same bit is set by several environments, or that different
        environments collide in one bit.
    """
    if name != "morgan":
        raise ValueError(
            f"Atom highlighting is available for Morgan bits and MACCS keys, not '{name}'"
        )
    resolved = get_representation(name).resolve(params)
    n_bits = resolved["n_bits"]
    if not 0 <= bit < n_bits:
        raise ValueError(f"bit must be between 0 and {n_bits - 1}, got {bit}")
    generator = morgan_generator(
        resolved["radius"], n_bits, resolved["chirality"], resolved["features"]
    )
    output = rfg.AdditionalOutput()
    output.AllocateBitInfoMap()
    generator.GetFingerprintAsNumPy(mol, additionalOutput=output)
    environments = []
    for centre, radius in output.GetBitInfoMap().get(bit, ()):
        atoms = {centre}
        for bond_index in Chem.FindAtomEnvironmentOfRadiusN(mol, radius, centre):
            bond = mol.GetBondWithIdx(bond_index)
            atoms.update((bond.GetBeginAtomIdx(), bond.GetEndAtomIdx()))
        environment = tuple(sorted(atoms))
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
