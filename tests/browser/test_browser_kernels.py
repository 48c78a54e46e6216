"""The Kernels page in Chromium: the λ and σ sliders refit the model and move what is drawn."""

import html
import re

from playwright.sync_api import Page, expect

from chemviz.datasets import load_dataset
from tests.browser.helpers import assert_no_errors, shot, wait_for_app

FREESOLV_NAMES = set(load_dataset("freesolv").names)


def _metric(page: Page, label: str):
    """The value of a number of the KRR section (a scrub metrics row: chemviz.ui.scrub)."""
    return page.locator(".cvs-metric").filter(has_text=label).locator(".cvs-metric-value")


def _scrub(page: Page, group: str):
    """A scrub slider's range input (one arrow key = one step, drawn and sent at once)."""
    return page.locator(f'.cvs-range[data-group="{group}"]')


def test_lambda_slider_refits_the_model(server, page):
    """Check that one step of the λ slider changes the test RMSE and the parity caption."""
    page.goto(f"{server}/kernels?ker_kernel=tanimoto")
    wait_for_app(page)
    expect(page.locator("h1").first).to_have_text("Kernels")
    rmse = _metric(page, "test RMSE (kcal/mol)")
    expect(rmse).to_have_text(re.compile(r"^\d+\.\d{3}$"))
    before = rmse.inner_text()
    expect(page.get_by_text("Tanimoto, λ = 0.01.")).to_be_visible()
    thumb = _scrub(page, "ker_lambda")
    thumb.focus()
    thumb.press("ArrowRight")
    wait_for_app(page)
    expect(page.get_by_text("Tanimoto, λ = 0.03.")).to_be_visible()
    expect(rmse).not_to_have_text(before)
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    assert_no_errors(page)
    page.locator(".cvs-metric").first.scroll_into_view_if_needed()  # Streamlit scrolls inside
    shot(page, "kernels-freesolv-tanimoto")


def test_sigma_slider_changes_the_gaussian_kernel(server, page):
    """Check that a σ step on the Gaussian kernel redraws the heatmap with the new σ."""
    page.goto(f"{server}/kernels?ker_kernel=gaussian")
    wait_for_app(page)
    caption = page.get_by_text(re.compile(r"^Gaussian, σ = [\d.]+, λ = 0\.01\."))
    expect(caption).to_be_visible()
    before = caption.inner_text()
    thumb = _scrub(page, "ker_sigma")
    thumb.focus()
    thumb.press("ArrowRight")
    page.wait_for_url(re.compile(r"ker_sigma=1(&|$)"))  # the server has the new σ
    wait_for_app(page)
    after = page.get_by_text(re.compile(r"^Gaussian, σ = [\d.]+, λ = 0\.01\."))
    expect(after).not_to_have_text(before)
    # The heatmap's colour bar names the kernel with the new σ.
    sigma = re.search(r"σ = ([\d.]+)", after.inner_text()).group(1)
    heatmap = page.locator(".js-plotly-plot").filter(has_text="molecule (row)")
    # A count: while the rerun replaces the chart, the old copy may be there a moment.
    expect(heatmap.filter(has_text=f"σ = {sigma}")).to_have_count(1)
    assert_no_errors(page)
    page.locator(".cvs-metric").first.scroll_into_view_if_needed()
    shot(page, "kernels-freesolv-gaussian")


def test_clicking_a_heatmap_cell_compares_that_pair(server, page):
    """Check a click on row 3, column 16 puts that cell's two molecules in the pair cards.

    The cell's molecules are the names the chart's axes give row 3 and column
    16 (its tick texts, in drawn order; tests/app check that order and the
    values against RDKit). The assertion is on each card's own text: the
    pair shown first (the most similar one) is not this pair, so it fails
    if the click changes nothing.
    """
    page.goto(f"{server}/kernels?ker_n=20")
    wait_for_app(page)
    heatmap = page.locator(".js-plotly-plot").filter(has_text="molecule (row)")
    expect(heatmap).to_be_visible()
    cards = page.get_by_test_id("ker-pair")  # the two structures, A then B
    names = cards.locator("figcaption strong")  # each card's molecule name
    expect(cards).to_have_count(2)
    row, col = 3, 16  # far from the diagonal: a pair unlike the default closest one
    ticks = heatmap.evaluate(
        "(el, rc) => [el.layout.yaxis.ticktext[rc[0]], el.layout.xaxis.ticktext[rc[1]]]",
        [row, col],
    )
    name_a, name_b = (html.unescape(t) for t in ticks)
    assert {name_a, name_b} <= FREESOLV_NAMES
    assert names.all_text_contents() != [name_a, name_b]
    heatmap.scroll_into_view_if_needed()  # a click must land inside the viewport
    # The cell's centre on screen, from plotly's own axes (the square matrix need not fill
    # the plot area, so the drag box's size says nothing about where a cell is).
    x, y = heatmap.evaluate(
        """(el, rc) => { const f = el._fullLayout, r = el.getBoundingClientRect();
           return [r.x + f.xaxis._offset + f.xaxis.l2p(rc[1]),
                   r.y + f.yaxis._offset + f.yaxis.l2p(rc[0])]; }""",
        [row, col],
    )
    page.mouse.click(x, y)
    wait_for_app(page)
    expect(names).to_have_text([name_a, name_b])
    assert_no_errors(page)
    cards.first.scroll_into_view_if_needed()
    shot(page, "kernels-heatmap-click")
