"""The priority slots of heavy computations, checked with tickets (no threads, no timing)."""

import pytest

from chemviz.slots import MOVE, OPEN, PrioritySlots, holding, pause_point


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


def test_a_holder_stepping_aside_goes_after_the_move_and_before_later_openings():
    """Check step_aside: held by open₁; queue open₂, move; open₁ steps aside; move, open₁, open₂."""
    slots = PrioritySlots(1)
    open1 = slots.request(OPEN)
    assert slots.wait(open1, timeout=0)
    open2, move = slots.request(OPEN), slots.request(MOVE)
    assert slots.outranked(OPEN) and not slots.outranked(MOVE)
    slots.step_aside(open1)
    assert not slots.wait(open1, timeout=0) and not slots.wait(open2, timeout=0)
    assert slots.wait(move, timeout=0)
    slots.release()
    assert not slots.wait(open2, timeout=0)  # open₁ keeps its place, ahead of open₂
    assert slots.wait(open1, timeout=0)
    slots.release()
    assert slots.wait(open2, timeout=0)
    assert slots.waiting() == 0 and slots.free == 0


def test_a_pause_point_returns_at_once_outside_a_slot_or_with_nobody_more_urgent():
    """Check that pause_point neither blocks nor frees the slot when no move waits."""
    pause_point()  # no slot held: nothing to do
    slots = PrioritySlots(1)
    ticket = slots.request(OPEN)
    slots.wait(ticket, timeout=0)
    later = slots.request(OPEN)  # same priority: it waits its turn
    with holding(slots, ticket):
        pause_point()
    assert slots.free == 0 and not slots.wait(later, timeout=0)
