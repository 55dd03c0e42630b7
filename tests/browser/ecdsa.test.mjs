// ECDSA badges in the browser: ecdsa-sd-2023 (derived proof) and
// ecdsa-rdfc-2019 badges made with the CLI (keygen p256, sign, derive, bake),
// baked as PNG and SVG, on the verify page and in the <kiln-badge> widget;
// the holder's base proof refused with its sentence; tampered copies not
// verified; an EdDSA badge never loads verifier-full. On the issuer page,
// a badge of each offered suite (ECDSA ones with a P-256 key made in the
// page; for ecdsa-sd-2023 the badge derived for sharing) verifies on the
// verify page. The CLI is the debug
// build cargo makes (CARGO_TARGET_DIR honoured, or KILN_BIN).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { FIXTURES, ROOT, badges, dropFile, fixture, foreignRequests, screenshot, startAll, verdictOf } from "./helpers.mjs";

const KILN = process.env.KILN_BIN ?? join(process.env.CARGO_TARGET_DIR ?? join(ROOT, "target"), "debug", "kiln");
const FULL_WASM = "/pkg/verifier-full/kiln_wasm_bg.wasm";

let env;
let dir;
/** Badge files by name, made in `before`: sd.png, sd.svg, rdfc.png, rdfc.svg, base.png, tampered-*.{png,svg}. */
const made = {};

const kiln = (...args) => execFileSync(KILN, args, { stdio: ["ignore", "pipe", "pipe"] }).toString("utf8");

/** An unsigned Open Badges 3.0 credential; `description` is outside Kiln's mandatory pointers. */
function unsigned(n) {
  return {
    "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
    id: `urn:uuid:6a0c1e52-0000-4000-8000-00000000000${n}`,
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    name: "Kiln firing safety",
    description: "A remark the holder may keep to themselves.",
    issuer: { id: "did:example:replaced-by-the-key", type: ["Profile"], name: "Académie de la Céramique" },
    validFrom: "2024-01-15T10:00:00Z",
    credentialSubject: {
      type: ["AchievementSubject"],
      name: "Zoë Ångström",
      achievement: {
        id: `https://example.edu/achievements/kiln-safety-${n}`,
        type: ["Achievement"],
        name: "Kiln firing safety",
        description: "Loads, fires and unloads a kiln safely.",
        criteria: { narrative: "Three supervised firings." },
      },
    },
  };
}

/** The credential baked into the plain PNG and SVG: `<name>.png`, `<name>.svg`. */
function bakeBoth(name, credentialPath) {
  for (const ext of ["png", "svg"]) {
    const out = join(dir, `${name}.${ext}`);
    kiln("bake", "--credential", credentialPath, join(FIXTURES, `plain.${ext}`), "-o", out);
    made[`${name}.${ext}`] = out;
  }
}

/** A copy of the credential with the achievement's name changed after signing. */
function tampered(credentialPath, name) {
  const c = JSON.parse(readFileSync(credentialPath, "utf8"));
  c.credentialSubject.achievement.name = "Kiln firing mastery";
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(c, null, 2));
  return path;
}

