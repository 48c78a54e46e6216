"""The model families of the Model complexity page, declared once each.

Each family names its complexity knobs (the hyperparameters a slider moves),
their ranges, whether the axis is logarithmic, and which way is "more
complex". The page builds its widgets from this table, and
:func:`chemviz.complexity.validation_curve` reads it to know what to vary.

Direction matters when reading a curve: for degree, depth, width and σ of a
Gaussian kernel (small σ = wiggly), moving right makes the model *more*
flexible; for the ridge penalty λ and the number of neighbours k, moving right
makes it *simpler*, so the U of the CV curve is mirrored.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.compose import TransformedTargetRegressor
from sklearn.neighbors import KNeighborsRegressor
from sklearn.neural_network import MLPRegressor
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeRegressor

from chemviz.complexity.kernel_ridge import build_krr, build_ridge
from chemviz.kernels import KERNELS
from chemviz.params import Param
from chemviz.toy import PolynomialRegression, check_degree


@dataclass(frozen=True)
class ModelFamily:
    """A model family with its complexity knobs and how to build it.

    Attributes
    ----------
    name : str
        Registry key.
    label : str
        Human name for the picker.
    knobs : tuple of Param
        The hyperparameters a curve can vary (each with ``more_is_complex``
        set); the first is the default.
    defaults : dict
        A value for every hyperparameter (the "fixed" ones while a knob moves).
    build : callable
        ``build(params, seed)`` returns an unfitted scikit-learn regressor.
    fast : bool
        Curves come from the shared-factorisation kernel ridge path (chemviz.models.solve_shifted)
        (:func:`chemviz.models.krr_cv_grid`) rather than one fit per value.
    one_d : bool
        Works only on a single feature (the 1D story).
    description : str
        One sentence for the page.
    """

    name: str
    label: str
    knobs: tuple[Param, ...]
    defaults: dict = field(default_factory=dict)
    build: Callable[[dict, int], BaseEstimator] | None = None
    fast: bool = False
    one_d: bool = False
    description: str = ""

    def curve_knobs(self) -> tuple[Param, ...]:
        """The knobs a curve can vary with the default kernel (a Gaussian has no degree)."""
        kernel = self.defaults.get("kernel")
        return tuple(k for k in self.knobs if k.kernel in (None, kernel))

    def knob(self, name: str) -> Param:
        """The knob called ``name``; ValueError naming the valid ones otherwise."""
        for knob in self.knobs:
            if knob.name == name:
                return knob
        valid = ", ".join(k.name for k in self.knobs)
        raise ValueError(f"The {self.label} model has no knob '{name}'; choose one of: {valid}.")


# λ of the page's loss (1/n)‖y − f‖² + λ‖W‖² (see kernel_ridge.py): per molecule, so one λ
# means the same strength of shrinkage whatever the size of the training set. 19 points
# land on half-decades.
LAMBDA = Param(
    "lam", "λ (ridge penalty)", low=1e-6, high=1e3, log=True, more_is_complex=False, points=19
)

# Every parameter of every kernel, with the kernel registry's default; a KRR
# model uses only those of its chosen kernel.
_KERNEL_DEFAULTS = {p.name: p.default for k in KERNELS.values() for p in k.params}
_SIGMA = next(p for p in KERNELS["gaussian"].params if p.name == "sigma")
_KERNEL_DEGREE = next(p for p in KERNELS["polynomial"].params if p.name == "degree")


def _mlp(params: dict, seed: int) -> BaseEstimator:
    # L-BFGS converges in far fewer passes than Adam on a few hundred molecules;
    # standardising y keeps the default step sizes sensible for any unit. The
    # default budget of 100 iterations keeps a whole curve to seconds; stopping
    # early also regularises, which is worth saying on the page.
    net = MLPRegressor(
        hidden_layer_sizes=(int(params["width"]),),
        alpha=params["alpha"],
        solver="lbfgs",
        max_iter=params["max_iter"],
        random_state=seed,
    )
    return TransformedTargetRegressor(regressor=net, transformer=StandardScaler())


MODELS: dict[str, ModelFamily] = {
    family.name: family
    for family in [
        ModelFamily(
            name="polynomial",
            label="Polynomial (1D)",
            knobs=(
                Param(
                    "degree",
                    "polynomial degree d",
                    kind="int",
                    low=0,
                    high=15,
                    more_is_complex=True,
                    points=12,
                ),
                LAMBDA,
            ),
            defaults={"degree": 3, "lam": 0.0},
            build=lambda p, seed: PolynomialRegression(int(p["degree"]), p["lam"]),
            one_d=True,
            description="ŷ = Σₖ wₖ Pₖ(x), ridge on Legendre polynomials up to degree d.",
        ),
        ModelFamily(
            name="ridge",
            label="Ridge regression",
            knobs=(LAMBDA,),
            # 1e-3 per molecule: with FreeSolv's 513 training molecules per fold, nλ ≈ 0.5.
            defaults={"lam": 1e-3},
            build=build_ridge,
            fast=True,
            description=(
                "Linear model ŷ = Xw minimising (1/n)‖y − Xw‖² + λ‖w‖², so "
                "w = (XᵀX + nλI)⁻¹Xᵀy (intercept column included)."
            ),
        ),
        ModelFamily(
            name="krr",
            label="Kernel ridge regression",
            knobs=(
                # A small width σ makes only near-identical molecules similar: wiggly fits.
                Param(
                    "sigma",
                    "σ (kernel width)",
                    low=_SIGMA.low,
                    high=_SIGMA.high,
                    log=True,
                    more_is_complex=False,
                    points=11,
                ),
                LAMBDA,
                Param(
                    "degree",
                    "polynomial kernel degree d",
                    kind="int",
                    low=_KERNEL_DEGREE.low,
                    high=_KERNEL_DEGREE.high,
                    more_is_complex=True,
                    points=12,
                    kernel="polynomial",
                ),
            ),
            # Light regularisation, so that σ alone sets how wiggly the fit is (nλ ≈ 5e-4).
            defaults={"kernel": "gaussian", **_KERNEL_DEFAULTS, "lam": 1e-6},
            build=build_krr,
            fast=True,
            description="ŷ(x*) = Σᵢ k(x*, xᵢ) aᵢ with a = (K + nλI)⁻¹ y.",
        ),
        ModelFamily(
            name="knn",
            label="k nearest neighbours",
            knobs=(
                Param(
                    "n_neighbors",
                    "k (neighbours averaged)",
                    kind="int",
                    low=1,
                    high=50,
                    log=True,
                    more_is_complex=False,
                    points=12,
                ),
            ),
            defaults={"n_neighbors": 5},
            build=lambda p, seed: KNeighborsRegressor(n_neighbors=int(p["n_neighbors"])),
            description="ŷ(x*) = mean of y over the k training molecules closest to x*.",
        ),
        ModelFamily(
            name="tree",
            label="Decision tree",
            knobs=(
                Param(
                    "max_depth",
                    "maximum depth",
                    kind="int",
                    low=1,
                    high=20,
                    more_is_complex=True,
                    points=20,
                ),
            ),
            defaults={"max_depth": 4},
            build=lambda p, seed: DecisionTreeRegressor(
                max_depth=int(p["max_depth"]), random_state=seed
            ),
            description="Recursive yes/no splits on one feature at a time, up to a depth.",
        ),
        ModelFamily(
            name="mlp",
            label="Neural network (one hidden layer)",
            # Wider than 64 on 2,048 fingerprint bits takes seconds per fit on a classroom
            # server; the Neural networks page explores width in depth.
            knobs=(
                Param(
                    "width",
                    "hidden units",
                    kind="int",
                    low=1,
                    high=256,
                    log=True,
                    more_is_complex=True,
                    stops=(1, 4, 16, 64),
                ),
            ),
            defaults={"width": 32, "alpha": 1e-4, "max_iter": 100},
            build=_mlp,
            description="One hidden layer of ReLU units, trained by L-BFGS with ℓ2 penalty α.",
        ),
    ]
}


def family(name: str) -> ModelFamily:
    """The registry entry ``name``; ValueError listing the families otherwise."""
    if name not in MODELS:
        raise ValueError(f"Unknown model family '{name}'; choose one of: {', '.join(MODELS)}.")
    return MODELS[name]


def model_params(fam: ModelFamily, fixed: dict | None) -> dict:
    """The family's defaults overridden by ``fixed``; unknown names raise ValueError."""
    fixed = dict(fixed or {})
    unknown = sorted(set(fixed) - set(fam.defaults))
    if unknown:
        raise ValueError(
            f"The {fam.label} model has no setting {', '.join(unknown)}; "
            f"its settings are: {', '.join(fam.defaults)}."
        )
    return {**fam.defaults, **fixed}


