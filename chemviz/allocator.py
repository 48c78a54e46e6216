"""Make the C allocator give freed memory back, as a long-running server needs.

glibc gives each thread that allocates its own heap ("arena"), and after
freeing a large block it raises its threshold for using ``mmap``, so later
large arrays come from those heaps, and once freed the memory stays with
the process. Streamlit runs every script run in a thread of its own, and a
worker process handles one upload after another: both only grew. With at
most two arenas and a fixed 4 MB ``mmap`` threshold, arrays of 4 MB and
more go straight back to the system when freed. Measured on ten students
(``tests/load/loadtest.py``): the server stayed at 780 MB after they left,
and at 450 MB with this tuning.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os

# glibc's mallopt parameters (malloc.h).
_M_MMAP_THRESHOLD, _M_ARENA_MAX = -3, -8
MMAP_THRESHOLD = 4 * 2**20
ARENA_MAX = 2


@functools.cache  # once per process
def tune() -> bool:
    """Set glibc's arena count and ``mmap`` threshold; False (and no change) on another libc."""
    libc = _libc()
    if libc is None:
        return False
    try:
        ok = libc.mallopt(_M_ARENA_MAX, ARENA_MAX) and libc.mallopt(
            _M_MMAP_THRESHOLD, MMAP_THRESHOLD
        )
    except AttributeError:
        return False
    return bool(ok)


@functools.cache  # finding the C library runs ldconfig: once per process
def _libc():
    path = ctypes.util.find_library("c")
    try:
        return None if path is None else ctypes.CDLL(path)
    except OSError:
        return None


def trim() -> None:
    """Hand the free pages inside glibc's heaps back to the system (``malloc_trim``).

    After large results are dropped, their small neighbours (Python
    objects, RDKit's molecules) leave free pages scattered through the
    heaps; glibc returns them on its own only from the top of each heap.
    A no-op on another C library.
    """
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)


def resident_mb() -> float | None:
    """This process's resident memory in MB, or None where ``/proc`` is absent (not Linux)."""
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
