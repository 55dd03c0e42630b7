// The verifier module's byte budget: at most 250 KB gzipped (aim: 150 KB).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { gzipSync } from "node:zlib";
import { ROOT, ensureBuilt } from "./helpers.mjs";

const BUDGET = 250_000;

test("the verifier .wasm is at most 250 KB gzipped", () => {
  ensureBuilt();
  // Both sizes are printed before the verifier's is checked.
  const gzipped = {};
  for (const name of ["verifier", "issuer"]) {
    const bytes = readFileSync(join(ROOT, "web", "pkg", name, "kiln_wasm_bg.wasm"));
    const gz = gzipSync(bytes, { level: 9 }).length;
    gzipped[name] = gz;
    console.log(`${name}.wasm: ${bytes.length} bytes raw, ${gz} bytes gzipped (${(gz / 1000).toFixed(1)} KB)`);
  }
  assert.ok(gzipped.verifier <= BUDGET, `verifier.wasm is ${gzipped.verifier} bytes gzipped, over the ${BUDGET}-byte budget`);
});
