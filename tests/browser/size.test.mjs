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
  for (const name of ["verifier", "issuer"]) {
    const bytes = readFileSync(join(ROOT, "web", "pkg", name, "kiln_wasm_bg.wasm"));
    const gz = gzipSync(bytes, { level: 9 }).length;
    console.log(`${name}.wasm: ${bytes.length} bytes raw, ${gz} bytes gzipped (${(gz / 1000).toFixed(1)} KB)`);
    if (name === "verifier") assert.ok(gz <= BUDGET, `verifier.wasm is ${gz} bytes gzipped, over the ${BUDGET}-byte budget`);
  }
});
