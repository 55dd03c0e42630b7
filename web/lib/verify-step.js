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

/** Whether the report says a check needed something this module left out. */
function needsFull(report) {
  return Array.isArray(report?.needs) && report.needs.length > 0;
}
