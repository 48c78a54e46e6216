"""The worker pool: crashes, time-outs and memory blow-ups become failures, not a dead server."""

import os

import pytest

from chemviz.limits import Limits
from chemviz.workers import Failure, WorkerPool, in_process
from tests.core import worker_tasks as tasks


@pytest.fixture(scope="module")
def pool():
    workers = WorkerPool(Limits(workers=2, task_seconds=3, worker_mb=200), idle_seconds=30)
    yield workers
    workers.shutdown()


def test_results_come_back_in_order_from_chunks(pool):
    """Check that 10 items in chunks of 3 give the squares in input order."""
    assert pool.map(tasks.square, list(range(10)), chunk_size=3) == [i * i for i in range(10)]


def test_a_crash_fails_only_the_item_that_caused_it(pool):
    """Check that a SIGSEGV on item 3 fails item 3, naming the signal; its chunk mates survive."""
    out = pool.map(tasks.crash_on_three, [1, 2, 3, 4, 5], chunk_size=5)
    assert out[:2] == [1, 2] and out[3:] == [4, 5]
    assert isinstance(out[2], Failure) and out[2].kind == "crash"
    assert "signal 11" in out[2].reason
    # The pool replaced the dead worker and keeps working.
    assert pool.map(tasks.square, [7]) == [49]


def test_a_task_over_the_time_limit_is_stopped(pool):
    """Check that a 60 s sleep is stopped at the 3 s limit and named as a time-out."""
    out = pool.map(tasks.sleep_on_two, [1, 2, 3], chunk_size=3)
    assert out[0] == 1 and out[2] == 3
    assert out[1] == Failure("did not finish in 3 s", "timeout")


def test_a_task_over_the_memory_limit_fails_with_memory(pool):
    """Check that 1 GB in a worker allowed 200 MB more fails as memory, while 50 MB works."""
    out = pool.map(tasks.allocate_megabytes, [1024, 50])
    assert out[0] == Failure("ran out of memory", "memory")
    assert out[1] == 50


def test_value_errors_are_ordinary_failures_in_both_runners(pool):
    """Check that the pool and the in-process runner give identical results and failures."""
    items = list(range(6))
    expected = [0, Failure("1 is odd"), 2, Failure("3 is odd"), 4, Failure("5 is odd")]
    assert pool.map(tasks.reject_odd, items, chunk_size=4) == expected
    assert in_process(tasks.reject_odd, items, chunk_size=4) == expected


def test_work_runs_in_other_processes(pool):
    """Check that tasks do not run in the calling process."""
    pids = set(pool.map(tasks.worker_pid, range(4)))
    assert os.getpid() not in pids


def test_workers_run_below_the_servers_cpu_priority(pool):
    """Check that a worker's nice value is the server's + 10, so the class's pages go first."""
    server = os.getpriority(os.PRIO_PROCESS, 0)
    assert set(pool.map(tasks.niceness, range(2))) == {min(19, server + 10)}


def test_an_interrupted_caller_cancels_its_tasks(pool, tmp_path):
    """Check that an exception from the progress callback kills the workers running its tasks."""
    import time

    def stop(_fraction):
        if list(tmp_path.iterdir()):  # once a task is surely running
            raise KeyboardInterrupt  # what Streamlit's StopException is to us: not an Exception

    with pytest.raises(KeyboardInterrupt):
        pool.map(tasks.record_pid_then_sleep, [str(tmp_path)], progress=stop)
    pid = int(next(tmp_path.iterdir()).name)
    for _ in range(15):  # the kill is asynchronous: allow 1.5 s, well inside the 3 s time-out
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail(f"worker {pid} still runs the cancelled task")


def test_idle_pool_stops_its_processes_and_restarts_on_demand():
    """Check that an idle pool lets its workers go and starts new ones when work arrives."""
    import time

    idle = WorkerPool(Limits(workers=1, task_seconds=5), idle_seconds=0.5)
    first = idle.map(tasks.worker_pid, [0])[0]
    time.sleep(2.0)
    assert not idle.is_running
    second = idle.map(tasks.worker_pid, [0])[0]
    assert second != first
    idle.shutdown()


def test_progress_reaches_one(pool):
    """Check that progress is reported and ends at 1."""
    seen = []
    pool.map(tasks.square, list(range(5)), chunk_size=2, progress=seen.append)
    assert seen[-1] == 1.0
