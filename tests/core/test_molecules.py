"""Reading molecules: every record is used or rejected with a reason."""

from pathlib import Path

import numpy as np
import pytest
from rdkit import Chem

from chemviz.molecules import (
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_MB,
    MoleculeSet,
    read_molecules,
    scaffolds,
)

BAD = Path(__file__).parents[1] / "data" / "bad"


def read(name: str, **kwargs):
    return read_molecules((BAD / name).read_bytes(), name, **kwargs)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.csv", "empty"),
        ("header_only.csv", "header .* but no data rows"),
        ("no_smiles_column.csv", "No SMILES column found.*name, weight, logS"),
        ("not_really.xlsx", "binary file"),
    ],
)
def test_file_level_problems_raise_a_clear_value_error(name, message):
    """Check that unreadable files give a message naming the problem, not a traceback."""
    with pytest.raises(ValueError, match=message):
        read(name)


def test_file_over_the_upload_limit_is_refused():
    """Check that a file larger than the upload limit is refused with the limit in words."""
    big = b"smiles\n" + b"C\n" * (MAX_UPLOAD_BYTES // 2 + 1)
    with pytest.raises(ValueError, match=f"the limit is {MAX_UPLOAD_MB} MB"):
        read_molecules(big, "big.csv")


def test_invalid_rows_are_listed_with_rdkit_reasons():
    """Check that each bad row of a CSV is rejected with its line in the file and RDKit's reason."""
    molecules, report = read("invalid_rows.csv")
    reasons = {r.row: r.reason for r in report.all_rejected()}
    assert molecules.names == ["ethanol", "phenol"]
    assert report.total == 8
    assert report.n_valid == 2
    # Line 1 is the header, so "unclosed ring" is on line 3, as a spreadsheet numbers it.
    assert "unclosed ring" in reasons[3]
    assert "Explicit valence for atom # 0 C, 5" in reasons[4]
    assert "kekulize" in reasons[5]
    assert reasons[6] == "empty SMILES"
    assert reasons[8] == "the row has 4 fields but the header has 3"
    assert reasons[9].startswith("duplicate of row 2")
    assert report.rejected[0].raw == "unclosed ring,C1CC,0.5"


def test_rows_are_the_lines_of_the_file_despite_comments_and_blank_lines():
    """Check that a SMILES list reports file lines: comments and a blank put C1CC on line 5."""
    text = "# my molecules\n\n# from the lab\nCCO ethanol\nC1CC broken\n"
    _, report = read_molecules(text.encode(), "mine.smi")
    assert [(r.row, r.raw) for r in report.rejected] == [(5, "C1CC broken")]


def test_table_rows_count_blank_lines_and_quoted_line_breaks():
    """Check that a blank line and a name spanning two lines still give the true starting lines."""
    text = 'name,smiles\n"two\nlines",CCO\n\nbad,C1CC\n'
    #        line 1       lines 2-3          4  line 5
    molecules, report = read_molecules(text.encode(), "mine.csv")
    assert molecules.names == ["two\nlines"]
    assert [r.row for r in report.rejected] == [5]


# Corpus files that cannot be read at all (each raises, tested above); every
# other file must read, and its counts must reconcile.
UNREADABLE = {"empty.csv", "header_only.csv", "no_smiles_column.csv", "not_really.xlsx"}


def test_every_unreadable_corpus_file_is_in_the_file_level_test():
    """Check that the list of unreadable files names real files of the corpus."""
    assert UNREADABLE <= {p.name for p in BAD.iterdir()}


@pytest.mark.parametrize("name", sorted(p.name for p in BAD.iterdir() if p.name not in UNREADABLE))
def test_counts_reconcile_for_every_readable_file_in_the_bad_corpus(name):
    """Check that n_valid + rejected == total, with a molecule read, for each readable file."""
    molecules, report = read(name)
    assert report.n_valid + len(report.all_rejected()) == report.total
    assert len(molecules) == report.n_valid >= 1


def test_non_numeric_and_missing_targets_become_nan_with_notes():
    """Check that 'n/a', '' and words in a numeric column are NaN and counted in the notes."""
    molecules, report = read("non_numeric_targets.csv")
    y = molecules.target("logS")
    np.testing.assert_array_equal(np.isnan(y), [False, True, True, True, False])
    assert y[0] == 1.1 and y[4] == -2.2
    # benzene ("insoluble") is on line 4; phenol ("n/a") and hexane ("") on lines 3 and 5.
    assert any("1 non-numeric value(s)" in n and "rows 4" in n for n in report.notes)
    assert any("2 missing value(s) (rows 3, 5)" in n for n in report.notes)


@pytest.mark.parametrize(
    ("name", "note", "names"),
    [
        ("latin1_names.csv", "Windows-1252", ["Caféine", "Éthanol"]),
        ("utf16_bom.csv", "UTF-16", ["ethanol", "phenol"]),
    ],
)
def test_other_encodings_are_read_and_reported(name, note, names):
    """Check that Latin-1 and UTF-16 files decode to the right names, with a note."""
    molecules, report = read(name)
    assert molecules.names == names
    assert any(note in n for n in report.notes)


def test_windows_1252_quotes_and_euro_sign_are_decoded():
    """Check that bytes 0x93/0x94 (curly quotes) and 0x80 (€) read as Windows-1252 characters."""
    data = "name,smiles\n\u201cethanol\u201d \u20ac1,CCO\n".encode("cp1252")
    molecules, report = read_molecules(data, "excel.csv")
    assert molecules.names == ["\u201cethanol\u201d \u20ac1"]
    assert any("Windows-1252" in n for n in report.notes)


def test_semicolon_table_with_decimal_commas():
    """Check that a European CSV (';' and '1,10') gives the numbers 1.10 and 0.05."""
    molecules, _ = read("semicolon_decimal_comma.csv")
    np.testing.assert_allclose(molecules.target("logS"), [1.10, 0.05])


def test_smiles_column_found_by_content():
    """Check that a column of SMILES under an unknown header is still found."""
    molecules, _ = read("smiles_by_content.csv")
    assert molecules.smiles == ["CCO", "c1ccccc1", "CC(=O)O"]
    assert molecules.property_names == ["value"]


def test_explicit_smiles_column_that_does_not_exist():
    """Check that naming a missing column lists the real ones."""
    with pytest.raises(ValueError, match="no column 'smi'.*name, smiles, logS"):
        read("invalid_rows.csv", smiles_column="smi")


def test_broken_sdf_records_are_rejected_with_the_parser_message():
    """Check that a truncated atom block and a pentavalent carbon are reported per record."""
    molecules, report = read("broken.sdf")
    assert report.total == 4
    assert [r.row for r in report.rejected] == [2, 3]
    assert "Atom line too short" in report.rejected[0].reason
    assert "Explicit valence" in report.rejected[1].reason
    assert molecules.names == ["ethanol", "methanol-ish"]
    np.testing.assert_allclose(molecules.target("logS"), [1.1, 0.7])


def test_one_molecule_is_read_with_a_warning_note():
    """Check that a single molecule is accepted but flagged as too few to model."""
    molecules, report = read("one_molecule.smi")
    assert len(molecules) == 1 and molecules.names == ["ethanol"]
    assert any("Only one molecule" in n for n in report.notes)


def test_salt_stripping_and_neutralisation_are_off_by_default_and_reported_when_on():
    """Check that [Na+].CC(=O)[O-] stays as is by default and becomes CC(=O)O when asked."""
    raw, _ = read("salts.smi")
    assert raw.smiles[0] == Chem.MolToSmiles(Chem.MolFromSmiles("[Na+].CC(=O)[O-]"))
    clean, report = read("salts.smi", strip_salts=True, neutralize=True)
    assert clean.smiles == ["CC(=O)O", "CCN", "CCO"]
    assert any("changed 2 of 3 molecules" in n for n in report.notes)


def test_duplicates_can_be_averaged():
    """Check that averaging duplicates gives (1.1 + 1.3) / 2 = 1.2 for ethanol."""
    molecules, report = read("invalid_rows.csv", duplicates="average")
    assert molecules.target("logS")[0] == pytest.approx(1.2)
    assert "averaged" in report.all_rejected()[-1].reason


def test_pasted_smiles_with_names_and_comments():
    """Check that pasted text is read as SMILES lines, skipping comments and blank lines."""
    molecules, report = read_molecules("# my set\nCCO ethanol\n\nc1ccccc1O phenol\n", "pasted")
    assert molecules.names == ["ethanol", "phenol"]
    assert report.total == 2


def test_gzip_upload_is_decompressed():
    """Check that a .csv.gz upload reads the same molecules as the plain CSV."""
    import gzip

    data = gzip.compress((BAD / "invalid_rows.csv").read_bytes())
    molecules, report = read_molecules(data, "invalid_rows.csv.gz")
    assert molecules.names == ["ethanol", "phenol"]
    assert any("gzip" in n for n in report.notes)


def test_canonical_smiles_match_rdkit():
    """Check that stored SMILES are RDKit's canonical form of the input."""
    molecules, _ = read_molecules("name,smiles\na,OCC\nb,C1=CC=CC=C1\n", "x.csv")
    assert molecules.smiles == ["CCO", "c1ccccc1"]


def test_molecule_set_subset_and_hash():
    """Check that subset keeps rows aligned and that the hash follows content, not the file."""
    molecules, _ = read("non_numeric_targets.csv")
    sub = molecules.subset([4, 0])
    assert sub.names == ["toluene", "ethanol"]
    np.testing.assert_allclose(sub.target("logS"), [-2.2, 1.1])
    again, _ = read_molecules((BAD / "non_numeric_targets.csv").read_text(), "other-name.csv")
    assert again.content_hash == molecules.content_hash
    assert sub.content_hash != molecules.content_hash


def test_unknown_target_lists_the_choices():
    """Check that asking for a missing property names the available ones."""
    molecules, _ = read("non_numeric_targets.csv")
    with pytest.raises(ValueError, match="choose one of: logS"):
        molecules.target("logP")


def test_mismatched_lengths_are_refused():
    """Check that a MoleculeSet cannot be built with misaligned columns."""
    import pandas as pd

    with pytest.raises(ValueError, match="same length"):
        MoleculeSet(["C"], [Chem.MolFromSmiles("C")], ["a", "b"], pd.DataFrame(index=[0]))


def test_scaffolds_of_known_molecules():
    """Check Bemis–Murcko scaffolds: toluene → benzene, ethanol → empty."""
    molecules, _ = read_molecules("smiles\nCc1ccccc1\nCCO\nO=C(O)c1ccccc1CC1CCCC1\n", "x.csv")
    assert scaffolds(molecules) == ["c1ccccc1", "", "c1ccc(CC2CCCC2)cc1"]
