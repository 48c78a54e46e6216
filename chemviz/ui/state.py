"""Every session-state key and URL parameter of the app, in one table.

A widget is tied to its key here (``**state.bind(state.DATASET)``); keys
marked ``url=True`` are mirrored in the URL's query parameters by
:func:`read_url` (start of a session) and :func:`write_url` (end of every
run), so a teacher can share a link that opens the same view, seed included.
We sync by hand rather than with Streamlit's ``bind="query-params"``, which
writes a selectbox's *label* ("FreeSolv: hydration free energies (642)")
instead of its value ("freesolv") into the link. Page-specific keys carry
their page's prefix (``rep_``, ``ker_``, ``sel_``, ``cx_``, ``nn_``).

A link is user input, hostile until checked: every key declares its type and
its valid values (``options``, or inclusive ``bounds``), and :func:`read_url`
checks each query parameter against them before any widget or computation
sees it. ``?nn_layers=inf`` or ``?cx_n=1e9`` fall back to the default with a
one-line note on the page (:data:`URL_NOTES`), never a traceback or a giant
allocation.

This module is the table; how an entry works (:class:`StateKey`, ``declare``,
``bind``, the URL's reading and writing) is :mod:`chemviz.ui.keys`. A
registry's parameter gets its key from its :class:`~chemviz.params.Param`
(``declare_param``): its valid values are the ones its widget offers.
"""

from __future__ import annotations

from collections.abc import Collection

from chemviz.ui.keys import (  # noqa: F401  (the table's machinery, used as state.bind, …)
    KEYS,
    MAX_URL_TEXT,
    StateKey,
    bind,
    declare,
    declare_param,
    get,
    put,
    write_url,
)
from chemviz.ui.keys import read_url as _read_url


def read_url() -> None:
    """Copy a link's valid values into session state; say on the page what it could not use."""
    notes = _read_url()
    if notes:
        put(URL_NOTES, notes)


# -- Valid values that only the UI defines (slider grids) ------------------------
# Exact decimals, so a value written into a link reads back equal.
SEEDS = (0, 9999)
FOLDS = tuple(range(2, 11))
KER_LAMBDAS = (
    0.0,
    1e-5,
    3e-5,
    1e-4,
    3e-4,
    1e-3,
    3e-3,
    0.01,
    0.03,
    0.1,
    0.3,
    1.0,
    3.0,
    10.0,
    30.0,
    100.0,
)
KER_TEST_FRACTIONS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5)
KER_HEATMAP_SIZES = (10, 20, 30, 40, 60, 80, 100, 120, 150, 200, 300, 500, 750, 1000)
CX_TABS = ("① The 1D story", "② Molecules")
CX_LAMBDAS = (0.0, *(10.0**k for k in range(-8, 2)))
SEL_L1_RATIOS = (0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0)


def _options() -> dict[str, Collection]:
    """Valid values that the core's registries define (imported here, never the reverse)."""
    from chemviz.complexity import MODELS
    from chemviz.datasets import DATASETS
    from chemviz.kernels import HEATMAP_ORDERS, KERNELS
    from chemviz.molecules.explore import SEARCH_MODES
    from chemviz.networks.registry import ACTIVATIONS, SOLVERS
    from chemviz.representations import REPRESENTATIONS

    return {
        "datasets": (*DATASETS, "upload"),
        "representations": tuple(REPRESENTATIONS),
        "search_modes": SEARCH_MODES,
        "activations": tuple(ACTIVATIONS),
        "solvers": tuple(SOLVERS),
        "kernels": tuple(KERNELS),
        "orders": HEATMAP_ORDERS,
        "families": tuple(name for name, fam in MODELS.items() if not fam.one_d),
    }


def _network_settings() -> dict:
    from chemviz.networks.registry import SETTINGS

    return SETTINGS


def _kernel_params() -> dict:
    """Every kernel parameter by name (σ is shared by the Gaussian and the Laplacian)."""
    from chemviz.kernels import KERNELS

    return {p.name: p for k in KERNELS.values() for p in k.params}


def ker_param_key(param: str) -> str:
    """The key of a kernel parameter's slider (``ker_sigma``, ``ker_degree``, ``ker_c``)."""
    return f"ker_{param}"


