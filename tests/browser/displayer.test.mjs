// The displayer fields 1EdTech's displayer conformance asks for, on the verify page and in the
// widget's details: the image of a baked badge, name, description, issuer name, issued-on date
// and status (expired, revoked), for three badges (valid, expired, revoked) in both VC 2.0
// (validFrom/validUntil, BitstringStatusListEntry) and VC 1.1 (issuanceDate/expirationDate,
// 1EdTechRevocationList) shapes, each signed and baked by Kiln in the test. The status
// documents are served by the test server on 127.0.0.1 (the pages allow it, being local).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ROOT, fixture, screenshot, startAll, verdictOf } from "./helpers.mjs";

const KILN = process.env.KILN_BIN ?? join(process.env.CARGO_TARGET_DIR ?? join(ROOT, "target"), "debug", "kiln");
const work = mkdtempSync(join(tmpdir(), "kiln-displayer-"));
let env;
let issuerId;

function kiln(...args) {
  const r = spawnSync(KILN, args, { encoding: "utf8" });
  if (r.error) throw new Error(`cannot run ${KILN} (cargo build -p kiln-cli): ${r.error.message}`);
  assert.equal(r.status, 0, `kiln ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

const NAME = "Kiln Glaze Chemistry";
const DESCRIPTION = "Mixed, fired and documented three glazes.";
const ISSUER = "Kiln Demo Academy";
const ISSUED = "2024-03-05T00:00:00Z";
const REVOKED_INDEX = 7;

/** The cases: name -> [expiry, revoked]. */
const CASES = { valid: ["2099-01-01T00:00:00Z", false], expired: ["2025-01-01T00:00:00Z", false], revoked: [null, true] };

/** An unsigned credential of shape `vc` ("vc2" | "vc1") for case `name`. */
function credential(vc, name, statusUrl, index) {
  const [until] = CASES[name];
  const id = `urn:uuid:7c1e0d4a-2b3f-4c5d-9e6f-${vc === "vc2" ? "2" : "1"}0000000000${index}`;
  const base = {
    id,
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    name: NAME,
    issuer: { id: "https://example.org/", type: ["Profile"], name: ISSUER },
    credentialSubject: {
      type: ["AchievementSubject"],
      name: "Ada Potter",
      achievement: {
        id: "https://example.org/achievements/glaze", type: ["Achievement"], name: NAME,
        description: DESCRIPTION, criteria: { narrative: "Fire three test tiles." },
      },
    },
  };
  if (vc === "vc2") {
    return {
      "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
      ...base,
      validFrom: ISSUED,
      ...(until ? { validUntil: until } : {}),
    };
  }
  return {
    "@context": [
      "https://www.w3.org/2018/credentials/v1",
      "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
      "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
      "https://w3id.org/security/data-integrity/v2",
    ],
    ...base,
    issuanceDate: ISSUED,
    ...(until ? { expirationDate: until } : {}),
    credentialStatus: { id: statusUrl, type: "1EdTechRevocationList" },
  };
}

/** Signs and bakes one badge; returns { file, id, revoked }. */
function makeBadge(vc, name, index) {
  const statusUrl = vc === "vc2" ? `${env.origin}/status/list.json` : `${env.origin}/status/revocations.json`;
  const cred = credential(vc, name, statusUrl, index);
  const revoked = CASES[name][1];
  const unsigned = join(work, `${vc}-${name}.json`);
  writeFileSync(unsigned, JSON.stringify(cred));
  const signed = join(work, `${vc}-${name}.signed.json`);
  const statusArgs = vc === "vc2" ? ["--status-list", statusUrl, "--status-index", String(revoked ? REVOKED_INDEX : index)] : [];
  kiln("sign", "--key", join(work, "key.json"), ...statusArgs, "-o", signed, unsigned);
  issuerId = JSON.parse(readFileSync(signed, "utf8")).issuer.id;
  const art = join(work, "plain.png");
  writeFileSync(art, fixture("plain.png"));
  const file = `${vc}-${name}.png`;
  kiln("bake", "--credential", signed, art, "-o", join(work, file));
  return { file, id: cred.id, revoked };
}

const badgesByShape = {};

before(async () => {
  env = await startAll({ "/status/": work });
  kiln("keygen", "-o", join(work, "key.json"));
  const listUrl = `${env.origin}/status/list.json`;
  kiln("status", "new", "--key", join(work, "key.json"), "--url", listUrl, "-o", join(work, "list.json"));
  kiln("status", "revoke", join(work, "list.json"), String(REVOKED_INDEX), "--key", join(work, "key.json"));
  let index = 1;
  for (const vc of ["vc2", "vc1"]) {
    badgesByShape[vc] = {};
    for (const name of Object.keys(CASES)) badgesByShape[vc][name] = makeBadge(vc, name, index++);
  }
  // VC 1.1's 1EdTechRevocationList: the issuer's JSON list of revoked credential ids.
  const revokedIds = Object.values(badgesByShape.vc1).filter((b) => b.revoked).map((b) => ({ id: b.id, revocationReason: "Issued in error." }));
  writeFileSync(join(work, "revocations.json"), JSON.stringify({ issuer: issuerId, revokedCredentials: revokedIds }));
});
after(async () => {
  await env?.close();
  rmSync(work, { recursive: true, force: true });
});

const EXPECT = {
  valid: { verdict: "verified", status: /^Valid, not revoked$/ },
  expired: { verdict: "invalid", status: /^Expired$/ },
  revoked: { verdict: "invalid", status: /^Revoked$/ },
};

for (const vc of ["vc2", "vc1"]) {
  test(`the verify page shows every displayer field for valid, expired and revoked ${vc === "vc2" ? "VC 2.0" : "VC 1.1"} badges`, async () => {
    for (const [name, want] of Object.entries(EXPECT)) {
      const { file } = badgesByShape[vc][name];
      const tab = await env.openReady("/");
      const { page } = tab;
      await page.setInputFiles("#file", { name: file, mimeType: "image/png", buffer: readFileSync(join(work, file)) });
      const verdict = await verdictOf(page, "#result");
      const text = await page.textContent("#result");
      assert.equal(verdict, want.verdict, `${file}: ${text}`);
      const fact = (f) => page.textContent(`#result dd[data-fact="${f}"]`);
      assert.equal(await fact("name"), NAME, file);
      assert.equal(await fact("description"), DESCRIPTION, file);
      assert.equal(await fact("issuer"), ISSUER, file);
      assert.match(await fact("issued-on"), /2024-03-05T00:00:00Z/, file);
      assert.match(await fact("status"), want.status, `${file}: ${text}`);
      if (name === "expired") assert.match(await fact("expires"), /2025-01-01/, file);
      assert.equal(await page.locator("#result img.badge-image").count(), 1, `${file}: the baked image is shown`);
      if (name !== "valid") assert.equal(await page.getAttribute("#result", "data-standing"), name, file);
      await screenshot(page, `displayer-${vc}-${name}`);
      await page.close();
    }
  });

  test(`the widget's details show every displayer field for valid, expired and revoked ${vc === "vc2" ? "VC 2.0" : "VC 1.1"} badges`, async () => {
    const tab = await env.newPage();
    const { page } = tab;
    await page.goto(`${env.origin}/demo/`);
    await page.waitForFunction(() => customElements.get("kiln-badge") !== undefined, null, { timeout: 20000 });
    const results = await page.evaluate(async (files) => {
      const out = {};
      for (const [name, file] of Object.entries(files)) {
        const badge = document.createElement("kiln-badge");
        badge.setAttribute("src", `/status/${file}`);
        document.querySelector("main").append(badge);
        await new Promise((resolve) => badge.addEventListener("kiln-verified", resolve, { once: true }));
        const fact = (f) => badge.shadowRoot.querySelector(`.details dd[data-fact="${f}"]`)?.textContent ?? null;
        out[name] = {
          verdict: badge.dataset.verdict,
          standing: badge.dataset.standing ?? null,
          image: badge.shadowRoot.querySelector("img")?.getAttribute("src")?.startsWith("blob:") ?? false,
          mark: badge.shadowRoot.querySelector(".mark")?.textContent ?? "",
          achievement: fact("achievement"),
          description: fact("description"),
          issuer: fact("issuer"),
          issuedOn: fact("issued-on"),
          status: fact("status"),
        };
      }
      return out;
    }, Object.fromEntries(Object.entries(badgesByShape[vc]).map(([k, v]) => [k, v.file])));
    for (const [name, want] of Object.entries(EXPECT)) {
      const got = results[name];
      assert.equal(got.verdict, want.verdict, `${vc} ${name}: ${JSON.stringify(got)}`);
      assert.equal(got.image, true, `${vc} ${name}: the baked image`);
      assert.equal(got.achievement, NAME);
      assert.equal(got.description, DESCRIPTION);
      assert.equal(got.issuer, ISSUER);
      assert.match(got.issuedOn ?? "", /2024-03-05T00:00:00Z/);
      assert.match(got.status ?? "", want.status, `${vc} ${name}: ${JSON.stringify(got)}`);
      if (name !== "valid") {
        assert.equal(got.standing, name);
        assert.match(got.mark, name === "expired" ? /Expired/ : /Revoked/);
      }
    }
    await page.close();
  });
}
