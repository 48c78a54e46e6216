"""AppTest helpers: start the real app.py and switch to a page."""

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from chemviz.figures.frames import apply_frame

ROOT = Path(__file__).parents[2]
BAD_DIR = ROOT / "tests" / "data" / "bad"
# RDKit, scikit-learn and plotly import slowly on a cold CI machine.
TIMEOUT = 120


def open_page(page: str | None = None) -> AppTest:
    """Run app.py (sidebar included) and switch to ``app_pages/<page>.py``."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    assert not at.exception, [e.value for e in at.exception]
    if page is not None:
        at.switch_page(f"app_pages/{page}.py").run()
    return at


def figure(at: AppTest, key: str) -> dict:
    """The plotly figure (as JSON) of the chart with this key.

    A scrubbed chart (``chemviz.ui.scrub``) is a custom component: its
    figure at the current values is the ``base`` of the data it was sent.
    """
    charts = [el for el in at.get("plotly_chart") if el.proto.id.endswith(f"-{key}")]
    if charts:
        return json.loads(charts[0].proto.spec)
    data = scrub_data(at, key, "chart")
    step = _start(at, data["frames"])
    if step is None:
        return data["base"]
    group, index = step
    return apply_frame(data["base"], data["frames"][group][index])


def _start(at: AppTest, groups) -> tuple[str, int] | None:
    """As chart.js: a component of one slider starts at that slider's current step."""
    if len(groups) != 1:
        return None
    (group,) = groups
    return group, scrub_data(at, f"{group}_scrub", "slider")["index"]


def shown_value(at: AppTest, key: str) -> str:
    """The value a scrub slider (state key ``key``) shows now, as its label."""
    slider = scrub_data(at, f"{key}_scrub", "slider")
    return slider["labels"][slider["index"]]


def scrub_metrics(at: AppTest, key: str) -> dict[str, str]:
    """A scrub metrics row as {label: value shown now}."""
    data = scrub_data(at, key, "metrics")
    step = _start(at, data["texts"])
    values = data["values"] if step is None else data["texts"][step[0]][step[1]]
    return dict(zip(data["labels"], values, strict=True))


# A scrubbed chart's arrays are float32 (chemviz.figures.frames): compare within its precision
# (10⁻⁵ absolute, on values of order 0.01–10), still far below any difference a bug makes.
F4 = 1e-5
F4_REL = 1e-6  # relative: float32 keeps 24 bits, 6·10⁻⁸


def release(at: AppTest, key: str, value) -> AppTest:
    """What letting go of a scrub slider does on the server: its state key takes the value.

    (The drag itself happens in the browser: tests/browser/test_browser_scrub.py.)
    """
    at.session_state[key] = value
    return at.run()


def captions(at: AppTest) -> list[str]:
    """Every caption on the page: Streamlit's own, then the scrub captions' current texts."""
    texts = [el.proto for el in at.get("bidi_component")]
    keys = [p.id.split("-", 2)[-1] for p in texts if p.component_name.endswith("_text")]
    return [c.value for c in at.caption] + [scrub_text(at, k) for k in keys]


def scrub_data(at: AppTest, key: str, kind: str) -> dict:
    """The data sent to the scrub component (``slider``, ``chart`` or ``text``) with this key."""
    name = f"chemviz_scrub_{kind}"
    found = [
        el.proto
        for el in at.get("bidi_component")
        if el.proto.component_name == name and el.proto.id.endswith(f"-{key}")
    ]
    assert found, f"no {kind} with key {key!r}"
    return json.loads(found[0].json)


def scrub_text(at: AppTest, key: str) -> str:
    """The caption a scrub text component shows now."""
    data = scrub_data(at, key, "text")
    step = _start(at, data["texts"])
    return data["text"] if step is None else data["texts"][step[0]][step[1]]


def shown(markdown: str) -> str:
    """The text a reader sees for Markdown source: backslash escapes (``\\_``) and the
    invisible word joiners of ``widgets.plain`` removed."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


def no_errors(at: AppTest) -> None:
    """Fail with the messages of any exception or error box."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


@pytest.fixture
def app():
    return open_page


def as_array(value):
    """A figure-JSON array as numpy: plain lists, or plotly's base64 typed arrays."""
    import base64

    import numpy as np

    if isinstance(value, dict) and "bdata" in value:
        arr = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        return (
            arr.reshape(value["shape"])
            if "shape" in value and isinstance(value["shape"], list)
            else arr
        )
    return np.asarray(value)
