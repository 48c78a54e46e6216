"""Small Playwright helpers shared by the browser tests."""

from playwright.sync_api import Page, expect

from tests.browser.conftest import SHOTS

# A cold server imports RDKit and scikit-learn on the first run: be patient.
expect.set_options(timeout=60_000)


def wait_for_app(page: Page) -> None:
    """Wait until Streamlit has finished running the script."""
    page.wait_for_selector('[data-testid="stApp"]')
    # The status widget shows while a script runs; wait until it is gone.
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=90_000
    )


def assert_no_errors(page: Page) -> None:
    """Fail if the page shows a traceback or an error box."""
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.locator('[data-testid="stAlertContentError"]')).to_have_count(0)


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
