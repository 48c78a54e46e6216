"""Shared controls: the sidebar's pickers, any parameter's widget, and messages on every page.

The sidebar (drawn by ``app.py`` before each page) owns the dataset, target
and representation pickers, so the choice follows the user from page to
page and lives in the URL; it builds the run's
:class:`~chemviz.ui.inputs.CurrentInputs`, which pages take with
``inputs.current()``.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import streamlit as st

from chemviz import datasets
from chemviz.figures.molecules import axis_label
from chemviz.molecules import MoleculeSet
from chemviz.params import Param
from chemviz.ui import cached, inputs, state
from chemviz.ui.inputs import CurrentInputs

UPLOAD_KEY = "upload"
STATIC_3DMOL = Path(__file__).resolve().parents[2] / "static" / "3Dmol-min.js"


def _dataset_options() -> list[str]:
    keys = list(datasets.DATASETS)
    if state.get(state.UPLOAD) is not None:
        keys.append(UPLOAD_KEY)
    return keys


def _dataset_label(key: str) -> str:
    if key == UPLOAD_KEY:
        molecules, _ = state.get(state.UPLOAD)
        return f"Your upload: {molecules.source} ({len(molecules):,})"
    return datasets.DATASETS[key].title


def use_upload(result) -> None:
    """Make a parsed upload the current data set (takes effect on the next run)."""
    state.put(state.UPLOAD, result)
    state.put(state.PENDING_DATASET, UPLOAD_KEY)


def sidebar() -> CurrentInputs:
    """Draw the pickers in the sidebar; store and return the run's inputs."""
    pending = state.get(state.PENDING_DATASET)
    if pending is not None:
        # A page asked to switch (after an upload): apply it before the
        # selectbox is drawn, which is the only time Streamlit allows it.
        state.put(state.DATASET, pending)
        state.put(state.PENDING_DATASET, None)
        state.put(state.TARGET, None)
    options = _dataset_options()
    if state.get(state.DATASET) not in options:
        state.put(state.DATASET, datasets.DEFAULT_DATASET)
    with st.sidebar:
        st.markdown("### Data")
        labels = {k: _dataset_label(k) for k in options}
        key = st.selectbox(
            "Dataset",
            options,
            format_func=labels.__getitem__,
            help="Every page works on this set. Upload your own on the Molecules page.",
            **state.bind(state.DATASET),
        )
        molecules = _molecules_for(key)
        targets = molecules.property_names
        default = (
            datasets.DATASETS[key].default_target
            if key in datasets.DATASETS
            else (targets[0] if targets else None)
        )
        if state.get(state.TARGET) not in targets:
            state.put(state.TARGET, default)
        target = None
        if targets:
            target = st.selectbox(
                "Target property",
                targets,
                format_func=lambda t: axis_label(t, molecules.unit(t)),
                help="The number the models learn to predict.",
                **state.bind(state.TARGET),
            )
        unit = molecules.unit(target) if target else ""
        _summary(molecules, target, unit)
        rep = inputs.representation_picker()
    current = CurrentInputs(
        molecules=molecules,
        dataset=key,
        title=_dataset_label(key),
        target=target,
        unit=unit,
        rep=rep,
        params=inputs.current_params(rep),
    )
    state.put(state.CURRENT, current)
    return current


def _molecules_for(key: str) -> MoleculeSet:
    if key == UPLOAD_KEY:
        return state.get(state.UPLOAD)[0]
    return cached.dataset(key)


def _summary(molecules: MoleculeSet, target: str | None, unit: str) -> None:
    n = len(molecules)
    if target is None:
        st.caption(f"**{n:,} molecules** · no numeric property to model")
        return
    n_missing = int(np.isnan(molecules.target(target)).sum())
    missing = f" · {n_missing:,} without a value" if n_missing else ""
    st.caption(f"**{n:,} molecules** · target **{plain(axis_label(target, unit))}**{missing}")