def check_params(fam: ModelFamily, params: dict, n_train: int) -> None:
    """Raise ValueError for settings the family cannot fit on n_train samples."""
    for name, value in params.items():
        if isinstance(value, numbers.Real) and not np.isfinite(value):
            raise ValueError(f"{name} must be a finite number, not {value}.")
    for knob in fam.knobs:
        value = params[knob.name]
        if knob.integer and (value != int(value) or value < knob.low):
            raise ValueError(
                f"The {knob.label} must be a whole number of at least {knob.low:g}, not {value:g}."
            )
        if not knob.integer and value < 0:
            raise ValueError(f"The {knob.label} must not be negative, not {value:g}.")
    if fam.name == "polynomial":
        check_degree(params["degree"])
    if fam.name == "knn" and params["n_neighbors"] > n_train:
        raise ValueError(
            f"k = {params['n_neighbors']:g} neighbours cannot be averaged from a training "
            f"set of {n_train}; choose k ≤ {n_train}."
        )


def check_family_data(fam: ModelFamily, X: np.ndarray) -> None:
    """Raise ValueError when a 1D-only family gets several features."""
    if fam.one_d and X.shape[1] != 1:
        raise ValueError(
            f"The {fam.label} model works on one feature; this representation has "
            f"{X.shape[1]}. Choose another model family for molecules."
        )
