"""Small Playwright helpers shared by the browser tests."""

from pathlib import Path

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


def read_upload(page: Page, files) -> None:
    """Upload ``files`` (a path, or Playwright's name/mimeType/buffer dict) and read it.

    The file's chip appears as soon as the upload *starts*; its button reads
    "Cancel upload of …" until the server has every byte, then "Remove …".
    Clicking "Read molecules" before that reruns the page without the file,
    so wait for "Remove".
    """
    name = files["name"] if isinstance(files, dict) else Path(files).name
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(files)
    expect(page.get_by_role("button", name=f"Remove {name}")).to_be_visible(timeout=120_000)
    wait_for_app(page)
    page.get_by_role("button", name="Read molecules").click()


class SentFrames:
    """Counts the websocket frames a page sends its server (rerun requests, mostly).

    Create it before ``page.goto``: a listener added later never sees the socket.
    """

    def __init__(self, page: Page):
        self.count = 0
        self.sockets = 0
        page.on("websocket", self._watch)

    def _watch(self, socket) -> None:
        self.sockets += 1
        socket.on("framesent", self._one)

    def _one(self, _frame) -> None:
        self.count += 1


class Scrub:
    """A scrub slider (chemviz.ui.scrub) driven by the mouse."""

    THUMB = 16  # px: Chromium's range thumb; its centre travels width − THUMB

    def __init__(self, page: Page, group: str):
        self.page = page
        self.input = page.locator(f'.cvs-range[data-group="{group}"]')

    def _x(self, index: int) -> tuple[float, float]:
        box = self.input.bounding_box()
        top = int(self.input.get_attribute("max"))
        x = box["x"] + self.THUMB / 2 + (box["width"] - self.THUMB) * index / top
        return x, box["y"] + box["height"] / 2

    def value(self) -> int:
        return int(self.input.input_value())

    def press(self, to: int) -> None:
        """Put the mouse down on the thumb and drag to step ``to``, without letting go."""
        self.input.scroll_into_view_if_needed()
        self.page.mouse.move(*self._x(self.value()))
        self.page.mouse.down()
        self.page.mouse.move(*self._x(to), steps=4)

    def release(self) -> None:
        self.page.mouse.up()