def rep_param_key(rep: str, param: str) -> str:
    """The key of one representation parameter (``rep_morgan_radius``)."""
    return f"rep_{rep}_{param}"


def cx_knob_key(model: str) -> str:
    """The key of the knob a family's complexity curve varies (``cx_knob_krr``)."""
    return f"cx_knob_{model}"


def cx_value_key(model: str, knob: str) -> str:
    """The key of a knob's value on the complexity curve (``cx_value_ridge_lam``)."""
    return f"cx_value_{model}_{knob}"


def _declare_generated() -> None:
    """Declare the keys the registries define, one per parameter or knob.

    Called once, below, so the table is whole as soon as this module is
    imported: a shared link's ``rep_morgan_radius`` or ``cx_value_ridge_lam``
    is read on the first run of a fresh server like any other key.
    """
    from chemviz.complexity import MODELS
    from chemviz.representations import REPRESENTATIONS

    for rep in REPRESENTATIONS.values():
        for p in rep.params:
            declare_param(rep_param_key(rep.name, p.name), p)
    for name in _REGISTRY["families"]:
        fam = MODELS[name]
        knobs = fam.curve_knobs()
        if len(knobs) > 1:
            names = tuple(k.name for k in knobs)
            declare(cx_knob_key(name), names[0], url=True, help=f"{fam.label}: knob", options=names)
        for k in knobs:
            # A float key, on the curve's values: the one nearest the family's default.
            key = cx_value_key(name, k.name)
            default = k.nearest(fam.defaults[k.name])
            values = tuple(k.curve_values())
            declare(key, default, url=True, help=f"{fam.label}: {k.label}", options=values)


_REGISTRY = _options()
# Parameters whose keys are declared by name below (pages refer to them as state.NN_WIDTH, …).
_NN = _network_settings()
_KERNEL_PARAMS = _kernel_params()


# -- Shared: the data every page works on ------------------------------------
DATASET = declare(
    "dataset", "freesolv", url=True, help="bundled dataset key, or 'upload'",
    options=_REGISTRY["datasets"],
)  # fmt: skip
TARGET = declare(
    "target", None, url=True, help="numeric property to model (checked by the sidebar)"
)
REPRESENTATION = declare(
    "rep", "morgan", url=True, help="representation name (registry key)",
    options=_REGISTRY["representations"],
)  # fmt: skip
UPLOAD = declare("upload_result", None, help="(MoleculeSet, ParseReport) of the last upload")
CURRENT = declare("_current_inputs", None, help="CurrentInputs the sidebar built in this run")
PENDING_DATASET = declare("_pending_dataset", None, help="dataset to switch to on the next run")
URL_NOTES = declare("_url_notes", None, help="what read_url could not use from the link")
SHOWN_PAGE = declare("_shown_page", None, help="URL path of the page the last run completed")

# -- Molecules page -------------------------------------------------------------
MOL_SEARCH = declare("mol_search", "", url=True, help="search text or SMARTS")
MOL_SEARCH_MODE = declare(
    "mol_search_mode", "name or SMILES text", url=True, help="search mode (SEARCH_MODES)",
    options=_REGISTRY["search_modes"],
)  # fmt: skip
MOL_PAGE = declare("mol_page", 1, help="page of the molecule grid")
MOL_3D = declare("mol_3d", None, help="position (row) of the molecule shown in 3D")
MOL_3D_STYLE = declare("mol_3d_style", "stick", help="py3Dmol style")
MOL_STRIP_SALTS = declare("mol_strip_salts", False, help="keep the largest fragment on upload")
MOL_NEUTRALIZE = declare("mol_neutralize", False, help="neutralise charges on upload")
MOL_DUPLICATES = declare("mol_duplicates", "keep_first", help="duplicate policy on upload")
MOL_PASTE = declare("mol_paste", "", help="pasted SMILES text")
MOL_ENCODING = declare("mol_encoding", "auto", help="text encoding of the next upload")

