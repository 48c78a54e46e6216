"""The descriptors committed for the bundled datasets (data/build_descriptors.py)."""

from __future__ import annotations

import gzip

import numpy as np
import pytest
from rdkit.Chem import Descriptors

from chemviz.datasets import DATASETS, load_dataset
from chemviz.representations import featurize
from chemviz.representations.descriptors import (
    DESCRIPTOR_NAMES,
    PRECOMPUTED_HEADER,
    descriptor_row,
    read_precomputed,
)


@pytest.fixture(scope="module", params=sorted(DATASETS))
def dataset(request):
    return load_dataset(request.param)


def test_every_bundled_dataset_ships_its_descriptors(dataset):
    """Check that each set has a committed table that this RDKit version accepts."""
    assert dataset.descriptor_path is not None
    assert read_precomputed(dataset.descriptor_path, len(dataset)) is not None


def test_committed_molwt_equals_rdkit_for_every_molecule(dataset):
    """Check the whole MolWt column of the committed table against Descriptors.MolWt."""
    fm = featurize(dataset, "descriptors")
    expected = [Descriptors.MolWt(m) for m in dataset.mols]
    np.testing.assert_allclose(fm.values[:, fm.names.index("MolWt")], expected, rtol=1e-12)


def test_committed_rows_are_exactly_what_descriptor_row_computes(dataset):
    """Check 8 rows spread over the set, every column, to the last bit (NaN where RDKit failed)."""
    raw = read_precomputed(dataset.descriptor_path, len(dataset))
    for i in np.linspace(0, len(dataset) - 1, 8).astype(int):
        np.testing.assert_array_equal(raw[i], descriptor_row(dataset.mols[i]))


def test_a_table_from_another_rdkit_version_is_ignored(tmp_path):
    """Check that a header naming another RDKit makes read_precomputed give None."""
    path = tmp_path / "old.descriptors.csv.gz"
    body = ",".join(DESCRIPTOR_NAMES) + "\n" + ",".join(["1.0"] * len(DESCRIPTOR_NAMES)) + "\n"
    path.write_bytes(gzip.compress(f"{PRECOMPUTED_HEADER}2019.03.1\n{body}".encode()))
    assert read_precomputed(path, 1) is None


def test_a_subset_computes_its_descriptors_instead_of_reading_the_table():
    """Check that a subset forgets the table (its rows no longer line up) and still agrees."""
    freesolv = load_dataset("freesolv")
    subset = freesolv.subset([5, 1, 3])
    assert subset.descriptor_path is None
    full = featurize(freesolv, "descriptors").values
    part = featurize(subset, "descriptors").values
    molwt = DESCRIPTOR_NAMES.index("MolWt")
    np.testing.assert_array_equal(part[:, molwt], full[[5, 1, 3], molwt])
