"""The app in Chromium: every page opens, uploads are reported, datasets switch."""

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.helpers import assert_no_errors, read_upload, shot, wait_for_app

BAD = Path(__file__).parents[1] / "data" / "bad"
PAGES = ["", "molecules"]


def test_every_page_opens_without_errors(server, page):
    """Check that each page renders in a real browser with no error box."""
    for path in PAGES:
        page.goto(f"{server}/{path}")
        wait_for_app(page)
        expect(page.locator("h1").first).to_be_visible()
        assert_no_errors(page)
        shot(page, f"page-{path or 'home'}")


def test_molecules_page_draws_structures_and_a_3d_view(server, page):
    """Check that the grid shows 12 depictions and the 3D iframe loads 3Dmol."""
    page.goto(f"{server}/molecules")
    wait_for_app(page)
    expect(page.locator('[data-testid="molecule-card"]')).to_have_count(12)
    frame = page.frame_locator("iframe").last
    expect(frame.locator("canvas")).to_have_count(1, timeout=30_000)
    assert_no_errors(page)
    shot(page, "molecules-freesolv")


def test_upload_with_invalid_rows_is_reported(server, page):
    """Check that uploading a CSV with bad rows lists them and switches the sidebar."""
    page.goto(f"{server}/molecules")
    wait_for_app(page)
    page.get_by_text("Upload or paste your own molecules").click()
    read_upload(page, BAD / "invalid_rows.csv")
    wait_for_app(page)
    expect(page.get_by_text("Parse report: invalid_rows.csv")).to_be_visible()
    expect(page.locator('[data-testid="stMetricValue"]').nth(2)).to_have_text("6")
    expect(page.get_by_test_id("stSidebar")).to_contain_text("2 molecules")
    assert_no_errors(page)
    shot(page, "molecules-upload-report")


def test_switching_dataset_in_the_sidebar(server, page):
    """Check that picking the solubility set updates the sidebar count and the URL."""
    page.goto(f"{server}/molecules")
    wait_for_app(page)
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name=re.compile("Huuskonen")).click()
    wait_for_app(page)
    expect(page.get_by_test_id("stSidebar")).to_contain_text("1,274 molecules")
    expect(page).to_have_url(re.compile(r"dataset=solubility&target=logS"))
    assert_no_errors(page)
    shot(page, "molecules-solubility")


def test_a_shared_link_opens_the_same_dataset_and_target(server, page):
    """Check that ?dataset=solubility&target=logS reproduces the teacher's view."""
    page.goto(f"{server}/molecules?dataset=solubility&target=logS")
    wait_for_app(page)
    expect(page.get_by_test_id("stSidebar")).to_contain_text("target logS (log10(mol/L))")
    assert_no_errors(page)
