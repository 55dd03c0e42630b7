#!/usr/bin/env node
// Verification time in Chromium: the first badge after the page loaded (module
// fetch, compile and instantiate included) and warm (median of later runs).
//
//   node bench/browser-verify.mjs [--runs N] [--input FILE]
//
// Without --input it signs and bakes a PNG badge with the issuer module
// (eddsa-rdfc-2022) and also measures the eddsa-jcs-2022 one.
import { readFileSync } from "node:fs";
import { badges, fixture, startAll } from "../tests/browser/helpers.mjs";

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const runs = Number(opt("--runs", "20"));
const inputs = [];
if (opt("--input", null)) inputs.push([opt("--input"), new Uint8Array(readFileSync(opt("--input")))]);
else {
  try {
    inputs.push(["baked PNG, eddsa-rdfc-2022", (await badges()).files["valid.png"]]);
    const { makeBadgeSet } = await import("../web/demo/make-badges.mjs");
    const jcs = await makeBadgeSet({ png: fixture("plain.png"), svg: fixture("plain.svg"), suite: "eddsa-jcs-2022" });
    inputs.push(["baked PNG, eddsa-jcs-2022", jcs.files["valid.png"]]);
  } catch (e) {
    console.log(`bench: no signed badge could be made (${e.message}); measuring an unbaked PNG (the error path)`);
    inputs.push(["unbaked PNG (error path)", fixture("plain.png")]);
  }
}

const env = await startAll();
try {
  for (const [label, bytes] of inputs) {
    const { page } = await env.openReady("/");
    const result = await page.evaluate(
      async ({ data, runs }) => {
        const input = new Uint8Array(data);
        const t0 = performance.now();
        const { verifyBadge } = await import("/lib/verifier.js");
        const first = await verifyBadge(input);
        const firstMs = performance.now() - t0;
        const times = [];
        for (let i = 0; i < runs; i++) {
          const t = performance.now();
          await verifyBadge(input);
          times.push(performance.now() - t);
        }
        times.sort((a, b) => a - b);
        return { verdict: first.verdict, firstMs, warmMedianMs: times[Math.floor(times.length / 2)], warmMinMs: times[0] };
      },
      { data: Array.from(bytes), runs },
    );
    console.log(
      `${label}: verdict ${result.verdict}; first after load ${result.firstMs.toFixed(1)} ms; ` +
        `warm median ${result.warmMedianMs.toFixed(2)} ms (min ${result.warmMinMs.toFixed(2)} ms, ${runs} runs)`,
    );
    await page.close();
  }
} finally {
  await env.close();
}
