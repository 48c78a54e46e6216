// A slider over a grid of values the server has already computed.
//
// Dragging it moves every chart and caption of its group at once, in this
// browser, with no server round trip: each `input` event is broadcast as a
// "chemviz:scrub" event that chart.js and text.js listen for. Only when the
// drag ends (`change`: mouse released, or one arrow-key step) is the server
// told, with a one-run trigger value, so the link, the page's other numbers
// and other pages follow the value the student let go of.
function broadcast(group, index) {
  window.dispatchEvent(new CustomEvent("chemviz:scrub", { detail: { group, index } }));
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let root = parentElement.querySelector(".cvs-slider");
  if (!root) {
    root = document.createElement("div");
    root.className = "cvs-slider";
    root.innerHTML =
      '<div class="cvs-head"><label class="cvs-label"></label>' +
      '<output class="cvs-value"></output></div>' +
      '<input type="range" class="cvs-range" min="0" step="1">';
    parentElement.appendChild(root);
  }
  const input = root.querySelector("input");
  const output = root.querySelector("output");
  const label = root.querySelector("label");
  label.textContent = data.label; // textContent: never parsed as HTML
  if (data.help) root.title = data.help;
  input.max = String(data.labels.length - 1);
  input.setAttribute("aria-label", data.label);
  input.dataset.group = data.group;
  const show = (i) => {
    output.textContent = data.labels[i];
    input.setAttribute("aria-valuetext", data.labels[i]);
  };
  // The page-wide record of each slider's step: a chart drawn after this
  // slider (or redrawn by Streamlit) starts from it (chart.js, text.js).
  const steps = (window.__chemvizScrub = window.__chemvizScrub || {});
  if (!root.dragging) {
    input.value = String(data.index);
    show(data.index);
    if (steps[data.group] !== data.index) {
      steps[data.group] = data.index; // the server moved it (a button, a link): follow
      broadcast(data.group, data.index);
    }
  }
  input.oninput = () => {
    root.dragging = true;
    const i = Number(input.value);
    show(i);
    steps[data.group] = i;
    broadcast(data.group, i);
  };
  input.onchange = () => {
    root.dragging = false;
    setTriggerValue("index", Number(input.value));
  };
}
