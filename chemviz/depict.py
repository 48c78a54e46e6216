"""Pictures of molecules: 2D SVG depictions, grids of them, and 3D viewer HTML.

Everything returned here is text (SVG or HTML) ready for the page. User
text (names from an upload) is escaped with :func:`html.escape` before it
reaches HTML, and the 3D viewer receives only RDKit-written coordinates.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence
from dataclasses import dataclass

import py3Dmol
from rdkit import Chem
from rdkit.Chem.Draw import rdMolDraw2D

from chemviz.limits import Limits, current

# Public copy of 3Dmol.js for hosted deployments without the local file.
THREEDMOL_CDN = "https://cdn.jsdelivr.net/npm/3dmol@2.5.5/build/3Dmol-min.js"
# Where Streamlit serves ./static/3Dmol-min.js when enableStaticServing is on.
THREEDMOL_LOCAL = "/app/static/3Dmol-min.js"

VIEWER_STYLES = {
    "stick": {"stick": {"radius": 0.15}},
    "sphere": {"sphere": {"scale": 0.9}},
    "line": {"line": {"linewidth": 2}},
    "ball and stick": {"stick": {"radius": 0.12}, "sphere": {"scale": 0.25}},
}

HIGHLIGHT = (1.0, 0.55, 0.1)  # orange: readable on a projector and for colour-blind viewers


def mol_to_svg(
    mol: Chem.Mol,
    size: tuple[int, int] = (220, 170),
    highlight_atoms: Sequence[int] = (),
    highlight_bonds: Sequence[int] | None = None,
) -> str:
    """Draw one molecule as an SVG string.

    Parameters
    ----------
    mol : rdkit.Chem.Mol
    size : (int, int)
        Width and height in pixels.
    highlight_atoms : sequence of int
        Atom indices to highlight (e.g. a substructure match).
    highlight_bonds : sequence of int, optional
        Bond indices to highlight; by default every bond between two
        highlighted atoms.

    Returns
    -------
    str
        An ``<svg>`` element without the XML declaration, so it can be
        inlined in HTML.
    """
    atoms = list(highlight_atoms)
    if highlight_bonds is None:
        chosen = set(atoms)
        highlight_bonds = [
            b.GetIdx()
            for b in mol.GetBonds()
            if b.GetBeginAtomIdx() in chosen and b.GetEndAtomIdx() in chosen
        ]
    drawer = rdMolDraw2D.MolDraw2DSVG(*size)
    options = drawer.drawOptions()
    options.clearBackground = False
    options.addStereoAnnotation = True
    # Cap the bond length so methane is not drawn as large as a steroid.
    options.fixedBondLength = 28
    colours = {a: HIGHLIGHT for a in atoms}
    bond_colours = {b: HIGHLIGHT for b in highlight_bonds}
    rdMolDraw2D.PrepareAndDrawMolecule(
        drawer,
        mol,
        highlightAtoms=atoms,
        highlightBonds=list(highlight_bonds),
        highlightAtomColors=colours,
        highlightBondColors=bond_colours,
    )
    drawer.FinishDrawing()
    svg = drawer.GetDrawingText()
    return svg[svg.index("<svg") :]


def placeholder_svg(size: tuple[int, int], *lines: str) -> str:
    """A grey box with a short message, where a depiction cannot be drawn (too large, failed)."""
    width, height = size
    y0 = height / 2 - 9 * (len(lines) - 1)
    text = "".join(
        f'<text x="{width / 2:.0f}" y="{y0 + 18 * k:.0f}" text-anchor="middle" '
        f'font-family="sans-serif" font-size="13" fill="#444">{html.escape(line)}</text>'
        for k, line in enumerate(lines)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><rect x="1" y="1" width="{width - 2}" '
        f'height="{height - 2}" rx="6" fill="#f3f3f3" stroke="#bbb"/>{text}</svg>'
    )


def depiction(
    smiles: str,
    size: tuple[int, int] = (220, 170),
    highlight: Sequence[int] = (),
    limits: Limits | None = None,
) -> str:
    """The SVG of a molecule given as SMILES, or a placeholder saying why it is not drawn.

    RDKit's 2D layout grows steeply with size (a 2,000-atom acene takes 30 s
    and holds the interpreter lock all along), so molecules over
    ``limits.atoms_depiction`` heavy atoms get a placeholder instead.
    """
    limits = limits or current()
    mol = Chem.MolFromSmiles(smiles)
    if mol is None:
        return placeholder_svg(size, "Not drawn:", "RDKit could not read this SMILES")
    n_heavy = mol.GetNumHeavyAtoms()
    if n_heavy > limits.atoms_depiction:
        return placeholder_svg(
            size,
            f"Not drawn: {n_heavy:,} heavy atoms",
            f"(pictures up to {limits.atoms_depiction:,})",
        )
    return mol_to_svg(mol, size, highlight)


def depiction_task(item: tuple) -> str:
    """:func:`depiction` of ``(smiles, size, highlight, limits)``: what a worker process runs."""
    return depiction(*item)


@dataclass(frozen=True)
class GridItem:
    """One card of a molecule grid: a depiction with a caption."""

    svg: str
    name: str
    caption: str


def svg_img(svg: str, alt: str = "") -> str:
    """An ``<img>`` tag carrying the SVG as a data URI.

    Streamlit sanitises ``st.html`` with DOMPurify, which removes inline
    ``<svg>`` elements; an image with a ``data:`` URI passes, and the
    browser draws it exactly the same.
    """
    data = base64.b64encode(svg.encode()).decode()
    return (
        f'<img src="data:image/svg+xml;base64,{data}" alt="{html.escape(alt, quote=True)}" '
        'style="max-width:100%;height:auto">'
    )


def grid_html(items: Sequence[GridItem], columns: int = 4, testid: str = "molecule-card") -> str:
    """Lay out molecule cards as an HTML grid (inline styles survive sanitising).

    Names and captions are HTML-escaped: they may come from an upload.
    """
    card_style = (
        "margin:0;padding:.4rem;border:1px solid rgba(128,128,128,.3);border-radius:.5rem;"
        "text-align:center;overflow:hidden"
    )
    caption_style = "font-size:.85rem;line-height:1.25;word-break:break-word"
    cards = "".join(
        f'<figure style="{card_style}" data-testid="{testid}">'
        f"{svg_img(item.svg, item.name)}"
        f'<figcaption style="{caption_style}"><strong>{html.escape(item.name)}</strong><br>'
        f"{html.escape(item.caption)}</figcaption></figure>"
        for item in items
    )
    grid_style = f"display:grid;grid-template-columns:repeat({columns},minmax(0,1fr));gap:.6rem"
    return f'<div style="{grid_style}">{cards}</div>'


def viewer_html(
    mol3d: Chem.Mol,
    style: str = "stick",
    js_url: str = THREEDMOL_CDN,
    width: int = 420,
    height: int = 340,
) -> str:
    """HTML for an interactive 3D view of one conformer (py3Dmol).

    Parameters
    ----------
    mol3d : rdkit.Chem.Mol
        A molecule with a 3D conformer (coordinates in Å).
    style : str
        A key of :data:`VIEWER_STYLES`.
    js_url : str
        Where the browser loads 3Dmol.js from: :data:`THREEDMOL_LOCAL` when
        the app serves it, otherwise the public CDN.

    Returns
    -------
    str
        A complete HTML document for ``st.iframe``.

    Notes
    -----
    py3Dmol embeds the mol block in a ``<script>`` as a JSON string. The
    block is written by RDKit from atoms and coordinates with the title line
    cleared, so no user text (a molecule name could contain ``</script>``)
    ever reaches the script.
    """
    if style not in VIEWER_STYLES:
        raise ValueError(f"Unknown style '{style}'; choose one of: {', '.join(VIEWER_STYLES)}")
    if mol3d.GetNumConformers() == 0 or not mol3d.GetConformer().Is3D():
        raise ValueError("This molecule has no 3D conformer to show.")
    clean = Chem.Mol(mol3d)
    clean.ClearComputedProps()
    for prop in list(clean.GetPropNames()):
        clean.ClearProp(prop)
    clean.SetProp("_Name", "")
    block = Chem.MolToMolBlock(clean)
    view = py3Dmol.view(width=width, height=height, js=js_url)
    view.addModel(block, "mol")
    view.setStyle(VIEWER_STYLES[style])
    view.setBackgroundColor("white")
    view.zoomTo()
    body = view.write_html()
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head>'
        f'<body style="margin:0">{body}</body></html>'
    )
