// One verification step with a loaded verifier module, the same in the page
// (lib/verifier.js without a worker, and in Node) and in the worker
// (lib/verify-worker.js): a report offline, or one round of online checks.

/**
 * @param {object} mod a loaded kiln_wasm module (verifier or verifier-full)
 * @param {Uint8Array} bytes the badge
 * @param {{ encoded: string, fetched: string | null, last: boolean }} step
 *   `fetched` null: offline; otherwise the JSON text of the documents fetched
 *   so far, and `last` says whether this is the last round.
 * @returns {{ report: object, needs: string[], needsFull: boolean, limits?: object }}
 *   `needs`: the URLs the next round should fetch; `needsFull`: the report
 *   names something this module left out (`report.needs`, such as
 *   "json-ld-full", "rs256" or "es256"), which verifier-full has. Online,
 *   `limits` is the module's bounds (its limits() export: maxRounds,
 *   maxPayloadBytes, ...), which the rounds around this step keep to.
 */
export function verifyStep(mod, bytes, { encoded, fetched, last }) {
  if (fetched === null || fetched === undefined) {
    const report = JSON.parse(mod.verifyReport(bytes, encoded));
    return { report, needs: [], needsFull: needsFull(report) };
  }
  const { report, needs } = JSON.parse(mod.verifyRound(bytes, encoded, fetched, last === true));
  const limits = JSON.parse(mod.limits());
  return { report, needs: Array.isArray(needs) ? needs : [], needsFull: needsFull(report), limits };
}

/** The English catalog's text by URL, read once (null when it cannot be read). */
const catalogs = new Map();

/** The text at `url` (http(s), or a file in Node); null when it cannot be read. */
function readText(url) {
  if (url.protocol === "file:") {
    const fs = globalThis.process?.getBuiltinModule?.("node:fs");
    if (!fs) return Promise.resolve(null);
    return fs.promises.readFile(url, "utf8").catch(() => null);
  }
  return fetch(url).then((r) => (r.ok ? r.text() : null), () => null);
}

/**
 * Gives a loaded verifier module the report's English sentences: the text of
 * lib/i18n/messages.en.json at `url` (its setMessages export). The modules do
 * not carry the sentences themselves; the pages load the same catalog for
 * their own. When it cannot be read, the report's English sentences are its
 * message ids, and nothing else changes.
 * The catalog is read while the module loads: `ready` is its init promise.
 * @param {object} mod a kiln_wasm module (verifier or verifier-full)
 * @param {URL} url
 * @param {Promise<unknown>} ready
 */
export async function giveEnglish(mod, url, ready) {
  if (!catalogs.has(url.href)) catalogs.set(url.href, readText(url));
  const [text] = await Promise.all([catalogs.get(url.href), ready]);
  if (text !== null && typeof mod.setMessages === "function") mod.setMessages(text);
}

/** Whether the report says a check needed something this module left out. */
function needsFull(report) {
  return Array.isArray(report?.needs) && report.needs.length > 0;
}

/**
 * Suites only verifier-full checks (the small module's report would say so
 * in `needs` after a whole pass): their names, as bytes. A badge that names
 * one anywhere in its bytes goes to verifier-full at once, which saves the
 * small module's pass and starts the bigger module's download sooner. A
 * false match (a description that quotes a suite's name) only costs that
 * download; a miss (a PNG whose credential chunk is compressed) takes the
 * usual path: the verdict is the same either way.
 */
const FULL_ONLY_SUITES = ["ecdsa-rdfc-2019", "ecdsa-jcs-2019", "ecdsa-sd-2023"].map((name) => new TextEncoder().encode(name));

/** Whether `bytes` name a suite only verifier-full checks (see FULL_ONLY_SUITES). */
export function namesFullOnlySuite(bytes) {
  // Every name starts with "ecdsa-": look for that, then the rest.
  const first = FULL_ONLY_SUITES[0];
  const prefix = 6; // "ecdsa-"
  for (let i = bytes.indexOf(first[0]); i >= 0 && i + prefix <= bytes.length; i = bytes.indexOf(first[0], i + 1)) {
    let j = 1;
    while (j < prefix && bytes[i + j] === first[j]) j++;
    if (j < prefix) continue;
    for (const name of FULL_ONLY_SUITES) {
      if (i + name.length > bytes.length) continue;
      let k = prefix;
      while (k < name.length && bytes[i + k] === name[k]) k++;
      if (k === name.length) return true;
    }
  }
  return false;
}

/** `eyJ`: the start of a compact JWS (base64url of `{"`, its header). */
const JWS_START = [0x65, 0x79, 0x4a];
/** What comes just before a JWS baked in a badge: the NUL ending a PNG iTXt chunk's header, a quote or `>` of an SVG attribute or element, `[` of a CDATA section. */
const BEFORE_JWS = new Set([0x00, 0x22, 0x27, 0x3e, 0x5b]);

/**
 * Whether `bytes` carry a credential signed as a compact JWS (a VC-JWT or an
 * Open Badges 2.0 signed assertion), which only verifier-full checks: the
 * JWS text itself, or `eyJ` right after what precedes a credential baked in
 * a PNG or SVG badge. Like namesFullOnlySuite, a false match only costs the
 * bigger module's download, and a miss takes the usual path.
 */
export function carriesJws(bytes) {
  let start = 0;
  while (start < bytes.length && (bytes[start] === 0x20 || bytes[start] === 0x09 || bytes[start] === 0x0a || bytes[start] === 0x0d)) start++;
  const at = (i) => bytes[i] === JWS_START[0] && bytes[i + 1] === JWS_START[1] && bytes[i + 2] === JWS_START[2];
  if (at(start)) return true;
  for (let i = bytes.indexOf(JWS_START[0], 1); i >= 0; i = bytes.indexOf(JWS_START[0], i + 1)) {
    if (BEFORE_JWS.has(bytes[i - 1]) && at(i)) return true;
  }
  return false;
}

/** Whether `bytes` need verifier-full by what they name or carry (namesFullOnlySuite, carriesJws). */
export function needsFullModule(bytes) {
  return namesFullOnlySuite(bytes) || carriesJws(bytes);
}
