"""AppTest: a shared link reproduces the view, and an edited link never breaks the app."""

import subprocess
import sys
import textwrap

import pytest
from conftest import ROOT, TIMEOUT, no_errors

from chemviz.ui import state

PAGES = [
    "home", "molecules", "model_complexity", "kernels", "representations",
    "feature_selection", "neural_networks",
]  # fmt: skip


def test_a_fresh_server_honours_generated_parameter_keys_in_the_link():
    """Check, in a new interpreter, that ?rep_morgan_radius=3 reaches the Representations page.

    The rep_<name>_<param> and cx_value_… keys are generated from the registries
    by chemviz.ui.state itself; a fresh process is where a late declaration would show.
    """
    script = textwrap.dedent(
        f"""
        from streamlit.testing.v1 import AppTest
        at = AppTest.from_file({str(ROOT / "app.py")!r}, default_timeout={TIMEOUT})
        at.query_params["rep_morgan_radius"] = "3"
        at.query_params["cx_value_ridge_lam"] = "10.0"
        at.run()
        print(at.session_state["rep_morgan_radius"], at.session_state["cx_value_ridge_lam"])
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split()[-2:] == ["3", "10.0"]


def garbage(default) -> str:
    """A value of the wrong kind for a key: words for numbers, a number for words."""
    return "12345" if isinstance(default, str) else "not-a-number"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_survives_a_link_with_nonsense_in_every_parameter(page):
    """Check that a link whose every URL key holds garbage opens each page without a traceback."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    for name, spec in state.KEYS.items():
        if spec.url:
            at.query_params[name] = garbage(spec.default)
    at.run()
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]


def test_a_shared_link_opens_the_same_dataset_target_and_search():
    """Check that dataset, target and a SMARTS search come back from the query string."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params.update(
        {"dataset": "solubility", "target": "logS", "mol_search": "c1ccccc1",
         "mol_search_mode": "substructure (SMARTS)"}
    )  # fmt: skip
    at.run()
    at.switch_page("app_pages/molecules.py").run()
    no_errors(at)
    assert at.sidebar.selectbox(key="dataset").value == "solubility"
    assert at.radio(key="mol_search_mode").value == "substructure (SMARTS)"
    assert at.text_input(key="mol_search").value == "c1ccccc1"


def _open(page: str, query: dict):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params.update(query)
    at.run()
    at.switch_page(f"app_pages/{page}.py").run()
    no_errors(at)
    return at


def test_a_link_reopens_the_molecule_and_the_bit_the_teacher_inspected():
    """Check ?rep_molecule=5&rep_bit=b opens FreeSolv's 6th molecule with its last Morgan bit b."""
    from rdkit import Chem
    from rdkit.Chem import rdFingerprintGenerator

    from chemviz.datasets import load_dataset

    smiles = load_dataset("freesolv").smiles[5]
    generator = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)
    bits = generator.GetFingerprintAsNumPy(Chem.MolFromSmiles(smiles)).nonzero()[0]
    last = int(bits[-1])  # not the first, which the page would show anyway
    at = _open("representations", {"rep_molecule": "5", "rep_bit": str(last)})
    assert at.selectbox(key="rep_molecule").value == 5
    assert at.selectbox(key="rep_bit").value == last


def test_a_link_reopens_the_pair_of_molecules_the_teacher_compared():
    """Check ?ker_pair_a=3&ker_pair_b=16 keeps that pair (without it the page shows another)."""
    query = {"ker_n": "20"}
    default = _open("kernels", query)
    first = (default.selectbox(key="ker_pair_a").value, default.selectbox(key="ker_pair_b").value)
    assert first != (3, 16)
    at = _open("kernels", {**query, "ker_pair_a": "3", "ker_pair_b": "16"})
    assert (at.selectbox(key="ker_pair_a").value, at.selectbox(key="ker_pair_b").value) == (3, 16)
