// Kiln's verifier API for browsers (and Node): a thin wrapper around the
// verifier WebAssembly module in ../pkg/verifier/.
//
// That module reads JSON-LD with Kiln's compact processor, which covers
// credentials whose contexts are bundled URLs or inline term definitions and
// whose keys and types those define (what badges are), and checks EdDSA
// signatures. When a credential goes beyond it (an unbundled context, a
// compact IRI key, a value object, a language map; an RS256 or ES256
// signature), its report says so (`report.needs`, such as ["json-ld-full"])
// and the same verification runs again in
// ../pkg/verifier-full/, which has the complete JSON-LD 1.1 processor and
// RSA and P-256, and is downloaded only then, once.
//
//   import { verifyBadge } from "./lib/verifier.js";
//   const report = await verifyBadge(new Uint8Array(await file.arrayBuffer()));
//   report.verdict; // "verified" | "invalid" | "error"
//
// In a browser every verification runs in one Web Worker per page
// (verify-worker.js, started on first use and shared by the verify page and
// every <kiln-badge>), under a time budget: a check that runs too long is
// stopped, its report is "could not check", and a fresh worker serves the
// next badge. Online checks have their own budget. See verifyBadge.
//
// Types: verifier.d.ts (the Report and VerifyOptions interfaces are generated
// by wasm-bindgen into ../pkg/verifier/kiln_wasm.d.ts).
import init, * as wasm from "../pkg/verifier/kiln_wasm.js";
import { getBase, setBase } from "./home.js";
import { isLoopbackHost } from "./loopback.js";
import { readAtMost } from "./stream.js";
import { giveEnglish, needsFullModule, verifyStep } from "./verify-step.js";

let loading = null;
let loadingFull = null;

// Where the worker and the modules are fetched from: lib/home.js, shared with
// the widget and the language catalogs.
export { getBase, setBase };

/** A module's .wasm under the base (pkg/NAME/kiln_wasm_bg.wasm). */
const wasmUrl = (name) => new URL(`pkg/${name}/kiln_wasm_bg.wasm`, getBase());
/** The report's English sentences under the base, given to each module as it loads (giveEnglish). */
const englishUrl = () => new URL("lib/i18n/messages.en.json", getBase());

/**
 * Loads the module once in this thread: for extractCredential, and for
 * verifyBadge where it runs here (Node). In a browser it is fetched beside
 * kiln_wasm.js (verifyBadge does not need it there: its worker loads its own);
 * Node callers pass the bytes of kiln_wasm_bg.wasm.
 * @param {BufferSource | WebAssembly.Module | URL | string} [source]
 */
export function load(source) {
  if (loading === null) {
    const ready = init({ module_or_path: source === undefined ? wasmUrl("verifier") : source });
    loading = giveEnglish(wasm, englishUrl(), ready).then(() => ready);
  }
  return loading;
}

/**
 * Loads the verifier-full module once in this thread (verifyBadge does it by
 * itself, in its worker or here, when a credential needs it). Node callers pass the bytes of
 * ../pkg/verifier-full/kiln_wasm_bg.wasm.
 * @param {BufferSource | WebAssembly.Module | URL | string} [source]
 */
export function loadFull(source) {
  loadingFull ??= import("../pkg/verifier-full/kiln_wasm.js").then(async (full) => {
    await giveEnglish(full, englishUrl(), full.default({ module_or_path: source === undefined ? wasmUrl("verifier-full") : source }));
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

/** Default time budget of a verification's own work, in ms (options.timeout). */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Default time budget of all online work of a verification, in ms (options.fetchTimeout). */
export const DEFAULT_FETCH_TIMEOUT_MS = 10_000;
/** setTimeout's largest delay. */
const MAX_DELAY_MS = 2_147_483_647;

function milliseconds(name, value) {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || value > MAX_DELAY_MS) {
    throw new RangeError(`verifyBadge: options.${name} must be a number of milliseconds above 0 and at most ${MAX_DELAY_MS}`);
  }
  return value;
}

/**
 * Options as the module reads them (now in ms, fetch as a flag), and the
 * time budgets, which stay here.
 */
function encodeOptions(options) {
  const budgets = { timeout: DEFAULT_TIMEOUT_MS, fetchTimeout: DEFAULT_FETCH_TIMEOUT_MS };
  if (options === undefined || options === null) return { encoded: "", ...budgets };
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
    } else if (name === "timeout" || name === "fetchTimeout") {
      budgets[name] = milliseconds(name, value);
    } else if (name === "relay") {
      // read by relayTemplate: the fetches are made here
    } else out[name] = value; // anything else, unknown names included, is checked by the module
  }
  return { encoded: JSON.stringify(out), ...budgets };
}

