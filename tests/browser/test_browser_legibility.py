"""Charts a class can read from the back of the room: text size and labels clear of each other."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_no_errors, wait_for_app

# Font sizes of every tick label and legend entry, and the boxes of every label drawn on the
# chart (annotations and the labels of shapes), with the x of each vertical line.
MEASURE = """el => {
  const box = e => { const b = e.getBoundingClientRect();
                     return {l: b.left, r: b.right, t: b.top, b: b.bottom}; };
  const px = e => parseFloat(getComputedStyle(e).fontSize);
  const labels = [...el.querySelectorAll('.annotation, .shape-label-text')]
    .map(e => ({text: e.textContent, ...box(e)}));
  const lines = [...el.querySelectorAll('.shapelayer path')].map(box)
    .filter(b => b.r - b.l <= 3 && b.b - b.t > 20).map(b => (b.l + b.r) / 2);
  return {
    fonts: [...el.querySelectorAll('.xtick text, .ytick text, .legendtext')].map(px),
    labels, lines,
  };
}"""

# (page, text on the chart that picks it out): the charts with labels drawn on them.
KEY_CHARTS = [
    ("molecules", "number of molecules"),  # the mean and median of the target
    ("feature_selection", "number of selected features"),  # λ_min, λ_1se and the slider's λ
    ("model_complexity", "polynomial degree d"),  # the 1D story's error curves
    ("kernels", "λ, regularisation (log scale)"),  # the CV curve with its marked λ
]


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["l"] < b["r"] - 1 and b["l"] < a["r"] - 1 and a["t"] < b["b"] - 1 and b["t"] < a["b"] - 1
    )


@pytest.mark.parametrize("path, marker", KEY_CHARTS)
def test_key_charts_have_large_text_and_labels_clear_of_each_other_and_their_lines(
    server, browser, path, marker
):
    """Check at 1920×1080: ticks and legends ≥ 16 px; no label on another or across a line."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{server}/{path}")
    wait_for_app(page)
    chart = page.locator(".js-plotly-plot").filter(has_text=marker).first
    expect(chart).to_be_visible()
    chart.scroll_into_view_if_needed()
    found = chart.evaluate(MEASURE)
    assert found["fonts"], "no tick labels found"
    assert min(found["fonts"]) >= 16, sorted(set(found["fonts"]))
    labels = found["labels"]
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            assert not _overlap(a, b), (a["text"], b["text"])
        for x in found["lines"]:
            assert not a["l"] + 1 < x < a["r"] - 1, (a["text"], "sits on a line at", x)
    assert_no_errors(page)
    context.close()
