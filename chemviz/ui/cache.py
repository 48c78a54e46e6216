"""Results shared by every session, within a memory budget, and one heavy computation at a time.

A class of thirty shares one process and, on Streamlit Community Cloud, as
little as 690 MB. Three things keep that enough:

- :class:`SharedCache` holds a result (features, kernel matrices, curves,
  figures) once for the whole class, under a **byte budget** per kind of
  entry: the least recently used entries go when a new one would not fit.
  Streamlit's own ``max_entries`` counts entries, but one AqSolDB kernel
  matrix is a thousand times a FreeSolv curve.
- :func:`heavy` lets **one computation at a time** (``Limits.heavy_jobs``)
  build such a result. The machine has two cores, so a second curve would
  not finish sooner, while its temporary arrays would double the peak
  memory and its Python loops would slow every other student's slider.
  Others wait behind a note, and leave the queue if they leave the page.
- Before each such computation, :func:`make_room` measures the process:
  above ``Limits.server_mb`` of resident memory, shared results are
  forgotten, those cheapest to compute again for the memory they free first.

Values are shared: treat them as read-only (feature arrays are marked so).
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from contextlib import contextmanager

import numpy as np
import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from chemviz import allocator, limits
from chemviz.slots import OPEN, PrioritySlots, holding

# The memory budget of each kind of entry, as shares of Limits.cache_mb (200 MB), sized
# by what a class of thirty on every page and bundled set holds (tests/load/loadtest.py):
# - features (50 MB): feature matrices, reused by every page (AqSolDB's bits, packed: 2.4 MB);
# - models (66 MB): prepared data, kernel matrices and fits, reused by one page;
# - figures (56 MB): built plotly figures and the scrub payloads of every slider value;
# - pictures (8 MB): molecule depictions and 3D viewers, about 10 kB each;
# - small (20 MB): curves, grid searches, maps, summaries, search results.
SHARES = {"features": 0.25, "models": 0.33, "figures": 0.28, "pictures": 0.04, "small": 0.10}


def sizeof(value, _seen: set | None = None, _depth: int = 0) -> int:
    """Bytes a cached value holds, counting arrays, text and containers (an estimate).

    Exact for what dominates (NumPy arrays, bytes, strings); a fixed
    overhead for other objects. Shared objects are counted once.
    """
    seen = set() if _seen is None else _seen
    if id(value) in seen or _depth > 12:
        return 0
    seen.add(id(value))
    if isinstance(value, np.ndarray):
        return value.nbytes if value.base is None or id(value.base) not in seen else 0
    if isinstance(value, bytes | bytearray | str):
        return len(value) + 50
    if isinstance(value, pd.DataFrame | pd.Series):
        return int(value.memory_usage(deep=True).sum() if value.ndim == 2 else value.nbytes)
    if isinstance(value, dict):
        items = (
            sizeof(k, seen, _depth + 1) + sizeof(v, seen, _depth + 1) for k, v in value.items()
        )
        return 64 + sum(items)
    if isinstance(value, list | tuple | set | frozenset):
        return 56 + sum(sizeof(v, seen, _depth + 1) for v in value)
    if hasattr(value, "to_plotly_json"):  # a plotly figure: its data and layout
        return sizeof(value.to_plotly_json(), seen, _depth + 1)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = (getattr(value, f.name) for f in dataclasses.fields(value))
        return 64 + sum(sizeof(v, seen, _depth + 1) for v in fields)
    if hasattr(value, "__dict__"):
        return 64 + sizeof(vars(value), seen, _depth + 1)
    return sys.getsizeof(value)


_NOTHING = object()


class _Flight:
    """A value being computed by one session, which others wait for."""

    def __init__(self):
        self.done = threading.Event()
        self.value = _NOTHING


# References to a cached value that are the cache's own when held_elsewhere() asks:
# the entry's tuple, the caller's loop variable and the argument of getrefcount.
_OWN_REFERENCES = 3


def held_elsewhere(value) -> bool:
    """Whether something besides its cache entry holds ``value`` (or, for a tuple, a part).

    A section keeps its arguments between reruns (a model and its prepared
    features), a run in flight holds what it drew from, and a view of an
    array holds the array: all count. A result that knows better says so
    itself (``in_use()``: packed features whose unpacked matrix is alive).

    Notes
    -----
    Counted with :func:`sys.getrefcount` from :meth:`SharedCache.cheapest_old`'s
    loop, whose own references are :data:`_OWN_REFERENCES`. Cheap (no walk
    of the objects), and conservative: a value also kept by another cache
    entry counts as held, so it stays.
    """
    in_use = getattr(value, "in_use", None)
    if callable(in_use):
        return bool(in_use())
    if _is_figure(value):
        return False
    if sys.getrefcount(value) > _OWN_REFERENCES + 1:  # + 1: this function's parameter
        return True
    # A tuple's parts: its own reference, the loop variable and getrefcount's argument.
    return isinstance(value, tuple) and any(
        not _is_figure(part) and sys.getrefcount(part) > 3 for part in value
    )


def _is_figure(value) -> bool:
    """A plotly figure: its traces and layout refer back to it, so its count says nothing.

    A session holds a cached figure only while its run draws it (Streamlit
    sends it as JSON), so a figure counts as held by nobody.
    """
    return hasattr(value, "to_plotly_json")


class SharedCache:
    """A process-wide LRU cache whose entries may total at most ``budget`` bytes.

    An entry larger than the whole budget is returned but not kept (and the
    page that asked for it should sample or cap: see the caps in each page).
    """

    def __init__(self, name: str, budget: Callable[[], int]):
        self.name = name
        self._budget = budget
        self._items: OrderedDict = OrderedDict()  # key → (value, bytes, CPU seconds to compute)
        self._flights: dict = {}  # key → _Flight, while one session computes it
        self._lock = threading.Lock()
        self.used = 0

    def get_or_compute(self, key, compute, heavy_work: bool = False):
        """The value cached under ``key``, or ``compute()`` (in a heavy slot if asked) kept.

        One computation per key at a time: a session asking for a key that
        another is computing waits for that result rather than computing it
        again (thirty students opening the same page ask at once).
        """
        while True:
            with self._lock:
                if key in self._items:
                    self._items.move_to_end(key)
                    return self._items[key][0]
                flight = self._flights.get(key)
                if flight is None:  # ours to compute
                    flight = self._flights[key] = _Flight()
                    break
            if getattr(_HELD, "depth", 0):
                # We hold a heavy slot, which the owner may be waiting for: waiting
                # here could deadlock, so compute it ourselves (rare: nested results).
                started = time.thread_time()
                value = compute()
                self._keep(key, value, time.thread_time() - started)
                return value
            flight.done.wait()
            if flight.value is not _NOTHING:  # computed (perhaps too large to keep)
                return flight.value
            # The computation failed or its session left: try again, perhaps as the owner.
        try:
            # Outside the lock: other sessions keep reading meanwhile. This thread's
            # CPU time measures what the result cost, not the waits for a slot.
            if heavy_work:
                with heavy():
                    started = time.thread_time()
                    value = compute()
            else:
                started = time.thread_time()
                value = compute()
            seconds = time.thread_time() - started
            flight.value = value
        finally:
            with self._lock:
                del self._flights[key]
            flight.done.set()
        self._keep(key, value, seconds)
        return value

    def _keep(self, key, value, seconds: float = 0.0) -> None:
        """Keep ``value`` (which took ``seconds`` of CPU), forgetting the oldest to fit."""
        size = sizeof(value)
        with self._lock:
            budget = self._budget()
            if key not in self._items and size <= budget:
                self._items[key] = (value, size, seconds)
                self.used += size
                while self.used > budget:
                    _, (_, dropped, _) = self._items.popitem(last=False)
                    self.used -= dropped

    def cheapest_old(self) -> tuple[float, object] | None:
        """(CPU seconds per byte, key) of the older half's entry cheapest to compute again.

        Only entries nobody else holds count (:func:`held_elsewhere`): forgetting
        a result that a session's run or section still holds frees no memory,
        and the next student to ask would compute a second copy of it.
        None when the cache is at or below a quarter of its budget (the floor
        :func:`make_room` keeps), empty, or all in use. Ties go to the oldest.
        """
        with self._lock:
            if self.used <= self.budget() / 4 or not self._items:
                return None
            older = list(self._items.items())[: max(1, len(self._items) // 2)]
            free = [
                (seconds / max(1, size), age, key)  # age 0 is the oldest: first of equals
                for age, (key, (value, size, seconds)) in enumerate(older)
                if not held_elsewhere(value)
            ]
            if not free:
                return None
            ratio, _, key = min(free)
            return ratio, key

    def drop(self, key) -> int:
        """Forget ``key``'s entry; its bytes (0 when it is not kept)."""
        with self._lock:
            if key not in self._items:
                return 0
            _, size, _ = self._items.pop(key)
            self.used -= size
            return max(1, size)

    def clear(self, where: Callable[[object], bool] | None = None) -> None:
        """Drop every entry, or those whose key satisfies ``where``."""
        with self._lock:
            for key in [k for k in self._items if where is None or where(k)]:
                self.used -= self._items.pop(key)[1]

    def __len__(self) -> int:
        return len(self._items)

    def budget(self) -> int:
        """The bytes this cache may hold now (its share of ``Limits.cache_mb``)."""
        return max(1, self._budget())


