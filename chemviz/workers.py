"""Run untrusted chemistry in worker processes, with time and memory limits.

RDKit is C++: on a hostile molecule it can recurse until the process dies
(a segmentation fault no Python ``try`` can catch), run for minutes, or
allocate gigabytes, and while it does, it holds the interpreter lock. In a
Streamlit app that process is every student's server. So the work on what a
user brings runs in a small pool of worker processes (Pebble's
``ProcessPool``, started by a fork server): each task has a wall-clock limit,
each worker a memory limit (``resource.setrlimit``), and a worker that
crashes, runs out of time or memory is replaced while its items come back as
:class:`Failure` with a reason a student can read.

Both runners here have one contract, so callers never care which they got:
``runner(function, items, chunk_size=…, progress=…)`` returns one entry per
item, in order: ``function(item)``, or a :class:`Failure`. :func:`in_process`
is for trusted data and library use; :func:`pool` for uploads.
"""

from __future__ import annotations

import concurrent.futures
import importlib
import io
import os
import resource
import signal
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing import context as mp_context
from multiprocessing import forkserver, popen_forkserver, spawn
from multiprocessing import util as mp_util
from typing import Any, Protocol

import pebble

from chemviz import allocator
from chemviz.limits import Limits, current

# Idle workers hold memory (RDKit and numpy loaded): stop the pool after this.
IDLE_SECONDS = 60.0
# A worker is replaced after this many tasks, returning whatever its heap kept
# (a fresh one is forked from the fork server in milliseconds).
MAX_TASKS = 200
# How often a waiting caller wakes to report progress; Streamlit stops a
# superseded script run at such a call, which cancels its tasks.
HEARTBEAT_SECONDS = 0.25


@dataclass(frozen=True)
class Failure:
    """An item a task could not finish.

    Attributes
    ----------
    reason : str
        What happened, in words: the function's own ``ValueError`` message,
        or "the worker process died with signal 11 (SIGSEGV)", "did not
        finish in 10 s", "ran out of memory".
    kind : {"error", "crash", "timeout", "memory"}
        ``"error"`` is an ordinary, expected rejection (the function said why);
        the others mean the worker had to be stopped or replaced.
    """

    reason: str
    kind: str = "error"


class Runner(Protocol):
    """What :func:`in_process` and :meth:`WorkerPool.map` have in common."""

    def __call__(
        self,
        function: Callable[[Any], Any],
        items: Sequence[Any],
        *,
        chunk_size: int = 1,
        progress: Callable[[float], None] | None = None,
    ) -> list[Any]: ...