# -- Neural networks page ---------------------------------------------------------
NN_LAYERS = declare_param("nn_layers", _NN["layers"])
NN_WIDTH = declare_param("nn_width", _NN["width"])
NN_ACTIVATION = declare_param("nn_activation", _NN["activation"])
NN_ALPHA = declare_param("nn_alpha", _NN["alpha"])  # α: λ of the workshop, per minibatch
NN_LR = declare_param("nn_lr", _NN["learning_rate"])
NN_BATCH = declare_param("nn_batch", _NN["batch_size"])  # 0 = full batch
NN_EPOCHS = declare_param("nn_epochs", _NN["epochs"])
NN_PATIENCE = declare_param("nn_patience", _NN["patience"])  # 0 = off
NN_SOLVER = declare_param("nn_solver", _NN["solver"])
NN_SEED = declare_param("nn_seed", _NN["seed"])
NN_RESULT = declare("nn_result", None, help="NetworkRun of the last training (not in the URL)")
NN_EPOCH = declare(
    "nn_epoch", 0, url=True, bounds=(0, 10_000),
    help="epoch shown by the replay slider of a finished run (0 = the network kept)",
)  # fmt: skip
NN_RUN = declare(
    "nn_run", False, url=True,
    help="a network trained with these settings is shown (a link retrains it from its seed)",
)  # fmt: skip

# -- Kernels page -----------------------------------------------------------------
KER_KERNEL = declare(
    "ker_kernel", None, url=True, options=_REGISTRY["kernels"],
    help="kernel key; None = the page's default (Gaussian)",
)  # fmt: skip
# A width's key holds the step k of σ = σ_med·2^(k/2), so its default is the median: k = 0.
KER_SIGMA = declare_param(ker_param_key("sigma"), _KERNEL_PARAMS["sigma"], default=0)
KER_DEGREE = declare_param(ker_param_key("degree"), _KERNEL_PARAMS["degree"])
KER_C = declare_param(ker_param_key("c"), _KERNEL_PARAMS["c"])
KER_N = declare(
    "ker_n", 60, url=True, help="molecules drawn in the kernel heatmap", options=KER_HEATMAP_SIZES
)
KER_ORDER = declare(
    "ker_order", "cluster", url=True, help="heatmap row order (HEATMAP_ORDERS)",
    options=_REGISTRY["orders"],
)  # fmt: skip
KER_SEED = declare(
    "ker_seed", 0, url=True, help="seed of the samples, the split and the folds", bounds=SEEDS
)
KER_TEST = declare(
    "ker_test", 0.2, url=True, help="test fraction (no published split)",
    options=KER_TEST_FRACTIONS,
)  # fmt: skip
KER_LAMBDA = declare(
    "ker_lambda", 0.01, url=True, help="KRR regularisation λ (0 allowed)", options=KER_LAMBDAS
)
KER_FOLDS = declare("ker_folds", 5, url=True, help="cross-validation folds", options=FOLDS)
# Positions in the heatmap's sample (which ker_n and ker_seed fix); the page checks the range.
KER_PAIR_A = declare(
    "ker_pair_a", None, url=True, help="first molecule of the compared pair (heatmap row)",
    kind=int, bounds=(0, KER_HEATMAP_SIZES[-1] - 1),
)  # fmt: skip
KER_PAIR_B = declare(
    "ker_pair_b", None, url=True, help="second molecule of the compared pair (heatmap row)",
    kind=int, bounds=(0, KER_HEATMAP_SIZES[-1] - 1),
)  # fmt: skip
KER_HEATMAP = declare("ker_heatmap", None, help="selection state of the kernel heatmap chart")
KER_CLICK = declare("ker_click", None, help="last heatmap cell copied into the pair boxes")
# The upper bound is the test set's size, checked by the page.
KER_EXPLAIN = declare(
    "ker_explain", 0, url=True, help="position of the explained test molecule",
    bounds=(0, 1_000_000),
)  # fmt: skip

