"""House rules that keep the core usable without Streamlit."""

import pkgutil
import subprocess
import sys
import tomllib
from pathlib import Path

import chemviz
from chemviz.molecules import MAX_UPLOAD_MB

ROOT = Path(__file__).parents[2]


def core_modules() -> list[str]:
    names = [
        m.name
        for m in pkgutil.walk_packages(chemviz.__path__, prefix="chemviz.")
        if not m.name.startswith("chemviz.ui")
    ]
    return sorted(names)


def test_core_modules_do_not_import_streamlit():
    """Check that importing every core module in a fresh interpreter never imports streamlit."""
    modules = core_modules()
    assert "chemviz.molecules" in modules and "chemviz.depict" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print('streamlit' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_upload_limit_in_config_matches_the_api():
    """Check that .streamlit/config.toml and chemviz agree on the upload limit."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == MAX_UPLOAD_MB


def test_default_budgets_fit_a_community_cloud_instance():
    """Check the documented rule on the defaults: server_mb + 120 + 60 per worker ≤ 690 MB."""
    from chemviz.limits import Limits

    limits = Limits()
    assert limits.server_mb + 120 + 60 * limits.workers <= 690


def test_requirements_are_pinned():
    """Check that every line of requirements.txt pins an exact version."""
    lines = [
        ln.strip()
        for ln in (ROOT / "requirements.txt").read_text().splitlines()
        if ln.strip() and not ln.startswith("#")
    ]
    assert lines and all("==" in ln for ln in lines)


def test_readme_lists_every_budget_with_its_default():
    """Check the README's budget table against the Limits dataclass: names and defaults."""
    import dataclasses
    import re

    from chemviz.limits import ENV_PREFIX, Limits

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| `(CHEMVIZ_[A-Z0-9_]+)` \| ([\d.]+) \|", readme, re.MULTILINE))
    expected = {
        ENV_PREFIX + f.name.upper(): f"{getattr(Limits(), f.name):g}"
        for f in dataclasses.fields(Limits)
    }
    assert table == expected
