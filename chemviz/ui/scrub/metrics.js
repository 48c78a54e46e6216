// A row of numbers with their labels (like st.metric) that follows a scrub slider:
// `data.values` now, `data.texts[group][step]` the values at each step.
export default function (component) {
  const { data, parentElement } = component;
  let root = parentElement.querySelector(".cvs-metrics");
  if (!root) {
    root = document.createElement("div");
    root.className = "cvs-metrics";
    parentElement.appendChild(root);
  }
  if (root.childElementCount !== data.labels.length) {
    root.replaceChildren(
      ...data.labels.map(() => {
        const box = document.createElement("div");
        box.className = "cvs-metric";
        box.append(document.createElement("div"), document.createElement("div"));
        box.firstChild.className = "cvs-metric-label";
        box.lastChild.className = "cvs-metric-value";
        return box;
      })
    );
  }
  data.labels.forEach((label, i) => {
    root.children[i].firstChild.textContent = label; // text, never HTML
  });
  const show = (values) =>
    values.forEach((value, i) => {
      root.children[i].lastChild.textContent = value;
    });
  root.scrub = data;
  const groups = Object.keys(data.texts);
  const steps = window.__chemvizScrub || {};
  const start = groups.length === 1 ? steps[groups[0]] : undefined;
  show(start === undefined ? data.values : data.texts[groups[0]][start]);
  const onScrub = (event) => {
    const frames = root.scrub.texts[event.detail.group];
    if (frames) show(frames[event.detail.index]);
  };
  if (root.onScrub) window.removeEventListener("chemviz:scrub", root.onScrub);
  root.onScrub = onScrub;
  window.addEventListener("chemviz:scrub", onScrub);
  return () => window.removeEventListener("chemviz:scrub", onScrub);
}
