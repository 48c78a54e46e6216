"""The Model complexity page in Chromium: the degree slider refits the fit and moves the marker."""

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_no_errors, shot, wait_for_app


def _slider(page: Page, label: str):
    """The thumb of the (select) slider whose label starts with ``label``."""
    return page.get_by_test_id("stSlider").filter(has_text=label).get_by_role("slider")


def test_degree_slider_refits_the_polynomial(server, page):
    """Check one step of the degree slider changes the fit legend and the error caption."""
    page.set_viewport_size({"width": 1400, "height": 2200})
    page.goto(f"{server}/model_complexity")
    wait_for_app(page)
    expect(page.locator("h1").first).to_have_text("Model complexity")
    caption = page.get_by_text(re.compile(r"^At d = \d+: training"))
    expect(caption).to_contain_text("At d = 2:")
    fit_chart = page.locator(".js-plotly-plot").filter(has_text="truth sin(2πx)")
    expect(fit_chart).to_contain_text("fit: degree 2, λ = 0")
    before = caption.inner_text()
    thumb = _slider(page, "polynomial degree d")
    thumb.focus()
    thumb.press("ArrowRight")
    wait_for_app(page)
    expect(caption).to_contain_text("At d = 3:")
    expect(caption).not_to_have_text(before)
    expect(fit_chart).to_contain_text("fit: degree 3, λ = 0")
    assert_no_errors(page)
    shot(page, "complexity-1d-degree3")


def test_molecules_tab_shows_both_cv_curves(server, page):
    """Check the molecules tab draws random and scaffold CV curves and the parity plot."""
    page.set_viewport_size({"width": 1400, "height": 2400})
    page.goto(f"{server}/model_complexity")
    wait_for_app(page)
    page.get_by_role("tab", name="② Molecules").click()
    wait_for_app(page)
    curve = page.locator(".js-plotly-plot").filter(has_text="CV error, scaffold folds")
    expect(curve).to_be_visible()
    expect(page.locator(".js-plotly-plot").filter(has_text="out-of-fold (CV)")).to_be_visible()
    assert_no_errors(page)
    shot(page, "complexity-molecules-ridge")
