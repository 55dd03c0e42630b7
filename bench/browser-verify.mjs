#!/usr/bin/env node
// Verification time in Chromium: the first badge after the page loaded (module
// fetch, compile and instantiate included) and warm (median of later runs); then
// the same badge opened as a verification link (/#c=...), which the page verifies
// as it loads: its verdict's time after navigation start and after the load event
// has no harness step in it.
//
//   node bench/browser-verify.mjs [--runs N] [--input FILE]
//
// Without --input it signs and bakes a PNG badge with the issuer module
// (eddsa-rdfc-2022) and also measures the eddsa-jcs-2022 one, then the
// benchmark credentials of the ECDSA suites (crates/kiln-core/benches/data:
// ecdsa-rdfc-2019, ecdsa-jcs-2019 and a derived ecdsa-sd-2023 proof, P-256),
// baked into the plain PNG. An ECDSA badge's first verdict includes loading
// verifier-full, which the small module's report asks for.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, badges, fixture, startAll } from "../tests/browser/helpers.mjs";

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const runs = Number(opt("--runs", "20"));
const inputs = [];
const DATA = join(ROOT, "crates", "kiln-core", "benches", "data");
const ECDSA_BENCH_FILES = [
  ["ecdsa-rdfc-2019", "ob30-typical-ecdsa-rdfc.json"],
  ["ecdsa-jcs-2019", "ob30-typical-ecdsa-jcs.json"],
  ["ecdsa-sd-2023 (derived)", "ob30-typical-ecdsa-sd-derived.json"],
];
if (opt("--input", null)) inputs.push([opt("--input"), new Uint8Array(readFileSync(opt("--input")))]);
else {
  try {
    inputs.push(["baked PNG, eddsa-rdfc-2022", (await badges()).files["valid.png"]]);
    const { makeBadgeSet } = await import("../web/demo/make-badges.mjs");
    const jcs = await makeBadgeSet({ png: fixture("plain.png"), svg: fixture("plain.svg"), suite: "eddsa-jcs-2022" });
    inputs.push(["baked PNG, eddsa-jcs-2022", jcs.files["valid.png"]]);
    const issuer = await import("../web/lib/issuer.js");
    await issuer.load(readFileSync(join(ROOT, "web", "pkg", "issuer", "kiln_wasm_bg.wasm")));
    for (const [suite, file] of ECDSA_BENCH_FILES) {
      const credential = readFileSync(join(DATA, file), "utf8");
      inputs.push([`baked PNG, ${suite}`, await issuer.bakeBadge(fixture("plain.png"), credential)]);
    }
  } catch (e) {
    console.log(`bench: no signed badge could be made (${e.message}); measuring an unbaked PNG (the error path)`);
    inputs.push(["unbaked PNG (error path)", fixture("plain.png")]);
  }
}

const env = await startAll();
try {
  for (const [label, bytes] of inputs) {
    const { page, requests } = await env.openReady("/");
    const result = await page.evaluate(
      async ({ data, runs }) => {
        const input = new Uint8Array(data);
        const t0 = performance.now();
        const { verifyBadge } = await import("/lib/verifier.js");
        const first = await verifyBadge(input);
        const firstMs = performance.now() - t0;
        // The same, counted from the page's load event (the page was opened just before).
        const nav = performance.getEntriesByType("navigation")[0];
        const sinceLoadMs = performance.now() - (nav?.loadEventEnd || 0);
        const times = [];
        for (let i = 0; i < runs; i++) {
          const t = performance.now();
          await verifyBadge(input);
          times.push(performance.now() - t);
        }
        times.sort((a, b) => a - b);
        return { verdict: first.verdict, firstMs, sinceLoadMs, warmMedianMs: times[Math.floor(times.length / 2)], warmMinMs: times[0] };
      },
      { data: Array.from(bytes), runs },
    );
    // The same badge opened as a verification link (/#c=...): the page reads it as it loads
    // and verifies at once, so the time to its verdict is the page's own, with no harness step
    // between the load event and the check. Measured on a new page in the same browser.
    const { makeLink } = await import("../web/lib/link.js");
    const { extractCredential, load: loadVerifier } = await import("../web/lib/verifier.js");
    await loadVerifier(readFileSync(join(ROOT, "web", "pkg", "verifier", "kiln_wasm_bg.wasm")));
    const link = await makeLink(extractCredential(bytes), `${env.origin}/`);
    const tab = await env.newPage();
    await tab.page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        const result = document.getElementById("result");
        if (result?.dataset.verdict) {
          window.kilnVerdictAt = performance.now();
          observer.disconnect();
        }
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-verdict"] });
    });
    await tab.page.goto(link);
    await tab.page.waitForFunction(() => window.kilnVerdictAt !== undefined, null, { timeout: 30000 });
    const viaLink = await tab.page.evaluate(() => ({
      verdict: document.getElementById("result").dataset.verdict,
      atMs: window.kilnVerdictAt,
      afterLoadMs: window.kilnVerdictAt - (performance.getEntriesByType("navigation")[0]?.loadEventEnd || 0),
    }));
    await tab.page.close();
    const full = requests.some((r) => r.url.endsWith("/pkg/verifier-full/kiln_wasm_bg.wasm"));
    console.log(
      `${label}: verdict ${result.verdict}; first after load ${result.firstMs.toFixed(1)} ms ` +
        `(${result.sinceLoadMs.toFixed(1)} ms after the load event${full ? "; verifier-full loaded" : ""}); ` +
        `warm median ${result.warmMedianMs.toFixed(2)} ms (min ${result.warmMinMs.toFixed(2)} ms, ${runs} runs); ` +
        `as a verification link: ${viaLink.verdict} ${viaLink.atMs.toFixed(1)} ms after navigation start ` +
        `(${viaLink.afterLoadMs.toFixed(1)} ms after the load event)`,
    );
    await page.close();
  }
} finally {
  await env.close();
}
