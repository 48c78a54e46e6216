"""Interaction speed in a real browser: input event → chart changed, scrubbed and on the server.

Run alone with ``python -m benchmarks.bench_browser``. A real ``streamlit run``
server and Debian's Chromium (Playwright), as in the browser tests:

- **scrub step**: one step of a scrub slider (:mod:`chemviz.ui.scrub`), timed
  in the page from the ``input`` event until the chart has redrawn and the
  next frame is painted. No server is involved: this is the drag.
- **server round trip**: one step of a Streamlit slider in the same section,
  timed from the key press until that section's chart has redrawn with the
  server's answer (warm: both values were visited before). This is what every
  slider step cost before scrubbing, and the reference of the scrub rows.
- **first view**: a page opened from a link on a server that has only done
  its start-up work (the bundled sets parsed and their default fingerprints
  computed; nothing of the page cached) until its script has finished and
  the last chart of its default view is drawn.

Medians of 5. Targets (issue 13): scrub ≤ 50 ms, warm server step ≤ 300 ms,
first view ≤ 5 s.
"""

from __future__ import annotations

import contextlib
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from benchmarks.bench import row

ROOT = Path(__file__).parents[1]
CHROMIUM = os.environ.get("CHEMVIZ_CHROMIUM", "/usr/bin/chromium")
REPEAT = 5
WARM_UP_MS = 10_000  # the bundled sets are parsed in the background within ~5 s of start
MOLECULES_TAB = "%E2%91%A1+Molecules"

# One scrub step, timed inside the page.
SCRUB_STEP = """async ([group, key, to]) => {
  const input = document.querySelector(`.cvs-range[data-group="${group}"]`);
  const chart = document.querySelector(`.cvs-chart[data-key="${key}"]`);
  const drawn = () => Number(chart.dataset.drawn || 0);
  const before = drawn();
  const t0 = performance.now();
  input.value = String(to);
  input.dispatchEvent(new Event("input", { bubbles: true }));
  await new Promise((done) => {
    const tick = () => (drawn() > before ? done() : requestAnimationFrame(tick));
    tick();
  });
  await new Promise((done) => requestAnimationFrame(() => done()));
  return performance.now() - t0;
}"""

# (name, page and query, slider group, chart key, two steps to move between)
SCRUBS = [
    ("1D story degree", "model_complexity", "cx_degree", "cx_toy_fit", (2, 3)),
    ("1D story λ", "model_complexity", "cx_lambda", "cx_toy_fit", (0, 1)),
    ("molecules-tab value", f"model_complexity?cx_tab={MOLECULES_TAB}", "cx_value_ridge_lam",
     "cx_mol_parity", (6, 7)),
    ("Kernels λ", "kernels", "ker_lambda", "ker_parity", (7, 8)),
    ("Feature selection λ", "feature_selection", "sel_lambda", "sel_parity_chart", (50, 51)),
]  # fmt: skip
# (page, the chart that is its default view's last to appear)
FIRST_VIEWS = [
    ("model_complexity?cx_tab=%E2%91%A1+Molecules", '.cvs-chart[data-key="cx_mol_parity"]'),
    ("kernels", '.cvs-chart[data-key="ker_parity"]'),
    ("representations", ".st-key-rep_pca .js-plotly-plot"),
    ("feature_selection", '.cvs-chart[data-key="sel_parity_chart"]'),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def server():
    """A fresh ``streamlit run app.py`` (empty caches); yields its URL."""
    port = _free_port()
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true"]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                break
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def _idle(page) -> None:
    page.wait_for_selector('[data-testid="stApp"]')
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=600_000
    )


def _open(page, url: str, last: str = ".js-plotly-plot") -> float:
    """Open ``url``; seconds until ``last`` (a chart) is drawn and the script is done.

    The chart first: the status widget appears only once a run has gone on
    for a moment, so an idle page right after ``goto`` means nothing yet.
    """
    t0 = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(last, timeout=600_000)
    _idle(page)
    return time.perf_counter() - t0


