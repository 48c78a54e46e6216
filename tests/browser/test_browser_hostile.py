"""The hostile corpus and nonsense links against a real `streamlit run`, in Chromium.

Every file of ``tests/data/hostile`` is uploaded through the page, as a
student would. For each, the report (or the file-level message) must appear
within the file's stated bound, the counts must be the declared ones, and
the server must still answer afterwards. User text carrying HTML, Markdown,
LaTeX and URLs must stay text, and the browser must never fetch anything
from outside this machine.
"""

import re
import urllib.parse
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import read_upload, wait_for_app
from tests.data.hostile import generate

SMALL = generate.small_files()
TITLES = [
    "Home", "Molecules", "Model complexity", "Kernels", "Representations",
    "Feature selection", "Neural networks",
]  # fmt: skip
PAGES = [
    "", "molecules", "model_complexity", "kernels", "representations",
    "feature_selection", "neural_networks",
]  # fmt: skip


def server_alive(server: str) -> bool:
    return urllib.request.urlopen(f"{server}/_stcore/health", timeout=30).read() == b"ok"


def upload(page, server: str, name: str, data: bytes | None = None, path=None) -> None:
    page.goto(f"{server}/molecules")
    wait_for_app(page)
    page.get_by_text("Upload or paste your own molecules").click()
    read_upload(page, path or {"name": name, "mimeType": "text/plain", "buffer": data})


def check_outcome(page, expect_: generate.Expect) -> None:
    timeout = expect_.seconds * 1000
    if expect_.error:
        alert = page.locator('[data-testid="stAlertContentError"]').first
        expect(alert).to_be_visible(timeout=timeout)
        expect(alert).to_contain_text(re.compile(expect_.error.replace("\\", "")))
        return
    values = page.locator('[data-testid="stMetricValue"]')
    expect(values).to_have_count(3, timeout=timeout)
    expect(values).to_have_text(
        [f"{expect_.total:,}", f"{expect_.used:,}", f"{expect_.rejected:,}"], timeout=timeout
    )
    expect(page.get_by_test_id("stException")).to_have_count(0)


@pytest.mark.parametrize("name", sorted(SMALL))
def test_each_hostile_file_gets_its_report_and_the_server_lives(server, page, name):
    """Check the declared counts or message of each committed hostile file, then the server."""
    data, expect_ = SMALL[name]
    upload(page, server, name, data)
    check_outcome(page, expect_)
    assert server_alive(server)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["bomb_1gb.csv.gz", "lines_25m.smi.gz", "rows_1m.csv"])
def test_bombs_and_million_row_files_are_refused_by_the_server(server, page, tmp_path, name):
    """Check that a gzip bomb and million-line files are refused in words and cost no session."""
    path, expect_ = generate.write_large(tmp_path)[name]
    upload(page, server, name, path=path)
    check_outcome(page, expect_)
    assert server_alive(server)


def test_markup_in_names_headers_and_file_names_stays_text(server, browser):
    """Check that Markdown, LaTeX, HTML and URLs in an upload render as text and fetch nothing."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    host = urllib.parse.urlparse(server).hostname
    outside = []

    def origin(url: str) -> str | None:
        # A blob: URL (a v2 component's own script, made in the page) names its origin inside.
        return urllib.parse.urlparse(url.removeprefix("blob:")).hostname

    page.on("request", lambda r: outside.append(r.url) if origin(r.url) != host else None)
    data, _ = SMALL["markup_names.csv"]
    upload(page, server, "[click](http://example.invalid/f) $x$ <b>f</b>.csv", data)
    heading = page.get_by_text(re.compile(r"Parse report: \[click\]"))
    expect(heading).to_be_visible(timeout=60_000)
    # The page is drawn top to bottom: wait for the molecule cards, which carry the names.
    expect(page.get_by_test_id("molecule-card").first).to_be_visible(timeout=60_000)
    # The file name, the names and the header are shown as typed (the invisible
    # word joiners that keep a URL from being linked aside)…
    seen = page.get_by_test_id("stMain").inner_text().replace("\u2060", "")
    assert "Parse report: [click](http://example.invalid/f) $x$ <b>f</b>.csv" in seen
    assert "**bold** [link](http://example.invalid/a)" in seen
    # …and nothing of them became markup: no link or image to the outside, no
    # bold or script element from user text, no KaTeX formula.
    assert page.locator('a[href*="example.invalid"]').count() == 0
    assert page.locator('img[src*="example.invalid"]').count() == 0
    assert page.locator(".katex").count() == 0
    assert page.locator('[data-testid="stMain"] b', has_text="f").count() == 0
    for title in TITLES:  # every page shows the upload's names and its header somewhere
        page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
        wait_for_app(page)
        expect(page.get_by_test_id("stSidebar")).to_contain_text("3 molecules")
        expect(page.get_by_test_id("stException")).to_have_count(0)
        assert page.locator('a[href*="example.invalid"], img[src*="example.invalid"]').count() == 0
    assert outside == []
    context.close()


def test_a_smiles_only_upload_opens_every_page_with_words_not_a_traceback(server, page):
    """Check that four molecules with no property open every page with no unexpected error.

    A page that cannot model them says why in its own words ("no numeric
    property to model", "at least 7 are needed"); "Something went wrong" is
    the app's last line of defence, which must never be reached.
    """
    data, _ = SMALL["smiles_only.smi"]
    upload(page, server, "smiles_only.smi", data)
    expect(page.get_by_test_id("stSidebar")).to_contain_text("no numeric property to model")
    for title in TITLES:  # by the sidebar's links: the same session, so the same upload
        page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
        wait_for_app(page)
        expect(page.locator("h1").first).to_contain_text(title if title != "Home" else "")
        expect(page.get_by_test_id("stSidebar")).to_contain_text("4 molecules")
        expect(page.get_by_test_id("stException")).to_have_count(0)
        expect(page.get_by_text("Something went wrong")).to_have_count(0)
    assert server_alive(server)


@pytest.mark.parametrize("value", ["inf", "nan", "1e400", "-5", "1e9", "abc"])
def test_nonsense_links_open_every_page_with_a_note(server, page, value):
    """Check that a link with ``value`` in every URL key opens each page with no traceback."""
    from chemviz.ui import state

    query = "&".join(f"{name}={value}" for name, spec in state.KEYS.items() if spec.url)
    for path in PAGES:
        page.goto(f"{server}/{path}?{query}")
        wait_for_app(page)
        expect(page.get_by_test_id("stException")).to_have_count(0)
        expect(page.get_by_text("Something went wrong")).to_have_count(0)
    # A fresh session says which settings of its link were not used.
    page.goto(f"{server}/?nn_layers={value}")
    wait_for_app(page)
    expect(
        page.get_by_text(re.compile("Some settings in this link were not valid"))
    ).to_be_visible()
    assert server_alive(server)
