"""The table of representations: every choice declared once, with its parameters.

The Representations page builds its widgets from :data:`REPRESENTATIONS`
(a select box per ``"choice"``, a slider per ``"int"``, a checkbox per
``"bool"``), and :func:`featurize` checks every parameter against the same
table, so the UI and the core cannot disagree about what is allowed.
"""

from __future__ import annotations

from dataclasses import replace

from chemviz import workers
from chemviz.limits import Limits
from chemviz.representations.autocorrelation import EQUATION as AUTOCORRELATION_EQUATION
from chemviz.representations.autocorrelation import autocorrelation
from chemviz.representations.base import FeatureMatrix, Progress
from chemviz.representations.coulomb import EQUATION as COULOMB_EQUATION
from chemviz.representations.coulomb import FORMS, coulomb
from chemviz.representations.descriptors import descriptors
from chemviz.representations.fingerprints import atom_pair, maccs, morgan, rdkit_path, torsion
from chemviz.representations.params import Param, Representation
from chemviz.representations.rac_tables import SOURCES as RAC_SOURCES

HASHED_BITS = Param(
    name="n_bits",
    label="Bits",
    default=2048,
    kind="choice",
    choices=(256, 512, 1024, 2048, 4096),
    help="Length of the folded vector; fewer bits, more collisions between fragments.",
)

MORGAN = Representation(
    name="morgan",
    label="Morgan (ECFP/FCFP)",
    description="Circular atom environments up to a radius, hashed to bits (ECFP4 by default).",
    kind="binary",
    params=(
        # radius 2 = ECFP4 (diameter 4); RDKit's generator would default to 3.
        Param(
            name="radius",
            label="Radius",
            default=2,
            kind="int",
            low=1,
            high=4,
            help="Bonds around each atom; radius 2 is ECFP4.",
        ),
        HASHED_BITS,
        Param(
            name="counts",
            label="Counts",
            default=False,
            kind="bool",
            help="Count how often each environment occurs instead of yes/no.",
        ),
        Param(
            name="chirality",
            label="Chirality",
            default=False,
            kind="bool",
            help="Distinguish R and S stereocentres.",
        ),
        Param(
            name="features",
            label="Pharmacophore atom types (FCFP)",
            default=False,
            kind="bool",
            help="Type atoms as donor, acceptor, aromatic, ... instead of by element.",
        ),
    ),
    function=morgan,
    sets_a_column="circular environment (an atom and its neighbours within the radius)",
)

RDKIT_PATH = Representation(
    name="rdkit",
    label="RDKit path (FP2-style)",
    description="Every linear and branched path of up to max_path bonds, hashed to bits.",
    kind="binary",
    params=(
        Param(
            name="n_bits",
            label="Bits",
            default=2048,
            kind="choice",
            choices=(1024, 2048),
            help="Length of the bit vector.",
        ),
        # FP2 indexes linear fragments of up to 7 atoms (6 bonds). RDKit's own default of
        # 7 bonds costs twice as long on drug-like sets (6.5 s vs 3.4 s CPU on Lipophilicity).
        Param(
            name="max_path",
            label="Longest path (bonds)",
            default=6,
            kind="int",
            low=2,
            high=7,
            help="Longer paths see larger fragments but cost more.",
        ),
    ),
    function=rdkit_path,
    sets_a_column="path or branched subgraph of bonds",
)

AUTOCORRELATION = Representation(
    name="autocorrelation",
    label="Autocorrelations (RACs)",
    description=(
        "Janet & Kulik's full-scope RACs, as their molSimplify computes them: sums of "
        "products Pᵢ·Pⱼ of χ, Z, T, I, S over atoms d bonds apart; plus chemviz's own "
        "absolute differences Σ|Pᵢ − Pⱼ| (absD_f-…)."
    ),
    kind="real",
    params=(
        Param(
            name="depth",
            label="Depth (bonds)",
            default=3,
            kind="int",
            low=1,
            high=6,
            help="Largest topological distance d; gives 9 d + 5 features.",
        ),
    ),
    function=autocorrelation,
    reading_names=(
        "Autocorrelation names read property–depth: e.g. f-chi-2-all is the sum of "
        "χᵢ·χⱼ over all atom pairs two bonds apart."
    ),
    interpretable=True,
    equation=AUTOCORRELATION_EQUATION,
    equation_note=(
        f"P: electronegativity χ ({RAC_SOURCES['chi']}), nuclear charge Z, topology T "
        f"({RAC_SOURCES['T']}), identity I ({RAC_SOURCES['I']}) or size S "
        f"({RAC_SOURCES['S']}); d_ij: bonds on the shortest path. AC is Janet & Kulik's "
        "full-scope revised autocorrelation (RAC, after Moreau–Broto), equal to their "
        "molSimplify's full_autocorrelation. absD is chemviz's own: their difference RACs are "
        "signed and start from a metal atom, and the signed sum over all pairs vanishes, so a "
        "full-scope difference needs the absolute value."
    ),
)

