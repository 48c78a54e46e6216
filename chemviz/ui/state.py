"""Every session-state key and URL parameter of the app, in one table.

A widget is tied to its key here (``**state.bind(state.DATASET)``); keys
marked ``url=True`` are mirrored in the URL's query parameters by
:func:`read_url` (start of a session) and :func:`write_url` (end of every
run), so a teacher can share a link that opens the same view, seed included.
We sync by hand rather than with Streamlit's ``bind="query-params"``, which
writes a selectbox's *label* ("FreeSolv: hydration free energies (642)")
instead of its value ("freesolv") into the link. Page-specific keys carry
their page's prefix (``rep_``, ``ker_``, ``sel_``, ``cx_``, ``nn_``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st


@dataclass(frozen=True)
class StateKey:
    """One entry of the state table.

    Attributes
    ----------
    name : str
        The session-state key, and the query-parameter name when ``url``.
    default : Any
        Value before the user touches anything.
    url : bool
        Whether the value is mirrored in the URL.
    help : str
        What the key holds.
    """

    name: str
    default: Any
    url: bool
    help: str


KEYS: dict[str, StateKey] = {}


def declare(name: str, default: Any, url: bool = False, help: str = "") -> str:
    """Add a key to the table and return its name (for ``key=``)."""
    if name in KEYS:
        raise ValueError(f"State key '{name}' is declared twice")
    KEYS[name] = StateKey(name, default, url, help)
    return name


def bind(name: str) -> dict[str, Any]:
    """Widget keyword arguments for a declared key.

    ``persist_state="session"`` keeps a page's settings when the user visits
    another page and comes back.
    """
    if name not in KEYS:
        raise KeyError(f"State key '{name}' is not declared in chemviz/ui/state.py")
    default = KEYS[name].default
    if name not in st.session_state and default is not None:
        # Seed the widget from the table, so no widget needs value= or index=.
        st.session_state[name] = default
    return {"key": name, "persist_state": "session"}


def _from_text(text: str, default: Any) -> Any:
    """Convert a query-parameter string to the type of the key's default."""
    if isinstance(default, bool):
        return text.lower() in ("1", "true", "yes")
    if isinstance(default, int):
        return int(float(text))
    if isinstance(default, float):
        return float(text)
    return text


def read_url() -> None:
    """Copy URL parameters into session state for keys the session has not set yet.

    Malformed values (``?ker_sigma=abc``) are ignored: the default stays.
    """
    for name, spec in KEYS.items():
        if spec.url and name not in st.session_state and name in st.query_params:
            try:
                st.session_state[name] = _from_text(st.query_params[name], spec.default)
            except ValueError:
                pass


def write_url() -> None:
    """Mirror every URL key that differs from its default into the query string."""
    wanted = {}
    for name, spec in KEYS.items():
        if spec.url and name in st.session_state:
            value = st.session_state[name]
            if value is not None and value != spec.default:
                wanted[name] = str(value)
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)


def get(name: str) -> Any:
    """The current value of a declared key (its default if never set)."""
    return st.session_state.get(name, KEYS[name].default)


def put(name: str, value: Any) -> None:
    """Set a declared key (only before its widget is drawn in this run, or in a callback)."""
    st.session_state[name] = value


# -- Shared: the data every page works on ------------------------------------
DATASET = declare("dataset", "freesolv", url=True, help="bundled dataset key, or 'upload'")
TARGET = declare("target", None, url=True, help="numeric property to model")
REPRESENTATION = declare("rep", "morgan", url=True, help="representation name (registry key)")
UPLOAD = declare("upload_result", None, help="(MoleculeSet, ParseReport) of the last upload")
CURRENT = declare("_current_data", None, help="CurrentData drawn by the sidebar in this run")
PENDING_DATASET = declare("_pending_dataset", None, help="dataset to switch to on the next run")

# -- Molecules page -------------------------------------------------------------
MOL_SEARCH = declare("mol_search", "", url=True, help="search text or SMARTS")
MOL_SEARCH_MODE = declare(
    "mol_search_mode", "name or SMILES text", url=True, help="search mode (SEARCH_MODES)"
)
MOL_PAGE = declare("mol_page", 1, help="page of the molecule grid")
MOL_3D = declare("mol_3d", None, help="position (row) of the molecule shown in 3D")
MOL_3D_STYLE = declare("mol_3d_style", "stick", help="py3Dmol style")
MOL_STRIP_SALTS = declare("mol_strip_salts", False, help="keep the largest fragment on upload")
MOL_NEUTRALIZE = declare("mol_neutralize", False, help="neutralise charges on upload")
MOL_DUPLICATES = declare("mol_duplicates", "keep_first", help="duplicate policy on upload")
MOL_PASTE = declare("mol_paste", "", help="pasted SMILES text")

# -- Neural networks page ---------------------------------------------------------
NN_LAYERS = declare("nn_layers", 2, url=True, help="number of hidden layers")
NN_WIDTH = declare("nn_width", 64, url=True, help="units per hidden layer")
NN_ACTIVATION = declare("nn_activation", "relu", url=True, help="hidden-layer activation key")
NN_ALPHA = declare("nn_alpha", 1e-4, url=True, help="ℓ2 penalty α (λ of the workshop)")
NN_LR = declare("nn_lr", 1e-3, url=True, help="learning rate η")
NN_BATCH = declare("nn_batch", 32, url=True, help="minibatch size; 0 = full batch")
NN_EPOCHS = declare("nn_epochs", 50, url=True, help="maximum number of epochs")
NN_PATIENCE = declare("nn_patience", 10, url=True, help="early-stopping patience; 0 = off")
NN_SOLVER = declare("nn_solver", "adam", url=True, help="optimiser key (adam or sgd)")
NN_SEED = declare("nn_seed", 0, url=True, help="seed of the initial weights and batch order")
NN_RESULT = declare("nn_result", None, help="NetworkRun of the last training (not in the URL)")

