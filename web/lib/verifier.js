// Kiln's verifier API for browsers (and Node): a thin wrapper around the
// verifier WebAssembly module in ../pkg/verifier/.
//
// That module reads JSON-LD with Kiln's compact processor, which covers
// credentials whose contexts are bundled URLs or inline term definitions and
// whose keys and types those define (what badges are), and checks EdDSA
// signatures. When a credential goes beyond it (an unbundled context, a
// compact IRI key, a value object, a language map; an RS256 or ES256
// signature), the module says so
// (needsVerifierFull) and the same verification runs again in
// ../pkg/verifier-full/, which has the complete JSON-LD 1.1 processor and
// RSA and P-256, and is downloaded only then, once.
//
//   import { verifyBadge } from "./lib/verifier.js";
//   const report = await verifyBadge(new Uint8Array(await file.arrayBuffer()));
//   report.verdict; // "verified" | "invalid" | "error"
//
// Types: verifier.d.ts (the Report and VerifyOptions interfaces are generated
// by wasm-bindgen into ../pkg/verifier/kiln_wasm.d.ts).
import init, * as wasm from "../pkg/verifier/kiln_wasm.js";

let loading = null;
let loadingFull = null;

/**
 * Loads the module once. In a browser it is fetched beside kiln_wasm.js;
 * Node callers pass the bytes of kiln_wasm_bg.wasm.
 * @param {BufferSource | WebAssembly.Module | URL | string} [source]
 */
export function load(source) {
  loading ??= init(source === undefined ? undefined : { module_or_path: source });
  return loading;
}

/**
 * Loads the verifier-full module once (verifyBadge does it by itself when a
 * credential needs it). Node callers pass the bytes of
 * ../pkg/verifier-full/kiln_wasm_bg.wasm.
 * @param {BufferSource | WebAssembly.Module | URL | string} [source]
 */
export function loadFull(source) {
  loadingFull ??= import("../pkg/verifier-full/kiln_wasm.js").then(async (full) => {
    await full.default(source === undefined ? undefined : { module_or_path: source });
    return full;
  });
  // A failed load may be retried by the next call.
  loadingFull.catch(() => { loadingFull = null; });
  return loadingFull;
}


function toBytes(input, what) {
  if (typeof input === "string") return new TextEncoder().encode(input);
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  throw new TypeError(`${what}: expected a Uint8Array, an ArrayBuffer or a string, got ${input === null ? "null" : typeof input}`);
}

/** Options as the module reads them: now in ms, fetch as a flag. */
function encodeOptions(options) {
  if (options === undefined || options === null) return "";
  if (typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError("verifyBadge: options must be an object");
  }
  const out = {};
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined) continue;
    if (name === "now" && (value instanceof Date || typeof value === "number")) {
      const ms = value instanceof Date ? value.getTime() : value;
      if (!Number.isFinite(ms)) throw new RangeError("verifyBadge: options.now is not a valid time");
      out.now = ms;
    } else if (name === "fetch") {
      if (typeof value !== "function") throw new TypeError("verifyBadge: options.fetch must be a function");
      out.fetch = true;
    } else out[name] = value; // anything else, unknown names included, is checked by the module
  }
  return JSON.stringify(out);
}

/** Most fetch-and-verify rounds with a fetcher (as kiln-core's MAX_ROUNDS). */
const MAX_ROUNDS = 5;
/** Largest fetched document accepted, in bytes. */
const MAX_FETCHED_BYTES = 4 * 1024 * 1024;

/** The module only asks for URLs its rules allow; this is a second fence. */
function fetchable(url, allowHttpLocalhost) {
  if (url.startsWith("https://")) return true;
  if (!allowHttpLocalhost || !url.startsWith("http://")) return false;
  const host = new URL(url).hostname;
  return host === "127.0.0.1" || host === "localhost" || host === "[::1]";
}

async function fetchOne(fetchFn, url, allowHttpLocalhost) {
  if (!fetchable(url, allowHttpLocalhost)) return { url, failed: `${url} is not an https URL` };
  try {
    const response = await fetchFn(url, { credentials: "omit", redirect: "follow" });
    const declared = Number(response.headers?.get?.("content-length") ?? 0);
    if (declared > MAX_FETCHED_BYTES) return { url, failed: `${url} is larger than ${MAX_FETCHED_BYTES} bytes` };
    const body = await response.text();
    if (body.length > MAX_FETCHED_BYTES) return { url, failed: `${url} is larger than ${MAX_FETCHED_BYTES} bytes` };
    const contentType = response.headers?.get?.("content-type") ?? undefined;
    return { url, status: response.status, contentType: contentType ?? undefined, body };
  } catch (e) {
    return { url, failed: `${url} could not be fetched: ${e?.message ?? e}` };
  }
}

