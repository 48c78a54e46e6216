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

function withoutNulls(object) {
  for (const key of Object.keys(object)) if (object[key] === null) delete object[key];
  return object;
}

// The figure a frame describes: apply_frame in chemviz/figures/frames.py.
function rebuild(base, frame) {
  if (!frame) return base;
  const data = [];
  for (let i = 0; i < frame.n; i++) {
    data.push(withoutNulls(Object.assign({}, base.data[i] || {}, frame.data[i])));
  }
  const layout = withoutNulls(Object.assign({}, base.layout, frame.layout));
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

const CONFIG = {
  displaylogo: false,
  responsive: true,
  modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d"],
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
  root.scrub = data;
  const draw = (figure) =>
    loadPlotly(data.cdn).then((Plotly) =>
      Plotly.react(root, figure.data, figure.layout, CONFIG).then(() => {
        // How many figures this chart has drawn: tests and benchmarks read it.
        root.dataset.drawn = String(Number(root.dataset.drawn || 0) + 1);
      })
    );
  draw(rebuild(data.base, startFrame(data.frames)));
  const onScrub = (event) => {
    const frames = root.scrub.frames[event.detail.group];
    if (frames) draw(rebuild(root.scrub.base, frames[event.detail.index]));
  };
  // Streamlit may call this function again with new data before any cleanup:
  // one listener per element, whatever happens.
  if (root.onScrub) window.removeEventListener("chemviz:scrub", root.onScrub);
  root.onScrub = onScrub;
  window.addEventListener("chemviz:scrub", onScrub);
  return () => window.removeEventListener("chemviz:scrub", onScrub);
}
