"""plotly.js for the scrubbing charts, served by the app itself at ``app/static/``.

The browser needs its own plotly.js to redraw a chart without the server
(Streamlit's copy is private to its bundle). The copy used is the one that
ships with the pinned ``plotly`` package, so the figures the Python side
writes and the library that draws them are always the same version; it is
copied into ``static/`` (served by ``server.enableStaticServing``) when the
app starts, not committed. If that folder cannot be written, the charts
fall back to the same version on plotly's CDN (``chart.js``).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

import plotly

LOG = logging.getLogger("chemviz")
SOURCE = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
STATIC = Path(__file__).resolve().parents[3] / "static"


def ensure_plotly_js(static: Path = STATIC, source: Path = SOURCE) -> Path | None:
    """Put ``plotly.min.js`` in ``static`` unless the same file is already there.

    Returns
    -------
    pathlib.Path or None
        The served file, or ``None`` if it could not be written (logged).
    """
    target = static / "plotly.min.js"
    try:
        if target.exists() and target.stat().st_size == source.stat().st_size:
            return target
        static.mkdir(exist_ok=True)
        # Written beside and renamed: a browser never reads half a file.
        fd, tmp = tempfile.mkstemp(dir=static, suffix=".part")
        os.close(fd)
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)
        return target
    except OSError:
        LOG.warning("Could not copy plotly.js into %s; charts will use %s", static, "the CDN")
        return None
