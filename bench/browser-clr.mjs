#!/usr/bin/env node
// CLR records and portfolios on the verify page in Chromium, from the drop to
// the full report on screen:
//  - a CLR of 100 nested credentials (two issuers: College A signs with
//    eddsa-rdfc-2022, College B with eddsa-jcs-2022; the record itself
//    eddsa-rdfc-2022), cold (a fresh page: module fetch, compile and the
//    verifier-full download included) and warm (median of later drops);
//  - 20 badges dropped at once (mixed suites, every fifth baked into a PNG),
//    cold and warm, until every line shows its verdict;
//  - the longest pause of the page's main thread meanwhile (a 10 ms timer's
//    largest gap): the page stays responsive while the worker verifies.
//
//   cargo build -p kiln-cli && node bench/browser-clr.mjs [--runs N]
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startAll } from "../tests/browser/helpers.mjs";
import { achievement, bakePng, clr, courses, keygen } from "../tests/browser/clr-make.mjs";

const args = process.argv.slice(2);
const i = args.indexOf("--runs");
const runs = i >= 0 ? Number(args[i + 1]) : 10;

const work = mkdtempSync(join(tmpdir(), "kiln-bench-clr-"));
const keys = [keygen(work, "a.json"), keygen(work, "b.json")];
const registrar = keygen(work, "registrar.json");
let t = performance.now();
const files = courses(work, keys, 100);
const pathway = Array.from({ length: 99 }, (_, k) => ({ source: achievement(k + 1), relation: "precedes", target: achievement(k + 2) }));
const record = new TextEncoder().encode(clr(work, registrar, files, pathway));
console.log(`made a CLR of 100 credentials (${record.length} bytes) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
const twenty = files.slice(0, 20).map((path, k) => {
  const text = readFileSync(path, "utf8");
  return (k + 1) % 5 === 0
    ? { name: `course-${k + 1}.png`, type: "image/png", data: Array.from(bakePng(work, text, `baked-${k + 1}`)) }
    : { name: `course-${k + 1}.json`, type: "application/json", data: Array.from(new TextEncoder().encode(text)) };
});

/** In the page: drops `list` at once and resolves when `selector` matches, with the time taken and the longest main-thread pause. */
async function timeDrop(page, list, selector, reset) {
  return page.evaluate(async ({ list, selector, reset }) => {
    document.querySelector(reset)?.removeAttribute("data-verdict");
    document.querySelector(reset)?.removeAttribute("data-done");
    const files = list.map((f) => new File([new Uint8Array(f.data)], f.name, { type: f.type }));
    let last = performance.now();
    let pause = 0;
    const tick = setInterval(() => {
      const now = performance.now();
      pause = Math.max(pause, now - last);
      last = now;
    }, 10);
    const done = new Promise((resolve) => {
      const seen = () => document.querySelector(selector) !== null;
      const observer = new MutationObserver(() => {
        if (seen()) {
          observer.disconnect();
          resolve();
        }
      });
      observer.observe(document.body, { subtree: true, attributes: true, childList: true });
    });
    const t0 = performance.now();
    const dt = new DataTransfer();
    for (const f of files) dt.items.add(f);
    for (const kind of ["dragenter", "dragover", "drop"]) {
      document.body.dispatchEvent(new DragEvent(kind, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
    await done;
    const ms = performance.now() - t0;
    clearInterval(tick);
    return { ms, pause };
  }, { list, selector, reset });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${ms.toFixed(0)} ms`;

const env = await startAll();
try {
  const cases = [
    ["CLR of 100 credentials (2 issuers, rdfc + jcs)", [{ name: "record.json", type: "application/json", data: Array.from(record) }], "#result[data-verdict]", "#result"],
    ["portfolio of 20 badges (rdfc + jcs, 4 baked PNGs)", twenty, "#portfolio[data-done='true']", "#portfolio"],
  ];
  for (const [label, list, selector, reset] of cases) {
    const { page } = await env.openReady("/");
    const cold = await timeDrop(page, list, selector, reset);
    const verdict = await page.evaluate((s) => document.querySelector(s)?.dataset.verdict, reset);
    const warm = [];
    const pauses = [cold.pause];
    for (let k = 0; k < runs; k++) {
      const r = await timeDrop(page, list, selector, reset);
      warm.push(r.ms);
      pauses.push(r.pause);
    }
    console.log(`${label}: verdict ${verdict}; cold ${fmt(cold.ms)}; warm median ${fmt(median(warm))} (min ${fmt(Math.min(...warm))}, ${runs} runs); longest main-thread pause ${fmt(Math.max(...pauses))}`);
    await page.close();
  }
} finally {
  await env.close();
  rmSync(work, { recursive: true, force: true });
}
