// Material for MkDocs' bundle (search, instant loading, the table of contents that
// follows the reader, the edition selector, copying to the clipboard), loaded on the
// reader's first action rather than at page load. On a phone the bundle's start-up
// was the page's only long task (issue 13: Lighthouse, mobile), and the first view
// needs none of it: the page, its static charts, the navigation drawer and the
// search box's opening work with HTML and CSS alone. Once loaded, it stays for the
// whole visit (instant loading keeps it across pages).
//
// overrides/main.html writes this script in place of the bundle's own <script>,
// with the bundle's address (build_data/hooks/scripts.py reads it from Material's
// base.html) in data-bundle. Two things cannot wait for the bundle, so they are
// done here as the bundle itself does them when it starts: the page is marked as
// scripted (Material's CSS shows the search button and copy buttons only then),
// and the colour scheme follows the reader's saved choice or system setting.
(() => {
  const bundle = document.currentScript.dataset.bundle;
  // Any of these means a reader is here: a touch, a click, a key, a wheel, a focus.
  const ACTIONS = ["pointerdown", "touchstart", "keydown", "wheel", "focusin"];
  const OPTIONS = { capture: true, passive: true };
  // Controls whose first use the bundle must see: it is repeated once it has started.
  const REPEAT = "[data-clipboard-target], label[for^='__palette']";
  let asked = false;
  let repeat = null;

  document.documentElement.classList.replace("no-js", "js");

  // The palette Material's bundle starts with (its saved choice, else the first whose
  // media query matches), applied the way the bundle applies it.
  function startingPalette() {
    const inputs = [...document.querySelectorAll("[data-md-component=palette] input")];
    if (inputs.length === 0) return;
    // A saved choice is already on the page: Material's inline script in <body> sets it.
    const saved = __md_get("__palette");
    const matching = inputs.findIndex((input) =>
      matchMedia(input.getAttribute("data-md-color-media")).matches,
    );
    const index = Math.max(0, Math.min(saved ? saved.index : matching, inputs.length - 1));
    if (!saved) {
      for (const key of ["media", "scheme", "primary", "accent"]) {
        const value = inputs[index].getAttribute(`data-md-color-${key}`);
        document.body.setAttribute(`data-md-color-${key}`, value);
      }
    }
    inputs.forEach((input, i) => {
      input.checked = i === index;
      const label = input.nextElementSibling;
      if (label instanceof HTMLElement) label.hidden = i !== index;
    });
  }

  // A click on one of those controls before the bundle has started.
  function remember(event) {
    const control = event.target instanceof Element && event.target.closest(REPEAT);
    if (control) repeat = control;
  }

  function load() {
    if (asked) return;
    asked = true;
    for (const name of ACTIONS) window.removeEventListener(name, load, OPTIONS);
    const script = document.createElement("script");
    script.src = bundle;
    script.addEventListener("load", started);
    document.body.append(script);
  }

  function started() {
    window.removeEventListener("click", remember, true);
    // A palette toggle used before the bundle started has checked its input without
    // the bundle seeing it: show the palette the bundle starts from, then use it again.
    if (repeat && repeat.matches("label")) startingPalette();
    // The bundle starts its components on DOMContentLoaded, which has passed.
    document.dispatchEvent(new Event("DOMContentLoaded"));
    document.dispatchEvent(new CustomEvent("md-bundle-loaded"));
    if (repeat) requestAnimationFrame(() => repeat.click());
  }

  // An edition published with mike: the bundle shows the "newer edition" banner, which
  // a reader of an old edition should see at once. So it is loaded at once there, and
  // the newest edition's pages pay one small request (versions.json). The test is the
  // bundle's own: this edition's entry, or the first, bears none of the default aliases.
  async function oldEdition() {
    const config = JSON.parse(document.getElementById("__config").textContent);
    if (!config.version) return false;
    const base = new URL(config.base, window.location.href);
    const response = await fetch(new URL("../versions.json", base));
    const versions = response.ok ? await response.json() : [];
    if (versions.length === 0) return false;
    const here = base.pathname.match(/([^/]+)\/?$/)[1];
    const entry = versions.find((v) => v.version === here || v.aliases.includes(here));
    const names = (entry || versions[0]).aliases.concat((entry || versions[0]).version);
    const newest = [].concat(config.version.default || "latest");
    return !newest.some((alias) => names.some((name) => new RegExp(alias, "i").test(name)));
  }

  startingPalette();
  window.addEventListener("click", remember, true);
  for (const name of ACTIONS) window.addEventListener(name, load, OPTIONS);
  // Arrived from a search result (?h= highlights the words searched for) or at a
  // search (?q=): the reader has already acted, and both need the bundle.
  const query = new URLSearchParams(window.location.search);
  if (query.has("h") || query.has("q")) load();
  oldEdition().then((old) => old && load(), () => {});
})();
