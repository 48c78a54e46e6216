"""AppTest: the app shell and the Molecules page, driven by widget keys."""

import numpy as np
import pytest
from conftest import BAD_DIR, as_array, figure, no_errors, open_page, shown

from chemviz.datasets import load_dataset


def test_home_page_loads_with_the_default_dataset_in_the_sidebar():
    """Check that the app opens on FreeSolv with its count and target in the sidebar."""
    at = open_page()
    no_errors(at)
    caption = shown(at.sidebar.caption[0].value)
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
    assert table["row"].tolist() == [3, 4, 5, 6, 8, 9]  # lines of the file
    assert "unclosed ring" in table["reason"].iloc[0]


# Every file of the bad-input corpus, uploaded through the page: (records read,
# molecules used, rejected) counted by hand from the files in tests/data/bad.
READABLE_CORPUS = {
    "broken.sdf": (4, 2, 2),  # a truncated atom block and a pentavalent carbon
    "invalid_rows.csv": (8, 2, 6),
    "latin1_names.csv": (2, 2, 0),
    "non_numeric_targets.csv": (5, 5, 0),
    "one_molecule.smi": (1, 1, 0),
    "salts.smi": (3, 3, 0),
    "semicolon_decimal_comma.csv": (2, 2, 0),
    "smiles_by_content.csv": (3, 3, 0),
    "utf16_bom.csv": (2, 2, 0),
}
UNREADABLE_CORPUS = {
    "empty.csv": "empty",
    "header_only.csv": "no data rows",
    "no_smiles_column.csv": "No SMILES column",
    "not_really.xlsx": "binary",
}


def test_the_corpus_lists_name_every_bad_file():
    """Check that the two tables below cover exactly the files in tests/data/bad."""
    assert set(READABLE_CORPUS) | set(UNREADABLE_CORPUS) == {p.name for p in BAD_DIR.iterdir()}


def upload(at, name: str, data: bytes | None = None):
    if data is None:
        data = (BAD_DIR / name).read_bytes()
    at.file_uploader(key="mol_file").upload(name, data)
    return at.button(key="mol_read").click().run()


@pytest.mark.parametrize("name", sorted(READABLE_CORPUS))
def test_every_readable_corpus_file_reports_counts_that_reconcile(name):
    """Check the hand-counted records, molecules and rejections of each readable bad file."""
    at = upload(open_page("molecules"), name)
    no_errors(at)
    total, used, rejected = READABLE_CORPUS[name]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {
        "Records read": f"{total}",
        "Molecules used": f"{used}",
        "Rejected": f"{rejected}",
    }
    assert at.sidebar.selectbox(key="dataset").value == "upload"
    tables = [df.value for df in at.dataframe if "reason" in df.value.columns]
    assert (len(tables[0]) if tables else 0) == rejected


@pytest.mark.parametrize("name", sorted(UNREADABLE_CORPUS))
def test_every_unreadable_corpus_file_shows_its_message(name):
    """Check that each unreadable bad file gives its message in an error box, not a traceback."""
    # Uploaded as .csv: the uploader refuses other extensions itself, and a
    # workbook renamed to .csv is how an Excel file really gets past it.
    at = upload(open_page("molecules"), "upload.csv", (BAD_DIR / name).read_bytes())
    assert not at.exception
    assert UNREADABLE_CORPUS[name] in at.error[0].value
    assert at.sidebar.selectbox(key="dataset").value == "freesolv"


PAGES = [
    "home", "molecules", "model_complexity", "kernels", "representations",
    "feature_selection", "neural_networks",
]  # fmt: skip


@pytest.mark.parametrize("page", PAGES)
def test_every_page_explains_itself_with_a_single_uploaded_molecule(page):
    """Check that one molecule gives messages on every page, never a traceback."""
    at = upload(open_page("molecules"), "one_molecule.smi")
    assert at.sidebar.selectbox(key="dataset").value == "upload"
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]


def test_html_and_markdown_in_an_upload_stay_text():
    """Check that a link in a name and tags in a header are shown as text, not rendered."""
    data = b"name,smiles,<i>logS</i>\n[evil](https://example.invalid),CCO,1.5\nwater,O,2.5\n"
    at = upload(open_page("molecules"), "tricky.csv", data)
    no_errors(at)
    spec = figure(at, "mol_hist")
    assert spec["layout"]["xaxis"]["title"]["text"] == "&lt;i&gt;logS&lt;/i&gt;"
    caption = at.sidebar.caption[0].value
    # The header is escaped, so a reader sees <i>logS</i> as typed, not in italics.
    assert "<i>" not in caption and shown(caption).endswith("target **<i>logS</i>**")
    # The grid is HTML: the name is escaped there (no <a> element is built from it).
    assert "[evil](https://example.invalid)" in at.html[0].value
    assert "<a " not in at.html[0].value


def test_a_column_name_quoted_in_an_error_is_not_read_as_markdown():
    """Check that a link typed as the SMILES column comes back escaped, shown exactly as typed."""
    at = open_page("molecules")
    at.text_input(key="mol_smiles_column").input("[x](https://example.invalid)")
    at = upload(at, "invalid_rows.csv")
    assert not at.exception
    message = at.error[0].value
    assert r"\[x\](https\:" in message  # the bracket escaped: no link is built
    assert "There is no column '[x](https://example.invalid)'" in shown(message)
