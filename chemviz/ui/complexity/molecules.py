"""The Model complexity page on real molecules: validation curves, parity, learning curves.

Only cross-validation can say how complex a model of molecules should be.
One section: the family, knob, split, folds, seed and value controls rerun
it alone. The curves are computed once per setting for the whole class
(:mod:`chemviz.ui.complexity.cached`); moving the value slider moves the
markers and fits the one model at that value for the parity plot.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from chemviz.complexity import MODELS, ModelFamily, Prepared, family, make_folds
from chemviz.figures.common import hover_names, parity_figure, parity_frames
from chemviz.figures.complexity import (
    complexity_curve_figure,
    learning_curve_figure,
    value_marker_layout,
)
from chemviz.figures.frames import layout_payload
from chemviz.modeldata import ModelInputs
from chemviz.params import Param
from chemviz.representations import REPRESENTATIONS
from chemviz.ui import scrub, state, widgets
from chemviz.ui.complexity import cached
from chemviz.ui.complexity.toy import fmt
from chemviz.ui.inputs import CurrentInputs, model_inputs
from chemviz.ui.section import section

# A sample of 1,000 molecules: a ridge or kernel-ridge curve on it peaks at about
# 60 MB of temporary arrays (185 MB at 2,000), for a server shared by a class.
CAP = 1000
HEAVY_CAP = {"mlp": 200}  # one network per (value, fold): keeps a whole curve to seconds
LC_SIZES = (0.1, 0.2, 0.35, 0.5, 0.75, 1.0)  # fractions of the smallest training fold
# 3D Coulomb matrices need a conformer per molecule: too slow to overlay on a whim.
LC_REPS = tuple(r for r, entry in REPRESENTATIONS.items() if not entry.needs_3d)
MOLECULE_FAMILIES = tuple(name for name, fam in MODELS.items() if not fam.one_d)
SPLITS = {"random": "random folds", "scaffold": "scaffold folds (Bemis–Murcko)"}


@dataclass(frozen=True)
class CurveSetting:
    """The tab's controls: which family, which knob and where on it, and the folds."""

    model: str
    fam: ModelFamily
    knob: Param
    split: str
    folds: int
    seed: int
    value: float

    @property
    def values(self) -> list[float]:
        """The knob's values on the curve (the slider's stops)."""
        return self.knob.curve_values()

    @property
    def fixed(self) -> tuple:
        """Every other setting of the family, at its default, as sorted (name, value) pairs."""
        return tuple(sorted((k, v) for k, v in self.fam.defaults.items() if k != self.knob.name))

    @property
    def params(self) -> tuple:
        """All the family's settings at the slider's value."""
        return tuple(sorted({**dict(self.fixed), self.knob.name: self.value}.items()))


def _controls() -> CurveSetting:
    c1, c2, c3, c4, c5 = st.columns([3, 2, 3, 2, 1])
    model = c1.selectbox(
        "model family", MOLECULE_FAMILIES, format_func=lambda m: MODELS[m].label,
        **state.bind(state.CX_FAMILY),
    )  # fmt: skip
    fam = family(model)
    names = [k.name for k in fam.curve_knobs()]
    knob_name = names[0]
    if len(names) > 1:
        knob_name = c2.selectbox(
            "complexity knob", names, format_func=lambda k: fam.knob(k).label,
            **state.bind(state.cx_knob_key(model)),
        )  # fmt: skip
    knob = fam.knob(knob_name)
    split = c3.radio(
        "CV split", list(SPLITS), format_func=SPLITS.get, horizontal=True,
        **state.bind(state.CX_SPLIT),
    )  # fmt: skip
    folds = c4.slider("CV folds k", 2, 10, **state.bind(state.CX_FOLDS))
    seed = c5.number_input("seed", 0, 9999, **state.bind(state.CX_MSEED))
    # A scrub slider: the curve and the parity plot are drawn at every value in advance.
    values = knob.curve_values()
    step = scrub.slider(
        state.cx_value_key(model, knob_name),
        f"{knob.label}{' (log scale)' if knob.log else ''}: "
        f"{'larger = more complex' if knob.more_is_complex else 'larger = simpler'}",
        values,
        [fmt(v) for v in values],
        help=knob.help or None,
    )
    return CurveSetting(model, fam, knob, split, int(folds), int(seed), values[step])


