// One time budget for all online work of a verification: a status list on a
// local server (127.0.0.1) that never answers leaves the verdict pending no
// longer than the budget; the status check is then skipped, saying why.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ROOT, fixture, screenshot, startAll, verdictOf } from "./helpers.mjs";

let env;
let issuer;
let credential;
/** Requests that reached /never/, with the time they arrived (ms). */
const held = [];

before(async () => {
  env = await startAll({}, {
    intercept(req) {
      if (!req.url.startsWith("/never/")) return false;
      held.push({ url: req.url, at: performance.now() });
      return true; // never answered
    },
  });
  issuer = await import("../../web/lib/issuer.js");
  credential = await import("../../web/lib/credential.js");
  await issuer.load(readFileSync(join(ROOT, "web/pkg/issuer/kiln_wasm_bg.wasm")));
});
after(async () => {
  await env?.close();
});

/** A credential signed with a fresh did:key, with a status entry for each list URL. */
async function signedWithStatus(listUrls) {
  const key = await issuer.generateKey();
  const unsigned = await credential.buildCredential({
    issuerId: key.controller, issuerName: "Kiln Demo Academy", achievementName: "Kiln Glaze Chemistry",
    achievementDescription: "Mixed, fired and documented three glazes.", criteria: "Fire three test tiles.",
    validFrom: "2024-01-01T00:00:00Z",
  });
  const entries = listUrls.map((url, i) => ({
    id: `${url}#${i + 3}`, type: "BitstringStatusListEntry", statusPurpose: "revocation",
    statusListIndex: String(i + 3), statusListCredential: url,
  }));
  unsigned.credentialStatus = entries.length === 1 ? entries[0] : entries;
  return issuer.signCredential(unsigned, key, { suite: "eddsa-rdfc-2022" });
}

test("the verify page gives its verdict within the 10 s budget when the status list never answers", async () => {
  const listUrl = `${env.origin}/never/list.json`;
  const badge = await issuer.bakeBadge(fixture("plain.png"), await signedWithStatus([listUrl]));
  const tab = await env.openReady("/");
  const started = performance.now();
  await tab.page.setInputFiles("#file", { name: "never.png", mimeType: "image/png", buffer: Buffer.from(badge) });
  const verdict = await verdictOf(tab.page, "#result", 20000);
  const elapsed = performance.now() - started;
  assert.ok(held.some((r) => r.url === "/never/list.json"), "the page asked the status list's server");
  assert.ok(elapsed < 13000, `verdict after ${Math.round(elapsed)} ms`);
  assert.notEqual(verdict, "invalid");
  const status = tab.page.locator('#result li[data-check="status"]');
  assert.equal(await status.getAttribute("data-outcome"), "skipped");
  assert.match(await status.textContent(), /never\/list\.json did not answer within 10 s/);
  assert.match(await tab.page.textContent("#result .warnings"), /Revocation could not be checked/);
  await screenshot(tab.page, "verify-status-never-answers");
  await tab.page.close();
});

test("verifyBadge: fetchTimeout bounds all online work, even with a fetcher that ignores the abort signal", async () => {
  const signed = await signedWithStatus([`${env.origin}/never/a.json`]);
  const tab = await env.openReady("/");
  const out = await tab.page.evaluate(async (text) => {
    const { verifyBadge } = await import("/lib/verifier.js");
    const started = performance.now();
    const report = await verifyBadge(text, { fetch: () => new Promise(() => {}), allowHttpLocalhost: true, fetchTimeout: 1500 });
    return { report, elapsed: performance.now() - started };
  }, JSON.stringify(signed));
  assert.ok(out.elapsed >= 1400 && out.elapsed < 4000, `report after ${Math.round(out.elapsed)} ms`);
  const status = out.report.checks.find((c) => c.check === "status");
  assert.equal(status.outcome, "skipped", JSON.stringify(out.report.checks));
  assert.match(status.detail, /a\.json did not answer within 1\.5 s/);
  assert.ok(out.report.checks.some((c) => c.check === "proof" && c.outcome === "passed"), "the offline checks still ran");
  await tab.page.close();
});

test("verifyBadge: the documents of one round are fetched in parallel, within one budget", async () => {
  const lists = ["b", "c", "d"].map((n) => `${env.origin}/never/${n}.json`);
  const signed = await signedWithStatus(lists);
  const tab = await env.openReady("/");
  const from = held.length;
  const out = await tab.page.evaluate(async (text) => {
    const { verifyBadge } = await import("/lib/verifier.js");
    const started = performance.now();
    const report = await verifyBadge(text, { fetch: (url, init) => fetch(url, init), allowHttpLocalhost: true, fetchTimeout: 2000 });
    return { report, elapsed: performance.now() - started };
  }, JSON.stringify(signed));
  const asked = held.slice(from);
  assert.deepEqual(asked.map((r) => r.url).sort(), ["/never/b.json", "/never/c.json", "/never/d.json"]);
  const spread = Math.max(...asked.map((r) => r.at)) - Math.min(...asked.map((r) => r.at));
  assert.ok(spread < 1000, `the three requests arrived ${Math.round(spread)} ms apart`);
  assert.ok(out.elapsed < 5000, `report after ${Math.round(out.elapsed)} ms (one 2 s budget, not one per document)`);
  const status = out.report.checks.find((c) => c.check === "status");
  assert.equal(status.outcome, "skipped");
  assert.match(status.detail, /did not answer within 2 s/);
  await tab.page.close();
});
