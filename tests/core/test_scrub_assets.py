"""plotly.js for the scrubbed charts: the pinned package's own copy, served from static/."""

from pathlib import Path

import plotly

from chemviz.ui.scrub.assets import SOURCE, ensure_plotly_js


def test_the_source_is_the_plotly_js_of_the_installed_plotly_package():
    """Check the file ships with plotly and says it is plotly.js."""
    assert SOURCE.is_file() and SOURCE.parent.parent == Path(plotly.__file__).parent
    assert b"plotly.js" in SOURCE.read_bytes()[:400]


def test_plotly_js_is_copied_once_and_a_stale_copy_is_replaced(tmp_path):
    """Check a fresh folder gets the bytes, a truncated copy is replaced, no temp file stays."""
    static = tmp_path / "static"
    served = ensure_plotly_js(static)
    assert served == static / "plotly.min.js"
    assert served.read_bytes() == SOURCE.read_bytes()
    served.write_bytes(b"half a file")
    ensure_plotly_js(static)
    assert served.read_bytes() == SOURCE.read_bytes()
    assert [p.name for p in static.iterdir()] == ["plotly.min.js"]


def test_an_unwritable_folder_is_reported_not_raised(tmp_path):
    """Check a static 'folder' that is a file: None (the charts use the CDN), no exception."""
    blocker = tmp_path / "static"
    blocker.write_text("not a folder")
    assert ensure_plotly_js(blocker) is None