def _budget(kind: str) -> Callable[[], int]:
    return lambda: int(limits.current().cache_mb * SHARES[kind] * 2**20)


CACHES = {kind: SharedCache(kind, _budget(kind)) for kind in SHARES}


def shared(kind: str, heavy_work: bool = True, spinner: str | None = None):
    """Decorator: cache a function's result in :data:`CACHES` [kind], shared by all sessions.

    Like ``st.cache_resource``, arguments whose name starts with ``_`` are
    not part of the key (pass a cheap key beside them); the others must be
    hashable. With ``heavy_work`` (the default), computing a missing entry
    takes one of the server's heavy-computation slots (:func:`heavy`);
    ``spinner`` is shown while it is computed.
    """
    cache = CACHES[kind]

    def wrap(function):
        signature = inspect.signature(function)

        @functools.wraps(function)
        def cached(*args, **kwargs):
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            named = bound.arguments.items()
            key = (function.__qualname__, *((n, v) for n, v in named if not n.startswith("_")))

            def compute():
                if spinner is None:
                    return function(*args, **kwargs)
                with st.spinner(spinner):
                    return function(*args, **kwargs)

            return cache.get_or_compute(key, compute, heavy_work)

        # As st.cache_*'s .clear(): forget this function's entries (tests use it).
        cached.clear = lambda: cache.clear(lambda key: key[0] == function.__qualname__)
        return cached

    return wrap