/** "10 s", "1.5 s", "250 ms". */
function duration(ms) {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Number((ms / 1000).toFixed(1))} s`;
}

/** The report of a check stopped at its time budget. */
function timeLimitReport(ms) {
  return {
    verdict: "error",
    checks: [],
    warnings: [],
    error: { code: "time-limit", message: `the check took longer than ${duration(ms)} and was stopped` },
  };
}

/** The report of a check whose worker stopped by itself. */
function crashReport(why) {
  return { verdict: "error", checks: [], warnings: [], error: { code: "verifier-stopped", message: why } };
}

/** The module only asks for URLs its rules allow; this is a second fence. */
function fetchable(url, allowHttpLocalhost) {
  if (url.startsWith("https://")) return true;
  if (!allowHttpLocalhost || !url.startsWith("http://")) return false;
  return isLoopbackHost(new URL(url).hostname);
}

/**
 * The time budget of all online work of one verification: it starts with the
 * first fetch; when it runs out, every fetch still waiting is aborted and
 * given up, and no further document is fetched.
 */
function onlineBudget(ms) {
  const controller = new AbortController();
  let timer = null;
  let spent = false;
  let expire;
  const expired = new Promise((resolve) => { expire = resolve; });
  return {
    ms,
    signal: controller.signal,
    expired,
    get spent() { return spent; },
    start() {
      if (timer !== null || spent) return;
      timer = setTimeout(() => {
        spent = true;
        expire();
        controller.abort(new DOMException(`online checks took longer than ${duration(ms)}`, "TimeoutError"));
      }, ms);
    },
    end() {
      if (timer !== null) clearTimeout(timer);
      spent = true;
      expire();
      controller.abort(); // frees connections that are still open
    },
  };
}

const tooLate = (url, budget) => ({
  url,
  failed: `${url} did not answer within ${duration(budget.ms)}, the time allowed for online checks: the server may be down or very slow; try again later, or check it with the kiln command line`,
});

/** The failure of a document the issuer's server will not let web pages read. */
const blocked = (url) => ({
  url,
  failed: `the issuer's server does not let web pages read ${url} (it sends no CORS header, Access-Control-Allow-Origin), so it could not be read here. The kiln command line can check it, or this site can set up a relay`,
});

/**
 * The URL to ask for `url`: itself, or the site's relay (a template with
 * {url}, see relayTemplate) with `url` URL-encoded into it.
 */
function viaRelay(relay, url) {
  return relay === null ? url : relay.replace("{url}", encodeURIComponent(url));
}

/**
 * Why a fetch of `url` threw (a TypeError: the browser gives no reason).
 * A second request in "no-cors" mode tells the causes apart: when it gets an
 * opaque response, the server answered but did not allow the page to read it
 * (no CORS header); when it fails too, the server could not be reached.
 */
async function whyNoAnswer(fetchFn, url, asked, budget, error) {
  const reason = error?.message ?? String(error);
  if (asked === url) {
    try {
      const probe = await fetchFn(url, { mode: "no-cors", credentials: "omit", redirect: "follow", signal: budget.signal });
      if (probe?.type === "opaque") return blocked(url);
    } catch {
      // no answer at all: below
    }
  }
  if (budget.spent) return tooLate(url, budget);
  const through = asked === url ? "" : ` through the relay at ${new URL(asked).host}`;
  if (typeof navigator !== "undefined" && navigator.onLine === false) {
    return { url, failed: `${url} could not be reached${through}: this browser is offline (${reason})` };
  }
  return { url, failed: `${url} could not be reached${through} (${reason}): the server may be offline or the address wrong` };
}

