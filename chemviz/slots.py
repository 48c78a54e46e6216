"""A few slots for heavy computations, handed out by priority, then in order of arrival.

The server of a class runs one heavy computation at a time (memory and two
cores, see :mod:`chemviz.ui.cache`). When thirty students arrive at once,
their first pages queue for that slot. A student who then moves a slider
on a page already on screen should not wait behind the whole queue of first
pages: that is the moment a class is watching. So each request carries a
priority (lower goes first) and, within a priority, requests are served in
the order they came.

A long computation does not keep its slot from a more urgent request for
its whole length: at each :func:`pause_point` (between the folds of a grid
search, the figures of a payload) it steps aside if a request of a higher
priority waits, and goes on when that one is done. So a student who moves a
slider waits for one step of a page being opened, not for all of it.

No streamlit here: the waiting loop with its note on the page lives in
:func:`chemviz.ui.cache.heavy`.
"""

from __future__ import annotations

import heapq
import itertools
import threading
from contextlib import contextmanager

# Priorities: a control moved on a page the student already sees, before a page
# being opened (whose student sees a spinner and expects to wait a moment), before
# the server's own warm-up at start (no student waits for it).
MOVE, OPEN, WARM = 0, 1, 2


class PrioritySlots:
    """``n`` slots; waiting requests are served lowest priority number first, then FIFO.

    A request is a ticket: :meth:`request` queues it, :meth:`wait` returns
    True once it holds a slot (keeping its place in the queue between calls,
    so a caller can wake up now and then to redraw a note), :meth:`cancel`
    withdraws it, and :meth:`release` frees a slot that was granted.

    Notes
    -----
    Starvation: a page being opened waits while moves keep arriving. Moves
    come from people, a few a second at most in a class, and each takes a
    slot for a fraction of a second, so in practice an opening waits for
    the moves queued before the slot frees, not for ever.
    """

    def __init__(self, n: int):
        if n < 1:
            raise ValueError(f"need at least one slot, not {n}")
        self.free = n
        self._cond = threading.Condition()
        self._queue: list[tuple[int, int]] = []  # heap of (priority, arrival)
        self._arrivals = itertools.count()

    def request(self, priority: int = OPEN) -> tuple[int, int]:
        """Queue a request and return its ticket."""
        with self._cond:
            ticket = (priority, next(self._arrivals))
            heapq.heappush(self._queue, ticket)
            return ticket

    def wait(self, ticket: tuple[int, int], timeout: float | None = None) -> bool:
        """Block until ``ticket`` holds a slot (True) or ``timeout`` seconds pass (False)."""
        with self._cond:
            granted = self._cond.wait_for(
                lambda: self.free > 0 and self._queue[0] == ticket, timeout
            )
            if granted:
                heapq.heappop(self._queue)
                self.free -= 1
                self._cond.notify_all()  # the next in line may fit in another free slot
            return granted

    def cancel(self, ticket: tuple[int, int]) -> None:
        """Withdraw a request that was not granted (its session left)."""
        with self._cond:
            if ticket in self._queue:
                self._queue.remove(ticket)
                heapq.heapify(self._queue)
                self._cond.notify_all()

    def outranked(self, priority: int) -> bool:
        """Whether a request of a higher priority (a lower number) is waiting."""
        with self._cond:
            return bool(self._queue) and self._queue[0][0] < priority

    def step_aside(self, ticket: tuple[int, int]) -> None:
        """Free a granted slot and queue ``ticket`` again, keeping its place among its peers.

        Its arrival number is unchanged, so it goes after the requests that
        outrank it and before any of its own priority that came later.
        """
        with self._cond:
            heapq.heappush(self._queue, ticket)
            self.free += 1
            self._cond.notify_all()

    def release(self) -> None:
        """Free a granted slot for the next request in line."""
        with self._cond:
            self.free += 1
            self._cond.notify_all()

    def waiting(self) -> int:
        """How many requests are queued."""
        with self._cond:
            return len(self._queue)


_HOLDING = threading.local()  # .held: (slots, ticket) of the slot this thread holds


@contextmanager
def holding(slots: PrioritySlots, ticket: tuple[int, int]):
    """Declare that this thread holds ``ticket``'s slot of ``slots`` (see :func:`pause_point`)."""
    _HOLDING.held = (slots, ticket)
    try:
        yield
    finally:
        _HOLDING.held = None


def pause_point() -> None:
    """Let a more urgent computation have this thread's slot, if one waits; then go on.

    Called by long computations between their steps (a fold, a kernel
    setting, a figure). Outside a slot, or with nobody more urgent waiting,
    it returns at once (a lock and a comparison). Otherwise the thread
    steps aside (:meth:`PrioritySlots.step_aside`) and blocks until its
    turn comes again; its partial results wait in memory meanwhile.
    """
    held = getattr(_HOLDING, "held", None)
    if held is None:
        return
    slots, ticket = held
    if slots.outranked(ticket[0]):
        slots.step_aside(ticket)
        slots.wait(ticket)
