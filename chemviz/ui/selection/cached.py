"""Cached computations of the Feature selection page.

The expensive things are computed once per setting and reused by every rerun:
the prepared matrix (:func:`selection_data`: sampled, cleaned and capped
once per data and seed), the regularisation path with its cross-validation
(:func:`path`: once per data, ℓ1 share r, folds and seed), the correlated
partners of its first features (:func:`correlated_groups`, once per path)
and the RFE curve (:func:`rfe`). Moving the λ slider never reaches :func:`path` with a new key:
it only looks up columns of the cached :class:`~chemviz.selection.PathResult`.

Keys: ``data_key`` = (content hash, target, representation, its parameters);
arrays and results are ``_underscore`` arguments. Results are kept with
the shared caches of :mod:`chemviz.ui.cache` (between sessions, read-only): a path on 2,000
molecules stores 2,000 × 100 out-of-fold predictions.
"""

from __future__ import annotations

import pandas as pd

from chemviz import depict
from chemviz.figures.common import hover_names, parity_frames
from chemviz.figures.frames import layout_payload
from chemviz.figures.selection import cv_figure, lambda_marker_layout, path_figure
from chemviz.modeldata import ModelInputs
from chemviz.molecules import MoleculeSet
from chemviz.representations import column_atoms
from chemviz.selection import (
    PathResult,
    RFEResult,
    SelectionData,
    coefficients_at,
    correlated_partners,
    prepare_selection,
    regularization_path,
    rfe_curve,
)
from chemviz.ui import cached, state
from chemviz.ui.cache import shared

N_LAMBDAS = 100  # the grid of scikit-learn's lasso_path


@shared("models")
def selection_data(_inputs: ModelInputs, data_key: tuple, seed: int) -> SelectionData:
    """:func:`~chemviz.selection.prepare_selection`, once per data and seed."""
    return prepare_selection(_inputs, seed)


@shared("models", spinner="Fitting the path on every fold…")  # coefficients: ~1.4 MB
def path(_data: SelectionData, data_key: tuple, seed: int, l1_ratio: float, folds: int):
    """The regularisation path with CV, once per (data, ℓ1 share r, folds, seed). Read-only."""
    return regularization_path(
        _data.X,
        _data.y,
        l1_ratio=l1_ratio,
        n_lambdas=N_LAMBDAS,
        folds=folds,
        seed=seed,
        feature_names=_data.names,
    )


@shared("small", spinner="Eliminating features one step at a time…")
def rfe(_data: SelectionData, data_key: tuple, seed: int, folds: int) -> RFEResult:
    """The RFE curve on the same folds as the path, once per (data, folds, seed)."""
    return rfe_curve(_data.X, _data.y, folds=folds, seed=seed, feature_names=_data.names)


def slider_indices(result: PathResult) -> list[int]:
    """The path's λ indices in the λ slider's order: small λ on the left, as on the axes."""
    return list(range(len(result.lambdas) - 1, -1, -1))


@shared("figures", heavy_work=False)
def path_payloads(_result: PathResult, path_key: tuple, unit: str, top_k: int) -> dict:
    """The path and CV charts with a frame per λ of the slider: only the marker moves.

    Built once per path (the path figure has thousands of points) and the
    same data whatever λ is shown (the browser starts at the slider's step),
    so a session receives the path's points once.
    """
    path_fig = path_figure(_result, top_k=top_k, current_index=_result.i_1se, unit_label=unit)
    path_fig.update_layout(height=520)
    cv_fig = cv_figure(_result, current_index=_result.i_1se, unit_label=unit)
    cv_fig.update_layout(height=460)
    lams = [float(_result.lambdas[i]) for i in slider_indices(_result)]
    return {
        name: layout_payload(fig, state.SEL_LAMBDA, lambda_marker_layout, lams)
        for name, fig in (("path", path_fig), ("cv", cv_fig))
    }


@shared("figures")
def parity_payload(
    _result: PathResult, path_key: tuple, _draw, _parts, _names: list[str], unit: str
) -> dict:
    """The parity plot at every λ of the slider, as a scrub payload.

    ``_parts(index)`` gives the clouds' (label, measured, predicted) at the
    path's λ number ``index``; ``_draw(parts)`` draws them as a figure, once,
    at the one-standard-error λ. Every other frame is made from plain data
    (:func:`chemviz.figures.common.parity_frames`): a hundred plots of up to
    2,000 molecules, built once per path and shared by every student on it.
    The molecules' names are the same in every frame and go into the base once.
    """
    clouds = [_parts(i) for i in slider_indices(_result)]
    base = _draw(clouds[slider_indices(_result).index(_result.i_1se)])
    names = {"hovertext": hover_names(_names)}
    return parity_frames(base, state.SEL_LAMBDA, clouds, unit, same={0: names, 1: names})


@shared("small", heavy_work=False)
def top_features(_result: PathResult, path_key: tuple, unit: str, top: int) -> list[str]:
    """For each λ of the slider, one sentence: how many features, and the largest effects."""
    sentences = []
    for i in slider_indices(_result):
        table = coefficients_at(_result, i)
        if table.empty:
            sentences.append("No feature is selected at this λ: every coefficient is zero.")
            continue
        effects = ", ".join(
            f"{name} {w:+.2g}"
            for name, w in zip(
                table["feature"][:top], table["coef_standardised"][:top], strict=True
            )
        )
        more = f" and {len(table) - top} more" if len(table) > top else ""
        sentences.append(
            f"{len(table)} selected. Largest effects ({unit} per standard deviation): "
            f"{effects}{more}."
        )
    return sentences


@shared("small")
def correlated_groups(
    _data: SelectionData, _result: PathResult, path_key: tuple, top_k: int
) -> pd.DataFrame:
    """The first features' correlated partners and their entry λ, once per path."""
    return correlated_partners(_data.X, _result, top_k=top_k)


def lasso_count(result: PathResult) -> int:
    """Number of features the path keeps at λ_1se (for the RFE chart)."""
    return int(result.n_nonzero[result.i_1se])


@shared("pictures", heavy_work=False)
def substructure_grid(
    _molecules: MoleculeSet,
    content_hash: str,
    rep: str,
    params: tuple,
    column: int,
    rows: tuple[int, ...],
    captions: tuple[str, ...],
) -> str:
    """Cards of molecules with the atoms of one fingerprint bit or MACCS key highlighted.

    ``column`` is the representation's column (the bit of a hashed
    fingerprint; MACCS key − 1: :func:`chemviz.representations.column_atoms`);
    ``rows`` the molecules to draw. Names and captions are escaped by
    :func:`chemviz.depict.grid_html`.
    """
    items = []
    for row, caption in zip(rows, captions, strict=True):
        mol = _molecules.mols[row]
        environments = column_atoms(mol, rep, column, **dict(params))
        atoms = tuple(sorted({a for env in environments for a in env}))
        svg = cached.svg(_molecules.smiles[row], atoms, (240, 180), trusted=_molecules.trusted)
        items.append(depict.GridItem(svg, _molecules.names[row], caption))
    return depict.grid_html(items, columns=min(4, max(len(items), 1)), testid="sel-substructure")