/**
 * Fetches one document of at most `maxBytes` (the module's maxPayloadBytes),
 * directly or through the site's relay. A failure says why: refused by the
 * server's cross-origin policy, no answer in time, no answer at all, too
 * large, not JSON. (An HTTP status other than 200 is the module's to word, as
 * what it means depends on the check: it is given the response.)
 */
async function fetchOne(fetchFn, url, allowHttpLocalhost, budget, maxBytes, relay) {
  if (!fetchable(url, allowHttpLocalhost)) return { url, failed: `${url} is not an https URL` };
  if (budget.spent) return tooLate(url, budget);
  const asked = viaRelay(relay, url);
  const work = (async () => {
    let response;
    try {
      response = await fetchFn(asked, { credentials: "omit", redirect: "follow", signal: budget.signal });
    } catch (e) {
      return budget.spent ? tooLate(url, budget) : whyNoAnswer(fetchFn, url, asked, budget, e);
    }
    const tooLarge = { url, failed: `${url} is larger than ${maxBytes} bytes, the most a document may have` };
    const declared = Number(response.headers?.get?.("content-length") ?? 0);
    if (declared > maxBytes) return tooLarge;
    const body = await response.text();
    if (body.length > maxBytes) return tooLarge;
    const contentType = response.headers?.get?.("content-type") ?? undefined;
    if (response.status === 200 && !isJson(body)) {
      const kind = contentType ? ` (${contentType.split(";")[0].trim()})` : "";
      return { url, failed: `${url} answered with something that is not JSON${kind} where a JSON document was expected: the address may be wrong, or the server answers with an error or login page` };
    }
    return { url, status: response.status, contentType: contentType ?? undefined, body };
  })().catch((e) => (budget.spent ? tooLate(url, budget) : { url, failed: `${url} could not be read: ${e?.message ?? e}` }));
  // A fetcher that ignores the abort signal is given up all the same.
  return Promise.race([work, budget.expired.then(() => tooLate(url, budget))]);
}

/**
 * Fetches one JSON document (a DID document, a status list) as the online
 * checks of a verification do, with the same words for what went wrong:
 * `{ url, status, contentType, body }`, or `{ url, failed }` saying why
 * (not allowed to read it: no CORS header; no answer in time; unreachable;
 * too large; not JSON). For the issuer page's check of what it published.
 * @param {string} url
 * @param {{ fetch?: typeof fetch, allowHttpLocalhost?: boolean, timeoutMs?: number, maxBytes?: number }} [options]
 */
export async function fetchDocument(url, options = {}) {
  const { fetch: fetchFn = (u, init) => fetch(u, init), allowHttpLocalhost = false, timeoutMs = DEFAULT_FETCH_TIMEOUT_MS, maxBytes = 16 * 1024 * 1024 } = options;
  const budget = onlineBudget(timeoutMs);
  budget.start();
  try {
    return await fetchOne(fetchFn, url, allowHttpLocalhost, budget, maxBytes, null);
  } finally {
    budget.end();
  }
}

/** Every document the module asks for is JSON; the module reads it under its own limits. */
function isJson(text) {
  try {
    JSON.parse(text.replace(/^\uFEFF/, ""));
    return true;
  } catch {
    return false;
  }
}

/**
 * The site's relay (options.relay): null, or a URL template with "{url}"
 * (https, or plain http to this machine when allowHttpLocalhost is set).
 * The relay is the site's choice, never Kiln's: there is none by default.
 */
function relayTemplate(options) {
  const relay = options?.relay;
  if (relay === undefined || relay === null || relay === "") return null;
  const bad = (why) => new TypeError(`verifyBadge: options.relay ${why}`);
  if (typeof relay !== "string") throw bad("must be a URL template string");
  if (!relay.includes("{url}")) throw bad(`must contain {url}, where the document's URL goes (got ${relay})`);
  let parsed;
  try {
    parsed = new URL(relay.replace("{url}", "x"));
  } catch {
    throw bad(`is not a URL (got ${relay})`);
  }
  if (parsed.protocol !== "https:" && !(options.allowHttpLocalhost === true && parsed.protocol === "http:" && isLoopbackHost(parsed.hostname))) {
    throw bad(`must be an https URL (got ${relay})`);
  }
  return relay;
}

