"""How the state table works: a key's declaration, its widget binding, its life in the URL.

The table itself, every key of the app, is :mod:`chemviz.ui.state`; this
module holds the machinery it is written with. :class:`StateKey` is one
entry (type, default, valid values); :func:`declare` and
:func:`declare_param` add entries; :func:`bind` ties a widget to its key;
:func:`read_url` and :func:`write_url` mirror the ``url=True`` keys in the
link, checking every value a link brings against its declaration.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import streamlit as st

# Longest text a link may carry for one key (a SMARTS, a dataset's column name).
MAX_URL_TEXT = 500


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
    kind : type
        ``bool``, ``int``, ``float`` or ``str``: what a URL value is read as
        (the default's type, unless the default is None).
    options : collection or None
        The valid values, when they are a fixed set.
    bounds : (low, high) or None
        Inclusive range of a number.
    """

    name: str
    default: Any
    url: bool
    help: str
    kind: type = str
    options: Collection | None = None
    bounds: tuple[float, float] | None = None

    def parse(self, text: str) -> Any:
        """The value a URL's text stands for; ValueError naming why it is not valid.

        >>> StateKey("n", 8, True, "", int, bounds=(2, 100)).parse("1e9")
        Traceback (most recent call last):
        ...
        ValueError: 1e9 is outside 2–100
        """
        if len(text) > MAX_URL_TEXT:
            raise ValueError(f"the value has {len(text):,} characters (at most {MAX_URL_TEXT})")
        value: Any = text
        if self.kind is bool:
            if text.lower() not in ("1", "true", "yes", "0", "false", "no"):
                raise ValueError(f"{text!r} is not true or false")
            value = text.lower() in ("1", "true", "yes")
        elif self.kind in (int, float):
            try:
                number = float(text)
            except ValueError:
                raise ValueError(f"{text!r} is not a number") from None
            if not math.isfinite(number):
                raise ValueError(f"{text} is not a finite number")
            if self.kind is int:
                if number != round(number):
                    raise ValueError(f"{text} is not a whole number")
                number = int(number)
            value = number
        return self.check(value, text)

    def check(self, value: Any, shown: str | None = None) -> Any:
        """``value`` if it is among the options and within the bounds; ValueError otherwise."""
        shown = str(value) if shown is None else shown
        if self.options is not None and self.kind is float and value not in self.options:
            # A typed 1e-05 means the grid's 9.999999999999999e-06: snap to it.
            close = [o for o in self.options if math.isclose(o, value, rel_tol=1e-9)]
            value = close[0] if close else value
        if self.options is not None and value not in self.options:
            listed = ", ".join(map(str, list(self.options)[:12]))
            raise ValueError(f"{shown} is not one of {listed}")
        if self.bounds is not None:
            low, high = self.bounds
            if not low <= value <= high:
                raise ValueError(f"{shown} is outside {low:g}–{high:g}")
        return value


KEYS: dict[str, StateKey] = {}
_FROM_PARAM = object()  # declare_param: "the parameter's own default"


def declare(
    name: str,
    default: Any,
    url: bool = False,
    help: str = "",
    *,
    kind: type | None = None,
    options: Collection | None = None,
    bounds: tuple[float, float] | None = None,
) -> str:
    """Add a key to the table and return its name (for ``key=``)."""
    if name in KEYS:
        raise ValueError(f"State key '{name}' is declared twice")
    if kind is None:
        kind = str if default is None else type(default)
    if url and kind not in (bool, int, float, str):
        raise ValueError(f"URL key '{name}' must hold a bool, int, float or str")
    KEYS[name] = StateKey(name, default, url, help, kind, options, bounds)
    return name


def declare_param(name: str, param, url: bool = True, *, default: Any = _FROM_PARAM) -> str:
    """Declare the key of a registry's :class:`~chemviz.params.Param`: its values come from it.

    A seed-like number (drawn as a number box) is checked against its bounds;
    any other parameter against the values its widget offers, so a link can
    hold only what the page could have set. ``default`` overrides the
    parameter's own (a kernel width's key holds a step around σ_med, not σ).
    """
    default = param.default if default is _FROM_PARAM else default
    if param.widget == "number":
        kind = int if param.integer else float
        return declare(name, default, url, param.label, kind=kind, bounds=(param.low, param.high))
    return declare(name, default, url, param.label, options=param.values())


def bind(name: str, options: Collection | None = None) -> dict[str, Any]:
    """Widget keyword arguments for a declared key, its value seeded from the table.

    No widget needs ``value=`` or ``index=``: the table's default is put in
    session state first. With ``options`` (what the widget offers now, which
    may be fewer than the key allows), a held value that is not among them is
    replaced by the default, or by the first option when the default is not
    offered either. ``persist_state="session"`` keeps a page's settings when
    the user visits another page and comes back.
    """
    if name not in KEYS:
        raise KeyError(f"State key '{name}' is not declared in chemviz/ui/state.py")
    default = KEYS[name].default
    held = st.session_state.get(name)
    if options is not None and (name not in st.session_state or held not in options):
        options = list(options)
        fallback = options[0] if options else None  # nothing offered: the widget is empty
        st.session_state[name] = default if default in options else fallback
    elif name not in st.session_state and default is not None:
        st.session_state[name] = default
    return {"key": name, "persist_state": "session"}


def read_url() -> list[str]:
    """Copy valid URL parameters into session state, for keys the session has not set yet.

    An invalid value (malformed, not finite, out of range, not an option)
    leaves the default in place; the returned notes say which and why.
    """
    notes = []
    for name, spec in KEYS.items():
        if spec.url and name not in st.session_state and name in st.query_params:
            text = st.query_params[name]
            try:
                st.session_state[name] = spec.parse(text)
            except ValueError as exc:
                notes.append(f"{name}: {exc}; the default ({spec.default}) is used instead")
    return notes


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