def make_room(target_mb: float | None = None) -> int:
    """Drop shared results, cheapest to recompute first, until the process holds ``target_mb``.

    The byte budgets bound what the caches *hold*; the process also holds
    the libraries, every session's state and the arrays of whatever is being
    computed, and what a host counts is the sum. So before a heavy
    computation starts, the server measures itself (resident memory) and,
    above ``Limits.server_mb``, forgets results holding as many bytes as it
    is over, or until each cache is down to a quarter of its budget. It
    forgets first what is cheapest to compute again for the memory it frees
    (CPU seconds per byte, among the older half of each cache): a 6 MB kernel
    matrix rebuilt in 50 ms goes before a 30 kB grid search that took a
    second and a half, which a class would otherwise pay for again and again.
    It leaves what a session still holds (:func:`held_elsewhere`): forgetting
    that frees nothing, and under a class it made a second copy of AqSolDB's
    fingerprints (20 MB unpacked) every time one more student asked for them.

    It does not measure again and go on: a result still drawn by some
    session stays alive until that run ends, and the memory of thirty
    sessions' runs in flight is not the caches', so resident memory may not
    fall at once, and forgetting more would only make every student compute
    again (measured under a class: 2,445 results forgotten in three minutes,
    the same curves and features over and over).

    Returns
    -------
    int
        How many entries were dropped.
    """
    target = limits.current().server_mb if target_mb is None else target_mb
    resident = allocator.resident_mb()
    if resident is None or resident <= target:
        return 0
    excess, dropped = (resident - target) * 2**20, 0
    while excess > 0:
        candidates = [(found, c) for c in CACHES.values() if (found := c.cheapest_old())]
        if not candidates:
            break
        (_, key), cheapest = min(candidates, key=lambda pair: pair[0][0])
        excess -= cheapest.drop(key)
        dropped += 1
    if dropped:
        allocator.trim()  # give the freed pages back to the system
    return dropped


