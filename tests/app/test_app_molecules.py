"""AppTest: the app shell and the Molecules page, driven by widget keys."""

import numpy as np
import pytest
from conftest import BAD_DIR, as_array, figure, no_errors, open_page

from chemviz.datasets import load_dataset


def test_home_page_loads_with_the_default_dataset_in_the_sidebar():
    """Check that the app opens on FreeSolv with its count and target in the sidebar."""
    at = open_page()
    no_errors(at)
    caption = at.sidebar.caption[0].value
    assert "642 molecules" in caption and "hydration_free_energy (kcal/mol)" in caption
    assert any("path through the lesson" in s.value for s in at.subheader)


def test_histogram_carries_the_dataset_target_values():
    """Check that the target histogram plots exactly FreeSolv's hydration free energies."""
    at = open_page("molecules")
    no_errors(at)
    spec = figure(at, "mol_hist")
    expected = load_dataset("freesolv").target("hydration_free_energy")
    np.testing.assert_allclose(as_array(spec["data"][0]["x"]), expected)
    assert spec["layout"]["xaxis"]["title"]["text"] == "hydration_free_energy (kcal/mol)"


def test_changing_the_target_changes_the_histogram():
    """Check that picking the calculated value re-draws the histogram with those values."""
    at = open_page("molecules")
    at.sidebar.selectbox(key="target").set_value("hydration_free_energy_calc").run()
    no_errors(at)
    expected = load_dataset("freesolv").target("hydration_free_energy_calc")
    np.testing.assert_allclose(as_array(figure(at, "mol_hist")["data"][0]["x"]), expected)


@pytest.mark.slow
def test_switching_dataset_updates_sidebar_and_grid():
    """Check that choosing the solubility set shows its count and its first molecule."""
    at = open_page("molecules")
    at.sidebar.selectbox(key="dataset").set_value("solubility").run()
    no_errors(at)
    solubility = load_dataset("solubility")
    assert f"{len(solubility):,} molecules" in at.sidebar.caption[0].value
    assert solubility.names[0] in at.html[0].value


def test_smarts_search_filters_the_grid():
    """Check that a carboxylic-acid SMARTS leaves only acids, counted in the caption."""
    at = open_page("molecules")
    at.radio(key="mol_search_mode").set_value("substructure (SMARTS)")
    at.text_input(key="mol_search").input("[CX3](=O)[OX2H1]").run()
    no_errors(at)
    freesolv = load_dataset("freesolv")
    from rdkit import Chem

    acid = Chem.MolFromSmarts("[CX3](=O)[OX2H1]")
    n_acids = sum(m.HasSubstructMatch(acid) for m in freesolv.mols)
    assert any(f"{n_acids:,} of 642 molecules match" in c.value for c in at.caption)


def test_invalid_smarts_shows_an_error_box_not_a_traceback():
    """Check that a broken SMARTS gives a readable error."""
    at = open_page("molecules")
    at.radio(key="mol_search_mode").set_value("substructure (SMARTS)")
    at.text_input(key="mol_search").input("[C").run()
    assert not at.exception
    assert "not a valid SMARTS" in at.error[0].value


def test_uploading_a_csv_with_invalid_rows_reports_every_row():
    """Check that an upload switches the data set and lists each rejected row with its reason."""
    at = open_page("molecules")
    at.file_uploader(key="mol_file").upload(
        "invalid_rows.csv", (BAD_DIR / "invalid_rows.csv").read_bytes(), "text/csv"
    )
    at.button(key="mol_read").click().run()
    no_errors(at)
    assert at.sidebar.selectbox(key="dataset").value == "upload"
    assert "2 molecules" in at.sidebar.caption[0].value
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Records read": "8", "Molecules used": "2", "Rejected": "6"}
    table = next(df.value for df in at.dataframe if "reason" in df.value.columns)
    assert table["row"].tolist() == [2, 3, 4, 5, 7, 8]
    assert "unclosed ring" in table["reason"].iloc[0]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.csv", "empty"),
        ("no_smiles_column.csv", "No SMILES column"),
        # An Excel workbook renamed to .csv gets past the uploader's extension check.
        ("not_really.xlsx", "binary"),
    ],
)
def test_unreadable_uploads_show_a_message(name, message):
    """Check that file-level problems show an error box and keep the current data set."""
    at = open_page("molecules")
    at.file_uploader(key="mol_file").upload("upload.csv", (BAD_DIR / name).read_bytes())
    at.button(key="mol_read").click().run()
    assert not at.exception
    assert message in at.error[0].value
    assert at.sidebar.selectbox(key="dataset").value == "freesolv"
