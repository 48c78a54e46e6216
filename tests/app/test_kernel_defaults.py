"""The Kernels page's defaults teach: the best (σ, λ) of the opening CV grid lies inside it."""

import numpy as np
import pytest

from chemviz import datasets
from chemviz.kernels import KERNELS, median_heuristic_sigma
from chemviz.modeldata import model_inputs
from chemviz.models import krr_cv_grid
from chemviz.models.krr_setup import prepare_krr
from chemviz.representations import featurize
from chemviz.ui import state
from chemviz.ui.kernels.controls import DEFAULT_KERNEL, GRID_LAMBDAS, KRR_CAP, sigma_value


@pytest.mark.slow
@pytest.mark.parametrize("name", list(datasets.DATASETS))
def test_the_default_kernels_cv_optimum_is_inside_its_grid_on_every_bundled_set(name):
    """Check the page's opening grid (Gaussian, σ_med·2^(k/2), its λ) is best off every edge.

    The same data the page opens on: the set's default target, Morgan bits,
    at most KRR_CAP molecules drawn with seed 0, the default test fraction and
    folds. An optimum on an edge would tell a class the grid is too short.
    """
    molecules = datasets.load_dataset(name)
    inputs = model_inputs(
        featurize(molecules, "morgan"), molecules.target(datasets.DATASETS[name].default_target)
    )
    published = None if molecules.split is None else molecules.split[inputs.rows]
    test_fraction = state.KEYS[state.KER_TEST].default
    setup = prepare_krr(inputs, published, KRR_CAP, 0, test_fraction, published is not None)
    X, y = setup.X[setup.train], inputs.y[setup.train]
    [width] = [p for p in KERNELS[DEFAULT_KERNEL].params if p.median_steps]
    sigma_med = median_heuristic_sigma(X, kind=DEFAULT_KERNEL)
    grid = [{"sigma": sigma_value(sigma_med, k)} for k in width.stops]
    folds = state.KEYS[state.KER_FOLDS].default
    result = krr_cv_grid(X, y, DEFAULT_KERNEL, grid, np.asarray(GRID_LAMBDAS), folds, seed=0)
    row, col = np.unravel_index(np.argmin(result.cv_rmse), result.cv_rmse.shape)
    assert 0 < row < len(grid) - 1, f"best σ on the grid's edge (step {width.stops[row]})"
    assert 0 < col < len(GRID_LAMBDAS) - 1, f"best λ on the grid's edge ({GRID_LAMBDAS[col]})"


def test_the_explanation_says_when_its_terms_cancel():
    """Check 5 − 4 + 0.5 = 1.5 is called cancelling (5 is 3.3× the prediction), 0.6 + … not."""
    from chemviz.ui.kernels.sections import cancellation_sentence

    assert "These terms cancel: the largest is 5, 3.3× the prediction" in cancellation_sentence(
        [5.0, -4.0, 0.5], 1.5
    )
    assert "a share of the prediction" in cancellation_sentence([0.6, 0.5, 0.4], 1.5)
    # Large but all of one sign: nothing cancels, however big.
    assert "a share of the prediction" in cancellation_sentence([3.0, 2.0], 1.0)
