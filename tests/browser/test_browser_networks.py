"""The Neural networks page in Chromium: train from a shared link, watch the chart, Stop."""

import re

from playwright.sync_api import expect

from tests.browser.helpers import assert_no_errors, shot, wait_for_app

# Streamlit scrolls inside its own container: a tall window shows the whole page.
TALL = {"width": 1400, "height": 2600}


def _open(page, server, query: str) -> None:
    page.set_viewport_size(TALL)
    page.goto(f"{server}/neural_networks?{query}")
    wait_for_app(page)
    expect(page.get_by_role("button", name="Train", exact=True)).to_be_visible()


def test_train_draws_the_loss_chart_and_results(server, page):
    """Check that a 5-epoch link trains on a click and shows 5 epochs, the star and KRR."""
    _open(page, server, "nn_epochs=5&nn_patience=0&nn_width=32")
    expect(page.get_by_text("Press Train to train the network")).to_be_visible()
    page.get_by_role("button", name="Train", exact=True).click()
    expect(page.get_by_text(re.compile(r"5 epochs in [0-9.]+ s"))).to_be_visible(timeout=90_000)
    wait_for_app(page)
    expect(page.get_by_text(re.compile(r"best epoch \(\d\)")).first).to_be_attached()
    # The table is drawn on a canvas; its accessible header cells are in the DOM.
    expect(page.get_by_text("kernel ridge", exact=True).first).to_be_attached()
    expect(page.get_by_text(re.compile(r"Last hidden layer \(32 units\)")).first).to_be_attached()
    assert "nn_epochs=5" in page.url
    assert_no_errors(page)
    shot(page, "networks-trained")


def test_stop_ends_training_and_keeps_the_network(server, page):
    """Check that Stop during a 500-epoch run ends it early and shows the stopped network."""
    _open(page, server, "nn_epochs=500&nn_patience=0")
    page.get_by_role("button", name="Train", exact=True).click()
    progress = page.get_by_text(re.compile(r"Epoch \d+ of 500"))
    expect(progress).to_be_visible(timeout=90_000)
    expect(page.locator('[data-testid="stVegaLiteChart"]')).to_be_visible()
    shot(page, "networks-training-live")
    page.get_by_role("button", name="Stop", exact=True).click()
    caption = page.get_by_text(re.compile("stopped by you"))
    expect(caption).to_be_visible(timeout=60_000)
    epochs = int(re.search(r"(\d+) epochs", caption.inner_text()).group(1))
    assert 1 <= epochs < 500
    expect(progress).to_have_count(0)
    wait_for_app(page)
    assert_no_errors(page)
    shot(page, "networks-stopped")
