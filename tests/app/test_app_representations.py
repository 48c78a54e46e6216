"""AppTest: the Representations page, checked against RDKit, scikit-learn and molSimplify."""

import json
from pathlib import Path

import numpy as np
import pytest
from conftest import as_array, figure, no_errors, open_page
from rdkit.Chem import rdFingerprintGenerator
from sklearn.decomposition import PCA

from chemviz.datasets import load_dataset

RAC_REFERENCE = Path(__file__).resolve().parents[1] / "data" / "rac_molsimplify.json"


def metrics(at) -> dict:
    return {m.label: m.value for m in at.metric}


def rdkit_morgan(radius: int, n_bits: int) -> np.ndarray:
    gen = rdFingerprintGenerator.GetMorganGenerator(radius=radius, fpSize=n_bits)
    return np.array([gen.GetFingerprintAsNumPy(m) for m in load_dataset("freesolv").mols])


def test_default_morgan_matrix_and_its_pca_map_match_rdkit_and_sklearn():
    """Check the 642 × 2,048 shape and that the PCA map equals sklearn's PCA of RDKit's bits."""
    at = open_page("representations")
    no_errors(at)
    assert metrics(at)["Molecules × features"] == "642 × 2,048"
    spec = figure(at, "rep_pca")
    ours = np.column_stack([as_array(spec["data"][0]["x"]), as_array(spec["data"][0]["y"])])
    reference = PCA(2, svd_solver="full").fit_transform(rdkit_morgan(2, 2048).astype(float))
    # Principal axes are defined up to sign; the app may use a randomised SVD,
    # exact to about 1e-4 on these coordinates of order 1.
    np.testing.assert_allclose(np.abs(ours), np.abs(reference), atol=1e-3)


def test_changing_bits_and_radius_recomputes_the_features():
    """Check that 1,024 bits at radius 1 give RDKit's count of constant bits."""
    at = open_page("representations")
    at.select_slider(key="rep_morgan_n_bits").set_value(1024)
    at.slider(key="rep_morgan_radius").set_value(1).run()
    no_errors(at)
    bits = rdkit_morgan(1, 1024)
    constant = int((bits.min(axis=0) == bits.max(axis=0)).sum())
    assert metrics(at)["Molecules × features"] == "642 × 1,024"
    assert metrics(at)["Constant features"] == f"{constant:,}"


def test_autocorrelation_depth_sets_the_number_of_features():
    """Check 9·d + 5 features: 5 products at d = 0 plus 5 products and 4 differences per d ≥ 1."""
    at = open_page("representations")
    at.sidebar.selectbox(key="rep").set_value("autocorrelation").run()
    assert metrics(at)["Molecules × features"] == "642 × 32"  # 9·3 + 5
    at.slider(key="rep_autocorrelation_depth").set_value(5).run()
    no_errors(at)
    assert metrics(at)["Molecules × features"] == "642 × 50"  # 9·5 + 5


def test_ethanol_autocorrelation_bars_are_molsimplifys_racs():
    """Check ethanol's chart against molSimplify's frozen RACs and that the page names tables."""
    reference = json.loads(RAC_REFERENCE.read_text(encoding="utf-8"))["molecules"]["ethanol"]
    at = open_page("representations")
    at.sidebar.selectbox(key="rep").set_value("autocorrelation").run()
    ethanol = load_dataset("freesolv").names.index("ethanol")
    at.selectbox(key="rep_molecule").set_value(ethanol).run()
    no_errors(at)
    bars = {trace["name"]: trace for trace in figure(at, "rep_ac_bar")["data"]}
    for prop in ("chi", "Z", "T", "I", "S"):
        np.testing.assert_allclose(as_array(bars[f"f-{prop}"]["y"]), reference[prop], rtol=1e-9)
    captions = " ".join(c.value for c in at.caption)
    for words in ("molSimplify's table", "webelements.com", "absD is chemviz's own", "absD_f-"):
        assert words in captions, words


