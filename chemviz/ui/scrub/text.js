// A caption that follows a scrub slider: one precomputed text per grid value.
// Written with textContent, so a molecule's or a file's name is never HTML.
export default function (component) {
  const { data, parentElement } = component;
  let root = parentElement.querySelector(".cvs-text");
  if (!root) {
    root = document.createElement("div");
    root.className = "cvs-text";
    parentElement.appendChild(root);
  }
  root.scrub = data;
  // As chart.js: one slider's texts start at that slider's step.
  const groups = Object.keys(data.texts);
  const steps = window.__chemvizScrub || {};
  const start = groups.length === 1 ? steps[groups[0]] : undefined;
  root.textContent = start === undefined ? data.text : data.texts[groups[0]][start];
  const onScrub = (event) => {
    const texts = root.scrub.texts[event.detail.group];
    if (texts) root.textContent = texts[event.detail.index];
  };
  // Streamlit may call this function again with new data before any cleanup:
  // one listener per element, whatever happens.
  if (root.onScrub) window.removeEventListener("chemviz:scrub", root.onScrub);
  root.onScrub = onScrub;
  window.addEventListener("chemviz:scrub", onScrub);
  return () => window.removeEventListener("chemviz:scrub", onScrub);
}
