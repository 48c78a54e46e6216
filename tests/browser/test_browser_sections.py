"""A section's own control reruns that section alone (st.fragment), over Streamlit's protocol.

The client is :class:`tests.load.stclient.Session`: what a browser tab
sends and receives on the websocket, with the fragment id a browser sends
when the moved widget was drawn inside a fragment. The server is the real
``streamlit run`` of the browser tests.
"""

import asyncio

import pytest

from tests.load.loadtest import _in_own_thread
from tests.load.stclient import Session

# (page, the section's control, a value to move it to; "option" = the select slider's 3rd)
SECTION_CONTROLS = [
    # Scrub sliders let go (chemviz.ui.scrub): a step index, sent as the component's trigger.
    ("kernels", "ker_lambda_scrub", 8),
    ("feature_selection", "sel_lambda_scrub", 40),
    ("model_complexity", "cx_degree_scrub", 5),
    ("kernels", "ker_folds", "option"),
    ("model_complexity", "cx_noise", 0.3),  # (degree and λ: test_browser_scrub.py)
    ("molecules", "mol_search", "ol"),
    ("kernels", "ker_n", "option"),  # the heatmap section
    ("representations", "rep_compare", "option"),  # the comparison of two representations
    ("representations", "rep_molecule", "option"),  # one molecule, three ways
    ("representations", "rep_tsne_perplexity", 20),  # the t-SNE map (behind its button)
    ("feature_selection", "sel_rfe", True),  # recursive feature elimination
]


def _open_and_move(url: str, page: str, key: str, value):
    """Open ``page``, move ``key``; return (the opening run, the move's run)."""
    out = {}

    async def session():
        async with Session(url) as s:
            out["opened"] = await s.open(page)
            chosen = value
            if value == "option":
                chosen = list(s.widgets[key][1].options)[2]
            out["moved"] = await s.set(key, chosen)

    _in_own_thread(lambda: asyncio.run(session()))
    return out["opened"], out["moved"]


def _elements(run):
    return [m for m in run.messages if m.WhichOneof("type") == "delta"]


def _links(run) -> list[str]:
    """The query strings the run wrote into the browser's address bar."""
    return [
        m.page_info_changed.query_string
        for m in run.messages
        if m.WhichOneof("type") == "page_info_changed"
    ]


def _sidebar_drawn(run) -> bool:
    """The sidebar's data summary ("**642 molecules** · target …") is in the run."""
    return any(" molecules** · " in text for text in run.texts())


@pytest.mark.browser
@pytest.mark.parametrize(("page", "key", "value"), SECTION_CONTROLS)
def test_a_sections_own_control_reruns_that_section_alone(server, page, key, value):
    """Check the move redraws only its fragment (never the sidebar), and writes the link."""
    opened, moved = _open_and_move(server, page, key, value)
    assert _sidebar_drawn(opened)  # the opening is a full run
    elements = _elements(moved)
    assert elements, "the move redrew nothing"
    assert all(m.delta.fragment_id for m in elements)
    assert not _sidebar_drawn(moved)
    assert not moved.alerts("error") and not moved.tracebacks()
    # The section wrote the link itself (app.py's last line did not run).
    name = key.removesuffix("_scrub")  # a scrub slider keeps its value under the state key
    assert any(f"{name}=" in link for link in _links(moved)), _links(moved)


@pytest.mark.browser
def test_a_control_outside_every_section_reruns_the_whole_page(server):
    """Check the control case: the kernel (it feeds sections 2, 3 and 4) reruns the page."""
    _, moved = _open_and_move(server, "kernels", "ker_kernel", "laplacian")
    assert _sidebar_drawn(moved)
    assert any(not m.delta.fragment_id for m in _elements(moved))


@pytest.mark.browser
def test_a_core_error_in_a_sections_own_rerun_is_a_message_not_a_traceback(server):
    """Check an unclosed SMARTS typed in the search (a fragment rerun) shows RDKit's refusal."""
    out = {}

    async def session():
        async with Session(server) as s:
            await s.open("molecules")
            await s.set("mol_search_mode", "substructure (SMARTS)")
            out["run"] = await s.set("mol_search", "[C")

    _in_own_thread(lambda: asyncio.run(session()))
    run = out["run"]
    assert all(m.delta.fragment_id for m in _elements(run))
    assert not run.tracebacks()
    [message] = run.alerts("error")
    assert "SMARTS" in message and "[C" in message