def _scrub_ms(page, group: str, key: str, steps: tuple[int, int]) -> float:
    """Median of REPEAT scrub steps between two grid positions, in seconds."""
    page.wait_for_selector(f'.cvs-chart[data-key="{key}"][data-drawn]', timeout=600_000)
    times = []
    for i in range(REPEAT + 1):
        ms = page.evaluate(SCRUB_STEP, [group, key, steps[(i + 1) % 2]])
        if i:  # the first step also warms the page's JIT
            times.append(ms / 1000)
    return statistics.median(times)


def _server_step(page, label: str, key: str) -> float:
    """Median of REPEAT key presses on a Streamlit slider until ``key``'s chart redraws."""
    thumb = page.get_by_test_id("stSlider").filter(has_text=label).get_by_role("slider")
    chart = page.locator(f'.cvs-chart[data-key="{key}"]')
    times = []
    for i in range(REPEAT + 2):
        before = int(chart.get_attribute("data-drawn") or 0)
        thumb.focus()
        t0 = time.perf_counter()
        thumb.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
        page.wait_for_function(
            f"() => Number(document.querySelector('.cvs-chart[data-key=\"{key}\"]')"
            f".dataset.drawn || 0) > {before}",
            polling="raf",
            timeout=600_000,
        )
        if i >= 2:  # the first two visit each value once: later ones are warm
            times.append(time.perf_counter() - t0)
        _idle(page)
    return statistics.median(times)


def _rows_for(browser, url: str, dataset: str) -> list[dict]:
    out = []
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.set_default_timeout(600_000)
    _open(page, f"{url}/model_complexity?dataset={dataset}", '.cvs-chart[data-key="cx_toy_fit"]')
    server_s = _server_step(page, "noise σ", "cx_toy_fit")
    out.append(row(
        f"browser, {dataset}: server round trip, 1D story noise step (warm)", server_s,
        note="key press → the section's chart redrawn by the server's rerun; target ≤ 0.3 s",
    ))  # fmt: skip
    for name, path, group, key, steps in SCRUBS:
        joiner = "&" if "?" in path else "?"
        _open(page, f"{url}/{path}{joiner}dataset={dataset}", f'.cvs-chart[data-key="{key}"]')
        ours = _scrub_ms(page, group, key, steps)
        out.append(row(
            f"browser, {dataset}: scrub step, {name}", ours, server_s,
            note="input event → chart redrawn and painted, no server; reference: the server "
            "round trip above; target ≤ 0.05 s",
        ))  # fmt: skip
    page.close()
    return out


def _first_views(browser, dataset: str) -> list[dict]:
    """Each page's first computation on ``dataset``, each on a server of its own.

    The server has done its start-up work first (imports, the first page, the
    bundled sets parsed and their default fingerprints computed in the
    background: :func:`chemviz.ui.cached.warm_datasets`), as a class's server
    has long before the class arrives; nothing of the page is cached.
    """
    out = []
    for path, last in FIRST_VIEWS:
        with server() as url:
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            page.set_default_timeout(600_000)
            _open(page, f"{url}/")  # start-up: the home page on FreeSolv
            page.wait_for_timeout(WARM_UP_MS)
            joiner = "&" if "?" in path else "?"
            seconds = _open(page, f"{url}/{path}{joiner}dataset={dataset}", last)
            out.append(row(
                f"browser, {dataset}: first view of {path.split('?')[0]} (fresh server)", seconds,
                note="a link opened on a started server (nothing of the page cached) → "
                "script done and the page's last default chart drawn; target ≤ 5 s",
            ))  # fmt: skip
            page.close()
    return out


def rows() -> list[dict]:
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM_ARGS

    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for dataset in ("aqsoldb",):
            out += _first_views(browser, dataset)
        with server() as url:
            for dataset in ("freesolv", "aqsoldb"):
                out += _rows_for(browser, url, dataset)
        browser.close()
    return out


if __name__ == "__main__":
    from benchmarks.bench import format_table

    print(format_table(rows()))
