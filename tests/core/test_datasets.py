"""The bundled datasets load through the same reader as uploads, with units and conformers."""

import pytest

from chemviz.datasets import DATASETS, DEFAULT_DATASET, list_datasets, load_dataset


@pytest.mark.parametrize("key", list(DATASETS))
def test_each_dataset_loads_with_the_count_in_its_title(key):
    """Check that every bundled set parses cleanly and has as many molecules as its title says."""
    info = DATASETS[key]
    molecules = load_dataset(key)
    assert f"({len(molecules):,})" in info.title
    assert info.default_target in molecules.property_names
    assert molecules.unit(info.default_target) == info.units[info.default_target]
    assert molecules.source == key
    assert molecules.conformer_path is not None and molecules.conformer_path.exists()


def test_freesolv_is_the_default_and_carries_a_known_value():
    """Check the default set and methanesulfonyl chloride's published −4.87 kcal/mol."""
    assert DEFAULT_DATASET == "freesolv" and list_datasets()[0].key == "freesolv"
    molecules = load_dataset("freesolv")
    i = molecules.smiles.index("CS(=O)(=O)Cl")
    assert molecules.names[i] == "methanesulfonyl chloride"
    assert molecules.target("hydration_free_energy")[i] == pytest.approx(-4.87)


def test_solubility_keeps_its_published_split():
    """Check that the Huuskonen set carries train and test labels, train first."""
    split = load_dataset("solubility").split
    assert set(split) == {"train", "test"}
    assert split[0] == "train" and split[-1] == "test"


def test_unknown_dataset_lists_the_choices():
    """Check the message for a dataset name that does not exist."""
    with pytest.raises(ValueError, match="freesolv, solubility, lipophilicity, aqsoldb"):
        load_dataset("tox21")
