"""Depictions: highlighted SVGs, escaped HTML, and a 3D viewer that carries no user text."""

import base64
import re

import pytest
from rdkit import Chem

from chemviz import depict
from chemviz.geometry import embed_conformer


def test_svg_highlights_the_requested_atoms():
    """Check that highlighting draws extra paths in the highlight colour, and none without it."""
    mol = Chem.MolFromSmiles("CCO")
    plain = depict.mol_to_svg(mol)
    lit = depict.mol_to_svg(mol, highlight_atoms=(1, 2))
    assert plain.startswith("<svg")
    assert "#FF8C19" not in plain.upper()
    assert "#FF8C19" in lit.upper()  # (1.0, 0.55, 0.1) → FF 8C 19


def test_grid_escapes_names_and_embeds_svgs_as_images():
    """Check that a hostile name is escaped and each SVG travels as a data URI."""
    item = depict.GridItem("<svg>x</svg>", '<script>alert("x")</script>', "logS = 1 <b>")
    out = depict.grid_html([item])
    assert "<script>" not in out
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in out
    assert "logS = 1 &lt;b&gt;" in out
    data = re.search(r"base64,([A-Za-z0-9+/=]+)", out).group(1)
    assert base64.b64decode(data).decode() == "<svg>x</svg>"


def test_viewer_html_contains_coordinates_but_never_the_molecule_name():
    """Check that the 3D viewer embeds the conformer and drops a malicious title."""
    mol = embed_conformer(Chem.MolFromSmiles("CO"))
    mol.SetProp("_Name", "</script><script>alert(1)</script>")
    out = depict.viewer_html(mol, style="sphere", js_url="/app/static/3Dmol-min.js")
    assert "alert(1)" not in out
    assert "/app/static/3Dmol-min.js" in out
    assert '"sphere"' in out
    x = mol.GetConformer().GetAtomPosition(0).x
    assert f"{x:.4f}" in out  # the mol block carries the coordinates to 4 decimals


def test_viewer_refuses_a_2d_molecule_and_an_unknown_style():
    """Check the viewer's messages for a molecule without 3D coordinates and a bad style."""
    flat = Chem.MolFromSmiles("CCO")
    with pytest.raises(ValueError, match="no 3D conformer"):
        depict.viewer_html(flat)
    with pytest.raises(ValueError, match="Unknown style"):
        depict.viewer_html(embed_conformer(flat), style="cartoon")
