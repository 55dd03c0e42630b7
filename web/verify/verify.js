// The verify page: a file input, drops anywhere on the page, and pasted text.
// Several files (or a dropped folder) are a portfolio: one line per badge
// (portfolio.js).
import { fetchBadgeFile, moduleLimits, prepare, verifyWithTrustList } from "../lib/verifier.js";
import { announcement, renderReport } from "../lib/report-view.js";
import { parseFragment, readFragment } from "../lib/link.js";
import { shareBox } from "../lib/share-view.js";
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
async function check(input, label, source = null) {
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
  if (source) {
    const failed = source.kind === "link" && report?.verdict === "error" ? { kind: "link-failed" } : source;
    result.querySelector(".banner")?.after(sourceNote(failed));
  }
  const share = shareBox(report, { base: PAGE });
  if (share) (result.querySelector(".result-grid") ?? result.lastChild).after(share);
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

// ---- Verification links: the credential in the address's fragment (#c=1...), or a badge to fetch (#url=https://...) ----

/** The verify page's own address, without query or fragment: where its links point. */
const PAGE = `${location.origin}${location.pathname}`;

/** Where a checked badge came from, said above its report. */
function sourceNote(source) {
  const note = document.createElement("p");
  note.className = "hint link-source";
  note.dataset.source = source.kind;
  note.textContent = {
    url: `This page fetched the badge from ${source.url} and checked it here, in this browser.`,
    "url-failed": `This link asks this page to fetch a badge from ${source.url}; it could not be fetched.`,
    "url-refused": "This link asks this page to fetch a badge, which it did not do.",
    link: "This badge came in the link itself (the part after #, which browsers never send to any server) and was checked here, in this browser, offline.",
    "link-failed": "This page's link does not hold a badge Kiln can read after its # (the part browsers never send to any server); the problem is said below.",
  }[source.kind];
  return note;
}

/** A link that could not be read: an error report saying why. */
function showLinkError(e, source) {
  const report = {
    verdict: "error",
    checks: [],
    warnings: [],
    error: { code: e?.code ?? "link-malformed", message: `This link does not hold a badge Kiln can read: ${e?.message ?? e}` },
  };
  portfolio.hidden = true;
  renderReport(result, report, {});
  result.querySelector(".banner")?.after(sourceNote(source));
  announce.textContent = announcement(report);
}

/** Reads the fragment, if it is a verification link, and checks what it holds. */
async function fromFragment() {
  const hash = location.hash;
  let ask;
  try {
    ask = parseFragment(hash);
  } catch (e) {
    ++latest;
    showLinkError(e, { kind: hash.startsWith("#url=") ? "url-refused" : "link-failed" });
    return;
  }
  if (ask === null) return; // not a verification link
  const run = ++latest;
  announce.textContent = ask.kind === "url" ? `Fetching the badge from ${ask.url}…` : "Reading the badge in this link…";
  let limits;
  try {
    limits = await moduleLimits();
  } catch (e) {
    if (run === latest) showLinkError({ code: "verifier-failed", message: `the verifier could not be loaded (${e?.message ?? e})` }, ask.kind === "url" ? { kind: "url-failed", url: ask.url } : { kind: "link-failed" });
    return;
  }
  if (ask.kind === "credential") {
    let bytes;
    try {
      bytes = await readFragment(hash, limits.maxPayloadBytes);
    } catch (e) {
      if (run === latest) showLinkError(e, { kind: "link-failed" });
      return;
    }
    if (run === latest) await check(bytes, "the badge in this link", { kind: "link" });
    return;
  }
  const got = await fetchBadgeFile(ask.url, { maxBytes: limits.maxInputBytes });
  if (run !== latest) return;
  if ("failed" in got) {
    showLinkError({ code: "link-fetch-failed", message: got.failed }, { kind: "url-failed", url: ask.url });
    return;
  }
  await check(got.bytes, `the badge fetched from ${ask.url}`, { kind: "url", url: ask.url });
}

window.addEventListener("hashchange", () => fromFragment());
fromFragment();
// Verifying is what this page is for: its verifier worker starts now, so that the first
// badge dropped does not wait for it.
prepare();

// The service worker (../sw.js) keeps this page and its verifier for use with no network.
// A page that cannot have one (a private window, a browser without them) works as before, online.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register(new URL("../sw.js", import.meta.url)).catch((e) => {
    console.warn(`Kiln: this page will not work offline: ${e?.message ?? e}`);
  });
}

document.documentElement.dataset.ready = "true";