/** Runs the steps in this thread: in Node, and where no worker can be started. */
const inline = {
  async call(job, request) {
    const mod = request.full || request.op === "loadFull" ? await loadFull() : await load().then(() => wasm);
    if (request.op === "loadFull") return {};
    if (request.op === "limits") return JSON.parse(mod.limits());
    if (!(job.bytes instanceof Uint8Array)) job.bytes = new Uint8Array(await job.bytes.arrayBuffer());
    if (!request.full && request.sniff && needsFullModule(job.bytes)) return { report: null, needs: [], needsFull: true };
    return verifyStep(mod, job.bytes, request);
  },
  forget() {},
};

/** How long a fresh worker may take to load the verifier module. */
const WORKER_START_MS = 30_000;

function startWorker(url) {
  // A page can start a worker only from its own origin: a widget served from
  // elsewhere starts it through a same-origin blob: module that imports it.
  if (typeof location === "undefined" || url.origin === location.origin) return new Worker(url, { type: "module" });
  const shim = URL.createObjectURL(new Blob([`import ${JSON.stringify(url.href)};`], { type: "text/javascript" }));
  return new Worker(shim, { type: "module" });
}

function rebuildError({ name, message, code }) {
  const e = name === "TypeError" ? new TypeError(message) : name === "RangeError" ? new RangeError(message) : new Error(message);
  if (code !== undefined) e.code = code;
  return e;
}

/**
 * The page's verifier worker (lib/verify-worker.js): one for the page, shared
 * by every caller; steps run one at a time, each under the time left to its
 * verification. A step past its budget terminates the worker, and the next
 * step starts a fresh one. If no worker can be started (a CSP without
 * worker-src for it, say), steps run in this thread.
 */
class WorkerEngine {
  #url;
  #worker = null;
  #ready = null;
  #generation = 0;
  #queue = [];
  #current = null;
  #nextId = 0;
  #broken = false;

  constructor(url) {
    this.#url = url;
  }

