"""A Streamlit session driven over the app's own websocket protocol, without a browser.

A browser tab costs a core to render plotly charts; thirty of them on a
2-core machine would measure the machine, not the server. This client does
what Streamlit's front end does on the wire and nothing else: it sends
``BackMsg`` protobufs (``rerun_script`` with the page, the query string and
the widget states) and reads the ``ForwardMsg`` stream back, so a load test
can hold many sessions against a real ``streamlit run`` on loopback.

Widgets are found by their key (Streamlit's element id ends with
``-<key>``) and set with the value the front end would send: a slider's
number, or the *formatted* label of a select box, radio or select slider.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from streamlit.runtime.state.session_state import STREAMLIT_INTERNAL_KEY_PREFIX as INTERNAL

# Element types whose protos carry a widget id.
_WIDGET_TYPES = {
    "slider", "selectbox", "radio", "number_input", "checkbox", "text_input",
    "text_area", "button", "multiselect", "button_group", "file_uploader", "toggle",
    "bidi_component",  # chemviz's scrub sliders (chemviz.ui.scrub)
}  # fmt: skip


@dataclass
class RunResult:
    """What one script run sent back.

    Attributes
    ----------
    seconds_to_chart : float or None
        From sending the rerun until the first plotly chart arrived.
    seconds : float
        From sending the rerun until ``script_finished``.
    messages : list of ForwardMsg
    """

    seconds_to_chart: float | None
    seconds: float
    messages: list[ForwardMsg] = field(default_factory=list)

    def texts(self) -> list[str]:
        """Every markdown, caption, alert and heading body of the run (for checks)."""
        out = []
        for msg in self.messages:
            if msg.WhichOneof("type") != "delta" or not msg.delta.HasField("new_element"):
                continue
            element = msg.delta.new_element
            kind = element.WhichOneof("type")
            if kind in ("markdown", "alert", "heading"):
                out.append(getattr(element, kind).body)
        return out

    def tracebacks(self) -> int:
        """How many exception elements (tracebacks) the run sent."""
        return sum(
            1
            for m in self.messages
            if m.WhichOneof("type") == "delta"
            and m.delta.HasField("new_element")
            and m.delta.new_element.WhichOneof("type") == "exception"
        )

    def alerts(self, kind: str = "error") -> list[str]:
        """Bodies of the error (or warning, info) boxes of the run."""
        from streamlit.proto.Alert_pb2 import Alert

        wanted = getattr(Alert.Format, kind.upper())
        return [
            m.delta.new_element.alert.body
            for m in self.messages
            if m.WhichOneof("type") == "delta"
            and m.delta.HasField("new_element")
            and m.delta.new_element.WhichOneof("type") == "alert"
            and m.delta.new_element.alert.format == wanted
        ]


class Session:
    """One browser tab's worth of Streamlit session, over a websocket.

    Use as ``async with Session(url) as s: await s.open("kernels")``.
    """

    def __init__(self, base_url: str, query: str = ""):
        self.base_url = base_url.rstrip("/")
        self.query = query
        self.pages: dict[str, str] = {}  # url path → page script hash
        self.page_hash = ""
        self.widgets: dict[str, tuple[str, object]] = {}  # key → (element type, proto)
        # key → the fragment (st.fragment) a widget was drawn in: as a browser does, a
        # move of that widget asks for a rerun of its fragment only.
        self.fragments: dict[str, str] = {}
        self.states: dict[str, WidgetState] = {}  # widget id → the state we sent last
        # Large elements the server has sent, by hash: a browser keeps them, tells the
        # server which it has, and gets a short reference instead of a resend.
        self.cached: dict[str, ForwardMsg] = {}
        self._ws = None

    async def __aenter__(self) -> Session:
        url = self.base_url.replace("http", "ws", 1) + "/_stcore/stream"
        self._ws = await websockets.connect(
            url,
            subprotocols=["streamlit"],
            origin=self.base_url,
            max_size=None,
            # A browser sends no pings; a busy server must not cost the session its socket.
            ping_interval=None,
        )
        return self

    async def __aexit__(self, *exc) -> None:
        await self._ws.close()

    async def open(self, page: str = "", timeout: float = 600) -> RunResult:
        """Load a page by its URL path ("" is Home, "kernels", …)."""
        if not self.pages:
            await self._rerun(timeout)  # the first run tells us the pages
        self.page_hash = self.pages[page]
        self.widgets.clear()
        self.fragments.clear()
        self.states.clear()
        return await self._rerun(timeout)

    async def set(self, key: str, value, timeout: float = 600) -> RunResult:
        """Move the widget with this key to ``value`` and wait for the rerun."""
        kind, proto = self.widgets[key]
        state = WidgetState(id=proto.id)
        if kind == "slider" and len(proto.options):
            state.string_array_value.data[:] = [str(value)]
        elif kind == "slider":
            state.double_array_value.data[:] = [float(value)]
        elif kind in ("selectbox", "radio", "text_input", "text_area"):
            state.string_value = str(value)
        elif kind == "number_input":
            state.double_value = float(value)
        elif kind in ("checkbox", "toggle"):
            state.bool_value = bool(value)
        elif kind == "button":
            state.trigger_value = True
        elif kind == "bidi_component":
            # A scrub slider let go at step ``value``: what slider.js sends, the
            # one-run trigger "index" on the component's event widget.
            state = WidgetState(id=f"{INTERNAL}_{proto.id}__events")
            state.json_trigger_value = json.dumps([{"event": "index", "value": int(value)}])
        else:
            raise ValueError(f"cannot set a {kind} widget")
        self.states[state.id] = state
        try:
            return await self._rerun(timeout, self.fragments.get(key, ""))
        finally:
            if kind in ("button", "bidi_component"):  # a trigger fires once
                self.states.pop(state.id, None)

    async def _rerun(self, timeout: float, fragment_id: str = "") -> RunResult:
        msg = BackMsg()
        msg.rerun_script.query_string = self.query
        msg.rerun_script.fragment_id = fragment_id
        msg.rerun_script.page_script_hash = self.page_hash
        msg.rerun_script.widget_states.CopyFrom(WidgetStates(widgets=list(self.states.values())))
        msg.rerun_script.cached_message_hashes.extend(self.cached)
        start = time.perf_counter()
        await self._ws.send(msg.SerializeToString())
        first_chart, messages = None, []
        deadline = start + timeout
        while True:
            data = await asyncio.wait_for(self._ws.recv(), max(0.1, deadline - time.perf_counter()))
            fm = ForwardMsg()
            fm.ParseFromString(data)
            if fm.WhichOneof("type") == "ref_hash":
                fm = self.cached[fm.ref_hash]
            elif fm.metadata.cacheable and fm.hash:
                self.cached[fm.hash] = fm
            messages.append(fm)
            kind = fm.WhichOneof("type")
            if kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in fm.navigation.app_pages}
            elif kind == "delta" and fm.delta.HasField("new_element"):
                element = fm.delta.new_element
                self._remember(element, fm.delta.fragment_id)
                if first_chart is None and element.WhichOneof("type") == "plotly_chart":
                    first_chart = time.perf_counter() - start
            elif kind == "script_finished":
                return RunResult(first_chart, time.perf_counter() - start, messages)

    def _remember(self, element, fragment_id: str) -> None:
        kind = element.WhichOneof("type")
        if kind in _WIDGET_TYPES:
            proto = getattr(element, kind)
            key = proto.id.rsplit("-", 1)[-1] if proto.id.startswith("$$ID-") else proto.id
            self.widgets[key] = (kind, proto)
            self.fragments[key] = fragment_id
