"""Page sections that rerun alone: a slider moves, and only its own section is redrawn.

A page is a list of sections, each "controls → result → figure → caption"
(see ``../shared/ARCHITECTURE.md``). Decorated with :func:`section`, a
section is an ``st.fragment``: when one of *its* widgets changes, Streamlit
reruns that function only, not the page script, the sidebar and every
other chart. For a class on one server that is most of the work of a
slider move saved, for the student and for everyone else.

What a fragment rerun skips, the decorator does itself:

- ``app.py``'s error handling: a core ``ValueError`` becomes the message a
  student can act on, anything else a short note (the traceback goes to
  the log), never a traceback on screen;
- ``app.py``'s last line, :func:`chemviz.ui.state.write_url`, so the link
  still reproduces what is on screen;
- the priority of its heavy computations: a fragment rerun is always a
  student moving a control on the page they see (:data:`chemviz.slots.MOVE`);
- one BLAS and OpenMP thread for its computations
  (:func:`chemviz.ui.one_thread_per_computation`).

A section reads :class:`~chemviz.ui.inputs.CurrentInputs` (passed in) and
its own widgets; whatever it draws must not be needed by code after it on
the page, since that code does not rerun with it.
"""

from __future__ import annotations

import functools
import logging

import streamlit as st

from chemviz import slots
from chemviz.ui import cache, one_thread_per_computation, state, widgets

LOG = logging.getLogger("chemviz")


def section(function):
    """Decorator: draw ``function`` as a fragment of the page that reruns alone.

    Its arguments are kept from the page's last full run and passed again on
    each of its own reruns (so pass what the sidebar decides, such as the
    current inputs, and read the section's own widgets inside).
    """

    @st.fragment
    @functools.wraps(function)
    def run(*args, **kwargs):
        # A rerun of the section alone runs in a new thread, without app.py: it is a
        # student moving one of its controls. Within a full run, app.py has decided.
        cache.set_priority_if_unset(slots.MOVE)
        one_thread_per_computation()  # a run of its own needs the rule too
        try:
            function(*args, **kwargs)
        except ValueError as exc:  # a core message meant for the user
            widgets.show_error(exc)
        except Exception:  # the last line of defence, as in app.py
            LOG.exception("Unexpected error in section %r", function.__qualname__)
            widgets.show_unexpected_error()
        finally:
            state.write_url()

    return run


def end_of_full_run() -> None:
    """Called by ``app.py`` after the page: a section rerun that Streamlit hands to the
    same thread (it may, while the run is still going) is a move too."""
    cache.set_priority(slots.MOVE)
