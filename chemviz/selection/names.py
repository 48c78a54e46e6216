"""Feature names in words, so a selected feature can be read as chemistry.

Autocorrelation columns follow the naming of Janet and Kulik's revised
autocorrelations (molSimplify): ``f-chi-2-all`` is the **product**
autocorrelation (f = full molecule) of electronegativity over atom pairs two
bonds apart. molSimplify's ``D_`` prefix marks its signed, metal-centred
**difference** autocorrelation (``D_mc-…``, ``D_lc-…``); chemviz's own
full-scope **absolute-difference** autocorrelation, which sums |Pᵢ − Pⱼ|
instead of PᵢPⱼ, is ``absD_f-…`` (see
:mod:`chemviz.representations.autocorrelation`). Other names (RDKit
descriptors, MACCS keys, fingerprint bits) are returned unchanged.
"""

from __future__ import annotations

import re

# The five atomic properties of the workshop (section 3), by their name code.
PROPERTIES = {
    "chi": "electronegativity (χ)",
    "Z": "nuclear charge (Z)",
    "T": "topology (T, number of bonded neighbours, hydrogens included)",
    "I": "identity (I = 1 for every atom, so it counts atom pairs)",
    "S": "size (S, covalent radius)",
}

SCOPES = {
    "f": "",
    "mc": " starting from the metal",
    "lc": " starting from the ligand atoms bonded to the metal",
}

_AUTOCORRELATION = re.compile(
    r"^(?P<difference>absD_|D_)?(?P<scope>f|mc|lc)-(?P<prop>chi|Z|T|I|S)-(?P<depth>\d+)-(?P<atoms>\w+)$"
)


def describe_feature(name: str) -> str:
    """A feature name in words.

    Parameters
    ----------
    name : str
        A column name, e.g. ``"f-chi-2-all"``, ``"absD_f-Z-1-all"``, ``"MolLogP"``.

    Returns
    -------
    str
        For an autocorrelation, e.g. ``"product autocorrelation of
        electronegativity (χ) over atom pairs 2 bonds apart"``; any other
        name unchanged.

    Notes
    -----
    For an atomic property P and depth d, the product autocorrelation is
    AC_d = Σᵢ Σⱼ PᵢPⱼ δ(d_ij − d) with d_ij the number of bonds on the
    shortest path between atoms i and j; at d = 0 it is Σᵢ Pᵢ². A large
    coefficient on χ at depth 1 says the property follows how
    electronegative bonded neighbours are.
    """
    match = _AUTOCORRELATION.match(name)
    if match is None:
        return name
    kind = {None: "product", "D_": "difference", "absD_": "absolute-difference"}[
        match["difference"]
    ]
    prop = PROPERTIES[match["prop"]]
    depth = int(match["depth"])
    if depth == 0:
        pairs = "each atom with itself (depth 0)"
        if kind != "product":
            pairs += ", which is always zero"
    elif depth == 1:
        pairs = "bonded atom pairs (1 bond apart)"
    else:
        pairs = f"atom pairs {depth} bonds apart"
    atoms = "" if match["atoms"] == "all" else f", {match['atoms']} atoms only"
    return f"{kind} autocorrelation of {prop} over {pairs}{SCOPES[match['scope']]}{atoms}"
