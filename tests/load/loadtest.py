"""A class of N students against one real `streamlit run`: memory, latency, isolation.

Each simulated student (:class:`tests.load.stclient.Session`, Streamlit's own
websocket protocol, no browser) opens one page on one bundled dataset and
then, every 5–10 s, moves that page's main slider (``ACTIONS`` times, through
three values, so the first moves compute and the later ones find the result
cached), as a class following a teacher does. One more student, in a real
Chromium, uploads the hostile corpus meanwhile. The single-user figure is
the same students, with the same moves, one after another on a fresh
server (``sequential=True``). We record:

- the server's peak memory: RSS of the server and of its worker processes,
  and their PSS (shared library pages counted once, as a container is billed);
- the time from each input to the first chart of the rerun, for everyone but
  the uploader (p50, p95), against the same actions of one student alone;
- errors (an error box or a traceback in any run) and leaks: a session that
  sees another dataset's molecule count, or the uploader's marker molecule.

Where there are two cores or more, the server (and its worker processes) runs
on the first and the simulated class, its protocol parsing and the uploader's
Chromium on the others: in a classroom the students' browsers are their own
machines, and a harness that competes with the server for its CPU measures
itself. The single-user run is pinned the same way.

Everything runs on loopback, for a bounded time, and stops by itself:
``python -m tests.load.loadtest --sessions 10 30``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psutil

from tests.load.stclient import Session

ROOT = Path(__file__).parents[2]
DATASETS = {"freesolv": 642, "solubility": 1274, "lipophilicity": 4200, "aqsoldb": 9980}
# (page, query, widget key, how to pick its values): "options" takes three of a
# select slider's own labels, a list gives the values themselves. A "…_scrub" key is a
# scrub slider (chemviz.ui.scrub): the drag is the browser's alone, and the server's
# work is the rerun when it is let go at the given steps.
SCENARIOS = [
    ("model_complexity", "", "cx_degree_scrub", [3, 6, 9]),
    ("kernels", "", "ker_lambda_scrub", [6, 8, 10]),
    ("feature_selection", "", "sel_lambda_scrub", [40, 50, 60]),
    ("model_complexity", "cx_tab=②+Molecules", "cx_value_ridge_lam_scrub", [5, 9, 12]),
    ("representations", "", "rep_morgan_radius", [3, 2]),
    ("molecules", "", "mol_search", ["ol", "ene", ""]),
    ("neural_networks", "", "nn_width", "options"),
]
MARKER = "LEAKMARK"  # the name of a molecule only the uploader has
ACTIONS = 6  # slider moves per student


@dataclass
class Report:
    """The figures of one load-test run (JSON-ready)."""

    sessions: int
    sequential: bool
    seconds: float
    peak_server_rss_mb: float = 0.0
    peak_tree_rss_mb: float = 0.0
    peak_tree_pss_mb: float = 0.0
    after_mb: float = 0.0
    input_to_chart_p50: float | None = None
    input_to_chart_p95: float | None = None
    rerun_p50: float | None = None
    rerun_p95: float | None = None
    rerun_by_page: dict[str, float] = field(default_factory=dict)
    first_open_p50: float | None = None
    first_open_p95: float | None = None
    health_p95: float | None = None
    actions: int = 0
    slowest: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    uploads: list[str] = field(default_factory=list)
    server_alive: bool = True


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_sets() -> tuple[set[int], set[int]]:
    """(the server's CPUs, the harness's CPUs): the first core, and the others (if any)."""
    cpus = sorted(os.sched_getaffinity(0))
    return ({cpus[0]}, set(cpus[1:])) if len(cpus) > 1 else (set(cpus), set(cpus))


def start_server(port: int, log: Path) -> subprocess.Popen:
    """``streamlit run app.py`` on loopback, on the server's CPU; returns once it answers."""
    server_cpus, _ = cpu_sets()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    os.sched_setaffinity(proc.pid, server_cpus)  # before it starts threads and workers
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).read():
                return proc
        except OSError:
            time.sleep(0.5)
    proc.terminate()
    raise RuntimeError(f"streamlit did not start; see {log}")


class Sampler(threading.Thread):
    """Samples the server's memory and its health-check latency twice a second."""

    def __init__(self, pid: int, url: str):
        super().__init__(daemon=True)
        self.proc = psutil.Process(pid)
        self.url = url
        self.peak = {"server_rss": 0.0, "tree_rss": 0.0, "tree_pss": 0.0}
        self.health: list[float] = []
        self.stop = threading.Event()

    def memory(self) -> dict[str, float]:
        procs = [self.proc, *self.proc.children(recursive=True)]
        rss = pss = 0.0
        for p in procs:
            try:
                info = p.memory_full_info()
            except psutil.Error:
                continue
            rss += info.rss
            pss += info.pss
        return {
            "server_rss": self.proc.memory_info().rss / 2**20,
            "tree_rss": rss / 2**20,
            "tree_pss": pss / 2**20,
        }

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                for k, v in self.memory().items():
                    self.peak[k] = max(self.peak[k], v)
                t = time.perf_counter()
                urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=120).read()
                self.health.append(time.perf_counter() - t)
            except (OSError, psutil.Error):
                pass
            self.stop.wait(0.5)


