"""The priority slots of heavy computations, checked with tickets (no threads, no timing)."""

import pytest

from chemviz.slots import MOVE, OPEN, PrioritySlots


def test_requests_are_served_by_priority_then_in_order_of_arrival():
    """Check one slot, held; queue open₁, move₁, open₂, move₂; served move₁, move₂, open₁, open₂."""
    slots = PrioritySlots(1)
    holder = slots.request(OPEN)
    assert slots.wait(holder, timeout=0)
    queued = {
        name: slots.request(p)
        for name, p in [("open1", OPEN), ("move1", MOVE), ("open2", OPEN), ("move2", MOVE)]
    }
    served = []
    slots.release()
    while len(served) < 4:
        name = next(n for n, t in queued.items() if n not in served and slots.wait(t, timeout=0))
        served.append(name)
        slots.release()
    assert served == ["move1", "move2", "open1", "open2"]


def test_a_ticket_keeps_its_place_across_timed_out_waits():
    """Check that the first in line, after a wait that timed out, is still first."""
    slots = PrioritySlots(1)
    holder = slots.request()
    slots.wait(holder, timeout=0)
    first, second = slots.request(), slots.request()
    assert not slots.wait(first, timeout=0)
    slots.release()
    assert not slots.wait(second, timeout=0)  # not its turn
    assert slots.wait(first, timeout=0)


def test_cancelling_a_request_lets_the_next_in_line_through():
    """Check that a withdrawn ticket leaves the queue and the next one gets the slot."""
    slots = PrioritySlots(1)
    gone, next_one = slots.request(MOVE), slots.request(OPEN)
    slots.cancel(gone)
    assert slots.waiting() == 1
    assert slots.wait(next_one, timeout=0)
    assert slots.free == 0


def test_two_slots_serve_two_requests_at_once():
    """Check that with two slots both queued requests are granted without a release."""
    slots = PrioritySlots(2)
    a, b = slots.request(), slots.request()
    assert slots.wait(a, timeout=0) and slots.wait(b, timeout=0)
    assert slots.free == 0


def test_no_slots_is_refused():
    """Check that zero slots (a misconfigured budget) is an error, not a server that hangs."""
    with pytest.raises(ValueError, match="at least one slot"):
        PrioritySlots(0)
