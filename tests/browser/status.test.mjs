// Revocation in the browser: the verify page fetches a badge's status list (served by the
// test server on 127.0.0.1, which the page allows because it is itself served locally).
// A revoked badge shows "Not valid"; an unreachable list shows a warning and the status
// check is skipped, never passed.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ROOT, fixture, screenshot, startAll, verdictOf } from "./helpers.mjs";

const KILN = process.env.KILN_BIN ?? join(process.env.CARGO_TARGET_DIR ?? join(ROOT, "target"), "debug", "kiln");
const work = mkdtempSync(join(tmpdir(), "kiln-status-"));
let env;

function kiln(...args) {
  const r = spawnSync(KILN, args, { encoding: "utf8" });
  if (r.error) throw new Error(`cannot run ${KILN} (cargo build -p kiln-cli): ${r.error.message}`);
  assert.equal(r.status, 0, `kiln ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

/** A PNG badge whose credential points at entry `index` of the list at `listUrl`. */
function badge(name, listUrl, index) {
  const unsigned = join(work, `${name}.json`);
  writeFileSync(unsigned, JSON.stringify({
    "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
    id: `urn:uuid:5d2a3c4b-1e0f-4a9b-8c7d-00000000000${index % 10}`,
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    name: "Kiln Glaze Chemistry",
    issuer: { id: "https://example.org/", type: ["Profile"], name: "Kiln Demo Academy" },
    validFrom: "2024-01-01T00:00:00Z",
    credentialSubject: {
      type: ["AchievementSubject"],
      name: "Ada Potter",
      achievement: {
        id: "https://example.org/achievements/glaze", type: ["Achievement"], name: "Kiln Glaze Chemistry",
        description: "Mixed, fired and documented three glazes.", criteria: { narrative: "Fire three test tiles." },
      },
    },
  }));
  const signed = join(work, `${name}.signed.json`);
  kiln("sign", "--key", join(work, "key.json"), "--status-list", listUrl, "--status-index", String(index), "-o", signed, unsigned);
  const art = join(work, "plain.png");
  writeFileSync(art, fixture("plain.png"));
  const out = join(work, `${name}.png`);
  kiln("bake", "--credential", signed, art, "-o", out);
  return readFileSync(out);
}

before(async () => {
  env = await startAll({ "/status/": work });
});
after(async () => {
  await env?.close();
  rmSync(work, { recursive: true, force: true });
});

async function verify(bytes, name) {
  const tab = await env.openReady("/");
  await tab.page.setInputFiles("#file", { name, mimeType: "image/png", buffer: Buffer.from(bytes) });
  const verdict = await verdictOf(tab.page, "#result");
  const status = await tab.page.getAttribute('#result li[data-check="status"]', "data-outcome");
  return { ...tab, verdict, status, text: await tab.page.textContent("#result") };
}

test("a revoked badge is Not valid; one still on the list is verified with its status checked", async () => {
  kiln("keygen", "-o", join(work, "key.json"));
  const listUrl = `${env.origin}/status/list.json`;
  kiln("status", "new", "--key", join(work, "key.json"), "--url", listUrl, "-o", join(work, "list.json"));
  kiln("status", "revoke", join(work, "list.json"), "5", "--key", join(work, "key.json"));

  const revoked = await verify(badge("revoked", listUrl, 5), "revoked.png");
  assert.equal(revoked.verdict, "invalid");
  assert.equal(revoked.status, "failed");
  assert.match(revoked.text, /revoked/);
  await screenshot(revoked.page, "verify-revoked");
  await revoked.page.close();

  const fine = await verify(badge("fine", listUrl, 6), "fine.png");
  assert.equal(fine.verdict, "verified", fine.text);
  assert.equal(fine.status, "passed");
  assert.ok(fine.requests.some((r) => r.url === listUrl), "the page fetched the status list");
  await fine.page.close();
});

test("an unreachable status list shows a warning and the status check is skipped, not passed", async () => {
  const missing = `${env.origin}/status/missing.json`;
  const tab = await verify(badge("unreachable", missing, 7), "unreachable.png");
  assert.equal(tab.status, "skipped");
  assert.match(await tab.page.textContent("#result .warnings"), /Revocation could not be checked/);
  await screenshot(tab.page, "verify-status-unreachable");
  await tab.page.close();
});