PARITY_LABELS = ("trained on all", "out-of-fold (CV)")


@section
def molecules_tab(data: CurrentInputs) -> None:
    """Validation curves on molecules, random vs scaffold folds, parity and learning curves."""
    inputs = model_inputs(data, minimum=10)
    s = _controls()
    cap = HEAVY_CAP.get(s.model, CAP)
    prep = cached.prepared(data.molecules, inputs, data.key, cap, s.seed)
    _data_caption(s, inputs, prep, cap)
    curves = _curves(data, s, prep)
    key = (data.key, s.model, s.knob.name, tuple(s.values), s.fixed, s.folds, s.seed, s.split)
    views = cached.value_views(key, lambda: _value_views(data, s, prep, curves))
    left, right = st.columns(2)
    with left:
        st.subheader(f"Error against {s.knob.label}")
        scrub.show_chart("cx_mol_curve", views["curve"])
        scrub.show_text("cx_mol_curve_caption", views["curve caption"])
    with right:
        st.subheader("The model at this setting")
        scrub.show_chart("cx_mol_parity", views["parity"])
        st.caption(
            "Blue: the model trained on every molecule predicts them back (training "
            "error). Orange: each molecule predicted by the fold model that never saw it "
            "(CV error). A wide gap between the clouds is overfitting."
        )
    learning_section(data, s, prep)


def _data_caption(s: CurveSetting, inputs: ModelInputs, prep: Prepared, cap: int) -> None:
    note = (
        f" A reproducible sample of {len(prep.y):,} of {prep.n_available:,} is used "
        f"(the {s.fam.label} curves cap at {cap:,} molecules)."
        if prep.sampled
        else ""
    )
    if inputs.kind == "real":
        # Honest about the one shortcut this page takes (see chemviz/complexity/prepared.py).
        note += (
            " Real-valued features are standardised once over these molecules, before the "
            "folds: held-out molecules leak their mean and spread into training, a small "
            "optimism that the Feature selection page avoids by scaling inside each fold."
        )
    others = ", ".join(f"{k} = {fmt(v) if isinstance(v, float) else v}" for k, v in s.fixed)
    st.caption(
        f"{s.fam.description} {len(prep.y):,} molecules. {inputs.excluded_message()}{note}"
        + (f" Held fixed: {others}." if others else "")
    )


def _progress_bar(text: str):
    bar = st.empty()
    return bar, lambda fraction: bar.progress(fraction, text=f"{text} {fraction:.0%}")


def _curves(data: CurrentInputs, s: CurveSetting, prep: Prepared) -> dict:
    """The validation curve with random and with scaffold folds (ValueError: too few)."""
    bar, progress = _progress_bar(f"Cross-validating {s.fam.label} ({len(s.values)} settings)…")
    try:
        return {
            split: cached.curve(
                prep, data.key, s.model, s.knob.name, tuple(s.values), s.fixed, s.folds,
                s.seed, split, progress,
            )
            for split in SPLITS
        }  # fmt: skip
    finally:
        bar.empty()


def _learning(prep: Prepared, data_key: tuple, s: CurveSetting, progress):
    """The learning curve of the model at the slider's setting (random folds).

    Along λ, ridge and kernel ridge get the curve at every λ of the slider
    for about the price of one, so a move of the slider finds it computed.
    """
    if s.fam.fast and s.knob.name == "lam":
        along = cached.learning_along_lambda(
            prep, data_key, s.model, s.fixed, tuple(s.values), LC_SIZES, s.folds, s.seed, progress
        )
        return along[s.values.index(s.value)]
    return cached.learning(prep, data_key, s.model, s.params, LC_SIZES, s.folds, s.seed, progress)


def _fold_sizes(prep: Prepared, folds: int, seed: int) -> str:
    """Test-fold sizes of the scaffold split, e.g. '152, 123, 123, 122 and 122'."""
    sizes = [f"{len(test):,}" for _, test in make_folds(len(prep.y), folds, seed, prep.scaffolds)]
    return ", ".join(sizes[:-1]) + f" and {sizes[-1]}"


