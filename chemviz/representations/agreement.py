"""How far two representations agree about which molecules are similar.

Every model that uses distances or kernels inherits its representation's idea
of similarity. Comparing the distances two representations give to the same
pairs of molecules shows that they often disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.spatial.distance import pdist
from scipy.stats import spearmanr

from chemviz.representations.base import FeatureMatrix

MAX_AGREEMENT_SAMPLE = 2000  # the pairwise distances grow as sample²


@dataclass(frozen=True)
class AgreementResult:
    """How far two representations agree on which molecules are similar.

    Attributes
    ----------
    spearman : float
        Rank correlation of the pairwise distances (1: same order of all
        pairs; 0: unrelated). NaN if one representation sees all sampled
        molecules as equidistant.
    knn_overlap : float
        Mean fraction of each molecule's ``k`` nearest neighbours that are
        the same in both representations.
    k : int
    distances_a, distances_b : numpy.ndarray, shape (n_pairs,)
        The distance of each pair of sampled molecules (i < j, in
        ``scipy.spatial.distance.pdist`` order) in each representation.
    rows : numpy.ndarray, shape (n_sampled,)
        The sampled molecules, as indices into the ``MoleculeSet``.
    n_sampled : int
    n_total : int
        Molecules present in both feature matrices (the sampling frame).
    metric_a, metric_b : str
        The distance used for each, in words.
    """

    spearman: float
    knn_overlap: float
    k: int
    distances_a: np.ndarray
    distances_b: np.ndarray
    rows: np.ndarray
    n_sampled: int
    n_total: int
    metric_a: str
    metric_b: str


def pairwise_distances(fm: FeatureMatrix, positions: np.ndarray) -> tuple[np.ndarray, str]:
    """Condensed pairwise distances between some rows of a feature matrix.

    Parameters
    ----------
    fm : FeatureMatrix
    positions : numpy.ndarray of int
        Row positions in ``fm.values`` (not molecule indices).

    Returns
    -------
    distances : numpy.ndarray, shape (m (m - 1) / 2,)
    metric : str

    Notes
    -----
    Fingerprints use the Tanimoto distance 1 − Σ min(a, b) / Σ max(a, b),
    which for bits is the Jaccard distance 1 − |a ∩ b| / |a ∪ b|. It is
    computed from the city-block distance L = Σ |a − b| and the totals
    S = Σ a + Σ b, since Σ min = (S − L)/2 and Σ max = (S + L)/2, so the
    distance is 2L / (S + L). Real-valued features use the Euclidean
    distance after standardising each column over the whole set.
    """
    x = fm.values[positions]
    if fm.kind == "real":
        mean, std = fm.values.mean(axis=0), fm.values.std(axis=0)
        x = (x - mean) / np.where(std > 0, std, 1.0)
        return pdist(x, "euclidean"), "Euclidean distance of standardised features"
    x = x.astype(float)
    city_block = pdist(x, "cityblock")
    totals = x.sum(axis=1)
    i, j = np.triu_indices(len(x), k=1)
    denominator = totals[i] + totals[j] + city_block
    # Two empty fingerprints are identical: distance 0.
    tanimoto = np.divide(
        2 * city_block, denominator, out=np.zeros_like(city_block), where=denominator > 0
    )
    return tanimoto, "Tanimoto distance"


def _nearest(distances: np.ndarray, n: int, k: int) -> np.ndarray:
    """Indices of each point's k nearest others, shape (n, k); ties keep index order."""
    square = np.zeros((n, n))
    square[np.triu_indices(n, k=1)] = distances
    square += square.T
    np.fill_diagonal(square, np.inf)
    return np.argsort(square, axis=1, kind="stable")[:, :k]


def similarity_agreement(
    fm_a: FeatureMatrix, fm_b: FeatureMatrix, sample: int = 300, seed: int = 0, k: int = 5
) -> AgreementResult:
    """Compare the pairwise distances two representations give to the same molecules.

    Parameters
    ----------
    fm_a, fm_b : FeatureMatrix
        Two representations of the same ``MoleculeSet``.
    sample : int
        Number of molecules drawn (without replacement, reproducibly from
        ``seed``) from those present in both; the work grows as sample².
    seed : int
    k : int
        Neighbours compared per molecule.

    Returns
    -------
    AgreementResult

    Notes
    -----
    Two representations "agree" if they rank pairs of molecules in the same
    order of similarity. Spearman's ρ on all sampled pairs measures the
    global order; the k-nearest-neighbour overlap measures what a kernel or
    a nearest-neighbour model actually uses, the closest few. Ties (e.g.
    molecules with identical fingerprints) are broken by index, so the
    overlap can be below 1 even for identical distances when many tie.
    """
    if not k + 2 <= sample <= MAX_AGREEMENT_SAMPLE:
        raise ValueError(f"sample must be between {k + 2} and {MAX_AGREEMENT_SAMPLE}, got {sample}")
    common = np.intersect1d(fm_a.rows, fm_b.rows)
    if len(common) < k + 2:
        raise ValueError(
            f"Only {len(common)} molecules are featurized by both representations; "
            f"at least {k + 2} are needed"
        )
    rng = np.random.default_rng(seed)
    rows = np.sort(rng.choice(common, size=min(sample, len(common)), replace=False))
    # fm.rows are increasing (input order), so searchsorted finds each row's position.
    dist_a, metric_a = pairwise_distances(fm_a, np.searchsorted(fm_a.rows, rows))
    dist_b, metric_b = pairwise_distances(fm_b, np.searchsorted(fm_b.rows, rows))
    flat = np.ptp(dist_a) == 0 or np.ptp(dist_b) == 0
    rho = np.nan if flat else float(spearmanr(dist_a, dist_b).statistic)
    near_a, near_b = _nearest(dist_a, len(rows), k), _nearest(dist_b, len(rows), k)
    shared = (near_a[:, :, None] == near_b[:, None, :]).any(axis=2).sum(axis=1)
    return AgreementResult(
        spearman=rho,
        knn_overlap=float(shared.mean() / k),
        k=k,
        distances_a=dist_a,
        distances_b=dist_b,
        rows=rows,
        n_sampled=len(rows),
        n_total=len(common),
        metric_a=metric_a,
        metric_b=metric_b,
    )
