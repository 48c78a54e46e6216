"""The shared caches' byte budgets, the memory governor and the heavy-computation slots.

References: NumPy's ``nbytes`` for sizes, psutil for the resident memory,
and counts of entries worked out by hand for the least-recently-used order.
"""

import threading

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import psutil
import pytest

from chemviz import allocator, slots
from chemviz.slots import PrioritySlots
from chemviz.ui import cache

MB = 2**20


def test_sizeof_counts_arrays_by_their_bytes_and_shared_arrays_once():
    """Check that a dict holding one 1 MB array twice (and a view of it) counts it once."""
    a = np.zeros(MB // 8)  # 1 MB of float64
    value = {"a": a, "again": a, "view": a[:10], "b": np.zeros(1000, dtype=np.uint8)}
    size = cache.sizeof(value)
    assert a.nbytes + 1000 <= size < a.nbytes + 1000 + 4096


def test_a_full_cache_forgets_its_least_recently_used_entry():
    """Check a 3 MB budget: 1 MB entries a, b, c; touch a; add d → b goes (a, c, d stay)."""
    shared = cache.SharedCache("test", lambda: 3 * MB + 1000)
    for key in "abc":
        shared.get_or_compute(key, lambda: np.zeros(MB // 8))
    shared.get_or_compute("a", lambda: pytest.fail("a is cached"))
    shared.get_or_compute("d", lambda: np.zeros(MB // 8))
    assert list(shared._items) == ["c", "a", "d"]
    assert shared.used == cache.sizeof(np.zeros(MB // 8)) * 3


def test_an_entry_larger_than_the_budget_is_returned_but_not_kept():
    """Check that a 2 MB result in a 1 MB cache is computed, returned, and not stored."""
    shared = cache.SharedCache("test", lambda: MB)
    value = shared.get_or_compute("big", lambda: np.ones(2 * MB // 8))
    assert value.nbytes == 2 * MB
    assert len(shared) == 0 and shared.used == 0


def test_resident_memory_is_what_psutil_reads():
    """Check /proc/self/statm against psutil, before and after touching 64 MB."""
    before = allocator.resident_mb()
    assert before == pytest.approx(psutil.Process().memory_info().rss / MB, abs=2)
    block = np.ones(64 * MB // 8)  # ones, not zeros: every page is touched
    after = allocator.resident_mb()
    assert after == pytest.approx(psutil.Process().memory_info().rss / MB, abs=2)
    # Most of the 64 MB: other threads of the suite (a warm-up, a pool) may free some meanwhile.
    assert after - before >= 48
    del block


@pytest.fixture
def caches(monkeypatch):
    """Two fresh 10 MB caches, and a process whose memory is 100 MB plus what they hold."""
    fresh = {
        "features": cache.SharedCache("features", lambda: 10 * MB),
        "models": cache.SharedCache("models", lambda: 10 * MB),
    }
    monkeypatch.setattr(cache, "CACHES", fresh)
    resident = lambda: 100 + sum(c.used for c in fresh.values()) / MB  # noqa: E731
    monkeypatch.setattr(cache.allocator, "resident_mb", resident)
    return fresh


def _fill(shared, keys, mb=2):
    for key in keys:
        shared.get_or_compute(key, lambda: np.zeros(mb * MB // 8))


def _put(shared, keys, seconds, mb=2):
    """Keep 2 MB entries that took ``seconds`` of CPU each to compute."""
    for key in keys:
        shared._keep(key, np.zeros(mb * MB // 8), seconds)


def test_make_room_forgets_the_results_cheapest_to_recompute_per_byte_first(caches):
    """Check 116 MB, target 112: the 4 MB go from the cheap models (m1, m2), not older features."""
    _put(caches["features"], ["f1", "f2", "f3", "f4"], seconds=2.0)  # 1 s per MB: keep
    _put(caches["models"], ["m1", "m2", "m3", "m4"], seconds=0.01)  # 5 ms per MB
    assert cache.make_room(112) == 2
    assert list(caches["models"]._items) == ["m3", "m4"]
    assert list(caches["features"]._items) == ["f1", "f2", "f3", "f4"]


def test_make_room_only_looks_at_the_older_half_of_a_cache(caches):
    """Check that a cheap but recent result stays while an older, dearer one goes."""
    _put(caches["models"], ["m1", "m2"], seconds=1.0)
    _put(caches["models"], ["m3", "m4"], seconds=0.0)  # cheapest, but just computed
    assert cache.make_room(106) == 1  # 108 MB: 2 MB over
    assert list(caches["models"]._items) == ["m2", "m3", "m4"]


def test_make_room_keeps_a_quarter_of_each_budget(caches):
    """Check that an unreachable target empties each 10 MB cache only down to 2.5 MB."""
    _fill(caches["features"], ["f1", "f2", "f3", "f4"])
    _fill(caches["models"], ["m1", "m2", "m3"])
    cache.make_room(0)
    # 2 MB entries: each cache stops at the first size ≤ 2.5 MB, one entry (its newest).
    assert list(caches["features"]._items) == ["f4"]
    assert list(caches["models"]._items) == ["m3"]


def test_make_room_forgets_only_as_many_bytes_as_the_process_is_over(caches, monkeypatch):
    """Check a process at 112 MB whatever is dropped, target 108: 4 MB go (m1, m2), no more."""
    _put(caches["features"], ["f1", "f2"], seconds=2.0)
    _put(caches["models"], ["m1", "m2", "m3", "m4"], seconds=0.01)
    # The memory of the sessions' runs, not the caches': dropping results does not lower it.
    monkeypatch.setattr(cache.allocator, "resident_mb", lambda: 112.0)
    assert cache.make_room(108) == 2
    assert list(caches["models"]._items) == ["m3", "m4"]
    assert len(caches["features"]) == 2


def test_make_room_leaves_results_that_something_still_holds(caches):
    """Check 116 MB, target 112: the cheap m1 and m2 are held, so the older features go."""
    _put(caches["features"], ["f1", "f2", "f3", "f4"], seconds=2.0)
    _put(caches["models"], ["m1", "m2", "m3", "m4"], seconds=0.01)
    drawn = caches["models"]._items["m1"][0]  # a session's section keeps it
    rows = caches["models"]._items["m2"][0][:10]  # a view holds its array
    assert cache.make_room(112) == 2
    assert list(caches["models"]._items) == ["m1", "m2", "m3", "m4"]
    assert list(caches["features"]._items) == ["f3", "f4"]
    del drawn, rows
    assert cache.make_room(110) == 1  # let go of (112 MB now): the cheapest goes first
    assert list(caches["models"]._items) == ["m2", "m3", "m4"]


def test_a_tuple_is_held_while_any_of_its_parts_is():
    """Check held_elsewhere on a cached (K, K_test) pair whose K alone a run still uses."""
    size = cache.sizeof((np.zeros(10), np.ones(10)))
    models = cache.SharedCache("models", lambda: 2 * size)  # above a quarter full
    models._keep("k", (np.zeros(10), np.ones(10)), 1.0)
    kernel = models._items["k"][0][0]
    assert models.cheapest_old() is None  # its only entry is in use
    del kernel
    assert models.cheapest_old() == (1.0 / size, "k")


def test_a_cached_figure_nobody_draws_can_be_forgotten():
    """Check that a plotly figure's references to itself (from its traces) do not count."""
    figure = go.Figure(go.Scatter(x=np.arange(1000.0), y=np.arange(1000.0)))
    size = cache.sizeof(figure)
    figures = cache.SharedCache("figures", lambda: 2 * size)
    figures._keep("parity", figure, 1.0)
    del figure
    assert figures.cheapest_old() == (1.0 / size, "parity")
    pair = (pd.DataFrame({"a": [1.0, 2.0]}), go.Figure(go.Bar(y=[1.0, 2.0])))  # a table, a chart
    budget = 2 * cache.sizeof(pair)
    tables = cache.SharedCache("small", lambda: budget)
    tables._keep("worked example", pair, 1.0)
    del pair
    assert tables.cheapest_old()[1] == "worked example"


def test_make_room_does_nothing_below_the_target(caches):
    """Check that a process under its budget keeps every result."""
    _fill(caches["features"], ["f1", "f2"])
    assert cache.make_room(500) == 0
    assert len(caches["features"]) == 2


def test_heavy_slots_let_one_computation_run_at_a_time(monkeypatch):
    """Check with two threads and events (no timing): the second waits until the first ends."""
    monkeypatch.setattr(cache, "_SLOTS", PrioritySlots(1))
    monkeypatch.setattr(cache, "make_room", lambda: 0)
    inside, release, order = threading.Event(), threading.Event(), []

    def first():
        with cache.heavy(note=False):
            order.append("first in")
            inside.set()
            release.wait(30)
            order.append("first out")

    def second():
        inside.wait(30)
        with cache.heavy(note=False):
            order.append("second in")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    inside.wait(30)
    assert cache._SLOTS.free == 0  # the slot is taken by the first
    release.set()
    for t in threads:
        t.join(30)
    assert order == ["first in", "first out", "second in"]


def test_heavy_is_reentrant_in_one_thread(monkeypatch):
    """Check that a heavy computation calling another does not wait for itself."""
    monkeypatch.setattr(cache, "_SLOTS", PrioritySlots(1))
    monkeypatch.setattr(cache, "make_room", lambda: 0)

    def inner():
        with cache.heavy(note=False):
            return "inner ran"

    with cache.heavy(note=False):
        assert inner() == "inner ran"
    assert cache._SLOTS.free == 1  # released afterwards


def _until(condition):
    """Poll until ``condition()`` holds (a thread reaching a known point; no timing asserted)."""
    for _ in range(3000):
        if condition():
            return
        threading.Event().wait(0.01)
    pytest.fail("the other thread never got there")


def test_a_key_being_computed_is_computed_once_for_everyone_who_asks(monkeypatch):
    """Check that a second session asking for a key in flight waits for it: one compute."""
    shared = cache.SharedCache("test", lambda: 10 * MB)
    started, release, calls, got = threading.Event(), threading.Event(), [], {}

    def compute():
        calls.append(1)
        started.set()
        release.wait(30)
        return np.arange(3)

    first = threading.Thread(
        target=lambda: got.setdefault("first", shared.get_or_compute("k", compute))
    )
    first.start()
    started.wait(30)
    second = threading.Thread(
        target=lambda: got.setdefault("second", shared.get_or_compute("k", compute))
    )
    second.start()
    _until(lambda: not second.is_alive() or shared._flights["k"].done._cond._waiters)
    release.set()
    first.join(30)
    second.join(30)
    assert len(calls) == 1
    assert got["second"] is got["first"]
    assert shared._flights == {}


def test_a_failed_computation_lets_the_waiting_session_compute_it(monkeypatch):
    """Check that when the owner's compute raises, the waiter computes the value itself."""
    shared = cache.SharedCache("test", lambda: 10 * MB)
    started, release, got = threading.Event(), threading.Event(), {}

    def broken():
        started.set()
        release.wait(30)
        raise RuntimeError("the owner's session left")

    def owner():
        with pytest.raises(RuntimeError):
            shared.get_or_compute("k", broken)

    first = threading.Thread(target=owner)
    first.start()
    started.wait(30)
    second = threading.Thread(
        target=lambda: got.setdefault("v", shared.get_or_compute("k", lambda: 42))
    )
    second.start()
    _until(lambda: not second.is_alive() or shared._flights["k"].done._cond._waiters)
    release.set()
    first.join(30)
    second.join(30)
    assert got["v"] == 42
    assert list(shared._items) == ["k"]


def test_a_moved_control_gets_the_slot_before_pages_being_opened_and_the_warm_up(monkeypatch):
    """Check the queue: slot held; the warm-up, an opening, a move ask; the move goes first."""
    monkeypatch.setattr(cache, "_SLOTS", PrioritySlots(1))
    monkeypatch.setattr(cache, "make_room", lambda: 0)
    release, order = threading.Event(), []

    def holder():
        with cache.heavy(note=False):
            release.wait(30)

    def student(priority, name):
        cache.set_priority(priority)
        with cache.heavy(note=False):
            order.append(name)

    threads = [threading.Thread(target=holder)]
    threads[0].start()
    _until(lambda: cache._SLOTS.free == 0)
    asking = [(slots.WARM, "warm-up"), (slots.OPEN, "opening"), (slots.MOVE, "move")]
    for waiting, (priority, name) in enumerate(asking, start=1):
        threads.append(threading.Thread(target=student, args=(priority, name)))
        threads[-1].start()
        _until(lambda n=waiting: cache._SLOTS.waiting() == n)
    release.set()
    for t in threads:
        t.join(30)
    assert order == ["move", "opening", "warm-up"]
    assert cache._SLOTS.free == 1


def test_a_long_computation_lets_a_move_through_at_its_next_pause_point(monkeypatch):
    """Check an opening in the slot: a move asks; at its pause point the opening waits for it."""
    monkeypatch.setattr(cache, "_SLOTS", PrioritySlots(1))
    monkeypatch.setattr(cache, "make_room", lambda: 0)
    at_step, go_on, order = threading.Event(), threading.Event(), []

    def opening():
        cache.set_priority(slots.OPEN)
        with cache.heavy(note=False):
            order.append("opening: step 1")
            at_step.set()
            go_on.wait(30)
            slots.pause_point()  # between two folds of a grid search
            order.append("opening: step 2")

    def move():
        cache.set_priority(slots.MOVE)
        with cache.heavy(note=False):
            order.append("move")

    first = threading.Thread(target=opening)
    first.start()
    at_step.wait(30)
    second = threading.Thread(target=move)
    second.start()
    _until(lambda: cache._SLOTS.waiting() == 1)
    go_on.set()
    first.join(30)
    second.join(30)
    assert order == ["opening: step 1", "move", "opening: step 2"]
    assert cache._SLOTS.free == 1 and cache._SLOTS.waiting() == 0


def test_a_session_that_leaves_while_waiting_gives_up_its_place(monkeypatch):
    """Check that an exception in the wait (Streamlit stopping the run) cancels the request."""
    monkeypatch.setattr(cache, "_SLOTS", PrioritySlots(1))
    monkeypatch.setattr(cache, "make_room", lambda: 0)

    class Stopped(Exception):
        pass

    class Box:  # what st.empty() returns, as Streamlit's stopped run raises on a redraw
        def info(self, *a, **k):
            raise Stopped

    monkeypatch.setattr(cache.st, "empty", lambda: Box())
    monkeypatch.setattr(cache, "get_script_run_ctx", lambda: object())  # in a session's run
    cache._SLOTS.wait(cache._SLOTS.request(), timeout=0)  # someone holds the slot
    with pytest.raises(Stopped):
        with cache.heavy(note=True):
            pytest.fail("the slot was never free")
    assert cache._SLOTS.waiting() == 0
    cache._SLOTS.release()
    assert cache._SLOTS.free == 1


def test_warming_parses_each_bundled_dataset_once_for_every_session():
    """Check that after warming every bundled set is held once, as load_dataset reads it."""
    from chemviz import datasets
    from chemviz.ui import cached

    cached.warm_datasets().join(300)
    assert set(cached._DATASETS) == set(datasets.DATASETS)
    assert cached.dataset("freesolv") is cached.dataset("freesolv")
    fresh = datasets.load_dataset("freesolv")
    assert cached.dataset("freesolv").smiles == fresh.smiles
    with pytest.raises(ValueError, match="Unknown dataset"):
        cached.dataset("nonsense")


def test_the_warm_up_waits_for_a_slot_without_drawing_a_note(monkeypatch):
    """Check heavy() outside any session's run: no st.empty() (there is no page), no error."""
    monkeypatch.setattr(cache, "_SLOTS", PrioritySlots(1))
    monkeypatch.setattr(cache, "make_room", lambda: 0)
    monkeypatch.setattr(cache.st, "empty", lambda: pytest.fail("a note drawn with no page"))
    cache._SLOTS.wait(cache._SLOTS.request(), timeout=0)  # a student holds the slot
    threading.Timer(0.8, cache._SLOTS.release).start()  # and lets go after one wait's note
    with cache.heavy():
        pass
    assert cache._SLOTS.free == 1


def test_after_the_warm_up_a_page_opened_on_a_bundled_set_computes_no_features(monkeypatch):
    """Check the warm-up computes the very features (same key) a page's first view asks for."""
    from chemviz.ui import cached
    from tests.app.conftest import no_errors, open_page

    cached.warm_datasets().join(300)
    cache.CACHES["features"].clear()  # what earlier tests computed (MACCS, say) goes
    cached.warm_up()  # and only the warm-up's features are back
    computed = []
    real = cached.featurize
    monkeypatch.setattr(
        cached,
        "featurize",
        lambda molecules, rep, **kw: computed.append(rep) or real(molecules, rep, **kw),
    )
    at = open_page("kernels")
    no_errors(at)
    assert computed == [] and at.session_state["rep"] == "morgan"
    at.selectbox(key="rep").set_value("maccs").run()  # not warmed: computed now
    no_errors(at)
    assert computed == ["maccs"]


def test_a_sections_own_run_in_a_fresh_thread_is_a_move_and_a_full_runs_choice_stays():
    """Check set_priority_if_unset: a new thread (a section alone) gets MOVE; a set OPEN stays."""
    seen = {}

    def section_alone():
        cache.set_priority_if_unset(slots.MOVE)
        seen["alone"] = cache._HELD.priority

    def full_run_opening_a_page():
        cache.set_priority(slots.OPEN)  # as app.py does for a page being opened
        cache.set_priority_if_unset(slots.MOVE)  # its sections, inside that run
        seen["full"] = cache._HELD.priority

    for target in (section_alone, full_run_opening_a_page):
        thread = threading.Thread(target=target)
        thread.start()
        thread.join(30)
    assert seen == {"alone": slots.MOVE, "full": slots.OPEN}
