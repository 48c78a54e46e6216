"""Tasks for tests/core/test_workers.py, at module level so a spawned worker can import them."""

import os
import signal
import time


def square(x: int) -> int:
    return x * x


def crash_on_three(x: int) -> int:
    """Kill the worker the way a segfaulting RDKit call would."""
    if x == 3:
        os.kill(os.getpid(), signal.SIGSEGV)
    return x


def sleep_on_two(x: int) -> int:
    if x == 2:
        time.sleep(60)
    return x


def allocate_megabytes(mb: int) -> int:
    block = bytearray(mb * 1024 * 1024)
    return len(block) // (1024 * 1024)


def reject_odd(x: int) -> int:
    if x % 2:
        raise ValueError(f"{x} is odd")
    return x


def worker_pid(_x) -> int:
    return os.getpid()


def record_pid_then_sleep(folder: str) -> int:
    """Write this worker's pid into ``folder``, then sleep far past any test's patience."""
    with open(os.path.join(folder, str(os.getpid())), "w"):
        pass
    time.sleep(60)
    return 0


def niceness(_item) -> int:
    """The worker's nice value (its CPU priority: higher is lower)."""
    return os.getpriority(os.PRIO_PROCESS, 0)