  /**
   * Runs one step for `job` ({ id, bytes, sentTo, remaining }) and resolves
   * to its result, or to { timedOut: true } when it ran past `limitMs`, or
   * { stopped: why } when the worker died. `charge`: deduct the time from
   * job.remaining.
   */
  call(job, request, limitMs, charge) {
    if (this.#broken) return inline.call(job, request);
    return new Promise((resolve, reject) => {
      this.#queue.push({ job, request, limitMs, charge, resolve, reject });
      this.#pump();
    });
  }

  /** Starts the worker now, if it is not running; resolves once it is ready or could not start. */
  warm() {
    if (this.#broken) return Promise.resolve();
    try {
      if (this.#worker === null) this.#start();
    } catch {
      return Promise.resolve(); // the first step finds out again, and runs in this thread
    }
    return this.#ready.then(() => undefined, () => undefined);
  }

  forget(job) {
    if (this.#worker !== null && job.sentTo === this.#generation) this.#worker.postMessage({ op: "forget", job: job.id });
  }

  #start() {
    const worker = startWorker(typeof this.#url === "function" ? this.#url() : this.#url);
    this.#generation += 1;
    this.#worker = worker;
    this.#ready = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the verifier did not load within ${duration(WORKER_START_MS)}`)), WORKER_START_MS);
      worker.onmessage = ({ data }) => {
        clearTimeout(timer);
        if (data?.type === "ready") {
          worker.onmessage = ({ data: reply }) => this.#reply(worker, reply);
          worker.onerror = (event) => {
            event.preventDefault?.();
            this.#died(worker, `the verifier stopped: ${event.message || "its worker failed"}`);
          };
          resolve();
        } else reject(new Error(String(data?.message ?? "the verifier worker failed to start")));
      };
      worker.onerror = (event) => {
        event.preventDefault?.();
        clearTimeout(timer);
        reject(Object.assign(new Error(`the verifier worker could not be started${event.message ? `: ${event.message}` : ""}`), { workerBlocked: true }));
      };
    });
  }

  #kill() {
    this.#worker?.terminate();
    this.#worker = null;
    this.#ready = null;
  }

  async #pump() {
    if (this.#current !== null || this.#queue.length === 0) return;
    const item = this.#queue.shift();
    this.#current = { id: -1, item };
    try {
      if (this.#worker === null) this.#start();
      await this.#ready;
    } catch (e) {
      this.#kill();
      this.#current = null;
      if (e?.workerBlocked || e?.name === "SecurityError" || e?.name === "TypeError") {
        // No worker on this page: every step, this one and those waiting, runs here.
        this.#broken = true;
        for (const waiting of [item, ...this.#queue.splice(0)]) inline.call(waiting.job, waiting.request).then(waiting.resolve, waiting.reject);
        return;
      }
      item.reject(e);
      this.#pump();
      return;
    }
    if (item.limitMs <= 0) {
      // The budget was spent by earlier steps (their replies came in at the wire).
      this.#current = null;
      item.resolve({ timedOut: true });
      this.#pump();
      return;
    }
    const worker = this.#worker;
    const id = ++this.#nextId;
    const message = { ...item.request, id, job: item.job.id };
    const transfer = [];
    if (item.job.sentTo !== this.#generation) {
      if (item.job.bytes instanceof Uint8Array) {
        // The caller keeps its bytes: the worker gets a copy.
        const copy = item.job.bytes.slice();
        message.bytes = copy;
        transfer.push(copy.buffer);
      } else message.bytes = item.job.bytes; // a Blob: passed by reference, read by the worker
      item.job.sentTo = this.#generation;
    }
    const started = performance.now();
    const done = (settle) => {
      clearTimeout(timer);
      if (item.charge) item.job.remaining -= performance.now() - started;
      this.#current = null;
      settle();
      this.#pump();
    };
    const timer = setTimeout(() => {
      this.#kill();
      done(() => item.resolve({ timedOut: true }));
    }, item.limitMs);
    this.#current = {
      id,
      item,
      reply: (data) => done(() => {
        if (data.error === undefined) item.resolve(data.result);
        else {
          // A trap in the module (RuntimeError) may leave it in a bad state: start afresh.
          if (data.error.code === undefined && data.error.name === "RuntimeError") this.#kill();
          item.reject(rebuildError(data.error));
        }
      }),
      died: (why) => done(() => item.resolve({ stopped: why })),
    };
    worker.postMessage(message, transfer);
  }

  #reply(worker, data) {
    if (worker === this.#worker && this.#current?.id === data?.id) this.#current.reply(data);
  }

  #died(worker, why) {
    if (worker !== this.#worker) return;
    this.#kill();
    this.#current?.died?.(why);
  }
}

let engine = null;
/** The worker in a browser; this thread in Node (or where there is no Worker). */
function currentEngine() {
  engine ??= typeof Worker === "function" && typeof document !== "undefined"
    ? new WorkerEngine(() => new URL("lib/verify-worker.js", getBase()))
    : { call: (job, request) => inline.call(job, request), forget() {}, warm: () => Promise.resolve() };
  return engine;
}

/**
 * Gets the verifier ready before the first badge: in a browser, starts the
 * page's verifier worker (which loads the module). Resolves when done, also
 * when no worker could be started (verifyBadge then runs in this thread).
 * Elsewhere (Node) it does nothing: call load(source) there.
 */
export function prepare() {
  return currentEngine().warm();
}

let jobIds = 0;

/**
 * Verifies a baked PNG or SVG badge, a JSON credential or a compact JWS,
 * given as bytes, text or a Blob (a File: best for large files, since the
 * worker reads it without a copy on the page's main thread).
 * Resolves to the report; rejects only for bad arguments or options (an
 * unreadable badge gives a report with verdict "error").
 *
 * In a browser the verification runs in a Web Worker (lib/verify-worker.js,
 * one per page), so no input freezes the page. Its own work has a time
 * budget, options.timeout (ms, default 10 000): a check that runs past it is
 * stopped and its report is "could not check", saying so. (In Node it runs
 * in the caller's thread, where it cannot be stopped.)
 *
 * Without options.fetch everything is checked offline: checks that need the
 * issuer's web (did:web keys, status lists, hosted OB 2.0 assertions) are
 * skipped with the reason. With it, the documents those checks ask for are
 * fetched through it (https only, those of one round in parallel) and
 * verification runs again, at most five rounds. All online work shares one
 * time budget, options.fetchTimeout (ms, default 10 000): a document that
 * has not arrived by then is given up, and its check is skipped, saying why.
 *
 * options.documents pins documents by URL or DID ({"https://...": {...},
 * "did:web:...": {...}}): each takes the place of a fetch, with or without
 * options.fetch, and the report's warnings say which were read from it.
 * @param {Uint8Array | ArrayBuffer | string | Blob} input
 * @param {import("./verifier.js").VerifyOptions} [options]
 * @returns {Promise<import("../pkg/verifier/kiln_wasm.js").Report>}
 */
export async function verifyBadge(input, options) {
  // A Blob (a File) is read by the worker: no copy of a large file on the page's main thread.
  const bytes = typeof Blob === "function" && input instanceof Blob ? input : toBytes(input, "verifyBadge");
  const { encoded, timeout, fetchTimeout } = encodeOptions(options);
  const relay = relayTemplate(options);
  const eng = currentEngine();
  const job = { id: ++jobIds, bytes, sentTo: -1, remaining: timeout };
  const budget = onlineBudget(fetchTimeout);
  const fetched = [];
  try {
    // Pinned documents are read by verifier-full only (the small module stays within its budget).
    const small = options?.documents != null
      ? { needsFull: true }
      : await run(eng, job, false, encoded, options, fetched, budget, relay);
    if (small.timedOut) return timeLimitReport(timeout);
    if (small.stopped) return crashReport(small.stopped);
    if (!small.needsFull) return relayNoted(small.report, relay, fetched);
    let loaded;
    try {
      loaded = await eng.call(job, { op: "loadFull" }, timeout, false);
    } catch {
      loaded = null;
    }
    if (!loaded || loaded.timedOut || loaded.stopped) {
      if (small.report) return small.report;
      if (options?.documents != null) return crashReport("the verifier-full module, which reads pinned documents, could not be loaded");
      // The badge went straight to verifier-full (its suite), which could not be loaded: the
      // small module's report says what it could not check and why.
      const fallback = await run(eng, job, false, encoded, options, fetched, budget, relay, false);
      if (fallback.timedOut) return timeLimitReport(timeout);
      if (fallback.stopped) return crashReport(fallback.stopped);
      return relayNoted(fallback.report, relay, fetched);
    }
    const full = await run(eng, job, true, encoded, options, fetched, budget, relay);
    if (full.timedOut) return timeLimitReport(timeout);
    if (full.stopped) return crashReport(full.stopped);
    return relayNoted(full.report, relay, fetched);
  } finally {
    budget.end();
    eng.forget(job);
  }
}

/**
 * Verifies with one module: offline, or in rounds with options.fetch.
 * `fetched` collects the fetched documents (and is reused by a second run).
 * Stops early when the module needs verifier-full (the report's `needs`; with
 * `sniff`, the small module's worker says so before its pass for a badge that
 * names a suite only verifier-full checks), or when the time budget ran out.
 */
async function run(eng, job, full, encoded, options, fetched, budget, relay, sniff = true) {
  if (typeof options?.fetch !== "function") {
    return eng.call(job, { op: "verify", full, sniff, encoded, fetched: null, last: true }, job.remaining, true);
  }
  const allowHttpLocalhost = options.allowHttpLocalhost === true;
  let limits = null; // the module's bounds (maxRounds, maxPayloadBytes), from its first step
  for (let round = 0; ; round++) {
    const last = (limits !== null && round + 1 >= limits.maxRounds) || budget.spent;
    const step = await eng.call(job, { op: "verify", full, sniff, encoded, fetched: JSON.stringify(fetched), last }, job.remaining, true);
    if (step.timedOut || step.stopped || step.needsFull) return step;
    limits ??= step.limits;
    const fresh = step.needs.filter((url) => !fetched.some((f) => f.url === url));
    if (fresh.length === 0 || last || round + 1 >= limits.maxRounds) return step;
    budget.start();
    fetched.push(...(await Promise.all(fresh.map((url) => fetchOne(options.fetch, url, allowHttpLocalhost, budget, limits.maxPayloadBytes, relay)))));
  }
}

/**
 * The report, saying in its warnings and in `relay` (the relay's host) that
 * its online documents were asked for through the site's relay, when any was.
 */
function relayNoted(report, relay, fetched) {
  if (relay === null || fetched.length === 0 || !report) return report;
  const host = new URL(relay.replace("{url}", "x")).host;
  const n = fetched.length;
  const warning = `${n === 1 ? "The online document was" : `The ${n} online documents were`} fetched through ${host}, a relay this site chose, because some issuers' servers do not let web pages read them. The relay sees which documents were asked for; the signatures are checked here all the same.`;
  return { ...report, relay: host, warnings: [...(report.warnings ?? []), warning] };
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
 * @param {Uint8Array | ArrayBuffer | string | Blob} input
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

/**
 * The verifier module's limits (its limits() export: maxPayloadBytes,
 * maxInputBytes, ...), from the page's verifier worker (in Node, and where no
 * worker runs, from the module loaded in this thread). The page
 * bounds what it reads itself (a verification link's credential, a fetched
 * badge) by these, never by a copy.
 * @returns {Promise<Record<string, number>>}
 */
export async function moduleLimits() {
  // Asked of the page's verifier worker, which has the module loaded already (or loads it
  // for the check that follows): the page does not compile the module a second time.
  const eng = currentEngine();
  const job = { id: ++jobIds, bytes: new Uint8Array(0), sentTo: -1, remaining: DEFAULT_TIMEOUT_MS };
  try {
    const answer = await eng.call(job, { op: "limits" }, DEFAULT_TIMEOUT_MS, false);
    if (answer && !answer.timedOut && !answer.stopped) return answer;
  } catch {
    // the worker failed on this step: read the module here instead
  } finally {
    eng.forget(job);
  }
  await load();
  return JSON.parse(wasm.limits());
}

/**
 * Fetches the badge file (a baked image or a credential) a verification link
 * names (#url=...): https only, without cookies or referrer, at most
 * `maxBytes` bytes (the module's maxInputBytes), within `timeout` ms.
 * Resolves to { bytes } or { failed: why }, worded as for the documents of
 * online checks: a server that does not let web pages read it (no CORS
 * header), one that cannot be reached, too slow, too large, or answering
 * with an HTTP error.
 * @param {string} url
 * @param {{ fetch?: typeof fetch, maxBytes: number, timeout?: number }} options
 * @returns {Promise<{ bytes: Uint8Array } | { failed: string }>}
 */
export async function fetchBadgeFile(url, { fetch: fetchFn = globalThis.fetch, maxBytes, timeout = DEFAULT_FETCH_TIMEOUT_MS } = {}) {
  if (!fetchable(url, false)) return { failed: `${url} is not an https URL: only https addresses are fetched` };
  const budget = onlineBudget(milliseconds("timeout", timeout));
  budget.start();
  const tooLarge = { failed: `${url} is larger than ${maxBytes} bytes, the most a badge file may have` };
  const work = (async () => {
    let response;
    try {
      response = await fetchFn(url, { credentials: "omit", redirect: "follow", referrerPolicy: "no-referrer", signal: budget.signal });
    } catch (e) {
      const why = budget.spent ? tooLate(url, budget) : await whyNoAnswer(fetchFn, url, url, budget, e);
      return { failed: why.failed.replace("the issuer's server does not", "the server does not") };
    }
    if (!response.ok) return { failed: `${url} answered with HTTP ${response.status}: the address may be wrong, or the file was taken down` };
    if (Number(response.headers?.get?.("content-length") ?? 0) > maxBytes) return tooLarge;
    const bytes = await readAtMost(response.body, maxBytes);
    return bytes === null ? tooLarge : { bytes };
  })().catch((e) => (budget.spent ? tooLate(url, budget) : { failed: `${url} could not be read: ${e?.message ?? e}` }));
  try {
    return await Promise.race([work, budget.expired.then(() => tooLate(url, budget))]).then((r) => ("bytes" in r ? r : { failed: r.failed }));
  } finally {
    budget.end();
  }
}
