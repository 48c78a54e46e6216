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

# glibc's mallopt parameters (malloc.h).
_M_MMAP_THRESHOLD, _M_ARENA_MAX = -3, -8
MMAP_THRESHOLD = 4 * 2**20
ARENA_MAX = 2


@functools.cache  # once per process: finding the C library runs ldconfig
def tune() -> bool:
    """Set glibc's arena count and ``mmap`` threshold; False (and no change) on another libc."""
    path = ctypes.util.find_library("c")
    if path is None:
        return False
    try:
        libc = ctypes.CDLL(path)
        ok = libc.mallopt(_M_ARENA_MAX, ARENA_MAX) and libc.mallopt(
            _M_MMAP_THRESHOLD, MMAP_THRESHOLD
        )
    except (OSError, AttributeError):
        return False
    return bool(ok)
