"""AppTest: the Home page shows the lesson in one chart, its caption read from that chart."""

import re

import numpy as np
import pytest
from conftest import as_array, figure, no_errors, open_page

from chemviz.toy import sine_data


def _trace(spec, name):
    return next(t for t in spec["data"] if t.get("name") == name)


def test_home_shows_the_1d_storys_errors_with_a_caption_computed_from_them():
    """Check the chart: d = 0 training RMSE is the SD of the 12 default points; caption = chart."""
    at = open_page()
    no_errors(at)
    spec = figure(at, "home_lesson")
    train = as_array(_trace(spec, "training error")["y"])
    true = as_array(_trace(spec, "true error (new data)")["y"])
    _, y = sine_data(12, 0.2, 0)
    assert train[0] == pytest.approx(np.std(y))  # degree 0 fits the mean
    caption = next(c.value for c in at.caption if c.value.startswith("The whole lesson"))
    best = int(np.argmin(true))
    assert f"lowest at d = {best} ({true[best]:.2f})" in caption
    assert f"falls from {train[0]:.2f} (d = 0)" in caption
    later = int(re.search(r"and is [\d.]+ at d = (\d+)", caption).group(1))
    assert true[later] > true[best] and train[later] < train[0]