before(async () => {
  assert.ok(existsSync(KILN), `${KILN} is missing: build it with cargo build -p kiln-cli (or set KILN_BIN)`);
  dir = mkdtempSync(join(tmpdir(), "kiln-ecdsa-web-"));
  const key = join(dir, "p256.json");
  kiln("keygen", "--type", "p256", "-o", key);
  assert.match(JSON.parse(readFileSync(key, "utf8")).controller, /^did:key:zDn/);

  // ecdsa-sd-2023: the issuer's base proof, the holder's derived proof.
  writeFileSync(join(dir, "unsigned-sd.json"), JSON.stringify(unsigned(1)));
  const base = join(dir, "base.json");
  kiln("sign", "--cryptosuite", "ecdsa-sd-2023", "--key", key, "-o", base, join(dir, "unsigned-sd.json"));
  const derived = join(dir, "derived.json");
  kiln("derive", "--reveal", "/credentialSubject/name", "-o", derived, base);
  assert.equal(JSON.parse(readFileSync(derived, "utf8")).description, undefined, "the description is withheld");
  bakeBoth("sd", derived);
  made["base.png"] = join(dir, "base.png");
  kiln("bake", "--credential", base, join(FIXTURES, "plain.png"), "-o", made["base.png"]);
  bakeBoth("tampered-sd", tampered(derived, "tampered-sd"));

  // ecdsa-rdfc-2019.
  writeFileSync(join(dir, "unsigned-rdfc.json"), JSON.stringify(unsigned(2)));
  const rdfc = join(dir, "rdfc.json");
  kiln("sign", "--cryptosuite", "ecdsa-rdfc-2019", "--key", key, "-o", rdfc, join(dir, "unsigned-rdfc.json"));
  assert.equal(JSON.parse(readFileSync(rdfc, "utf8")).proof.cryptosuite, "ecdsa-rdfc-2019");
  bakeBoth("rdfc", rdfc);
  bakeBoth("tampered-rdfc", tampered(rdfc, "tampered-rdfc"));

  env = await startAll({ "/ecdsa/": dir });
});
after(async () => {
  await env?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const MIME = { png: "image/png", svg: "image/svg+xml" };

/** Checks a file on a fresh verify page: { verdict, text, requests }. */
async function onVerifyPage(name, bytes = new Uint8Array(readFileSync(made[name]))) {
  const { page, requests, errors } = await env.openReady("/");
  const ext = name.split(".").pop();
  await page.setInputFiles("#file", { name, mimeType: MIME[ext], buffer: Buffer.from(bytes) });
  const verdict = await verdictOf(page, "#result", 30000);
  const text = await page.textContent("#result");
  return { page, verdict, text, requests, errors };
}

/** The widget's verdict for each `src`, all on one demo page: { verdicts, requests }. */
async function inWidgets(srcs) {
  const { page, requests, errors } = await env.newPage();
  await page.goto(`${env.origin}/demo/`);
  const verdicts = await page.evaluate(async (srcs) => {
    const run = (src) => {
      const badge = document.createElement("kiln-badge");
      badge.setAttribute("src", src);
      document.querySelector("main").append(badge);
      return new Promise((resolve) => badge.addEventListener("kiln-verified", () => resolve(badge.getAttribute("data-verdict")), { once: true }));
    };
    return Promise.all(srcs.map(run));
  }, srcs);
  return { page, verdicts, requests, errors };
}

describe("ECDSA badges in the browser", () => {
  for (const name of ["sd.png", "sd.svg", "rdfc.png", "rdfc.svg"]) {
    test(`${name} is Verified on the verify page, through verifier-full`, async () => {
      const { page, verdict, text, requests, errors } = await onVerifyPage(name);
      assert.equal(verdict, "verified", text);
      assert.match(await page.textContent("#result .banner"), /Verified/);
      assert.match(text, /Kiln firing safety/);
      if (name.startsWith("sd.")) assert.match(text, /ecdsa-sd-2023|withheld/);
      assert.equal(requests.filter((r) => r.url.endsWith(FULL_WASM)).length, 1, "verifier-full is fetched once");
      await screenshot(page, `ecdsa-${name.replace(".", "-")}`);
      assert.deepEqual(errors, []);
      await page.close();
    });
  }

  test("the four ECDSA badges are Verified in <kiln-badge>", async () => {
    const names = ["sd.png", "sd.svg", "rdfc.png", "rdfc.svg"];
    const { page, verdicts, requests, errors } = await inWidgets(names.map((n) => `/ecdsa/${n}`));
    assert.deepEqual(verdicts, names.map(() => "verified"), names.join(", "));
    assert.equal(requests.filter((r) => r.url.endsWith(FULL_WASM)).length, 1, "verifier-full is fetched once for all");
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("an ecdsa-sd-2023 base proof is refused: meant for the holder only", async () => {
    const { page, verdict, text } = await onVerifyPage("base.png");
    assert.equal(verdict, "error", text);
    assert.match(await page.textContent("#result .banner"), /Could not check/);
    assert.match(text, /base proof, meant for the holder only/);
    await screenshot(page, "ecdsa-base-proof");
    await page.close();
    const widget = await inWidgets(["/ecdsa/base.png"]);
    assert.deepEqual(widget.verdicts, ["error"]);
    await widget.page.close();
  });

  test("tampered ECDSA badges are not verified, on the page and in the widget", async () => {
    const names = ["tampered-sd.png", "tampered-sd.svg", "tampered-rdfc.png", "tampered-rdfc.svg"];
    for (const name of names) {
      const { page, verdict, text } = await onVerifyPage(name);
      assert.notEqual(verdict, "verified", `${name}: ${text}`);
      await page.close();
    }
    const { page, verdicts } = await inWidgets(names.map((n) => `/ecdsa/${n}`));
    for (const [i, v] of verdicts.entries()) assert.notEqual(v, "verified", names[i]);
    await page.close();
  });

  test("an EdDSA Kiln badge never downloads verifier-full", async () => {
    const { files } = await badges();
    const { page, verdict, requests } = await onVerifyPage("valid.png", files["valid.png"]);
    assert.equal(verdict, "verified");
    const widget = await inWidgets(["/pkg/demo/valid.png", "/pkg/demo/valid.svg"]);
    assert.deepEqual(widget.verdicts, ["verified", "verified"]);
    for (const r of [...requests, ...widget.requests]) assert.ok(!r.url.includes("/pkg/verifier-full/"), `fetched ${r.url}`);
    assert.ok(requests.some((r) => r.url.endsWith("/pkg/verifier/kiln_wasm_bg.wasm")), "the small verifier was fetched");
    await page.close();
    await widget.page.close();
  });
});

/** Downloads what clicking `selector` offers: { name, bytes }. */
async function download(page, selector) {
  const [d] = await Promise.all([page.waitForEvent("download"), page.click(selector)]);
  return { name: d.suggestedFilename(), bytes: new Uint8Array(readFileSync(await d.path())) };
}

/** Drops the badge on a fresh verify page: { verdict, text }. */
async function dropOnVerifyPage({ name, bytes }) {
  const { page } = await env.openReady("/");
  await dropFile(page, bytes, name, MIME[name.split(".").pop()]);
  const verdict = await verdictOf(page, "#result", 30000);
  const text = await page.textContent("#result");
  await page.close();
  return { verdict, text };
}

describe("issuer page: every suite it offers", () => {
  test("offers the four suites, eddsa-rdfc-2022 first and chosen; the key type follows the suite", async () => {
    const { page, errors } = await env.openReady("/issue/", 20000);
    const options = await page.$$eval("#suite option", (os) => os.map((o) => [o.value, o.selected]));
    assert.deepEqual(options, [["eddsa-rdfc-2022", true], ["eddsa-jcs-2022", false], ["ecdsa-rdfc-2019", false], ["ecdsa-sd-2023", false]]);
    assert.equal(await page.inputValue("#key-type"), "ed25519");
    await page.selectOption("#suite", "ecdsa-sd-2023");
    assert.equal(await page.inputValue("#key-type"), "p256", "without a key, the key to generate follows the suite");
    assert.match(await page.textContent("#suite-help"), /base proof, meant for the holder only/);
    // An Ed25519 key with an ECDSA suite: said before signing, and signing is refused with the reason.
    await page.selectOption("#key-type", "ed25519");
    await page.click("#generate-key");
    await page.waitForSelector("#key-download:not([hidden])");
    assert.equal(await page.isVisible("#suite-key"), true);
    assert.match(await page.textContent("#suite-key"), /needs a P-256 key/);
    await fillForm(page);
    await page.click("#sign");
    await page.waitForSelector("#issue-error:not([hidden])");
    assert.match(await page.textContent("#issue-error"), /ecdsa-sd-2023 suite needs a P-256 key/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("an imported P-384 key signs ecdsa-rdfc-2019, and is refused for ecdsa-sd-2023 (P-256 only)", async () => {
    const keyPath = join(dir, "p384.json");
    kiln("keygen", "--type", "p384", "-o", keyPath);
    const { page, errors } = await env.openReady("/issue/", 20000);
    await page.selectOption("#suite", "ecdsa-rdfc-2019");
    await page.setInputFiles("#key-file", keyPath);
    await page.waitForSelector("#key-download:not([hidden]), #issue-error:not([hidden])");
    assert.equal(await page.isVisible("#issue-error"), false, await page.textContent("#issue-error"));
    assert.equal(await page.isVisible("#suite-key"), false);
    await fillForm(page);
    await page.click("#sign");
    assert.equal(await verdictOf(page, "#result", 30000), "verified", await page.textContent("#result"));
    await page.selectOption("#suite", "ecdsa-sd-2023");
    assert.match(await page.textContent("#suite-key"), /needs a P-256 key, and this key is P-384/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  for (const [suite, image] of [["eddsa-rdfc-2022", "plain.png"], ["eddsa-jcs-2022", "plain.svg"], ["ecdsa-rdfc-2019", "plain.png"], ["ecdsa-rdfc-2019", "plain.svg"], ["ecdsa-sd-2023", "plain.png"], ["ecdsa-sd-2023", "plain.svg"]]) {
    test(`${suite}, ${image}: issued on the page, Verified on the verify page`, async () => {
      const { page, requests, errors } = await env.openReady("/issue/", 20000);
      await page.selectOption("#suite", suite);
      await page.click("#generate-key");
      await page.waitForSelector("#key-download:not([hidden]), #issue-error:not([hidden])");
      assert.equal(await page.isVisible("#issue-error"), false, await page.textContent("#issue-error"));
      const key = JSON.parse(new TextDecoder().decode((await download(page, "#key-download")).bytes));
      assert.match(key.controller, suite.startsWith("ecdsa") ? /^did:key:zDn/ : /^did:key:z6Mk/);
      await fillForm(page);
      const type = MIME[image.split(".").pop()];
      await page.setInputFiles("#image-file", { name: image, mimeType: type, buffer: Buffer.from(fixture(image)) });
      await page.click("#sign");
      await page.waitForSelector("#result[data-verdict], #issue-error:not([hidden])", { timeout: 30000 });
      assert.equal(await page.isVisible("#issue-error"), false, await page.textContent("#issue-error"));
      const signed = JSON.parse(await page.textContent("#signed-json"));
      assert.equal(signed.proof.cryptosuite, suite);
      assert.equal(signed.issuer.id, key.controller);
      let badge;
      if (suite === "ecdsa-sd-2023") {
        // The holder's copy: refused by verifiers, with the reason.
        assert.equal(await verdictOf(page, "#result"), "error");
        assert.match(await page.textContent("#result"), /meant for the holder only/);
        assert.equal(await page.isVisible("#derive-step"), true);
        const base = await download(page, "#badge-download");
        assert.equal((await dropOnVerifyPage(base)).verdict, "error");
        await page.click("#derive");
        assert.equal(await verdictOf(page, "#shared-result", 30000), "verified", await page.textContent("#shared-result"));
        const derived = JSON.parse(await page.textContent("#shared-json"));
        assert.equal(derived.credentialSubject.name, "Bernard Leach", "everything is disclosed");
        assert.equal(derived.issuer.name, "Test Guild of Potters");
        assert.notEqual(derived.proof.proofValue, signed.proof.proofValue);
        badge = await download(page, "#shared-download");
        assert.equal(badge.name, `badge-shared.${image.split(".").pop()}`);
      } else {
        assert.equal(await verdictOf(page, "#result"), "verified", await page.textContent("#result"));
        assert.equal(await page.isVisible("#derive-step"), false);
        badge = await download(page, "#badge-download");
      }
      assert.ok(requests.every((r) => !r.url.includes(key.secretKeyMultibase) && !r.body.includes(key.secretKeyMultibase)), "no request carries the key");
      assert.deepEqual(foreignRequests(requests, env.origin), []);
      await screenshot(page, `issue-${suite}-${image.replace(".", "-")}`);
      assert.deepEqual(errors, []);
      await page.close();

      const { verdict, text } = await dropOnVerifyPage(badge);
      assert.equal(verdict, "verified", text);
      assert.match(text, /Wheel Throwing I/);
      assert.match(text, /Test Guild of Potters/);
    });
  }
});

describe("issuer and verifier API (Node): the ECDSA suites", () => {
  test("generateKey({ type }), signCredential with each suite, deriveCredential; bad options refused", async () => {
    const issuer = await import("../../web/lib/issuer.js");
    const verifier = await import("../../web/lib/verifier.js");
    await issuer.load(readFileSync(join(ROOT, "web", "pkg", "issuer", "kiln_wasm_bg.wasm")));
    await verifier.load(readFileSync(join(ROOT, "web", "pkg", "verifier", "kiln_wasm_bg.wasm")));
    await verifier.loadFull(readFileSync(join(ROOT, "web", "pkg", "verifier-full", "kiln_wasm_bg.wasm")));
    const key = await issuer.generateKey({ type: "p256" });
    assert.match(key.controller, /^did:key:zDn/);
    assert.match((await issuer.generateKey()).controller, /^did:key:z6Mk/);
    await assert.rejects(issuer.generateKey({ type: "rsa" }), /rsa/);
    await assert.rejects(issuer.generateKey({ kind: "p256" }), (e) => e.code === "bad-options");
    const doc = { ...unsigned(3), issuer: { id: key.controller, type: ["Profile"], name: "Académie de la Céramique" } };
    const bytes = (c) => new TextEncoder().encode(JSON.stringify(c));
    for (const suite of ["ecdsa-rdfc-2019", "ecdsa-jcs-2019"]) {
      const signed = await issuer.signCredential(doc, key, { suite });
      assert.equal((await verifier.verifyBadge(bytes(signed))).verdict, "verified", suite);
    }
    const base = await issuer.signCredential(doc, key, { suite: "ecdsa-sd-2023" });
    const refused = await verifier.verifyBadge(bytes(base));
    assert.equal(refused.verdict, "error");
    assert.equal(refused.error.code, "ecdsa-sd-base-proof");
    const minimal = await issuer.deriveCredential(base);
    assert.equal(minimal.description, undefined, "withheld unless revealed");
    assert.equal((await verifier.verifyBadge(bytes(minimal))).verdict, "verified");
    const shared = await issuer.deriveCredential(JSON.stringify(base), { reveal: ["/description"] });
    assert.equal(shared.description, doc.description);
    assert.equal((await verifier.verifyBadge(bytes(shared))).verdict, "verified");
    shared.description += " (edited)";
    assert.notEqual((await verifier.verifyBadge(bytes(shared))).verdict, "verified");
    await assert.rejects(issuer.deriveCredential(base, { revael: [] }), (e) => e.code === "bad-options");
    await assert.rejects(issuer.signCredential(doc, key, { suite: "eddsa-rdfc-2022", mandatoryPointers: ["/issuer"] }), (e) => e.code === "bad-options");
  });
});

async function fillForm(page) {
  await page.fill("#issuer-name", "Test Guild of Potters");
  await page.fill("#achievement-name", "Wheel Throwing I");
  await page.fill("#achievement-description", "Throws a cylinder 20 cm tall.");
  await page.fill("#achievement-criteria", "Three cylinders judged by two members.");
  await page.fill("#recipient-name", "Bernard Leach");
}