def test_coulomb_matrix_of_the_chosen_molecule_has_the_textbook_diagonal():
    """Check that the heatmap is symmetric with 0.5·Z^2.4 on the diagonal (C: 36.86, H: 0.5)."""
    at = open_page("representations")
    at.selectbox(key="rep_molecule").set_value(1).run()  # methanesulfonyl chloride
    no_errors(at)
    z = as_array(figure(at, "rep_cm_heatmap")["data"][0]["z"])
    z = np.array(z, dtype=float).reshape(int(np.sqrt(z.size)), -1) if z.ndim == 1 else z
    np.testing.assert_allclose(z, z.T)
    diagonal = sorted(np.round(np.diag(z), 2))
    # CH3SO2Cl: 3 H, 1 C, 2 O, 1 S, 1 Cl → 0.5·Z^2.4 for Z = 1, 6, 8, 16, 17
    expected = sorted(np.round([0.5 * z_**2.4 for z_ in [1, 1, 1, 6, 8, 8, 16, 17]], 2))
    np.testing.assert_allclose(diagonal, expected)
    # The caption names both units: a fit in hartree on the diagonal, distances in Å.
    assert any("hartree" in c.value and "r in Å" in c.value for c in at.caption)


def test_comparing_with_another_representation_updates_the_agreement():
    """Check that atom pairs instead of MACCS re-draw the pairs, with scipy's Spearman ρ shown."""
    from scipy.stats import spearmanr

    at = open_page("representations")
    before = figure(at, "rep_agreement")
    at.selectbox(key="rep_compare").set_value("atompair").run()
    no_errors(at)
    after = figure(at, "rep_agreement")
    x, y = as_array(after["data"][0]["x"]), as_array(after["data"][0]["y"])
    assert len(x) == 300 * 299 // 2  # every pair of the 300 sampled molecules
    assert not np.array_equal(as_array(before["data"][0]["y"]), y)
    rho = spearmanr(x, y).statistic
    assert after["layout"]["title"]["text"].startswith(f"Spearman ρ = {rho:.2f};")


@pytest.mark.slow
def test_tsne_map_stays_on_screen_until_its_settings_change():
    """Check that the t-SNE map of 642 molecules survives a rerun and goes when perplexity moves."""
    at = open_page("representations")
    at.button(key="rep_tsne_go").click().run()
    no_errors(at)
    assert len(as_array(figure(at, "rep_tsne")["data"][0]["x"])) == 642
    at.selectbox(key="rep_molecule").set_value(2).run()  # an unrelated widget
    assert figure(at, "rep_tsne")
    at.slider(key="rep_tsne_perplexity").set_value(20).run()
    assert not [c for c in at.get("plotly_chart") if c.proto.id.endswith("-rep_tsne")]


def test_atom_pair_bit_highlights_the_pairs_rdkit_reports():
    """Check that an atom-pair bit's caption counts the distinct pairs in RDKit's bit-info map."""
    from rdkit import Chem
    from rdkit.Chem import rdFingerprintGenerator

    at = open_page("representations")
    at.sidebar.selectbox(key="rep").set_value("atompair").run()
    at.selectbox(key="rep_molecule").set_value(1).run()  # methanesulfonyl chloride
    no_errors(at)
    bit = at.selectbox(key="rep_bit").options[0]
    at.selectbox(key="rep_bit").set_value(bit).run()
    bit = int(at.selectbox(key="rep_bit").value)
    mol = Chem.MolFromSmiles(load_dataset("freesolv").smiles[1])
    output = rdFingerprintGenerator.AdditionalOutput()
    output.AllocateBitInfoMap()
    gen = rdFingerprintGenerator.GetAtomPairGenerator(fpSize=2048)
    gen.GetCountFingerprintAsNumPy(mol, additionalOutput=output)
    pairs = {tuple(sorted(p)) for p in output.GetBitInfoMap()[bit]}
    assert any(f"{len(pairs)} occurrence(s) highlighted" in c.value for c in at.caption)
