"""The Representations page in Chromium: a parameter change recomputes the features."""

from playwright.sync_api import expect

from tests.browser.helpers import assert_no_errors, shot, wait_for_app


def test_radius_slider_changes_the_feature_matrix(server, page):
    """Check that moving the Morgan radius slider changes the count of constant bits."""
    page.goto(f"{server}/representations")
    wait_for_app(page)
    # "Constant features": 824 of ECFP4's 2048 bits on FreeSolv.
    constant = (
        page.get_by_test_id("stMetric")
        .filter(has_text="Constant features")
        .get_by_test_id("stMetricValue")
    )
    expect(constant).to_have_text("824", timeout=120_000)
    slider = page.get_by_test_id("stSlider").filter(has_text="Radius").get_by_role("slider")
    slider.focus()
    slider.press("ArrowLeft")
    expect(constant).not_to_have_text("824", timeout=120_000)
    expect(page.get_by_text("Chemical space")).to_be_visible()
    assert_no_errors(page)
    shot(page, "representations-morgan")
