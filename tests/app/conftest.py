"""AppTest helpers: start the real app.py and switch to a page."""

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

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
    """The plotly figure (as JSON) of the chart with this key."""
    charts = [el for el in at.get("plotly_chart") if el.proto.id.endswith(f"-{key}")]
    assert charts, f"no plotly chart with key {key!r}"
    return json.loads(charts[0].proto.spec)


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
