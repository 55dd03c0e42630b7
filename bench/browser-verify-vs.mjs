#!/usr/bin/env node
// Kiln and digitalbazaar's JavaScript verifier side by side in one Chromium page, warm, for
// eddsa-rdfc-2022, eddsa-jcs-2022 and Ed25519Signature2020: the same credential for both.
//
//   node bench/browser-verify-vs.mjs [--runs N] [--batch K] [--warm W] [--module DIR] [--profile]
//
// - Kiln (a), like for like: the verifier module (web/pkg/verifier) called on the page's main
//   thread, its verifyReport export on the credential's JSON bytes, the report (with its English
//   sentences: the module is given lib/i18n/messages.en.json first, as the verifier API does)
//   parsed back into an object. This is the figure the ratio is taken from.
// - Kiln (b): verifyBadge (web/lib/verifier.js) on the badge baked into a PNG, through the
//   page's verifier worker, as the verify page and the <kiln-badge> widget do it: it adds
//   reading the PNG, the worker's messages and the time budget around the check.
// - digitalbazaar: @digitalbazaar/vc verifyCredential with the suite of the proof
//   (DataIntegrityProof + eddsa-rdfc-2022-cryptosuite or eddsa-jcs-2022-cryptosuite,
//   Ed25519Signature2020), bundled for the browser with esbuild at run time (the packages'
//   "browser" fields apply: Ed25519 through @noble/ed25519, SHA-2 through crypto.subtle), with a
//   document loader that serves Kiln's bundled contexts and resolves did:key, all in memory.
//
// The credentials: the benchmark's typical Open Badges 3.0 credential
// (crates/kiln-core/benches/data/ob30-typical-rdfc.json, its proof removed), signed with Kiln's
// issuer module (eddsa-rdfc-2022, eddsa-jcs-2022) and with digitalbazaar's Ed25519Signature2020
// in Node (its context added to the credential's). Both sides must say valid, at every run, or
// the bench fails.
//
// Each side first runs W times untimed (warm: contexts processed, code compiled); then N rounds,
// each timing K verifications in a row per side (Chromium's clock is coarse, 0.1 ms, for a page
// that is not cross-origin isolated), the three sides in turn and their order rotated from one
// round to the next, so that all see the same load of a shared machine. Prints median and
// minimum ms per verification, and the ratio digitalbazaar / Kiln of the medians.
//
// --also DIR: one more side, like (a) with the module in DIR, timed in the same rounds.
// --module DIR: Kiln (a) uses another build of the verifier module (kiln_wasm.js and
// kiln_wasm_bg.wasm in DIR, as wasm-bindgen --target web writes them), to compare builds; (b)
// keeps web/pkg/verifier. --profile: then runs Kiln (a) under Chromium's sampling profiler
// (50 µs) and prints where its time goes, by function and by part (curve arithmetic, SHA-2,
// JSON, JSON-LD, canonicalization, allocator, JavaScript glue). Function names need a module
// that kept its name section: build it as web/build.mjs does, but with wasm-opt -g and without
// --strip-debug.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { ROOT, fixture, startAll } from "../tests/browser/helpers.mjs";

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback;
};
const runs = opt("--runs", 30);
const batch = opt("--batch", 5);
const warm = opt("--warm", 10);
const moduleDir = args.includes("--module") ? args[args.indexOf("--module") + 1] : null;
const alsoDir = args.includes("--also") ? args[args.indexOf("--also") + 1] : null;
const profile = args.includes("--profile");

/**
 * The parts of a verification, tried in this order on each sample's stack (innermost frame
 * first): a sample counts for the first part any of its frames matches.
 */
const PARTS = [
  ["Ed25519 (curve arithmetic, SHA-512 of R, A, M)", /curve25519_dalek|ed25519_dalek/],
  ["RDFC-1.0 canonicalization", /jsonld::canon/],
  ["JSON-LD safe-mode check", /jsonld::safe/],
  ["JSON-LD to RDF (contexts, expansion)", /kiln_core::jsonld|oxrdf/],
  ["JCS", /kiln_core::jcs/],
  ["SHA-256 (hash of document and proof options)", /sha2::/],
  ["JSON parse / write", /serde_json|json_compact|credential::json/],
  ["multibase, did:key", /bs58|multibase|kiln_core::key/],
  ["report and checks", /kiln_core::verify/],
  ["allocator, memcpy", /dlmalloc|alloc::|memcpy|memmove|memset/],
];

