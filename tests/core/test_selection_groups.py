"""Tests of chemviz.selection.groups: correlated partners on a path, against sklearn's enet_path."""

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import enet_path
from sklearn.preprocessing import StandardScaler

from chemviz.selection import correlated_partners, regularization_path, summarise_partners
from chemviz.selection.groups import correlation_matrix, entry_indices

NAMES = ["twin a", "twin b", "c", "d", "e", "f"]


@pytest.fixture(scope="module")
def twins():
    """Columns 0 and 1 nearly identical (r ≈ 0.999); y = 2·x₀ + x₂ + noise; 3–5 unrelated."""
    rng = np.random.default_rng(0)
    n = 80
    x = rng.normal(size=n)
    X = np.column_stack([x, x + 0.05 * rng.normal(size=n), rng.normal(size=(n, 4))])
    y = 2.0 * x + X[:, 2] + 0.3 * rng.normal(size=n)
    return X, y


def sklearn_entry_lambdas(X, y, lambdas, l1_ratio):
    """λ at which each column first becomes non-zero on sklearn's enet_path (NaN: never)."""
    Xs = StandardScaler().fit_transform(X)
    _, coefs, _ = enet_path(Xs, y - y.mean(), l1_ratio=l1_ratio, alphas=lambdas)
    nonzero = coefs != 0
    return np.array(
        [lambdas[row.argmax()] if row.any() else np.nan for row in nonzero],
    )


@pytest.mark.parametrize("l1_ratio", [1.0, 0.1])
def test_entry_lambdas_of_the_twins_equal_sklearns_enet_path(twins, l1_ratio):
    """Check the one twin pair row: r = np.corrcoef and both entry λ from sklearn's enet_path."""
    X, y = twins
    result = regularization_path(X, y, l1_ratio=l1_ratio, feature_names=NAMES)
    table = correlated_partners(X, result, top_k=3)
    assert len(table) == 1  # the twins are the only pair with |r| ≥ 0.8, listed once
    row = table.iloc[0]
    assert {row.feature, row.partner} == {"twin a", "twin b"}
    assert row.r == pytest.approx(np.corrcoef(X[:, 0], X[:, 1])[0, 1])
    reference = sklearn_entry_lambdas(X, y, result.lambdas, l1_ratio)
    first, second = NAMES.index(row.feature), NAMES.index(row.partner)
    assert row.feature_enters == pytest.approx(reference[first])
    np.testing.assert_allclose(row.partner_enters, reference[second])  # NaN == NaN here
    assert row["rank"] == 1  # the twin carrying y's largest coefficient enters first


def test_lasso_picks_one_twin_while_elastic_net_enters_both_at_close_lambda(twins):
    """Check r = 1: the second twin enters ≥ 10× later or never; r = 0.1: within a factor 1.1."""
    X, y = twins
    lasso = regularization_path(X, y, l1_ratio=1.0, feature_names=NAMES)
    enet = regularization_path(X, y, l1_ratio=0.1, feature_names=NAMES)
    ratio_lasso = correlated_partners(X, lasso, top_k=3)["lambda_ratio"].iloc[0]
    ratio_enet = correlated_partners(X, enet, top_k=3)["lambda_ratio"].iloc[0]
    assert np.isnan(ratio_lasso) or ratio_lasso > 10
    assert 1 <= ratio_enet < 1.1
    # The same, straight from sklearn: the grid step between the twins' entries.
    for result, far in ((lasso, True), (enet, False)):
        entry = sklearn_entry_lambdas(X, y, result.lambdas, result.l1_ratio)[:2]
        apart = np.nanmax(entry) / np.nanmin(entry) if np.isfinite(entry).all() else np.inf
        assert (apart > 10) == far


def test_no_partner_above_the_threshold_gives_an_empty_table(twins):
    """Check that with the twins' own |r| (0.9988) above a threshold of 0.9999 no row is left."""
    X, y = twins
    result = regularization_path(X, y, feature_names=NAMES)
    table = correlated_partners(X, result, threshold=0.9999)
    assert table.empty and "lambda_ratio" in table.columns


def test_correlation_matrix_equals_numpy_corrcoef(twins):
    """Check the Pearson correlations against np.corrcoef (columns as variables)."""
    X, _ = twins
    np.testing.assert_allclose(correlation_matrix(X), np.corrcoef(X, rowvar=False), atol=1e-12)


def test_entry_indices_on_a_hand_made_path():
    """Check first non-zero index per row: enters at 1, at 0, never (−1)."""
    coefs = np.array([[0.0, 0.2, 0.5], [0.1, 0.3, 0.4], [0.0, 0.0, 0.0]])
    np.testing.assert_array_equal(entry_indices(coefs), [1, 0, -1])


def test_summarise_partners_counts_together_and_never_by_hand():
    """Check ratios 1.0 and 0.6 (= 1/1.67) count as together (< 2), 3.0 not, NaN as never."""
    table = pd.DataFrame({"lambda_ratio": [1.0, 0.6, 3.0, np.nan]})
    assert summarise_partners(table) == {"pairs": 4, "together": 2, "never": 1, "factor": 2.0}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"threshold": 0.0}, "threshold must be a correlation"), ({"rows": 5}, "must be the matrix")],
)
def test_bad_requests_raise_readable_errors(twins, kwargs, message):
    """Check a zero threshold and an X of the wrong shape are refused in words."""
    X, y = twins
    result = regularization_path(X, y, n_lambdas=10)
    rows = kwargs.pop("rows", len(X))
    with pytest.raises(ValueError, match=message):
        correlated_partners(X[:rows], result, **kwargs)