# -- Kernels page -----------------------------------------------------------------
KER_KERNEL = declare(
    "ker_kernel", None, url=True, help="kernel key; None = Tanimoto for fingerprints, else Gaussian"
)
KER_SIGMA = declare("ker_sigma", 0, url=True, help="σ grid step k: σ = σ_med·2^(k/2), k = −4…4")
KER_DEGREE = declare("ker_degree", 2, url=True, help="polynomial kernel degree d")
KER_C = declare("ker_c", 1.0, url=True, help="polynomial kernel offset c")
KER_N = declare("ker_n", 60, url=True, help="molecules drawn in the kernel heatmap")
KER_ORDER = declare("ker_order", "cluster", url=True, help="heatmap row order (HEATMAP_ORDERS)")
KER_SEED = declare("ker_seed", 0, url=True, help="seed of the samples, the split and the folds")
KER_TEST = declare("ker_test", 0.2, url=True, help="test fraction (no published split)")
KER_LAMBDA = declare("ker_lambda", 0.01, url=True, help="KRR regularisation λ (0 allowed)")
KER_FOLDS = declare("ker_folds", 5, url=True, help="cross-validation folds")
KER_PAIR_A = declare("ker_pair_a", None, help="first molecule of the compared pair (input row)")
KER_PAIR_B = declare("ker_pair_b", None, help="second molecule of the compared pair (input row)")
KER_HEATMAP = declare("ker_heatmap", None, help="selection state of the kernel heatmap chart")
KER_CLICK = declare("ker_click", None, help="last heatmap cell copied into the pair boxes")
KER_EXPLAIN = declare("ker_explain", 0, url=True, help="position of the explained test molecule")

# -- Representations page ---------------------------------------------------------
# (Each representation parameter has a generated key rep_<name>_<param>; see ui/features.py.)
REP_MOLECULE = declare("rep_molecule", None, help="molecule inspected on the page")
REP_COMPARE = declare("rep_compare", "maccs", url=True, help="second representation to compare")
REP_TSNE_PERPLEXITY = declare("rep_tsne_perplexity", 30, url=True, help="t-SNE perplexity")
REP_SEED = declare("rep_seed", 0, url=True, help="seed for sampling and t-SNE")
REP_BIT = declare("rep_bit", None, help="fingerprint bit or MACCS key shown on the molecule")
REP_TSNE_SHOWN = declare(
    "rep_tsne_shown", None, help="(features key, perplexity, seed) of the t-SNE map on screen"
)

# -- Model complexity page --------------------------------------------------------
# (Each family's knob and value have generated keys cx_knob_<family> and
# cx_value_<family>_<knob>; see chemviz/ui/complexity.py.)
CX_TAB = declare("cx_tab", "① The 1D story", url=True, help="open tab of the page")
CX_N = declare("cx_n", 8, url=True, help="number of toy data points")
CX_NOISE = declare("cx_noise", 0.2, url=True, help="noise σ of the toy data")
CX_SEED = declare("cx_seed", 0, url=True, help="seed of the toy data and its folds")
CX_TOY_FOLDS = declare("cx_toy_folds", 5, url=True, help="CV folds on the toy data")
CX_DEGREE = declare("cx_degree", 2, url=True, help="polynomial degree of the toy fit")
CX_LAMBDA = declare("cx_lambda", 0.0, url=True, help="ridge λ of the toy fit (0 allowed)")
CX_RESAMPLED = declare("cx_resampled", False, url=True, help="draw fits to resampled data")
CX_FAMILY = declare("cx_family", "ridge", url=True, help="model family on molecules")
CX_SPLIT = declare("cx_split", "random", url=True, help="CV split: random or scaffold")
CX_FOLDS = declare("cx_folds", 5, url=True, help="CV folds on molecules")
CX_MSEED = declare("cx_mseed", 0, url=True, help="seed of the molecule sample and folds")
CX_LC_REPS = declare("cx_lc_reps", [], help="representations overlaid on the learning curve")

# -- Feature selection page ---------------------------------------------------------
SEL_ALPHA = declare("sel_alpha", 1.0, url=True, help="elastic-net ℓ1 share r (l1_ratio); 1 = LASSO")
SEL_FOLDS = declare("sel_folds", 5, url=True, help="cross-validation folds of the path and RFE")
SEL_SEED = declare("sel_seed", 0, url=True, help="seed of the folds and of the molecule sample")
SEL_LAMBDA = declare(
    "sel_lambda", -1, url=True, help="position on the path's λ grid (0 = λ_max); -1 = λ_1se"
)
SEL_PATH_KEY = declare("_sel_path_key", None, help="the path the λ position belongs to")
SEL_RFE = declare("sel_rfe", False, url=True, help="show recursive feature elimination")
SEL_FEATURE = declare("sel_feature", None, help="selected feature whose substructure is drawn")