/** Whether a profile frame is in a WebAssembly module (not the JavaScript around it). */
const inWasm = (frame) => frame.url.startsWith("wasm://") || frame.url.endsWith(".wasm");

function printProfile(suite, profile, n) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map();
  const parts = new Map();
  const kiln = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000; // ms: the time until the next sample
    const leaf = byId.get(id);
    const name = leaf.callFrame.functionName || "(anonymous)";
    if (name === "(idle)" || name === "(program)") return;
    total += dt;
    const where = inWasm(leaf.callFrame) ? name : `${name} (JS${leaf.callFrame.url ? ` ${leaf.callFrame.url.split("/").pop()}` : ""})`;
    self.set(where, (self.get(where) ?? 0) + dt);
    const stack = [];
    for (let node = leaf; node; node = byId.get(parent.get(node.id))) stack.push(node.callFrame);
    let part = PARTS.find(([, re]) => stack.some((f) => inWasm(f) && re.test(f.functionName)))?.[0];
    if (part === undefined) {
      if (name === "(garbage collector)") part = "JavaScript garbage collector";
      else if (!inWasm(leaf.callFrame)) part = "JavaScript (glue, JSON.parse of the report)";
      else part = "other wasm";
    }
    parts.set(part, (parts.get(part) ?? 0) + dt);
    const own = stack.find((f) => inWasm(f) && f.functionName.startsWith("kiln_core::"))?.functionName.replace(/::h[0-9a-f]{16}$/, "") ?? "(outside kiln_core)";
    kiln.set(own, (kiln.get(own) ?? 0) + dt);
  });
  const line = ([name, ms]) => `  ${(ms / n).toFixed(4)} ms  ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${name}`;
  console.log(`\nprofile, Kiln (a), ${suite}: ${n} verifications, ${(total / n).toFixed(3)} ms each in samples; by part:`);
  for (const entry of [...parts].sort((a, b) => b[1] - a[1])) console.log(line(entry));
  console.log("by the innermost kiln_core function on the stack (with the library code it calls), top 15:");
  for (const entry of [...kiln].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(line(entry));
  console.log("by function (self time, top 25):");
  for (const entry of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(line(entry));
}
for (const [name, n] of [["--runs", runs], ["--batch", batch], ["--warm", warm]]) {
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number above 0`);
}

// The credentials.
const unsigned = JSON.parse(readFileSync(join(ROOT, "crates", "kiln-core", "benches", "data", "ob30-typical-rdfc.json"), "utf8"));
delete unsigned.proof;

const issuer = await import("../web/lib/issuer.js");
await issuer.load(readFileSync(join(ROOT, "web", "pkg", "issuer", "kiln_wasm_bg.wasm")));
const key = await issuer.generateKey();
const issued = (controller) => ({ ...structuredClone(unsigned), issuer: { ...unsigned.issuer, id: controller } });
const credentials = [];
for (const suite of ["eddsa-rdfc-2022", "eddsa-jcs-2022"]) {
  const signed = await issuer.signCredential(issued(key.controller), key, { suite, created: "2026-12-01T00:00:00Z" });
  credentials.push([suite, signed]);
}
{
  const vc = await import("@digitalbazaar/vc");
  const { Ed25519Signature2020 } = await import("@digitalbazaar/ed25519-signature-2020");
  const { Ed25519VerificationKey2020 } = await import("@digitalbazaar/ed25519-verification-key-2020");
  const { documentLoader } = await import("../tests/interop/lib.mjs");
  const dbKey = await Ed25519VerificationKey2020.generate();
  dbKey.controller = `did:key:${dbKey.fingerprint()}`;
  dbKey.id = `${dbKey.controller}#${dbKey.fingerprint()}`;
  const credential = issued(dbKey.controller);
  credential["@context"] = [...credential["@context"], "https://w3id.org/security/suites/ed25519-2020/v1"];
  const signed = await vc.issue({ credential, suite: new Ed25519Signature2020({ key: dbKey }), documentLoader });
  credentials.push(["Ed25519Signature2020", signed]);
}
const cases = [];
for (const [suite, credential] of credentials) {
  const json = JSON.stringify(credential);
  cases.push({ suite, json, png: Array.from(await issuer.bakeBadge(fixture("plain.png"), credential)) });
}

// digitalbazaar's verifier, bundled for the browser.
const contextDir = join(ROOT, "crates", "kiln-core", "contexts");
const contexts = Object.fromEntries(
  Object.entries(JSON.parse(readFileSync(join(contextDir, "index.json"), "utf8")))
    .map(([url, file]) => [url, JSON.parse(readFileSync(join(contextDir, file), "utf8"))]),
);
const ENTRY = `
import * as vc from "@digitalbazaar/vc";
import {DataIntegrityProof} from "@digitalbazaar/data-integrity";
import {cryptosuite as rdfc} from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import {createVerifyCryptosuite as jcs} from "@digitalbazaar/eddsa-jcs-2022-cryptosuite";
import {Ed25519Signature2020} from "@digitalbazaar/ed25519-signature-2020";
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";

const SUITES = {
  "eddsa-rdfc-2022": () => new DataIntegrityProof({cryptosuite: rdfc}),
  "eddsa-jcs-2022": () => new DataIntegrityProof({cryptosuite: jcs()}),
  "Ed25519Signature2020": () => new Ed25519Signature2020(),
};

/** Bundled contexts (the same files Kiln bundles) and did:key (Ed25519), never fetched. */
function loader(contexts) {
  return async function documentLoader(url) {
    if (Object.hasOwn(contexts, url)) return {contextUrl: null, documentUrl: url, document: contexts[url]};
    if (!url.startsWith("did:key:z6Mk")) throw new Error("offline loader: " + url + " is not available");
    const [did, fragment] = url.split("#");
    const multibase = did.slice("did:key:".length);
    const vmId = did + "#" + multibase;
    const key = await Ed25519Multikey.from({
      "@context": "https://w3id.org/security/multikey/v1",
      type: "Multikey", id: vmId, controller: did, publicKeyMultibase: multibase,
    });
    const vm = await key.export({publicKey: true, includeContext: true});
    const document = fragment ? vm : {
      "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
      id: did,
      verificationMethod: [{...vm, "@context": undefined}],
      assertionMethod: [vmId],
      authentication: [vmId],
    };
    return {contextUrl: null, documentUrl: url, document};
  };
}

/** A verify(credential) for one suite: resolves to verifyCredential's result. */
export function verifier(suiteName, contexts) {
  const suite = SUITES[suiteName]();
  const documentLoader = loader(contexts);
  return (credential) => vc.verifyCredential({credential, suite, documentLoader});
}
`;
const dir = mkdtempSync(join(tmpdir(), "kiln-bench-vs-"));
try {
  await esbuild.build({
    stdin: { contents: ENTRY, resolveDir: ROOT, sourcefile: "digitalbazaar-entry.js", loader: "js" },
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    define: { global: "globalThis", "process.env.NODE_ENV": '"production"' },
    outfile: join(dir, "digitalbazaar.js"),
    logLevel: "warning",
  });
  writeFileSync(join(dir, "contexts.json"), JSON.stringify(contexts));
  writeFileSync(join(dir, "index.html"), '<!doctype html><html lang="en"><meta charset="utf-8"><title>bench</title><p>bench</p></html>\n');

  const env = await startAll({ "/bench-vs/": dir, ...(moduleDir ? { "/bench-module/": moduleDir } : {}), ...(alsoDir ? { "/bench-also/": alsoDir } : {}) });
  try {
    const { page, errors } = await env.newPage();
    await page.goto(`${env.origin}/bench-vs/`);
    const results = await page.evaluate(
      async ({ cases, runs, batch, warm, moduleBase, also }) => {
        const contexts = await (await fetch("/bench-vs/contexts.json")).json();
        const db = await import("/bench-vs/digitalbazaar.js");
        const lib = await import("/lib/verifier.js");
        const wasm = await import(`${moduleBase}kiln_wasm.js`);
        await wasm.default();
        // The report's English sentences, as the verifier API gives them to the module (a build
        // that carries them has no setMessages): the module still writes every sentence.
        const english = await (await fetch("/lib/i18n/messages.en.json")).text();
        wasm.setMessages?.(english);
        const other = also ? await import("/bench-also/kiln_wasm.js") : null;
        if (other) await other.default();
        other?.setMessages?.(english);
        await lib.prepare();
        const out = [];
        for (const c of cases) {
          const bytes = new TextEncoder().encode(c.json);
          const png = new Uint8Array(c.png);
          const credential = JSON.parse(c.json);
          const verifyDb = db.verifier(c.suite, contexts);
          const fail = (who, what) => { throw new Error(`${c.suite}: ${who} did not say valid: ${JSON.stringify(what).slice(0, 1500)}`); };
          const sides = {
            kilnMain: async () => {
              const report = JSON.parse(wasm.verifyReport(bytes, ""));
              if (report.verdict !== "verified") fail("Kiln (main thread)", report);
            },
            kilnWorker: async () => {
              const report = await lib.verifyBadge(png);
              if (report.verdict !== "verified") fail("Kiln (verifyBadge)", report);
            },
            ...(other ? {
              kilnAlso: async () => {
                const report = JSON.parse(other.verifyReport(bytes, ""));
                if (report.verdict !== "verified") fail("Kiln (--also module)", report);
              },
            } : {}),
            digitalbazaar: async () => {
              const result = await verifyDb(credential);
              if (result.verified !== true) fail("digitalbazaar", result.error ?? result);
            },
          };
          const names = Object.keys(sides);
          for (const name of names) for (let i = 0; i < warm; i++) await sides[name]();
          const times = Object.fromEntries(names.map((n) => [n, []]));
          for (let round = 0; round < runs; round++) {
            for (let k = 0; k < names.length; k++) {
              const name = names[(round + k) % names.length];
              const t = performance.now();
              for (let i = 0; i < batch; i++) await sides[name]();
              times[name].push((performance.now() - t) / batch);
            }
          }
          const stats = {};
          for (const name of names) {
            const s = times[name].sort((a, b) => a - b);
            stats[name] = { median: s[Math.floor(s.length / 2)], min: s[0] };
          }
          out.push({ suite: c.suite, stats });
        }
        return out;
      },
      { cases, runs, batch, warm, moduleBase: moduleDir ? "/bench-module/" : "/pkg/verifier/", also: alsoDir !== null },
    );
    if (errors.length > 0) throw new Error(`page errors: ${errors.join("; ")}`);
    const version = await page.evaluate(() => navigator.userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? navigator.userAgent);
    const ms = (x) => `${x.toFixed(3)} ms`;
    console.log(`${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${version}, ` +
      `load average ${loadavg().map((x) => x.toFixed(1)).join(" ")}; ${runs} rounds of ${batch} verifications per side ` +
      `after ${warm} untimed, interleaved; ms per verification, median (min)`);
    console.log("| suite | Kiln (a): module, main thread, JSON | Kiln (b): verifyBadge, worker, PNG | digitalbazaar | ratio digitalbazaar / Kiln (a) | ratio / Kiln (b) |");
    console.log("|---|---:|---:|---:|---:|---:|");
    for (const { suite, stats } of results) {
      const { kilnMain: a, kilnWorker: b, digitalbazaar: d } = stats;
      console.log(`| ${suite} | ${ms(a.median)} (${ms(a.min)}) | ${ms(b.median)} (${ms(b.min)}) | ${ms(d.median)} (${ms(d.min)}) | ` +
        `${(d.median / a.median).toFixed(1)} | ${(d.median / b.median).toFixed(1)} |`);
      if (stats.kilnAlso) {
        const o = stats.kilnAlso;
        console.log(`|   the --also module (${alsoDir}), like (a) | ${ms(o.median)} (${ms(o.min)}) | | | ${(d.median / o.median).toFixed(1)} | |`);
      }
    }
    if (profile) {
      const session = await env.context.newCDPSession(page);
      await session.send("Profiler.enable");
      await session.send("Profiler.setSamplingInterval", { interval: 50 });
      const n = Math.max(200, runs * batch);
      for (const c of cases) {
        await session.send("Profiler.start");
        await page.evaluate(
          async ({ json, n, moduleBase }) => {
            const wasm = await import(`${moduleBase}kiln_wasm.js`); // initialised above
            const bytes = new TextEncoder().encode(json);
            for (let i = 0; i < n; i++) JSON.parse(wasm.verifyReport(bytes, ""));
          },
          { json: c.json, n, moduleBase: moduleDir ? "/bench-module/" : "/pkg/verifier/" },
        );
        const { profile: p } = await session.send("Profiler.stop");
        printProfile(c.suite, p, n);
      }
    }
    await page.close();
  } finally {
    await env.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

