"""Sliders over precomputed grids move their charts in the browser, with no server round trip.

Each case drags a scrub slider (chemviz.ui.scrub) with the mouse held down,
checks that the charts and captions of its group show the new value while
the page has sent the server nothing, then lets go and checks that the
server got the value once: the link carries it.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import Scrub, SentFrames, assert_no_errors, wait_for_app


def _chart(page, key: str):
    return page.locator(f'.cvs-chart[data-key="{key}"]')


def _open(page, url: str) -> SentFrames:
    """Open ``url`` on a projector-sized page; the counter of frames sent from then on."""
    page.set_viewport_size({"width": 1920, "height": 1080})
    sent = SentFrames(page)
    page.goto(url)
    wait_for_app(page)
    return sent


def _drawing(chart) -> str:
    """Everything plotly drew for a chart (its SVG layers), to see whether it changed."""
    return chart.evaluate("el => [...el.querySelectorAll('svg')].map(s => s.innerHTML).join()")


@pytest.mark.browser
def test_dragging_the_degree_moves_the_fit_the_curves_and_the_captions_in_the_browser(server, page):
    """Check a drag from d = 2 to d = 6: four charts and captions follow, no frame is sent."""
    sent = _open(page, f"{server}/model_complexity")
    fit = _chart(page, "cx_toy_fit")
    expect(fit).to_contain_text("fit: degree 2, λ = 0")
    bv_before = _drawing(_chart(page, "cx_toy_bv"))
    assert sent.sockets == 1 and sent.count > 0  # the counter sees the app's socket
    scrub = Scrub(page, "cx_degree")
    before = sent.count
    scrub.press(6)
    expect(fit).to_contain_text("fit: degree 6, λ = 0")
    expect(page.get_by_text(re.compile(r"^At d = 6: training"))).to_be_visible()
    expect(_chart(page, "cx_toy_lambda")).to_contain_text("ridge λ (degree 6)")
    assert _drawing(_chart(page, "cx_toy_bv")) != bv_before
    assert sent.count == before, "the drag asked the server"
    scrub.release()
    page.wait_for_url(re.compile(r"cx_degree=6"))
    wait_for_app(page)
    assert sent.count > before
    expect(fit).to_contain_text("fit: degree 6, λ = 0")
    assert_no_errors(page)


@pytest.mark.browser
def test_one_arrow_key_step_moves_the_chart_and_tells_the_server(server, page):
    """Check the keyboard: ArrowRight on the λ slider is one step, drawn and sent at once."""
    page.goto(f"{server}/model_complexity")
    wait_for_app(page)
    slider = page.locator('.cvs-range[data-group="cx_lambda"]')
    slider.focus()
    slider.press("ArrowRight")  # λ = 0 → 1e-08
    expect(_chart(page, "cx_toy_fit")).to_contain_text("fit: degree 2, λ = 1e-08")
    page.wait_for_url(re.compile(r"cx_lambda=1e-08"))
    assert_no_errors(page)


# (page, scrub slider, a chart it moves, a step to drag to, the value the link then carries)
SCRUBBED = [
    ("model_complexity?cx_tab=%E2%91%A1+Molecules", "cx_value_ridge_lam", "cx_mol_parity", 12,
     "cx_value_ridge_lam=1.0"),
    ("kernels", "ker_lambda", "ker_parity", 3, "ker_lambda=0.0001"),
    ("feature_selection", "sel_lambda", "sel_parity_chart", 20, "sel_lambda=79"),
]  # fmt: skip


@pytest.mark.browser
@pytest.mark.parametrize(("path", "group", "key", "to", "link"), SCRUBBED)
def test_a_scrub_slider_moves_its_charts_with_no_server_and_sets_the_link_when_let_go(
    server, page, path, group, key, to, link
):
    """Check a drag: the chart's drawing changes, nothing is sent; on release the link has it."""
    sent = _open(page, f"{server}/{path}")
    chart = _chart(page, key)
    expect(chart).to_have_attribute("data-drawn", re.compile(r"\d"))
    before, drawn = _drawing(chart), int(chart.get_attribute("data-drawn"))
    scrub = Scrub(page, group)
    count = sent.count
    scrub.press(to)
    expect(chart).not_to_have_attribute("data-drawn", str(drawn))
    assert _drawing(chart) != before
    assert sent.count == count, "the drag asked the server"
    scrub.release()
    page.wait_for_url(re.compile(re.escape(link) + r"(&|$)"))
    wait_for_app(page)
    assert_no_errors(page)


@pytest.mark.browser
def test_the_epoch_slider_replays_a_finished_run_in_the_browser(server, page):
    """Check a 10-epoch run: dragging to epoch 3 moves the loss marker and the parity plot."""
    sent = _open(page, f"{server}/neural_networks?nn_epochs=10&nn_patience=0")  # kept: the last
    page.get_by_role("button", name="Train").click()
    slider = page.locator('.cvs-range[data-group="nn_epoch"]')
    expect(slider).to_have_attribute("max", "9")  # 10 snapshots: every epoch
    wait_for_app(page)
    loss, parity = _chart(page, "nn_loss"), _chart(page, "nn_parity")
    expect(loss).to_contain_text("epoch 10")  # the marker starts on the network kept
    parity_before = _drawing(parity)
    count = sent.count
    scrub = Scrub(page, "nn_epoch")
    scrub.press(2)
    expect(loss).to_contain_text("epoch 3")
    expect(page.get_by_text(re.compile(r"^After epoch 3: RMSE training"))).to_be_visible()
    assert _drawing(parity) != parity_before
    assert sent.count == count, "the drag asked the server"
    scrub.release()
    page.wait_for_url(re.compile(r"nn_epoch=3(&|$)"))
    assert_no_errors(page)


@pytest.mark.browser
def test_the_kernel_width_scrubs_the_krr_section_and_the_heatmap_follows_on_release(server, page):
    """Check σ: a drag moves the parity plot and the CV circle; letting go tells the server."""
    sent = _open(page, f"{server}/kernels")
    parity, cv = _chart(page, "ker_parity"), _chart(page, "ker_cv")
    expect(parity).to_have_attribute("data-drawn", re.compile(r"\d"))
    before = (_drawing(parity), _drawing(cv))
    caption = page.get_by_text(re.compile(r"^Gaussian, σ = [0-9.]+, λ = 0\.01\."))
    text_before = caption.inner_text()
    count = sent.count
    Scrub(page, "ker_sigma").press(6)  # two steps up: σ doubles
    expect(caption).not_to_have_text(text_before)
    assert _drawing(parity) != before[0] and _drawing(cv) != before[1]
    assert sent.count == count, "the drag asked the server"
    Scrub(page, "ker_sigma").release()
    page.wait_for_url(re.compile(r"ker_sigma=2(&|$)"))
    wait_for_app(page)
    assert_no_errors(page)


@pytest.mark.browser
def test_webgl_clouds_are_drawn_at_the_screens_resolution(server, page):
    """Check a WebGL parity cloud's canvas has one pixel per CSS pixel on a 1× screen.

    plotly's default draws WebGL at twice the resolution: four times the pixels to
    draw and, in a browser compositing without a GPU, to copy back on every step.
    """
    _open(page, f"{server}/kernels")  # FreeSolv's 642 test and training molecules
    canvas = _chart(page, "ker_parity").locator("canvas.gl-canvas-context")
    expect(canvas).to_have_count(1)
    pixels, css_pixels = canvas.evaluate("c => [c.width, c.getBoundingClientRect().width]")
    assert page.evaluate("devicePixelRatio") == 1
    assert css_pixels > 300 and pixels == round(css_pixels)
