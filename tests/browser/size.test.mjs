// The verifier module's byte budget is 250 KB gzipped (aim: 150 KB). The budget is not
// met yet (see web/README.md, "Sizes"): this test prints how far over it is, and fails
// the run when the module grows past a hard ceiling, so that nothing makes it worse
// while the remaining work (an XML reader smaller than roxmltree, a browser JSON-LD path
// without oxjsonld) is done. When the budget is met, CEILING becomes BUDGET.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { gzipSync } from "node:zlib";
import { ROOT, ensureBuilt } from "./helpers.mjs";

const BUDGET = 250_000;
const CEILING = 295_000;

test("the verifier .wasm stays under its size ceiling (budget status printed)", () => {
  ensureBuilt();
  const gzipped = {};
  for (const name of ["verifier", "issuer"]) {
    const bytes = readFileSync(join(ROOT, "web", "pkg", name, "kiln_wasm_bg.wasm"));
    const gz = gzipSync(bytes, { level: 9 }).length;
    gzipped[name] = gz;
    console.log(`${name}.wasm: ${bytes.length} bytes raw, ${gz} bytes gzipped (${(gz / 1000).toFixed(1)} KB)`);
  }
  const over = gzipped.verifier - BUDGET;
  console.log(over > 0
    ? `verifier.wasm is OVER its ${BUDGET}-byte budget by ${over} bytes`
    : `verifier.wasm is within its ${BUDGET}-byte budget (${-over} bytes to spare)`);
  assert.ok(gzipped.verifier <= CEILING,
    `verifier.wasm is ${gzipped.verifier} bytes gzipped, over the ${CEILING}-byte ceiling`);
});
