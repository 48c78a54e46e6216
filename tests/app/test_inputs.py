"""AppTest: one CurrentInputs per run, built by the sidebar from the pickers and the link.

References: the representation registry's defaults (written out by hand
below) and RDKit's own Morgan generator for the features those inputs give.
"""

import gc
import weakref

import numpy as np
from conftest import ROOT, TIMEOUT, no_errors
from rdkit import Chem
from rdkit.Chem import rdFingerprintGenerator
from streamlit.testing.v1 import AppTest

from chemviz.ui import cache, cached


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


def test_cached_fingerprints_are_kept_packed_and_unpack_to_rdkits_bits():
    """Check the cache holds ≈ n·d/8 bytes for 0/1 bits and gives back RDKit's own bits."""
    at = _run(rep="morgan", rep_morgan_radius="2", rep_morgan_n_bits="2048")
    inputs = at.session_state["_current_inputs"]
    fm = cached.features(inputs.molecules, *inputs.features_key)
    stored = cache.CACHES["features"]._items[inputs.features_key][0]
    n, d = fm.values.shape
    assert stored.packed and stored.data.nbytes == n * d // 8  # 2,048 bits: 256 bytes a row
    assert cache.sizeof(stored) < n * d / 4  # the cache counts the packed bits, not n·d bytes
    generator = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)
    for row in (0, n // 2, n - 1):
        mol = Chem.MolFromSmiles(inputs.molecules.smiles[fm.rows[row]])
        np.testing.assert_array_equal(fm.values[row], generator.GetFingerprintAsNumPy(mol))


def test_unpacked_fingerprints_are_shared_while_held_and_freed_after():
    """Check two requests share one unpacked matrix; once nobody holds it, it is gone."""
    for shared in cache.CACHES.values():  # results of earlier tests that were made from it
        shared.clear()
    at = _run(rep="morgan")
    inputs = at.session_state["_current_inputs"]
    first = cached.features(inputs.molecules, *inputs.features_key)
    second = cached.features(inputs.molecules, *inputs.features_key)
    assert second.values is first.values
    stored = cache.CACHES["features"]._items[inputs.features_key][0]
    assert stored.in_use()  # make_room must not forget them: a second copy would follow
    freed = weakref.ref(first.values)
    del first, second
    gc.collect()
    assert freed() is None
    assert not stored.in_use()