COULOMB = Representation(
    name="coulomb",
    label="Coulomb matrix (3D)",
    description="Nuclear repulsions Z_I Z_J / r_IJ from a 3D conformer, in an order-free form.",
    kind="real",
    params=(
        Param(
            name="form",
            label="Form",
            default="eigenvalues",
            kind="choice",
            choices=FORMS,
            help="Sorted eigenvalues (short) or the row-norm-sorted matrix (complete).",
        ),
        # 80 atoms with H keeps ~98 % of Lipophilicity and ~96 % of AqSolDB; see coulomb.py
        # for the memory this costs.
        Param(
            name="max_atoms",
            label="Atom cap (sorted matrix)",
            default=80,
            kind="int",
            low=20,
            high=120,
            step=10,
            help="In the sorted-matrix form, larger molecules (with H) are rejected.",
        ),
    ),
    function=coulomb,
    needs_3d=True,
    budget="3d",
    equation=COULOMB_EQUATION,
    equation_note="Montavon et al. (2012): invariant to rotation and translation.",
)

REPRESENTATIONS: dict[str, Representation] = {
    r.name: r
    for r in [
        MORGAN,
        RDKIT_PATH,
        Representation(
            name="maccs",
            label="MACCS keys",
            description="166 fixed substructure questions, each with a SMARTS definition.",
            kind="binary",
            params=(),
            function=maccs,
            sets_a_column="SMARTS match",
            interpretable=True,
        ),
        Representation(
            name="atompair",
            label="Atom pairs",
            description="Counts of (atom type, atom type, bonds between) for all atom pairs.",
            kind="count",
            params=(HASHED_BITS,),
            function=atom_pair,
            sets_a_column="atom pair (the two atoms, however many bonds apart)",
        ),
        Representation(
            name="torsion",
            label="Topological torsions",
            description="Counts of chains of four bonded atoms with their atom types.",
            kind="count",
            params=(HASHED_BITS,),
            function=torsion,
            sets_a_column="torsion (a chain of four bonded atoms)",
        ),
        Representation(
            name="descriptors",
            label="RDKit descriptors",
            description="About 200 named properties: weight, logP, TPSA, ring counts, E-state...",
            kind="real",
            params=(),
            function=descriptors,
            budget="descriptors",
            interpretable=True,
        ),
        AUTOCORRELATION,
        COULOMB,
    ]
}


def get_representation(name: str) -> Representation:
    """The registry entry for ``name``; ValueError listing the valid names otherwise."""
    if name not in REPRESENTATIONS:
        raise ValueError(
            f"Unknown representation '{name}'; choose one of: {', '.join(REPRESENTATIONS)}"
        )
    return REPRESENTATIONS[name]


def featurize(
    molecules,
    name: str,
    progress: Progress = None,
    runner: workers.Runner | None = None,
    limits: Limits | None = None,
    **params,
) -> FeatureMatrix:
    """Turn a set of molecules into a feature matrix with a registered representation.

    Parameters
    ----------
    molecules : chemviz.molecules.MoleculeSet
    name : str
        A key of :data:`REPRESENTATIONS`.
    progress : callable, optional
        Called with the fraction done (0 to 1) during long loops.
    runner : callable, optional
        Where the slow, crash-prone per-molecule work of an untrusted set
        runs (3D embedding, descriptors): the app passes its worker pool
        (:mod:`chemviz.workers`); in this process by default.
    limits : Limits, optional
        The per-feature budgets for untrusted molecules.
    **params
        The representation's parameters; missing ones take their defaults.

    Returns
    -------
    FeatureMatrix
        With ``representation`` and the full ``params`` filled in. Rows of
        molecules the representation could not handle are absent and listed
        in ``rejected``; align targets with ``y[fm.rows]``.

    Raises
    ------
    ValueError
        For an unknown representation or parameter, a value out of range,
        an empty set, or when no molecule at all could be featurized.

    Notes
    -----
    The result is a pure function of the molecules and the parameters
    (fingerprints are hashed deterministically, conformers use a fixed
    seed), so it can be cached by (content hash, name, parameters).
    """
    representation = get_representation(name)
    resolved = representation.resolve(params)
    if len(molecules) == 0:
        raise ValueError("The molecule set is empty; load a dataset or upload molecules first")
    guards = {"runner": runner, "limits": limits} if representation.budget else {}
    result = representation.function(molecules, progress=progress, **guards, **resolved)
    if len(result.rows) == 0:
        first = result.rejected[0]
        raise ValueError(
            f"{representation.label} could not handle any of the {len(molecules)} molecules "
            f"(e.g. {first.name}: {first.reason})"
        )
    return replace(result, representation=name, params=resolved)