/**
 * Verifies a baked PNG or SVG badge, a JSON credential or a compact JWS.
 * Resolves to the report; rejects only for bad arguments or options (an
 * unreadable badge gives a report with verdict "error").
 *
 * Without options.fetch everything is checked offline: checks that need the
 * issuer's web (did:web keys, status lists, hosted OB 2.0 assertions) are
 * skipped with the reason. With it, the documents those checks ask for are
 * fetched through it (https only) and verification runs again, at most
 * five rounds.
 * @param {Uint8Array | ArrayBuffer | string} input
 * @param {import("../pkg/verifier/kiln_wasm.js").VerifyOptions} [options]
 * @returns {Promise<import("../pkg/verifier/kiln_wasm.js").Report>}
 */
export async function verifyBadge(input, options) {
  const bytes = toBytes(input, "verifyBadge");
  const encoded = encodeOptions(options);
  await load();
  const fetched = [];
  const small = await run(wasm, bytes, encoded, options, fetched);
  if (!small.needsFull) return small.report;
  let full;
  try {
    full = await loadFull();
  } catch {
    return small.report; // "could not check", saying why
  }
  return (await run(full, bytes, encoded, options, fetched)).report;
}

/**
 * Verifies with one module: offline, or in rounds with options.fetch.
 * `fetched` collects the fetched documents (and is reused by a second run).
 * Stops early when the module needs the complete JSON-LD processor.
 */
async function run(mod, bytes, encoded, options, fetched) {
  if (typeof options?.fetch !== "function") {
    const report = JSON.parse(mod.verifyReport(bytes, encoded));
    return { report, needsFull: mod.needsVerifierFull() };
  }
  for (let round = 0; ; round++) {
    const last = round + 1 >= MAX_ROUNDS;
    const { report, needs } = JSON.parse(mod.verifyRound(bytes, encoded, JSON.stringify(fetched), last));
    if (mod.needsVerifierFull()) return { report, needsFull: true };
    const fresh = needs.filter((url) => !fetched.some((f) => f.url === url));
    if (fresh.length === 0 || last) return { report, needsFull: false };
    for (const url of fresh) fetched.push(await fetchOne(options.fetch, url, options.allowHttpLocalhost === true));
  }
}

const trustLists = new Map();

/**
 * The JSON trust list at `src` ({"name", "issuers": [{"id", "name"}]}, as
 * `kiln verify --trust` reads it), fetched once per page: resolves to
 * { trust } or, when it cannot be fetched, { warning }.
 * @param {string} src
 */
export function loadTrustList(src) {
  const url = new URL(src, globalThis.document?.baseURI).href;
  if (!trustLists.has(url)) {
    trustLists.set(url, fetch(url, { credentials: "same-origin" })
      .then(async (response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return { trust: await response.json() };
      })
      .catch((e) => ({ warning: `The trust list ${src} could not be loaded (${e.message}), so no issuer is shown as trusted.` })));
  }
  return trustLists.get(url);
}

/**
 * verifyBadge with the trust list at `src` (see loadTrustList), or none when
 * `src` is empty. A list that cannot be fetched or read becomes a warning in
 * the report, and the badge is verified without it.
 * @param {Uint8Array | ArrayBuffer | string} input
 * @param {object} options verifyBadge's options, without trust
 * @param {string | null | undefined} src
 */
export async function verifyWithTrustList(input, options, src) {
  const { trust, warning } = src ? await loadTrustList(src) : {};
  let report;
  let trustWarning = warning;
  try {
    report = await verifyBadge(input, { ...options, trust });
  } catch (e) {
    if (trust === undefined || e?.code !== "bad-options") throw e;
    trustWarning = `The trust list ${src} is not a valid trust list (${e.message}), so no issuer is shown as trusted.`;
    report = await verifyBadge(input, options);
  }
  if (trustWarning) report.warnings = [...(report.warnings ?? []), trustWarning];
  return report;
}

/**
 * The credential text baked into a PNG or SVG badge, exactly as baked.
 * The module must be loaded (await load()) first.
 * @param {Uint8Array | ArrayBuffer} bytes
 * @returns {string}
 */
export function extractCredential(bytes) {
  if (loading === null) throw new Error("extractCredential: call and await load() first");
  return wasm.extractCredential(toBytes(bytes, "extractCredential"));
}
