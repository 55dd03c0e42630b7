// The verifier module's byte budget: 200,000 bytes gzipped at level 9, as the issue
// sets it (aim: 150,000; README "What would take it to 150,000" names the next
// savings). It was 244,958 when the budget was lowered from 250,000; the savings so
// far (fewer copies of the standard library's sort and B-tree code) left it above
// 200,000, so until more come the run fails above a ceiling set just above today's
// size, so that nothing grows meanwhile, and prints the distance to the budget. The
// ceiling was 231,500 (230,688 after those savings); the report's message ids and
// parameters (every sentence from one table, for the pages' languages) added 6,592
// bytes (237,280), and the ceiling was 238,000. Reading SVG badges with Kiln's own
// XML reader instead of roxmltree took 10,137 bytes off (227,143): it was 228,000.
// SHA-2's compact rounds in the wasm build, wasm-opt's --low-memory-unused (and
// --flatten --rereloop for this module) and JSON values written without their
// Display took 5,469 bytes off (227,884 -> 222,415); the report's English sentences,
// given at load from lib/i18n/messages.en.json instead of carried, 4,341 more
// (-> 218,074): it was 219,000. The module's own declarations of the JavaScript
// built-ins it calls instead of js-sys, IP addresses written by Kiln, the report's
// JSON built without serde's value serializer, one sort and one join fewer took
// 4,929 more (-> 213,145): it was 214,000, then 206,000 (205,789 with the
// one-expansion signed view). ed25519-dalek without std, JSON written with ryu-js's
// float writer instead of serde_json's, and numbers beyond serde_json's exact fast
// path left to verifier-full (kiln-core's `exact-floats`) took 10,204 off
// (-> 195,585): the module is within its budget, and the ceiling is the budget.
// The other modules are printed for the record: verifier-full is loaded only for a
// credential beyond the small module (its report's `needs`), issuer only on the
// issuer page.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { gzipSync } from "node:zlib";
import { ROOT, ensureBuilt } from "./helpers.mjs";

const BUDGET = 200_000;
const CEILING = 200_000;

test("the verifier .wasm stays under its ceiling (budget 200,000 bytes gzipped)", () => {
  ensureBuilt();
  const gzipped = {};
  for (const name of ["verifier", "verifier-full", "issuer"]) {
    const bytes = readFileSync(join(ROOT, "web", "pkg", name, "kiln_wasm_bg.wasm"));
    const gz = gzipSync(bytes, { level: 9 }).length;
    gzipped[name] = gz;
    console.log(`${name}.wasm: ${bytes.length} bytes raw, ${gz} bytes gzipped (${(gz / 1000).toFixed(1)} KB)`);
  }
  const distance = BUDGET - gzipped.verifier;
  console.log(distance >= 0
    ? `verifier.wasm: ${distance} bytes under its ${BUDGET}-byte budget`
    : `verifier.wasm: ${-distance} bytes OVER its ${BUDGET}-byte budget`);
  assert.ok(gzipped.verifier <= CEILING,
    `verifier.wasm is ${gzipped.verifier} bytes gzipped, over its ${BUDGET}-byte budget and the ${CEILING}-byte ceiling`);
});
