"""One parameter type for every setting a page can change.

A representation's radius, a kernel's width σ, a model family's complexity
knob and a network's learning rate are all the same kind of thing: a name,
a label, a help sentence, and the values it may take (a set of choices, or
numbers between bounds, perhaps on a log scale). :class:`Param` holds those
facts once, so that the registries (:mod:`chemviz.representations`,
:mod:`chemviz.kernels`, :mod:`chemviz.complexity`, :mod:`chemviz.networks`)
declare their settings the same way, the state table validates a link's
values from them, and one ui helper draws the widget for any of them.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any

import numpy as np

KINDS = ("int", "float", "choice", "bool")
# How a page may draw a parameter; "" lets the ui helper choose from the kind and values.
WIDGETS = ("", "slider", "select_slider", "selectbox", "radio", "toggle", "number")


@dataclass(frozen=True)
class Param:
    """One setting, with everything a widget, a link and a validator need.

    Attributes
    ----------
    name : str
        Keyword argument name (also the suffix of its URL key).
    label : str
        Widget and axis label, with the workshop's symbol where it has one.
    default : Any
        Value before the user changes anything (None when the owner of the
        parameter supplies it, as a model family's ``defaults`` do).
    kind : {"int", "float", "choice", "bool"}
        What the values are.
    help : str
        One sentence shown as the widget's tooltip.
    choices : tuple
        The allowed values of a ``"choice"``.
    low, high : float or None
        Inclusive range of a number.
    step : int
        Spacing of the allowed whole numbers of an ``"int"`` (from ``low``).
    log : bool
        Values are spaced, and axes drawn, logarithmically.
    stops : tuple
        The values a slider offers, when not every value in range is one (a
        log grid in exact decimals, so a value in a link reads back equal).
    points : int
        Without ``stops``: how many values :meth:`values` spaces between the
        bounds (0: every whole number, for an ``"int"``).
    more_is_complex : bool or None
        For a hyperparameter: True when a larger value gives a more flexible
        model, False when a simpler one, None when it does not apply.
    labels : tuple of (value, str)
        Words for values that a number would not explain (``(0, "off")``).
    widget : str
        How a page draws it (one of :data:`WIDGETS`; ``""`` to choose).
    median_steps : bool
        The stops are steps k of σ = σ_med · 2^(k/2) around the median
        distance of the data (a kernel width), not values.
    kernel : str or None
        For a kernel model's hyperparameter: the kernel it belongs to.
    """

    name: str
    label: str
    default: Any = None
    kind: str = "float"
    help: str = ""
    choices: tuple = ()
    low: float | None = None
    high: float | None = None
    step: int = 1
    log: bool = False
    stops: tuple = ()
    points: int = 0
    more_is_complex: bool | None = None
    labels: tuple[tuple[Any, str], ...] = ()
    widget: str = ""
    median_steps: bool = False
    kernel: str | None = None

    def __post_init__(self):
        if self.kind not in KINDS or self.widget not in WIDGETS:
            raise ValueError(f"Param {self.name}: unknown kind {self.kind!r} or widget")
        if self.kind == "choice" and not self.choices:
            raise ValueError(f"Param {self.name}: a choice needs its choices")
        if self.kind in ("int", "float") and (self.low is None or self.high is None):
            raise ValueError(f"Param {self.name}: a number needs its bounds low and high")

    @property
    def integer(self) -> bool:
        """Only whole numbers make sense (degree, k, depth, width)."""
        return self.kind == "int"

    @property
    def bounds(self) -> tuple:
        """(low, high, step) of a number."""
        return (self.low, self.high, self.step)

    def grid(self, n_values: int = 12) -> np.ndarray:
        """n_values spaced evenly between the bounds (in log if ``log``), deduplicated if whole."""
        space = np.geomspace if self.log else np.linspace
        values = space(self.low, self.high, n_values)
        return np.unique(np.round(values)) if self.integer else values

    def values(self) -> tuple:
        """Every value a widget offers: the choices, the stops, a grid, or each whole number."""
        if self.kind == "bool":
            return (False, True)
        if self.kind == "choice":
            return tuple(self.choices)
        if self.stops:
            return tuple(self.stops)
        if self.points:
            grid = self.grid(self.points)
            return tuple(int(v) if self.integer else float(v) for v in grid)
        if self.integer:
            return tuple(range(int(self.low), int(self.high) + 1, self.step))
        raise ValueError(f"Param {self.name}: a real number needs stops or points")

    def curve_values(self) -> list[float]:
        """The values as floats: where a complexity curve is computed (its slider's stops)."""
        return [float(v) for v in self.values()]

    def nearest(self, target: float) -> float:
        """The curve value closest to ``target`` (in log distance on a log axis)."""
        scale = np.log if self.log else (lambda v: v)
        return min(self.curve_values(), key=lambda v: abs(scale(v) - scale(target)))

    def format(self, value: Any) -> str:
        """How a value is shown: its word from ``labels``, else ``3``, ``0.001``, ``morgan``."""
        for known, word in self.labels:
            if value == known and type(value) is not bool:
                return word
        if isinstance(value, numbers.Real) and not isinstance(value, bool):
            return f"{value:g}"
        return str(value)

    def validate(self, value: Any) -> Any:
        """Return ``value`` as a plain Python value if allowed, else raise ValueError.

        The error message says what is allowed, so a page can show it as is.
        """
        if self.kind == "bool":
            if not isinstance(value, bool | np.bool_):
                raise ValueError(f"{self.name} must be True or False, got {value!r}")
            return bool(value)
        if self.kind == "choice":
            for choice in self.choices:
                if value == choice and type(value) is not bool:
                    return choice
            allowed = ", ".join(str(c) for c in self.choices)
            raise ValueError(f"{self.name} must be one of: {allowed}; got {value!r}")
        # bool is a subclass of int in Python; True is not a radius.
        if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
            kind = "a whole number" if self.integer else "a number"
            raise ValueError(f"{self.name} must be {kind}, got {value!r}")
        if self.integer:
            return self._whole(value)
        if not math.isfinite(value) or not self.low <= value <= self.high:
            raise ValueError(f"{self.name} must be between {self.low:g} and {self.high:g}")
        return float(value)

    def _whole(self, value: numbers.Real) -> int:
        if not isinstance(value, numbers.Integral):
            raise ValueError(f"{self.name} must be a whole number, got {value!r}")
        low, high, step = self.low, self.high, self.step
        if not low <= value <= high or (value - low) % step:
            raise ValueError(
                f"{self.name} must be between {low} and {high} in steps of {step}; got {value}"
            )
        return int(value)

    def parse(self, text: str) -> Any:
        """Read a value from text (e.g. a URL query parameter) and validate it."""
        if self.kind == "bool":
            lowered = text.strip().lower()
            if lowered not in ("true", "false", "1", "0"):
                raise ValueError(f"{self.name} must be true or false, got {text!r}")
            return lowered in ("true", "1")
        if self.kind == "choice":
            by_text = {str(c): c for c in self.choices}
            return self.validate(by_text.get(text, text))
        try:
            value = int(text) if self.integer else float(text)
        except ValueError:
            kind = "a whole number" if self.integer else "a number"
            raise ValueError(f"{self.name} must be {kind}, got {text!r}") from None
        return self.validate(value)
