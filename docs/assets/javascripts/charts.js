// Interactive charts on demand: draws a chart's Vega-Lite spec in place of its
// static SVG when the reader asks for it.
//
// An ES module, listed in mkdocs.yml as
//   extra_javascript:
//     - path: assets/javascripts/charts.js
//       type: module
// The static chart is the chart. This script adds a control under each one;
// the Vega bundle (docs/assets/generated/vega-bundle.js, written by
// build_data.charts.write_vendor_bundle; about 300 KB compressed) is fetched
// only when the reader uses it, or first points a mouse at a chart: never at
// page load or while idle. Once loaded it stays loaded: after instant
// navigation the next page's charts are drawn interactive at once. The
// bundle's URL is taken relative to this file, so the site works under any
// sub-path. Nothing is fetched from another host.
//
// The static SVG stays until vega-embed has drawn the chart; if anything
// fails, the reader keeps the static chart, its description and its table.

const BUNDLE_URL = new URL("../generated/vega-bundle.js", import.meta.url).href;
const CONTROL_LABEL = "Explore this chart";

let embedLoader = null;
let embedLoaded = false;
const views = new Set();

// vega-embed's options, in one place (a chart's tooltip theme follows the page's scheme).
function embedOptions() {
  return {
    actions: false,
    // Vega's expression interpreter instead of compiling expressions with
    // new Function: the site's Content-Security-Policy forbids eval.
    // vega-embed brings the interpreter (vega-interpreter) in the bundle and
    // uses it when asked for the parsed expressions' syntax trees.
    ast: true,
    renderer: "svg",
    tooltip: { theme: darkScheme() ? "dark" : "light" },
    // vega-embed's own CSS makes its element inline-block, which has no
    // width of its own to measure; with no actions menu none of it is needed.
    defaultStyle: false,
    // Data files named in a spec (the map's shapes) sit beside the Vega bundle.
    loader: { baseURL: new URL("../generated/", import.meta.url).href },
  };
}

function loadEmbed() {
  if (!embedLoader) {
    embedLoader = import(BUNDLE_URL).then((module) => {
      const embed = module.default || module.vegaEmbed;
      if (typeof embed !== "function") throw new Error("vega bundle has no vegaEmbed export");
      embedLoaded = true;
      return embed;
    });
    // Let a later page try again after a failed fetch.
    embedLoader.catch(() => {
      embedLoader = null;
    });
  }
  return embedLoader;
}

function darkScheme() {
  const scheme = document.body && document.body.getAttribute("data-md-color-scheme");
  return scheme === "slate";
}

// Views of pages left behind by instant navigation: stop their listeners.
function releaseDetached() {
  for (const entry of views) {
    if (!entry.element.isConnected) {
      try {
        entry.result.finalize();
      } catch (error) {
        // Nothing to keep from a view that is gone.
      }
      views.delete(entry);
    }
  }
}

// The spec is JSON in a <template class="chart-spec"> (not a <script>: Material's
// instant navigation re-runs every <script> in the page as JavaScript).
function specText(holder) {
  return holder.content ? holder.content.textContent : holder.textContent;
}

async function mountOne(vegaEmbed, holder) {
  const id = holder.getAttribute("data-chart");
  const figure = holder.closest("figure.chart");
  if (!id || !figure) return;
  const target = Array.from(figure.querySelectorAll(".chart-interactive")).find(
    (el) => el.getAttribute("data-chart") === id,
  );
  const still = figure.querySelector(".chart-static");
  if (!target || target.dataset.state) return;
  target.dataset.state = "loading";
  let spec;
  try {
    spec = JSON.parse(specText(holder));
  } catch (error) {
    target.dataset.state = "failed";
    console.warn(`chart ${id}: spec is not valid JSON`, error);
    return;
  }
  // Shown, and a full-width block, before drawing: the spec's width is
  // "container", measured from this element when the view is made and
  // whenever the window is resized.
  target.hidden = false;
  target.style.display = "block";
  target.style.width = "100%";
  try {
    const result = await vegaEmbed(target, spec, embedOptions());
    if (still) still.hidden = true;
    const control = figure.querySelector(".chart-explore");
    if (control) control.remove();
    target.dataset.state = "ready";
    views.add({ element: target, result });
    figure.dispatchEvent(new CustomEvent("chart:ready", { bubbles: true, detail: { id } }));
  } catch (error) {
    target.hidden = true;
    target.removeAttribute("style");
    target.replaceChildren();
    target.dataset.state = "failed";
    console.warn(`chart ${id}: could not draw the interactive chart`, error);
  }
}

async function mountAll(root) {
  const specs = Array.from(root.querySelectorAll(".chart-spec[data-chart]"));
  if (specs.length === 0) return;
  let vegaEmbed;
  try {
    vegaEmbed = await loadEmbed();
  } catch (error) {
    console.warn("charts: could not load the Vega bundle; static charts stay", error);
    for (const control of root.querySelectorAll(".chart-explore")) {
      control.removeAttribute("aria-busy");
    }
    return;
  }
  await Promise.all(specs.map((holder) => mountOne(vegaEmbed, holder)));
}

// The reader asked for the interactive charts: load Vega, draw every chart on the page.
function activate(event) {
  const figure = event.currentTarget.closest("figure.chart");
  const control = figure && figure.querySelector(".chart-explore");
  if (control) control.setAttribute("aria-busy", "true");
  mountAll(document);
}

// A control under each chart that has a spec; a mouse over the chart does the same.
function addControls(root) {
  for (const holder of root.querySelectorAll("figure.chart .chart-spec[data-chart]")) {
    const figure = holder.closest("figure.chart");
    // Drawn, being drawn, or failed: no control; one control per chart.
    if (figure.querySelector(".chart-explore, .chart-interactive[data-state]")) continue;
    const control = document.createElement("button");
    control.type = "button";
    control.className = "chart-explore";
    control.textContent = CONTROL_LABEL;
    control.addEventListener("click", activate);
    const still = figure.querySelector(".chart-static");
    (still || holder).after(control);
    if (still) {
      still.addEventListener(
        "pointerenter",
        (event) => {
          if (event.pointerType === "mouse") activate(event);
        },
        { once: true },
      );
    }
  }
}

function start() {
  releaseDetached();
  // Once asked for (loaded or loading), every later page's charts are drawn at once.
  if (embedLoaded || embedLoader) {
    mountAll(document);
  } else {
    addControls(document);
  }
}
// Material for MkDocs' document$ emits on first load and after every instant
// navigation; its bundle comes on the reader's first action (md-on-demand.js), so
// this page starts on its own and later pages follow document$ once it exists.
function followMaterial() {
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(() => start());
    return true;
  }
  return false;
}
if (!followMaterial()) {
  document.addEventListener("md-bundle-loaded", followMaterial, { once: true });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start, { once: true });
  } else {
    start();
  }
}
