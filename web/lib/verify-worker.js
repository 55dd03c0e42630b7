// The verifier's Web Worker (a module worker started by lib/verifier.js, one
// per page): it loads the verifier WebAssembly module, and verifier-full when
// a credential needs it, and runs each verification step off the page's main
// thread. The page keeps the time budget: when a step runs too long it
// terminates this worker and starts a fresh one.
//
// Messages in:  { op: "verify", id, job, bytes?, encoded, fetched, last, full, sniff }
//               (bytes: a Uint8Array or a Blob, sent with the job's first step;
//               sniff: answer needsFull at once, with no report, for a badge
//               that names a suite only verifier-full checks)
//               { op: "loadFull", id, job }
//               { op: "limits", id, job }            (the small module's limits())
//               { op: "forget", job }             (drops the job's bytes)
// Messages out: { type: "ready" } or { type: "failed", message } once, then
//               { id, result } or { id, error: { name, message, code } }.
import init, * as small from "../pkg/verifier/kiln_wasm.js";
import { giveEnglish, needsFullModule, verifyStep } from "./verify-step.js";

/** The report's English sentences, beside this worker (see giveEnglish). */
const ENGLISH = new URL("./i18n/messages.en.json", import.meta.url);

/** The badge bytes of each job in progress, sent once per job. */
const jobs = new Map();
let full = null;

function loadFull() {
  full ??= import("../pkg/verifier-full/kiln_wasm.js").then(async (mod) => {
    await giveEnglish(mod, ENGLISH, mod.default());
    return mod;
  });
  full.catch(() => { full = null; });
  return full;
}

const describe = (e) => ({ name: String(e?.name ?? "Error"), message: String(e?.message ?? e), code: typeof e?.code === "string" ? e.code : undefined });

async function handle(data) {
  if (data.op === "forget") {
    jobs.delete(data.job);
    return;
  }
  if (data.bytes instanceof Uint8Array || data.bytes instanceof Blob) jobs.set(data.job, data.bytes);
  try {
    if (data.op === "loadFull") {
      await loadFull();
      postMessage({ id: data.id, result: {} });
      return;
    }
    if (data.op === "limits") {
      postMessage({ id: data.id, result: JSON.parse(small.limits()) });
      return;
    }
    if (data.op !== "verify") throw new Error(`unknown request ${String(data.op)}`);
    let bytes = jobs.get(data.job);
    if (bytes === undefined) throw new Error("the verifier worker has no badge for this request");
    if (bytes instanceof Blob) {
      bytes = new Uint8Array(await bytes.arrayBuffer());
      if (jobs.has(data.job)) jobs.set(data.job, bytes);
    }
    if (!data.full && data.sniff && needsFullModule(bytes)) {
      // Straight to verifier-full: its download starts now.
      loadFull().catch(() => {});
      postMessage({ id: data.id, result: { report: null, needs: [], needsFull: true } });
      return;
    }
    const mod = data.full ? await loadFull() : small;
    postMessage({ id: data.id, result: verifyStep(mod, bytes, data) });
  } catch (e) {
    postMessage({ id: data.id, error: describe(e) });
  }
}

giveEnglish(small, ENGLISH, init()).then(
  () => {
    self.onmessage = ({ data }) => handle(data);
    postMessage({ type: "ready" });
  },
  (e) => postMessage({ type: "failed", message: `the verifier module could not be loaded: ${describe(e).message}` }),
);
