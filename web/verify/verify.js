// The verify page: a file input, drops anywhere on the page, and pasted text.
// Several files (or a dropped folder) are a portfolio: one line per badge
// (portfolio.js).
import { verifyWithTrustList } from "../lib/verifier.js";
import { announcement, renderReport } from "../lib/report-view.js";
import { imageKind } from "../lib/sniff.js";
import { isLoopbackHost } from "../lib/loopback.js";
import { checkPortfolio, filesOfDrop } from "./portfolio.js";
import { offerPrint } from "./print.js";

const result = document.getElementById("result");
const announce = document.getElementById("announce");
const fileInput = document.getElementById("file");
const paste = document.getElementById("paste");
const portfolio = document.getElementById("portfolio");
let imageUrl = null;
let latest = 0; // only the latest check's report is shown

// Online checks (revocation lists, did:web keys, hosted OB 2.0 assertions) go through the
// browser's fetch, https only; plain http only when this page itself is served locally.
const LOCAL = isLoopbackHost(location.hostname);
// A site whose visitors check badges from issuers that do not let web pages read their documents
// (no CORS header) may name its own relay: <meta name="kiln-relay" content="https://relay.example/?url={url}">
// (web/relay.mjs is a minimal one). Only the page's own configuration counts, never a URL
// parameter; there is no relay by default.
const RELAY = document.querySelector('meta[name="kiln-relay"]')?.content?.trim() || undefined;
const ONLINE = { fetch: (url, init) => fetch(url, init), allowHttpLocalhost: LOCAL, relay: RELAY };

// The issuers this site vouches for: <meta name="kiln-trust-list" content="trust.json"> in
// index.html, a JSON trust list ({"name", "issuers": [{"id", "name"}]}, as `kiln verify --trust`
// reads). Only the page's own configuration counts: never a URL parameter, which anyone could
// put in a link to make their own issuer look vouched for.
const TRUST_URL = document.querySelector('meta[name="kiln-trust-list"]')?.content?.trim() ?? "";

/**
 * Checks `input`: a File, or the bytes of pasted or dropped text. A File goes
 * to the verifier's worker as it is, and only its first 4 KB are read here
 * (to tell a picture), so the page keeps answering while a large file is
 * checked.
 */
async function check(input, label) {
  const run = ++latest;
  portfolio.hidden = true;
  portfolio.replaceChildren();
  announce.textContent = `Checking ${label}…`;
  if (imageUrl) URL.revokeObjectURL(imageUrl);
  imageUrl = null;
  let report;
  try {
    const head = input instanceof Blob ? new Uint8Array(await input.slice(0, 4096).arrayBuffer()) : input.subarray(0, 4096);
    const kind = imageKind(head);
    if (kind) {
      const type = kind === "png" ? "image/png" : "image/svg+xml";
      imageUrl = URL.createObjectURL(input instanceof Blob ? input.slice(0, input.size, type) : new Blob([input], { type }));
    }
    report = await verifyWithTrustList(input, ONLINE, TRUST_URL);
  } catch (e) {
    report = { verdict: "error", checks: [], warnings: [], error: { code: e?.code ?? "verifier-failed", message: String(e?.message ?? e) } };
  }
  if (run !== latest) return;
  const imageBytes = input instanceof Blob ? input.size : input.length;
  renderReport(result, report, { imageUrl, imageAlt: `The badge image of ${label}`, imageBytes });
  document.getElementById("certificate")?.remove();
  offerPrint(result, report, { imageUrl, base: `${location.origin}${location.pathname}` });
  announce.textContent = announcement(report);
  result.focus({ preventScroll: false });
}

async function checkFile(file) {
  if (!file) return;
  await check(file, file.name);
}

/** One file: its full report; several: the portfolio, one line each. */
async function checkFiles(files) {
  if (files.length === 0) return;
  if (files.length === 1) {
    await checkFile(files[0]);
    return;
  }
  const run = ++latest;
  if (imageUrl) URL.revokeObjectURL(imageUrl);
  imageUrl = null;
  result.hidden = true;
  result.replaceChildren();
  delete result.dataset.verdict;
  announce.textContent = `Checking ${files.length} badges…`;
  const summary = await checkPortfolio(portfolio, files, {
    verify: (file) => verifyWithTrustList(file, ONLINE, TRUST_URL),
    current: () => run === latest,
  });
  if (run === latest && summary) announce.textContent = summary;
}

fileInput.addEventListener("change", () => checkFiles([...(fileInput.files ?? [])]));

document.getElementById("paste-verify").addEventListener("click", () => {
  const text = paste.value.trim();
  if (text === "") {
    announce.textContent = "Paste a credential first.";
    paste.focus();
    return;
  }
  check(new TextEncoder().encode(text), "the pasted text");
});

// Drops anywhere on the page.
let depth = 0;
document.addEventListener("dragenter", (e) => {
  e.preventDefault();
  depth += 1;
  document.body.classList.add("dragging");
});
document.addEventListener("dragleave", () => {
  depth = Math.max(0, depth - 1);
  if (depth === 0) document.body.classList.remove("dragging");
});
document.addEventListener("dragover", (e) => e.preventDefault());
document.addEventListener("drop", async (e) => {
  e.preventDefault();
  depth = 0;
  document.body.classList.remove("dragging");
  // Read all of it now: a drop's data is gone once this handler returns.
  const text = e.dataTransfer?.getData("text/plain") ?? "";
  const files = await filesOfDrop(e.dataTransfer);
  if (files.length > 0) checkFiles(files);
  else if (text) check(new TextEncoder().encode(text), "the dropped text");
});

// The service worker (../sw.js) keeps this page and its verifier for use with no network.
// A page that cannot have one (a private window, a browser without them) works as before, online.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register(new URL("../sw.js", import.meta.url)).catch((e) => {
    console.warn(`Kiln: this page will not work offline: ${e?.message ?? e}`);
  });
}

document.documentElement.dataset.ready = "true";