_SLOTS_LOCK = threading.Lock()
_SLOTS: PrioritySlots | None = None
_HELD = threading.local()  # .depth: heavy blocks this thread is in; .priority: of its run


def _slots() -> PrioritySlots:
    global _SLOTS
    with _SLOTS_LOCK:
        if _SLOTS is None:
            _SLOTS = PrioritySlots(limits.current().heavy_jobs)
        return _SLOTS


def set_priority(priority: int) -> None:
    """The priority of this run's heavy computations (``slots.MOVE`` or ``slots.OPEN``).

    Set by ``app.py`` at the start of every run: a rerun of the page the
    student already sees (they moved a control) goes before pages being opened.
    """
    _HELD.priority = priority


def set_priority_if_unset(priority: int) -> None:
    """:func:`set_priority`, unless this thread's run has set one already.

    A section's own rerun runs in a thread of its own, where ``app.py``
    (which sets the priority of a full run) never ran.
    """
    if not hasattr(_HELD, "priority"):
        _HELD.priority = priority


@contextmanager
def heavy(note: bool = True):
    """Hold one of the server's heavy-computation slots for the duration of the block.

    Re-entrant in one thread (a cached result computed inside another needs
    no second slot). Waiting requests are served by the run's priority
    (:func:`set_priority`), then in order. While it waits, the page says so
    (unless ``note`` is False); the wait ends early if the session's run is
    stopped (the note's redraw is where Streamlit stops a superseded run).
    A long block steps aside at its pause points for a request of a higher
    priority (:func:`chemviz.slots.pause_point`): a student's move waits for
    one step of a page being opened, not for the whole page.
    """
    if getattr(_HELD, "depth", 0):
        _HELD.depth += 1
        try:
            yield
        finally:
            _HELD.depth -= 1
        return
    slots = _slots()
    ticket = slots.request(getattr(_HELD, "priority", OPEN))
    granted = slots.wait(ticket, timeout=0)
    try:
        if not granted:
            # A note needs a page: the server's own warm-up thread has none.
            box = st.empty() if note and get_script_run_ctx() is not None else None
            started = time.monotonic()
            while not (granted := slots.wait(ticket, timeout=0.5)):
                if box is not None:
                    box.info(
                        f"Waiting for the server: another student's computation is running "
                        f"({time.monotonic() - started:.0f} s). Yours starts as soon as it ends.",
                        icon="⏳",
                    )
            if box is not None:
                box.empty()
    except BaseException:  # the session left (Streamlit stops its run): give up the place
        if granted:
            slots.release()
        else:
            slots.cancel(ticket)
        raise
    _HELD.depth = 1
    try:
        make_room()  # one computation at a time, so one measurement each: cheap
        with holding(slots, ticket):  # it may step aside for a move (slots.pause_point)
            yield
    finally:
        _HELD.depth = 0
        slots.release()
