"""The Feature selection page in Chromium: the λ slider moves the markers and redraws the table."""

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_no_errors, shot, wait_for_app


def _slider(page: Page, label: str):
    """The thumb of the (select) slider whose label starts with ``label``."""
    return page.get_by_test_id("stSlider").filter(has_text=label).get_by_role("slider")


def _metric(page: Page, label: str):
    """The value of a number of the λ section (a scrub metrics row: chemviz.ui.scrub)."""
    return page.locator(".cvs-metric").filter(has_text=label).locator(".cvs-metric-value")


def test_lambda_slider_moves_the_marker_and_changes_the_selection(server, page):
    """Check that two steps right on the λ slider move the marker and shrink the selection."""
    page.goto(f"{server}/feature_selection?rep=maccs")
    wait_for_app(page)
    expect(page.locator("h1").first).to_have_text("Feature selection")
    count = _metric(page, "features selected")
    expect(count).to_have_text(re.compile(r"^\d+$"))
    before = int(count.inner_text())
    # By the chart's key: while a rerun replaces it, a second copy may be in the DOM briefly.
    path = page.locator(".st-key-sel_path_chart .js-plotly-plot")
    expect(path).to_contain_text("λ = ")
    marker_before = re.search(r"λ = ([\d.e+-]+)", path.inner_text()).group(1)
    thumb = page.locator('.cvs-range[data-group="sel_lambda"]')  # a scrub slider
    thumb.focus()
    for _ in range(5):  # to the right: larger λ, so no more features than before
        thumb.press("ArrowRight")
        wait_for_app(page)
    # A count, not a strict match: it waits out any moment with two copies.
    expect(path.filter(has_text=f"λ = {marker_before}")).to_have_count(0)
    expect(path).to_have_count(1)
    expect(count).not_to_have_text(str(before))
    assert int(count.inner_text()) <= before
    table = page.get_by_test_id("stDataFrame").first
    expect(table).to_be_visible()
    assert_no_errors(page)
    page.locator(".cvs-metric").first.scroll_into_view_if_needed()  # Streamlit scrolls inside
    shot(page, "selection-freesolv-maccs")


def test_sel_alpha_link_sets_r_and_the_partner_table_follows(server, page):
    """Check ?sel_alpha=0.1 sets r = 0.1: partner summary, latex α = 0.18, no KaTeX error."""
    summary = page.get_by_test_id("stMarkdown").filter(has_text="pairs below")
    page.goto(f"{server}/feature_selection?rep=maccs")
    wait_for_app(page)
    expect(summary).to_contain_text("At r = 1,")
    page.goto(f"{server}/feature_selection?rep=maccs&sel_alpha=0.1")
    wait_for_app(page)
    expect(summary).to_contain_text("At r = 0.1,")
    expect(_slider(page, "Elastic-net mixing r = l1_ratio")).to_have_attribute(
        "aria-valuetext", "0.1"
    )
    expect(page.locator(".katex").filter(has_text="0.18")).to_have_count(1)  # α = 2r/(1 + r)
    expect(page.locator(".katex-error")).to_have_count(0)
    assert_no_errors(page)
