"""The README's screenshots: the first screen of every page, on a projector and a laptop.

Run with ``python -m docs.take_screenshots`` (after ``make test`` has set up the
environment). A fresh ``streamlit run`` server and Debian's Chromium, FreeSolv
and the default settings; each picture is what a class sees before scrolling.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import sync_playwright

from benchmarks.bench_browser import CHROMIUM, server
from tests.browser.conftest import CHROMIUM_ARGS

OUT = Path(__file__).parent / "screenshots"
PAGES = ["", "molecules", "model_complexity", "kernels", "representations",
         "feature_selection", "neural_networks"]  # fmt: skip
SIZES = [(1920, 1080), (1280, 720)]
SETTLE_MS = 4000  # charts drawn by components finish a moment after the script


def main() -> None:
    with sync_playwright() as p, server() as url:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width, height in SIZES:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.set_default_timeout(600_000)
            for path in PAGES:
                page.goto(f"{url}/{path}")
                page.wait_for_selector(".js-plotly-plot")
                page.wait_for_function(
                    "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
                )
                page.wait_for_timeout(SETTLE_MS)
                name = path or "home"
                page.screenshot(path=str(OUT / f"{name}-{width}.png"))
                print(f"{name}-{width}.png")
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
