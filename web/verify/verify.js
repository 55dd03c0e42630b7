// The verify page: a file input, drops anywhere on the page, and pasted text.
import { verifyWithTrustList } from "../lib/verifier.js";
import { announcement, imageKind, renderReport } from "../lib/report-view.js";

const result = document.getElementById("result");
const announce = document.getElementById("announce");
const fileInput = document.getElementById("file");
const paste = document.getElementById("paste");
let imageUrl = null;

// Online checks (revocation lists, did:web keys, hosted OB 2.0 assertions) go through the
// browser's fetch, https only; plain http only when this page itself is served locally.
const LOCAL = ["127.0.0.1", "localhost", "[::1]"].includes(location.hostname);
const ONLINE = { fetch: (url, init) => fetch(url, init), allowHttpLocalhost: LOCAL };

// The issuers this site vouches for: <meta name="kiln-trust-list" content="trust.json"> in
// index.html, a JSON trust list ({"name", "issuers": [{"id", "name"}]}, as `kiln verify --trust`
// reads). Only the page's own configuration counts: never a URL parameter, which anyone could
// put in a link to make their own issuer look vouched for.
const TRUST_URL = document.querySelector('meta[name="kiln-trust-list"]')?.content?.trim() ?? "";

async function check(bytes, label) {
  announce.textContent = `Checking ${label}…`;
  if (imageUrl) URL.revokeObjectURL(imageUrl);
  imageUrl = null;
  const kind = imageKind(bytes);
  if (kind) imageUrl = URL.createObjectURL(new Blob([bytes], { type: kind === "png" ? "image/png" : "image/svg+xml" }));
  let report;
  try {
    report = await verifyWithTrustList(bytes, ONLINE, TRUST_URL);
  } catch (e) {
    report = { verdict: "error", checks: [], warnings: [], error: { code: e?.code ?? "verifier-failed", message: String(e?.message ?? e) } };
  }
  renderReport(result, report, { imageUrl, imageAlt: `The badge image of ${label}` });
  announce.textContent = announcement(report);
  result.focus({ preventScroll: false });
}

async function checkFile(file) {
  if (!file) return;
  await check(new Uint8Array(await file.arrayBuffer()), file.name);
}

fileInput.addEventListener("change", () => checkFile(fileInput.files?.[0]));

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
document.addEventListener("drop", (e) => {
  e.preventDefault();
  depth = 0;
  document.body.classList.remove("dragging");
  const file = e.dataTransfer?.files?.[0];
  if (file) checkFile(file);
  else {
    const text = e.dataTransfer?.getData("text/plain");
    if (text) check(new TextEncoder().encode(text), "the dropped text");
  }
});

document.documentElement.dataset.ready = "true";