def _value_views(data: CurrentInputs, s: CurveSetting, prep: Prepared, curves: dict) -> dict:
    """The curve (its marker), its caption and the parity plot at every value of the knob."""
    bar, progress = _progress_bar(f"The model at each of {len(s.values)} settings…")
    try:
        parities = cached.parity_along(
            prep, data.key, s.model, s.knob.name, tuple(s.values), s.fixed, s.folds, s.seed,
            s.split, progress,
        )  # fmt: skip
    finally:
        bar.empty()
    hover = {"hovertext": hover_names(data.molecules.names[r] for r in prep.rows)}
    group = state.cx_value_key(s.model, s.knob.name)
    sizes = _fold_sizes(prep, s.folds, s.seed)
    captions = [_curve_caption(s, curves, value, sizes) for value in s.values]
    clouds = [
        [(PARITY_LABELS[0], par.y, par.fitted), (PARITY_LABELS[1], par.y, par.cross_validated)]
        for par in parities
    ]
    base = len(s.values) // 2  # any value would do: the chart starts at the slider
    # plotly draws one parity plot (hover names: once, below); the others are plain data.
    (_, y, fitted), (_, _, held_out) = clouds[base]
    parity = parity_figure(
        y, fitted, y, held_out, data.target, unit=data.unit, labels=PARITY_LABELS
    )
    return {
        "curve": layout_payload(
            _curve_figure(data, s, curves, s.values[base]), group, value_marker_layout, s.values
        ),
        "curve caption": {"text": captions[base], "texts": {group: captions}},
        "parity": parity_frames(parity, group, clouds, data.unit, same={0: hover, 1: hover}),
    }


def _curve_figure(data: CurrentInputs, s: CurveSetting, curves: dict, value: float):
    other = "scaffold" if s.split == "random" else "random"
    return complexity_curve_figure(
        curves[s.split], value, s.knob.log, f"RMSE ({data.unit or 'y units'})", curves[other],
        x_label=s.knob.label, overlay_label=f"CV error, {SPLITS[other]}",
    )  # fmt: skip


def _curve_caption(s: CurveSetting, curves: dict, value: float, fold_sizes: str) -> str:
    main = curves[s.split]
    i = s.values.index(value)
    return (
        f"At {s.knob.label} = {fmt(value)}: training {main.train_mean[i]:.3g}, CV "
        f"{main.cv_mean[i]:.3g} ({s.split}); CV best {fmt(main.best_value)}. Random CV "
        f"{curves['random'].cv_mean[i]:.3g} vs scaffold CV {curves['scaffold'].cv_mean[i]:.3g}:"
        " random folds keep close analogues of each test molecule in training, and flatter "
        "the model. Scaffold folds keep each Bemis–Murcko ring system in one fold; an "
        "acyclic molecule has no ring system to share, so it is a group of its own. "
        f"Scaffold test folds hold {fold_sizes} molecules (largest groups first into the "
        "smallest fold; one big series can still make its fold big)."
    )


def learning_section(data: CurrentInputs, s: CurveSetting, prep: Prepared) -> None:
    """Learning curves of the current model, optionally for two more representations."""
    st.subheader("Learning curve: error against training-set size")
    extra = st.multiselect(
        "overlay representations (up to 2)",
        [r for r in LC_REPS if r != data.rep],
        format_func=lambda r: REPRESENTATIONS[r].label,
        max_selections=2,
        **state.bind(state.CX_LC_REPS),
    )
    results = {}
    bar, progress = _progress_bar("Learning curves…")
    try:
        for r in [data.rep, *extra]:
            data_r = data if r == data.rep else data.with_representation(r)
            prep_r = prep
            if r != data.rep:
                inputs_r = model_inputs(data_r, minimum=10)
                prep_r = cached.prepared(data.molecules, inputs_r, data_r.key, len(prep.y), s.seed)
            results[REPRESENTATIONS[r].label] = _learning(prep_r, data_r.key, s, progress)
    except ValueError as exc:
        widgets.show_error(exc)
    finally:
        bar.empty()
    if results:
        y_label = f"RMSE ({data.unit or 'y units'})"
        st.plotly_chart(learning_curve_figure(results, y_label), key="cx_mol_learning")
        st.caption(
            "Solid: CV error; dotted: training error (random folds, the model at the "
            "slider's setting). With more data the two meet; a richer representation "
            "sits lower and keeps falling longer."
        )
