"""The hostile corpus through the reader: every record used or rejected with a reason, no crash.

The files and what must happen to each are declared once, in
``tests/data/hostile/generate.py``; the end-to-end test uploads the same
files to a real server. Here they go through the worker pool, as uploads do
in the app, so a budget that stopped working would show up as a failure and
not kill the test run.
"""

import re

import pytest

from chemviz.limits import Limits
from chemviz.molecules import read_molecules
from chemviz.workers import WorkerPool
from tests.data.hostile import generate

SMALL = generate.small_files()


@pytest.fixture(scope="module")
def pool():
    workers = WorkerPool(Limits(workers=2), idle_seconds=60)
    yield workers
    workers.shutdown()


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    return generate.write_large(tmp_path_factory.mktemp("hostile"))


def check(data: bytes | str, name: str, expect: generate.Expect, runner) -> None:
    if expect.error:
        with pytest.raises(ValueError, match=expect.error):
            read_molecules(data, name, runner=runner)
        return
    molecules, report = read_molecules(data, name, runner=runner)
    assert (report.total, report.n_valid, report.n_rejected) == (
        expect.total,
        expect.used,
        expect.rejected,
    )
    assert report.is_consistent and len(molecules) == report.n_valid
    if expect.reason:
        reasons = [r.reason for r in report.all_rejected()]
        assert any(re.search(expect.reason, r) for r in reasons), reasons
    if expect.note:
        assert any(re.search(expect.note, n) for n in report.notes), report.notes


def test_committed_files_are_what_the_generator_writes():
    """Check that the committed corpus matches generate.py (rerun it after editing)."""
    for name, (data, _) in SMALL.items():
        assert (generate.HERE / name).read_bytes() == data, name


@pytest.mark.parametrize("name", sorted(SMALL))
def test_small_hostile_file(name, pool):
    """Check each committed hostile file gives its declared counts or file-level message."""
    _, expect = SMALL[name]
    check((generate.HERE / name).read_bytes(), name, expect, pool.map)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["bomb_1gb.csv.gz", "lines_25m.smi.gz", "rows_1m.csv"])
def test_large_hostile_file(name, large, pool):
    """Check that bombs and million-row files are refused by their limits, in a worker."""
    path, expect = large[name]
    check(path.read_bytes(), name, expect, pool.map)


def test_sixty_megabytes_of_pasted_text_are_refused():
    """Check that the paste box has the same size limit as a file."""
    check(generate.pasted_60_mb(), "pasted", generate.PASTED_60_MB, None)


def test_a_crash_inside_rdkit_costs_one_row_not_the_server(monkeypatch):
    """Check that with the budget lifted, the 20,000-carbon chain crashes a worker, not us.

    RDKit's canonicaliser recurses once per atom of a chain and overflows its
    stack near 20,000 atoms: exactly the segfault the budget exists for.
    """
    data = ("C" * 20_000 + " long-chain\n" + generate.GOOD).encode()
    lifted = Limits(smiles_chars=30_000, heavy_atoms=30_000)
    workers = WorkerPool(Limits(workers=1), idle_seconds=5)
    try:
        molecules, report = read_molecules(data, "x.smi", runner=workers.map, limits=lifted)
    finally:
        workers.shutdown()
    assert molecules.names == ["ethanol", "phenol"]
    [crash] = report.rejected
    assert crash.row == 1
    assert re.fullmatch(
        r"RDKit crashed while reading this molecule \(.*signal 11 \(SIGSEGV\)\)", crash.reason
    )