# -- Representations page ---------------------------------------------------------
# (Each representation parameter has a generated key rep_<name>_<param>: _declare_generated.)
# A molecule's row in the data set and a column of the representation: the page checks both.
REP_MOLECULE = declare(
    "rep_molecule", None, url=True, help="row of the molecule inspected on the page",
    kind=int, bounds=(0, 1_000_000),
)  # fmt: skip
REP_COMPARE = declare(
    # Descriptors: the other family (named properties, not substructure bits), and
    # precomputed for the bundled sets, so the comparison costs a class nothing.
    "rep_compare", "descriptors", url=True, help="second representation to compare",
    options=_REGISTRY["representations"],
)  # fmt: skip
REP_TSNE_PERPLEXITY = declare(
    "rep_tsne_perplexity", 30, url=True, help="t-SNE perplexity", bounds=(5, 50)
)
REP_SEED = declare("rep_seed", 0, url=True, help="seed for sampling and t-SNE", bounds=(0, 10_000))
REP_BIT = declare(
    "rep_bit", None, url=True, help="fingerprint bit or MACCS key shown on the molecule",
    kind=int, bounds=(0, 1_000_000),
)  # fmt: skip
REP_TSNE_SHOWN = declare(
    "rep_tsne_shown", None, help="(features key, perplexity, seed) of the t-SNE map on screen"
)

# -- Model complexity page --------------------------------------------------------
# (Each family's knob and value have generated keys cx_knob_<family> and
# cx_value_<family>_<knob>: _declare_generated.)
CX_TAB = declare("cx_tab", CX_TABS[0], url=True, help="open tab of the page", options=CX_TABS)
# 12 points: CV picks the degree of the lowest true error (3, seed 0) and the error rises
# well before the grey "more coefficients than points" region; 8 points (on the n slider)
# shows the over-parameterised case (CV's pick lands in that region).
CX_N = declare("cx_n", 12, url=True, help="number of toy data points", bounds=(2, 100))
CX_NOISE = declare("cx_noise", 0.2, url=True, help="noise σ of the toy data", bounds=(0.0, 0.5))
CX_SEED = declare("cx_seed", 0, url=True, help="seed of the toy data and its folds", bounds=SEEDS)
CX_TOY_FOLDS = declare("cx_toy_folds", 5, url=True, help="CV folds on the toy data", bounds=(2, 10))
CX_DEGREE = declare(
    "cx_degree", 2, url=True, help="polynomial degree of the toy fit", bounds=(0, 15)
)
CX_LAMBDA = declare(
    "cx_lambda", 0.0, url=True, help="ridge λ of the toy fit (0 allowed)", options=CX_LAMBDAS
)
CX_RESAMPLED = declare("cx_resampled", False, url=True, help="draw fits to resampled data")
CX_FAMILY = declare(
    "cx_family", "ridge", url=True, help="model family on molecules",
    options=_REGISTRY["families"],
)  # fmt: skip
CX_SPLIT = declare(
    "cx_split", "random", url=True, help="CV split: random or scaffold",
    options=("random", "scaffold"),
)  # fmt: skip
CX_FOLDS = declare("cx_folds", 5, url=True, help="CV folds on molecules", bounds=(2, 10))
CX_MSEED = declare(
    "cx_mseed", 0, url=True, help="seed of the molecule sample and folds", bounds=SEEDS
)
CX_LC_REPS = declare("cx_lc_reps", [], help="representations overlaid on the learning curve")

# -- Feature selection page ---------------------------------------------------------
SEL_ALPHA = declare(
    "sel_alpha", 1.0, url=True, help="elastic-net ℓ1 share r (l1_ratio); 1 = LASSO",
    options=SEL_L1_RATIOS,
)  # fmt: skip
SEL_FOLDS = declare(
    "sel_folds", 5, url=True, help="cross-validation folds of the path and RFE", options=FOLDS
)
SEL_SEED = declare(
    "sel_seed", 0, url=True, help="seed of the folds and of the molecule sample", bounds=SEEDS
)
# The path's grid has 100 λ; the page checks the position against the path it shows.
SEL_LAMBDA = declare(
    "sel_lambda", -1, url=True, help="position on the path's λ grid (0 = λ_max); -1 = λ_1se",
    bounds=(-1, 999),
)  # fmt: skip
SEL_PATH_KEY = declare("_sel_path_key", None, help="the path the λ position belongs to")
SEL_LAMBDA_SHOWN = declare(
    "_sel_lambda_shown", None, help="(Setting.lambda_key, λ) the slider showed: kept when r moves"
)
SEL_RFE = declare("sel_rfe", False, url=True, help="show recursive feature elimination")
SEL_FEATURE = declare("sel_feature", None, help="selected feature whose substructure is drawn")


_declare_generated()
