"""AppTest: one CurrentInputs per run, built by the sidebar from the pickers and the link.

References: the representation registry's defaults (written out by hand
below) and RDKit's own Morgan generator for the features those inputs give.
"""

import numpy as np
from conftest import ROOT, TIMEOUT, no_errors
from rdkit import Chem
from rdkit.Chem import rdFingerprintGenerator
from streamlit.testing.v1 import AppTest

from chemviz.ui import cached


def _run(**query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    no_errors(at)
    return at


def test_a_links_representation_parameters_reach_the_current_inputs():
    """Check ?rep_morgan_radius=3&rep_morgan_n_bits=1024: validated, sorted, with the defaults."""
    at = _run(dataset="solubility", rep="morgan", rep_morgan_radius="3", rep_morgan_n_bits="1024")
    inputs = at.session_state["_current_inputs"]
    # Every Morgan parameter by name; counts, chirality and features keep their defaults.
    expected = (
        ("chirality", False), ("counts", False), ("features", False), ("n_bits", 1024),
        ("radius", 3),
    )  # fmt: skip
    assert inputs.params == expected
    assert (inputs.dataset, inputs.target, inputs.rep) == ("solubility", "logS", "morgan")
    assert inputs.key == (inputs.molecules.content_hash, "logS", "morgan", expected)
    assert inputs.features_key == (inputs.molecules.content_hash, "morgan", expected)


def test_the_inputs_give_rdkits_own_fingerprints_for_those_parameters():
    """Check radius-3, 1024-bit inputs give RDKit's own generator's bits, molecule by molecule."""
    at = _run(rep="morgan", rep_morgan_radius="3", rep_morgan_n_bits="1024")
    inputs = at.session_state["_current_inputs"]
    fm = cached.features(inputs.molecules, *inputs.features_key)
    generator = rdFingerprintGenerator.GetMorganGenerator(radius=3, fpSize=1024)
    for row in (0, 1, len(fm.rows) - 1):
        mol = Chem.MolFromSmiles(inputs.molecules.smiles[fm.rows[row]])
        np.testing.assert_array_equal(fm.values[row], generator.GetFingerprintAsNumPy(mol))


def _other_representation():
    """A script: the sidebar's inputs, then the same data as autocorrelations of depth 2."""
    import streamlit as st

    from chemviz.ui import widgets

    data = widgets.sidebar()
    st.session_state["other"] = data.with_representation("autocorrelation")


def test_another_representation_keeps_the_data_and_takes_its_own_parameters():
    """Check with_representation: same molecules and target, the other's parameters as set."""
    at = AppTest.from_function(_other_representation, default_timeout=TIMEOUT)
    at.session_state["rep_autocorrelation_depth"] = 2
    at.run()
    no_errors(at)
    inputs, other = at.session_state["_current_inputs"], at.session_state["other"]
    assert inputs.rep == "morgan" and other.rep == "autocorrelation"
    assert other.molecules is inputs.molecules and other.target == inputs.target
    assert other.params == (("depth", 2),)
    assert other.key == (inputs.key[0], inputs.key[1], "autocorrelation", (("depth", 2),))