def param_input(param: Param, key: str, where=st, *, options=None, **overrides):
    """Draw the widget of any registry parameter, bound to its state key, and return its value.

    The parameter says which widget (``Param.widget``), or its kind does: a
    switch is a toggle, a whole number with no grid a slider, anything with
    a grid of values or choices a select slider. ``options`` narrows the
    values offered (a held value outside them falls back to the default);
    ``overrides`` replace the parameter's label, help or format_func, or add
    a widget argument such as ``disabled``.
    """
    kwargs = {"label": param.label, "help": param.help or None, **overrides}
    widget = param.widget or _widget_for(param)
    if widget == "toggle":
        return where.toggle(**kwargs, **state.bind(key))
    if widget in ("number", "slider"):
        draw = where.number_input if widget == "number" else where.slider
        bounds = {"min_value": param.low, "max_value": param.high, "step": param.step}
        return draw(**bounds, **kwargs, **state.bind(key))
    values = list(param.values() if options is None else options)
    kwargs.setdefault("format_func", param.format)
    draw = {"selectbox": where.selectbox, "radio": where.radio}.get(widget, where.select_slider)
    return draw(options=values, **kwargs, **state.bind(key, values))


def _widget_for(param: Param) -> str:
    if param.kind == "bool":
        return "toggle"
    if param.integer and not param.stops and not param.points:
        return "slider"
    return "select_slider"


def threedmol_url() -> str:
    """Serve 3Dmol.js from the app when ``make`` fetched it, else from the CDN."""
    from chemviz import depict

    return depict.THREEDMOL_LOCAL if STATIC_3DMOL.exists() else depict.THREEDMOL_CDN


# What Markdown needs to build a link, an image, emphasis, code or raw HTML,
# plus Streamlit's $…$ maths and :color[…] directives, tables and headings: a
# backslash makes each of them a plain character.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>$~:.@|#!])")
# Streamlit's front end also turns bare URLs ("http://…", "www.…", "a@b.org")
# into links and ":material/…:" into icons *after* Markdown has read the
# escapes, so a backslash cannot stop those. An invisible WORD JOINER (U+2060)
# after each colon, inside each "www." and before each @ breaks those patterns
# without changing what the reader sees; other text (a file name such as
# "rows.csv") is left as typed, so it can still be found and copied.
_JOINER = "\u2060"
_UNLINK = str.maketrans({":": ":" + _JOINER, "@": _JOINER + "@"})
_WWW = re.compile(r"(www)\.", re.IGNORECASE)


def plain(text: object) -> str:
    """Text from a user (a file name, a column header) made safe for Streamlit Markdown.

    ``plain("[a](http://x)")`` shows the brackets instead of rendering a
    link, ``plain("log_S*")`` keeps its underscore and star, and neither
    ``plain("see http://x.org")`` nor ``plain(":material/home:")`` becomes a
    link or an icon. The text looks exactly as typed (invisible word joiners
    break the URL patterns; copied, they come along).
    """
    unlinked = _WWW.sub("\\1" + _JOINER + ".", str(text).translate(_UNLINK))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", unlinked)


def show_url_notes() -> None:
    """Say, once, which parts of a shared link could not be used (and why)."""
    notes = state.get(state.URL_NOTES)
    if notes:
        state.put(state.URL_NOTES, None)
        st.info(
            "Some settings in this link were not valid and were left at their defaults: "
            + "; ".join(plain(n) for n in notes)
            + ".",
            icon="🔗",
        )


def show_unexpected_error() -> None:
    """What a student sees when the app itself fails: no traceback, a way forward."""
    st.error(
        "Something went wrong while drawing this page. The server is fine and nobody else "
        "is affected: change a setting, pick another page, or reload. (The details are in "
        "the server's log for whoever runs this app.)",
        icon="⚠️",
    )


def show_error(exc: Exception) -> None:
    """Show a core ``ValueError`` as a message a student can act on.

    Core messages are plain text that often quotes the user's input (a
    column header, a SMARTS), so they are shown as typed, never as Markdown.
    """
    st.error(plain(exc), icon="⚠️")