def _molecule_count(run) -> int | None:
    for text in run.texts():
        if text.startswith("**") and " molecules**" in text:
            return int(text[2:].split(" molecules**")[0].replace(",", ""))
    return None


async def student(i: int, url: str, out: dict, rng: random.Random, pause=(5, 10)) -> None:
    """One simulated student: open a page on a dataset, then move its slider now and then."""
    dataset = list(DATASETS)[i % len(DATASETS)]
    page, query, key, values = SCENARIOS[i % len(SCENARIOS)]
    query = f"dataset={dataset}" + (f"&{query}" if query else "")
    async with Session(url, query=query) as s:
        run = await s.open(page)
        out["first_open"].append(run.seconds_to_chart or run.seconds)
        _check(run, i, dataset, page, out)
        if values == "options":
            options = list(s.widgets[key][1].options)
            values = [options[k * (len(options) - 1) // 3] for k in (1, 2, 3)]
        for k in range(ACTIONS):
            await asyncio.sleep(rng.uniform(*pause))
            run = await s.set(key, values[k % len(values)])
            out["latency"].append(run.seconds_to_chart or run.seconds)
            out["moves"].append({
                "student": i, "page": f"{page}:{key}", "dataset": dataset, "move": k,
                "at": round(time.monotonic() - out["t0"], 1),
                "to_chart": round(out["latency"][-1], 3), "rerun": round(run.seconds, 3),
            })  # fmt: skip
            out["rerun"].append(run.seconds)
            out["by_page"].setdefault(f"{page}:{key}", []).append(run.seconds)
            out["actions"] += 1
            _check(run, i, dataset, page, out)


def _check(run, i: int, dataset: str, page: str, out: dict) -> None:
    where = f"student {i} ({dataset}, {page or 'home'})"
    for body in run.alerts("error"):
        out["errors"].append(f"{where}: {body[:160]}")
    if run.tracebacks():
        out["errors"].append(f"{where}: a traceback")
    count = _molecule_count(run)
    if count is not None and count != DATASETS[dataset]:
        out["leaks"].append(f"{where} saw {count} molecules")
    if any(MARKER.encode() in m.SerializeToString() for m in run.messages):
        out["leaks"].append(f"{where} saw the uploader's molecule")


def uploader(url: str, until: float, results: list[str]) -> None:
    """A real browser uploading the hostile corpus (and a marker molecule) while the class works."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
    from tests.browser.helpers import read_upload, wait_for_app
    from tests.data.hostile import generate

    files = [(f"{MARKER}.smi", f"CCO {MARKER}\nCCCO propanol\n".encode())]
    files += [(name, data) for name, (data, _) in generate.small_files().items()]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(120_000)
        for name, data in files:
            if time.monotonic() > until:
                break
            page.goto(f"{url}/molecules")
            wait_for_app(page)
            page.get_by_text("Upload or paste your own molecules").click()
            read_upload(page, {"name": name, "mimeType": "text/plain", "buffer": data})
            outcome = page.locator(
                '[data-testid="stMetricValue"], [data-testid="stAlertContentError"]'
            ).first
            try:
                outcome.wait_for()
            except PlaywrightError:  # say what the page showed instead, and keep a picture
                page.screenshot(path=str(ROOT / "tests" / "load" / "uploader-failure.png"))
                shown = page.locator('[data-testid^="stAlertContent"]').all_inner_texts()
                raise RuntimeError(f"{name}: no report; the page showed {shown}") from None
            results.append(name)
        browser.close()


async def _class(url: str, n: int, out: dict, seed: int, sequential: bool) -> None:
    rng = random.Random(seed)
    seeds = [rng.random() for _ in range(n)]
    if sequential:  # one student at a time, moves 0.2 s apart: nobody waits for anybody
        for i, s in enumerate(seeds):
            await student(i, url, out, random.Random(s), pause=(0.2, 0.2))
        return

    async def arrive(i: int, s: float) -> None:
        await asyncio.sleep(random.Random(s).uniform(0, 20))  # over twenty seconds
        await student(i, url, out, random.Random(s))

    await asyncio.gather(*(arrive(i, s) for i, s in enumerate(seeds)))


def _in_own_thread(function) -> None:
    """``function()`` in a thread of its own, its exception raised here.

    Playwright's sync API (the browser tests of the same pytest run) leaves an
    event loop running in the main thread, where ``asyncio.run`` refuses to start.
    """
    failure: list[BaseException] = []

    def target() -> None:
        try:
            function()
        except BaseException as exc:  # handed to the caller's thread
            failure.append(exc)

    thread = threading.Thread(target=target, name="loadtest-class")
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


def _p(values: list[float], q: int) -> float | None:
    """The q-th percentile (q = 50, 95) of the values, or None if there are none."""
    if len(values) < 2:
        return values[0] if values else None
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def run(
    sessions: int,
    with_uploader: bool = True,
    sequential: bool = False,
    seed: int = 0,
    upload_seconds: float = 20 + ACTIONS * 10,
) -> Report:
    """Serve the app, run a class of ``sessions`` students, return the figures.

    With ``sequential``, the same students take turns (the single-user figure).
    The uploader stops starting new files after ``upload_seconds`` (the
    class's own length by default; longer to upload the whole corpus).
    """
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server = start_server(port, ROOT / "tests" / "load" / "server.log")
    # The class and the uploader (which inherits it) keep off the server's core.
    own_cpus = os.sched_getaffinity(0)
    os.sched_setaffinity(0, cpu_sets()[1])
    sampler = Sampler(server.pid, url)
    sampler.start()
    out = {
        "first_open": [], "latency": [], "rerun": [], "by_page": {}, "actions": 0,
        "errors": [], "leaks": [], "moves": [], "t0": time.monotonic(),
    }  # fmt: skip
    uploads: list[str] = []
    thread = None
    try:
        if with_uploader:  # its own process: Playwright's sync API wants no asyncio loop near it
            thread = subprocess.Popen(
                [sys.executable, "-m", "tests.load.loadtest", "--upload-to", url,
                 "--upload-seconds", str(upload_seconds)],
                cwd=ROOT, stdout=subprocess.PIPE, text=True,
            )  # fmt: skip
        started = time.monotonic()
        _in_own_thread(lambda: asyncio.run(_class(url, sessions, out, seed, sequential)))
        seconds = time.monotonic() - started
        if thread is not None:
            stdout, _ = thread.communicate(timeout=600)
            uploads = json.loads(stdout.strip().splitlines()[-1]) if stdout.strip() else []
            out["errors"] += [f"uploader: {u}" for u in uploads if u.startswith("ERROR")]
        alive = (
            server.poll() is None
            and urllib.request.urlopen(f"{url}/_stcore/health", timeout=60).read() == b"ok"
        )
        time.sleep(3)
        after = sampler.memory()["tree_pss"]  # shared pages once, as a host counts them
    finally:
        os.sched_setaffinity(0, own_cpus)
        sampler.stop.set()
        server.terminate()
        server.wait(timeout=30)
    return Report(
        sessions=sessions,
        sequential=sequential,
        seconds=round(seconds, 1),
        peak_server_rss_mb=round(sampler.peak["server_rss"], 1),
        peak_tree_rss_mb=round(sampler.peak["tree_rss"], 1),
        peak_tree_pss_mb=round(sampler.peak["tree_pss"], 1),
        after_mb=round(after, 1),
        input_to_chart_p50=_p(out["latency"], 50),
        input_to_chart_p95=_p(out["latency"], 95),
        rerun_p50=_p(out["rerun"], 50),
        rerun_p95=_p(out["rerun"], 95),
        rerun_by_page={k: round(statistics.median(v), 3) for k, v in out["by_page"].items()},
        first_open_p50=_p(out["first_open"], 50),
        first_open_p95=_p(out["first_open"], 95),
        health_p95=_p(sampler.health, 95),
        actions=out["actions"],
        slowest=sorted(out["moves"], key=lambda m: -m["to_chart"])[:12],
        errors=out["errors"],
        leaks=out["leaks"],
        uploads=uploads,
        server_alive=alive,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[10, 30])
    parser.add_argument("--no-uploader", action="store_true")
    parser.add_argument("--json", type=Path, default=ROOT / "tests" / "load" / "results.json")
    parser.add_argument("--upload-to", help="only upload the hostile corpus to this server")
    parser.add_argument("--upload-seconds", type=float, default=80)
    args = parser.parse_args()
    if args.upload_to:
        uploads: list[str] = []
        try:
            uploader(args.upload_to, time.monotonic() + args.upload_seconds, uploads)
        except Exception as exc:  # reported as data: the load test counts it as an error
            uploads.append(f"ERROR: {exc}")
        print(json.dumps(uploads))
        return
    reports = []
    for n in args.sessions:
        for sequential in (True, False):
            report = run(
                n, with_uploader=not (args.no_uploader or sequential), sequential=sequential
            )
            reports.append(asdict(report))
            print(json.dumps(asdict(report), indent=1), flush=True)
    args.json.write_text(json.dumps(reports, indent=1))


if __name__ == "__main__":
    main()
