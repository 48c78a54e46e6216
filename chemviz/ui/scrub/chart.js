// A plotly chart that flips through precomputed frames as a slider moves.
//
// `data.base` is the figure at the server's current values; `data.frames`
// maps a slider group to one frame per grid value, each only the traces'
// and layout's keys that differ from the base (chemviz/figures/frames.py).
// plotly.js is the copy that ships with the pinned plotly package, served
// by the app itself at app/static/ (chemviz/ui/scrub/assets.py): no CDN.
const PLOTLY_SRC = "app/static/plotly.min.js";

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = () => resolve(window.Plotly);
    script.onerror = reject;
    document.head.appendChild(script);
  });
}

// One copy of plotly.js per page, shared by every chart; the CDN (same
// version) only if the app could not serve its own copy.
function loadPlotly(cdn) {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!window.__chemvizPlotly) {
    window.__chemvizPlotly = loadScript(new URL(PLOTLY_SRC, document.baseURI).href).catch(
      () => loadScript(cdn)
    );
  }
  return window.__chemvizPlotly;
}

const TYPED = {
  f4: Float32Array, f8: Float64Array, i1: Int8Array, u1: Uint8Array,
  i2: Int16Array, u2: Uint16Array, i4: Int32Array, u4: Uint32Array,
};

// Arrays arrive as base64 ({dtype, bdata}, chemviz/figures/frames.py). Decoded
// once here, each frame then hands plotly the *same* typed array objects on
// every step, so plotly.react sees unchanged data as unchanged and redraws
// only what a step moves (decoding them on every step cost ~0.3 s on a path
// of 2,000 lines).
function decoded(node) {
  if (Array.isArray(node)) return node.map(decoded);
  if (node === null || typeof node !== "object") return node;
  if (typeof node.bdata === "string" && TYPED[node.dtype]) {
    const bytes = Uint8Array.from(atob(node.bdata), (c) => c.charCodeAt(0));
    const flat = new TYPED[node.dtype](bytes.buffer);
    if (!node.shape) return flat;
    // A matrix (a heatmap's z): rows as views on the one buffer.
    const [rows, columns] = String(node.shape).split(",").map(Number);
    return Array.from({ length: rows }, (_, r) => flat.subarray(r * columns, (r + 1) * columns));
  }
  const out = {};
  for (const [key, value] of Object.entries(node)) out[key] = decoded(value);
  return out;
}

function withoutNulls(object) {
  for (const key of Object.keys(object)) if (object[key] === null) delete object[key];
  return object;
}

// The figure a frame describes: apply_frame in chemviz/figures/frames.py.
// The layout is copied whole (it is small): plotly writes computed values (an
// autorange's range) back into the layout it is given, which must not leak into
// the base that every other frame is built on.
function rebuild(base, frame) {
  if (!frame) return { data: base.data, layout: structuredClone(base.layout) };
  const data = [];
  for (let i = 0; i < frame.n; i++) {
    data.push(withoutNulls(Object.assign({}, base.data[i] || {}, frame.data[i])));
  }
  const layout = withoutNulls(structuredClone(Object.assign({}, base.layout, frame.layout)));
  return { data, layout };
}

// The frame to start from. A chart of one slider may be sent with its base at
// any step (the same data for every step, so Streamlit sends it to a browser
// once): it starts at the step the slider has now. A chart of several sliders
// is sent with its base at their current steps, so it starts from the base.
function startFrame(frames) {
  const groups = Object.keys(frames);
  const steps = window.__chemvizScrub || {};
  if (groups.length !== 1 || steps[groups[0]] === undefined) return null;
  return frames[groups[0]][steps[groups[0]]];
}

// The relayout that takes the chart from frame `before` to frame `after`, or
// null when a trace changes too (then plotly.react draws the whole figure).
function layoutOnly(before, after, base) {
  if (!before || !after || before.n !== after.n) return null;
  const quiet = (frame) => frame.data.every((trace) => Object.keys(trace).length === 0);
  if (!quiet(before) || !quiet(after)) return null;
  const update = {};
  for (const key of new Set([...Object.keys(before.layout), ...Object.keys(after.layout)])) {
    const value = key in after.layout ? after.layout[key] : base.layout[key];
    update[key] = value === undefined ? null : value;
  }
  return update;
}

const CONFIG = {
  displaylogo: false,
  responsive: true,
  modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d"],
  // WebGL traces at the screen's own resolution: plotly's default (2) draws four
  // times the pixels on an ordinary screen, and a browser compositing without a GPU
  // copies every one of them back each frame (a scrub step on 2 × 2,000 points
  // 57 → 40 ms).
  plotGlPixelRatio: Math.min(2, Math.max(1, window.devicePixelRatio || 1)),
};

export default function (component) {
  const { data, parentElement } = component;
  let root = parentElement.querySelector(".cvs-chart");
  if (!root) {
    root = document.createElement("div");
    root.className = "cvs-chart";
    parentElement.appendChild(root);
  }
  root.style.height = `${data.height}px`;
  root.dataset.key = data.key;
  if (root.raw !== data) {
    // New data from the server (a release, another control): decode it once.
    root.raw = data;
    root.scrub = { base: decoded(data.base), frames: decoded(data.frames) };
  }
  const drawn = () => {
    // How many figures this chart has drawn: tests and benchmarks read it.
    root.dataset.drawn = String(Number(root.dataset.drawn || 0) + 1);
  };
  const draw = (figure, frame = null) =>
    loadPlotly(data.cdn).then((Plotly) => {
      const update = layoutOnly(root.shown, frame, root.scrub.base);
      root.shown = frame;
      // A marker that moves on a chart of thousands of lines: relayout the few
      // layout keys, not a whole plotly.react (which re-reads every trace).
      if (update && root.data) return Plotly.relayout(root, structuredClone(update)).then(drawn);
      return Plotly.react(root, figure.data, figure.layout, CONFIG).then(drawn);
    });
  const start = startFrame(root.scrub.frames);
  root.shown = undefined; // new data: the next draw is a whole one
  draw(rebuild(root.scrub.base, start), start);
  const onScrub = (event) => {
    const frames = root.scrub.frames[event.detail.group];
    const frame = frames && frames[event.detail.index];
    if (frame) draw(rebuild(root.scrub.base, frame), frame);
  };
  // Streamlit may call this function again with new data before any cleanup:
  // one listener per element, whatever happens.
  if (root.onScrub) window.removeEventListener("chemviz:scrub", root.onScrub);
  root.onScrub = onScrub;
  window.addEventListener("chemviz:scrub", onScrub);
  return () => window.removeEventListener("chemviz:scrub", onScrub);
}
