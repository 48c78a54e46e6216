"""The Model complexity page in Chromium: the molecules tab (the 1D story's sliders are in
test_browser_scrub.py)."""

from playwright.sync_api import expect

from tests.browser.helpers import assert_no_errors, shot, wait_for_app


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