def call_each(function: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
    """``function(item)`` for every item; an exception becomes a :class:`Failure`.

    This is the body of every worker task, and of :func:`in_process`, so both
    runners turn the same exceptions into the same failures.
    """
    out = []
    for item in items:
        try:
            out.append(function(item))
        except MemoryError:
            out.append(Failure("ran out of memory", "memory"))
        except ValueError as exc:
            out.append(Failure(str(exc)))
        except Exception as exc:  # any failure of one item is that item's reason
            out.append(Failure(f"{type(exc).__name__}: {exc}"))
    return out


def in_process(function, items, *, chunk_size: int = 1, progress=None) -> list[Any]:
    """Run ``function`` on every item here, in this process (trusted input only)."""
    out: list[Any] = []
    step = max(1, chunk_size)
    for start in range(0, len(items), step):
        out.extend(call_each(function, items[start : start + step]))
        if progress is not None:
            progress(min(1.0, (start + step) / len(items)))
    return out


# The modules whose functions the app runs in workers. A worker imports them
# before its memory limit is set, so the limit measures the work on one
# molecule, not the size of RDKit and numpy.
PRELOAD = (
    "chemviz.molecules.records",
    "chemviz.molecules.explore",
    "chemviz.representations.descriptors",
    "chemviz.depict",
    "chemviz.geometry",
)


WORKER_NICE = 10  # added to the server's niceness in each worker (see _limit_worker)


def _limit_worker(memory_bytes: int, preload: tuple[str, ...]) -> None:
    """Worker initializer: one BLAS thread, a lower CPU priority, the task modules, a memory cap."""
    # Below the server's threads (nice 0): one student's upload of hard molecules
    # must not halve the CPU of the class's pages on a shared core. At nice 10 a
    # busy server leaves a worker about a tenth of the core: an upload takes longer
    # then, while one ordinary molecule still needs far less than its time limit.
    os.nice(WORKER_NICE)
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    os.environ["OMP_NUM_THREADS"] = "1"
    allocator.tune()  # one upload after another must not ratchet the worker's memory up
    for module in preload:
        importlib.import_module(module)
    with open("/proc/self/status", encoding="ascii") as fh:
        size_kb = next(int(line.split()[1]) for line in fh if line.startswith("VmSize"))
    limit = size_kb * 1024 + memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


class _LeanPopen(popen_forkserver.Popen):
    """Start a worker without running the parent's ``__main__`` in it again.

    multiprocessing re-runs the parent's main script in every child, so that
    task functions defined there can be found. In a Streamlit server the
    "main script" is whichever page a session is running at that moment:
    a worker would import Streamlit, pandas and the whole app, print
    warnings, and hold 180 MB instead of 30. chemviz's tasks all live in
    importable modules (:data:`PRELOAD`), so the child needs none of it.
    The body is CPython 3.11's ``popen_forkserver.Popen._launch`` with those
    two entries of the preparation data left out.
    """

    def _launch(self, process_obj):
        prep_data = spawn.get_preparation_data(process_obj._name)
        prep_data.pop("init_main_from_path", None)
        prep_data.pop("init_main_from_name", None)
        buf = io.BytesIO()
        mp_context.set_spawning_popen(self)
        try:
            mp_context.reduction.dump(prep_data, buf)
            mp_context.reduction.dump(process_obj, buf)
        finally:
            mp_context.set_spawning_popen(None)
        self.sentinel, w = forkserver.connect_to_new_process(self._fds)
        _parent_w = os.dup(w)
        self.finalizer = mp_util.Finalize(self, mp_util.close_fds, (_parent_w, self.sentinel))
        with open(w, "wb", closefd=True) as f:
            f.write(buf.getbuffer())
        self.pid = forkserver.read_signed(self.sentinel)


class _LeanProcess(mp_context.ForkServerProcess):
    @staticmethod
    def _Popen(process_obj):
        return _LeanPopen(process_obj)


class _LeanContext(mp_context.ForkServerContext):
    Process = _LeanProcess


def _context() -> _LeanContext:
    """Workers forked from a small "fork server" process that has imported only PRELOAD.

    Not ``spawn``: a spawned child starts a new interpreter and imports
    RDKit again (a second per worker). Not ``fork``: the server has many
    threads, and a forked copy of them can deadlock. A fork server imports
    RDKit once; each worker then starts in milliseconds and shares those
    pages with it.
    """
    context = _LeanContext()
    context.set_forkserver_preload(list(PRELOAD))  # and not '__main__'
    return context


def _crash_reason(exc: BaseException, seconds: float) -> Failure:
    if isinstance(exc, concurrent.futures.TimeoutError):
        return Failure(f"did not finish in {seconds:g} s", "timeout")
    code = getattr(exc, "exitcode", None)
    if isinstance(code, int) and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = "an unknown signal"
        return Failure(f"the worker process died with signal {-code} ({name})", "crash")
    return Failure(f"the worker process stopped unexpectedly ({exc})", "crash")


class WorkerPool:
    """A few worker processes shared by every session of the app.

    Parameters
    ----------
    limits : Limits, optional
        ``workers`` (processes), ``task_seconds`` (wall clock per task) and
        ``worker_mb`` (memory a worker may add); :func:`chemviz.limits.current`.
    idle_seconds : float
        The processes stop after this long without work, and start again
        (in about a second) when work arrives.

    Notes
    -----
    Fairness between sessions: each :meth:`map` keeps at most ``workers``
    tasks in flight, so a second student's depiction queues behind one chunk
    of the first student's upload, not behind all of it.
    """

    def __init__(self, limits: Limits | None = None, idle_seconds: float = IDLE_SECONDS):
        self.limits = limits or current()
        self.idle_seconds = idle_seconds
        self._pool: pebble.ProcessPool | None = None
        self._lock = threading.Lock()
        self._active = 0
        self._last_used = time.monotonic()
        self._janitor: threading.Timer | None = None

    def _get(self) -> pebble.ProcessPool:
        with self._lock:
            if self._pool is None:
                self._pool = pebble.ProcessPool(
                    max_workers=self.limits.workers,
                    max_tasks=MAX_TASKS,
                    initializer=_limit_worker,
                    initargs=(self.limits.worker_mb * 1024 * 1024, PRELOAD),
                    context=_context(),
                )
            self._active += 1
            return self._pool

    def _release(self) -> None:
        with self._lock:
            self._active -= 1
            self._last_used = time.monotonic()
            if self._janitor is None:
                self._janitor = threading.Timer(self.idle_seconds, self._stop_if_idle)
                self._janitor.daemon = True
                self._janitor.start()

    def _stop_if_idle(self) -> None:
        with self._lock:
            self._janitor = None
            idle = time.monotonic() - self._last_used
            if self._active == 0 and idle >= self.idle_seconds:
                pool, self._pool = self._pool, None
            else:
                pool = None
                self._janitor = threading.Timer(
                    max(0.1, self.idle_seconds - idle), self._stop_if_idle
                )
                self._janitor.daemon = True
                self._janitor.start()
        if pool is not None:
            pool.stop()
            pool.join()

    @property
    def is_running(self) -> bool:
        """Whether worker processes exist now (they stop when idle)."""
        return self._pool is not None

    def shutdown(self) -> None:
        """Stop the worker processes now (tests, and the end of a batch job)."""
        with self._lock:
            pool, self._pool = self._pool, None
            if self._janitor is not None:
                self._janitor.cancel()
                self._janitor = None
        if pool is not None:
            pool.stop()
            pool.join()

    def map(self, function, items, *, chunk_size: int = 1, progress=None) -> list[Any]:
        """Run ``function`` on every item in the workers (see the module docstring).

        A chunk whose worker crashed or ran out of time is run again one item
        at a time, so only the item that caused it fails. If the caller is
        interrupted (an exception from ``progress``: Streamlit stopping a
        superseded run), its queued and running tasks are cancelled.
        """
        items = list(items)
        results: list[Any] = [None] * len(items)
        size = max(1, chunk_size)
        queue = [list(range(s, min(s + size, len(items)))) for s in range(0, len(items), size)]
        pool = self._get()
        running: dict[concurrent.futures.Future, list[int]] = {}
        done = 0
        seconds = self.limits.task_seconds
        try:
            while queue or running:
                while queue and len(running) < self.limits.workers:
                    positions = queue.pop(0)
                    chunk = [items[i] for i in positions]
                    future = pool.schedule(call_each, (function, chunk), timeout=seconds)
                    running[future] = positions
                finished, _ = concurrent.futures.wait(
                    running, timeout=HEARTBEAT_SECONDS, return_when="FIRST_COMPLETED"
                )
                for future in finished:
                    positions = running.pop(future)
                    try:
                        for i, value in zip(positions, future.result(), strict=True):
                            results[i] = value
                        done += len(positions)
                    except Exception as exc:  # a time-out, a crash or a broken pool
                        if len(positions) > 1:
                            queue[:0] = [[i] for i in positions]
                        else:
                            results[positions[0]] = _crash_reason(exc, seconds)
                            done += 1
                if progress is not None and items:
                    progress(done / len(items))
        finally:
            for future in running:
                future.cancel()
            self._release()
        return results


_DEFAULT: WorkerPool | None = None
_DEFAULT_LOCK = threading.Lock()


def pool() -> WorkerPool:
    """The process-wide worker pool (created on first use, with the current limits)."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = WorkerPool()
        return _DEFAULT
