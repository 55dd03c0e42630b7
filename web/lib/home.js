// Where Kiln's files are found at run time: the folder ("home") that holds
// lib/ (the verifier API, its worker, the language catalogs in lib/i18n/)
// and pkg/ (the wasm modules). The widget, the verifier API and the
// catalogs all ask here, so that they look in the same place.
//
// By default: the folder above lib/ when this file is lib/home.js (the web
// site's root, or the package's); when it was bundled into a site's own
// script (its URL then ends otherwise), the folder of that script, so that
// lib/ and pkg/ copied beside the bundle are found. setBase changes it for
// every module that shares this one; a widget's base attribute, for that
// widget alone (homeOf).

// The URL built from a variable, not a literal: Vite takes new URL("<literal>",
// import.meta.url) for a file of its own to copy into the build.
const here = import.meta.url;
const up = here.endsWith("/lib/home.js") ? "../" : "./";

/** The default home (see above), as a URL string. */
export const HOME = new URL(up, here).href;

let base = new URL(HOME);

/** `url` made absolute (against the page, else this module) and ended with a slash: a folder. */
function folder(url) {
  const href = new URL(url, globalThis.document?.baseURI ?? here).href;
  return new URL(href.endsWith("/") ? href : `${href}/`);
}

/**
 * Where the worker (lib/verify-worker.js), the modules (pkg/verifier/,
 * pkg/verifier-full/) and the language catalogs (lib/i18n/) are fetched
 * from, for a site that serves them elsewhere than beside this script: the
 * URL of the folder that holds lib/ and pkg/, absolute or relative to the
 * page. Call it before the first verification: a worker already started
 * keeps its modules.
 * @param {string | URL} url
 */
export function setBase(url) {
  base = folder(url);
}

/** The folder that holds lib/ and pkg/ (see setBase). */
export function getBase() {
  return base.href;
}

/**
 * The home for a widget: its base attribute's folder when it has one (not
 * empty), else the one setBase gave, else the default.
 * @param {string | URL | null | undefined} [attribute]
 * @returns {URL}
 */
export function homeOf(attribute) {
  const given = typeof attribute === "string" ? attribute.trim() : attribute;
  return given ? folder(given) : new URL(base);
}
