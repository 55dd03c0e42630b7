// The verify page: a file input, drops anywhere on the page, and pasted text.
// Several files (or a dropped folder) are a portfolio: one line per badge
// (portfolio.js).
import { fetchBadgeFile, moduleLimits, prepare, verifyWithTrustList } from "../lib/verifier.js";
import { announcement, renderReport, translatorOf } from "../lib/report-view.js";
import { startPageLanguage } from "../lib/i18n.js";
import { parseFragment, readFragment } from "../lib/link.js";
import { shareBox } from "../lib/share-view.js";
import { imageKind } from "../lib/sniff.js";
import { isLoopbackHost } from "../lib/loopback.js";
import { checkPortfolio, filesOfDrop, relabelPortfolio } from "./portfolio.js";
import { offerPrint } from "./print.js";

const result = document.getElementById("result");
const announce = document.getElementById("announce");
const fileInput = document.getElementById("file");
const paste = document.getElementById("paste");
const portfolio = document.getElementById("portfolio");
let imageUrl = null;
let latest = 0; // only the latest check's report is shown
/** What the result shows now (its report, label and source), to draw it again in another language. */
let shown = null;

// The page in the reader's language (lib/i18n.js); another choice in the switch draws it again.
const language = startPageLanguage({ onChange: redraw }).catch(() => null);
const t = (key, params) => translatorOf().t(key, params);

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
 * Takes the badge checked before off the screen as the next check starts: its verdict
 * beside the new file's name would be read as the new one's.
 */
function clearResult() {
  result.hidden = true;
  result.replaceChildren();
  delete result.dataset.verdict;
  shown = null;
}

/**
 * Checks `input`: a File, or the bytes of pasted or dropped text. A File goes
 * to the verifier's worker as it is, and only its first 4 KB are read here
 * (to tell a picture), so the page keeps answering while a large file is
 * checked.
 */
async function check(input, label, source = null) {
  const run = ++latest;
  clearResult();
  portfolio.hidden = true;
  portfolio.replaceChildren();
  await language;
  announce.textContent = t("verify.checking", { label: label() });
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
  shown = { report, label, source, imageBytes };
  present(shown);
  result.focus({ preventScroll: false });
}

/** Draws a checked badge's report (again, after the language changed). */
function present({ report, label, source, imageBytes }) {
  renderReport(result, report, { imageUrl, imageAlt: t("image.of", { label: label() }), imageBytes });
  if (source) {
    const failed = source.kind === "link" && report?.verdict === "error" ? { kind: "link-failed" } : source;
    result.querySelector(".banner")?.after(sourceNote(failed));
  }
  const share = shareBox(report, { base: PAGE });
  if (share) (result.querySelector(".result-grid") ?? result.lastChild).after(share);
  document.getElementById("certificate")?.remove();
  offerPrint(result, report, { imageUrl, base: `${location.origin}${location.pathname}` });
  announce.textContent = announcement(report);
}

/** After the reader chose another language: the report shown, in it. */
function redraw() {
  if (!portfolio.hidden) relabelPortfolio(portfolio);
  if (shown === null || result.hidden) return;
  if (shown.linkError) presentLinkError(shown);
  else present(shown);
}

async function checkFile(file) {
  if (!file) return;
  await check(file, () => file.name);
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
  clearResult();
  await language;
  announce.textContent = t("portfolio.checking", { count: files.length });
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
    announce.textContent = t("verify.paste-first");
    paste.focus();
    return;
  }
  check(new TextEncoder().encode(text), () => t("label.pasted"));
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
  else if (text) check(new TextEncoder().encode(text), () => t("label.dropped"));
});

// ---- Verification links: the credential in the address's fragment (#c=1...), or a badge to fetch (#url=https://...) ----

/** The verify page's own address, without query or fragment: where its links point. */
const PAGE = `${location.origin}${location.pathname}`;

/** Where a checked badge came from, said above its report. */
function sourceNote(source) {
  const note = document.createElement("p");
  note.className = "hint link-source";
  note.dataset.source = source.kind;
  note.textContent = t(`source.${source.kind}`, { url: source.url ?? "" });
  return note;
}

/** A link that could not be read: an error report saying why. */
async function showLinkError(e, source) {
  await language;
  const report = {
    verdict: "error",
    checks: [],
    warnings: [],
    error: { code: e?.code ?? "link-malformed", message: t("link.unreadable", { reason: String(e?.message ?? e) }), lang: translatorOf().lang },
  };
  portfolio.hidden = true;
  shown = { report, label: () => "", source, imageBytes: 0, linkError: true };
  presentLinkError(shown);
}

function presentLinkError({ report, source }) {
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
  await language;
  announce.textContent = ask.kind === "url" ? t("link.fetching", { url: ask.url }) : t("link.reading");
  let limits;
  try {
    limits = await moduleLimits();
  } catch (e) {
    if (run === latest) showLinkError({ code: "verifier-failed", message: t("verify.not-loaded", { reason: String(e?.message ?? e) }) }, ask.kind === "url" ? { kind: "url-failed", url: ask.url } : { kind: "link-failed" });
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
    if (run === latest) await check(bytes, () => t("label.link"), { kind: "link" });
    return;
  }
  const got = await fetchBadgeFile(ask.url, { maxBytes: limits.maxInputBytes });
  if (run !== latest) return;
  if ("failed" in got) {
    showLinkError({ code: "link-fetch-failed", message: got.failed }, { kind: "url-failed", url: ask.url });
    return;
  }
  await check(got.bytes, () => t("label.fetched", { url: ask.url }), { kind: "url", url: ask.url });
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

// Ready once the page speaks its language.
language.finally(() => {
  document.documentElement.dataset.ready = "true";
});
