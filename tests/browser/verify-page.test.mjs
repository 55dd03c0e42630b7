// The verify page at /: file input, drops, pasted text, verdicts, safety.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { ROOT, badges, dropFile, fixture, foreignRequests, issuerProfiles, screenshot, startAll, verdictOf } from "./helpers.mjs";

let env;
before(async () => {
  env = await startAll();
});
after(async () => {
  await env?.close();
});

const openVerify = () => env.openReady("/");

async function checkFile(page, bytes, name, mimeType) {
  await page.setInputFiles("#file", { name, mimeType, buffer: Buffer.from(bytes) });
  return verdictOf(page, "#result");
}

describe("verify page", () => {
  test("has a file input, a paste box, a live region and a strict CSP", async () => {
    const { page, errors } = await openVerify();
    assert.equal(await page.locator('input[type="file"]#file').count(), 1);
    assert.equal(await page.locator("textarea#paste").count(), 1);
    assert.equal(await page.locator("#paste-verify").count(), 1);
    assert.equal(await page.getAttribute("#announce", "aria-live"), "polite");
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', "content");
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
    assert.match(csp, /object-src 'none'/);
    await screenshot(page, "verify-empty");
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("garbage gives 'Could not check' (error), announced", async () => {
    const { page } = await openVerify();
    assert.equal(await checkFile(page, new TextEncoder().encode("\u0000\u0001 this is no badge"), "garbage.bin", "application/octet-stream"), "error");
    assert.match(await page.textContent("#result .banner"), /Could not check/);
    assert.match(await page.textContent("#announce"), /Could not check/);
    assert.match(await page.textContent("#result"), /What this means/);
    await screenshot(page, "verify-garbage");
    await page.close();
  });

  test("an SVG with <script> and event handlers runs nothing and is shown only as <img>", async () => {
    const { page, errors } = await openVerify();
    await checkFile(page, fixture("script.svg"), "script.svg", "image/svg+xml");
    const img = page.locator("#result img");
    assert.equal(await img.count(), 1);
    assert.match(await img.getAttribute("src"), /^blob:/);
    await img.hover();
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.kilnPwned), undefined);
    assert.equal(await page.locator("#result svg, #result script, #result object, #result iframe").count(), 0);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("keyboard: Tab reaches the file input, the paste box and its button; Enter checks", async () => {
    const { page } = await openVerify();
    const order = [];
    for (let i = 0; i < 12 && order.length < 3; i++) {
      await page.keyboard.press("Tab");
      const id = await page.evaluate(() => document.activeElement?.id ?? "");
      if (["file", "paste", "paste-verify"].includes(id) && !order.includes(id)) order.push(id);
    }
    assert.deepEqual(order, ["file", "paste", "paste-verify"]);
    await page.focus("#paste");
    await page.keyboard.type("not a credential");
    await page.focus("#paste-verify");
    await page.keyboard.press("Enter");
    assert.equal(await verdictOf(page, "#result"), "error");
    await page.close();
  });

  test("fits a phone screen", async () => {
    const { page } = await openVerify();
    await page.setViewportSize({ width: 375, height: 740 });
    await checkFile(page, fixture("plain.png"), "plain.png", "image/png");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone screen`);
    await screenshot(page, "verify-phone");
    await page.close();
  });

  // The tests below need kiln-core's signing, baking and verification.
  test("markup in credential text is shown as text, never run", async () => {
    const { credentials } = await badges();
    const evil = structuredClone(credentials.valid);
    const markup = '<img src="x" onerror="window.kilnPwned = 1"><b>bold</b>';
    evil.credentialSubject.achievement.name = markup;
    evil.issuer.name = markup;
    const { page, errors } = await openVerify();
    await page.fill("#paste", JSON.stringify(evil));
    await page.click("#paste-verify");
    assert.equal(await verdictOf(page, "#result"), "invalid");
    assert.ok((await page.textContent("#result .facts")).includes(markup), "the markup is shown as text");
    assert.equal(await page.locator("#result .facts img, #result .facts b").count(), 0);
    await page.waitForTimeout(200);
    assert.equal(await page.evaluate(() => window.kilnPwned), undefined);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("a valid baked PNG is verified, with issuer, recipient, achievement, dates, proof and checks", async () => {
    const { files } = await badges();
    const { page, requests } = await openVerify();
    assert.equal(await checkFile(page, files["valid.png"], "valid.png", "image/png"), "verified");
    const text = await page.textContent("#result");
    assert.match(await page.textContent("#result .banner"), /Verified/);
    for (const expected of ["Kiln Demo Academy", "did:key:z6Mk", "https://example.org/", "Ada Potter", "Kiln Glaze Chemistry",
      "Mixed, fired and documented three glazes.", "Fire three test tiles", "2024-01-01T00:00:00Z"]) {
      assert.ok(text.includes(expected), `the result shows ${expected}`);
    }
    assert.ok((await page.locator('#result li[data-check="proof"][data-outcome="passed"]').count()) === 1, "a passed proof check is listed");
    assert.match(await page.textContent("#announce"), /Verified/);
    assert.match(await page.getAttribute("#result img", "src"), /^blob:/);
    assert.deepEqual(foreignRequests(requests, env.origin), [], "no request beyond the page's own files");
    assert.ok(!requests.some((r) => r.url.includes("/pkg/verifier-full/")), "the compact verifier is enough");
    await screenshot(page, "verify-valid-png");
    await page.close();
  });

  test("ecdsa-rdfc-2019 baked PNG and SVG load verifier-full and are verified; a changed copy is not", async () => {
    const { loadIssuer } = await import("../../web/demo/make-badges.mjs");
    const issuer = await loadIssuer();
    const { credentials } = await badges();
    // The W3C vc-di-ecdsa P-256 key pair, published as did:key (zDn...).
    const key = JSON.parse(readFileSync(join(ROOT, "tests/vectors/vc-di-ecdsa/p256KeyPair.json"), "utf8"));
    const unsigned = structuredClone(credentials.valid);
    delete unsigned.proof;
    unsigned.issuer.id = `did:key:${key.publicKeyMultibase}`;
    const signed = await issuer.signCredential(unsigned, key, { suite: "ecdsa-rdfc-2019", created: "2024-01-01T00:00:00Z" });
    assert.equal(signed.proof.cryptosuite, "ecdsa-rdfc-2019");
    const { fixture: readFixture } = await import("./helpers.mjs");
    for (const [name, art, mime] of [["ecdsa.png", readFixture("plain.png"), "image/png"], ["ecdsa.svg", readFixture("plain.svg"), "image/svg+xml"]]) {
      const baked = await issuer.bakeBadge(art, signed);
      const { page, requests, errors } = await openVerify();
      assert.equal(await checkFile(page, baked, name, mime), "verified", name);
      assert.match(await page.textContent("#result"), /Kiln Glaze Chemistry/);
      assert.ok((await page.locator('#result li[data-check="proof"][data-outcome="passed"]').count()) === 1, `${name}: the proof check passed`);
      assert.equal(requests.filter((r) => r.url.endsWith("/pkg/verifier-full/kiln_wasm_bg.wasm")).length, 1, `${name}: verifier-full is fetched once`);
      assert.deepEqual(foreignRequests(requests, env.origin), [], "nothing beyond the page's own files");
      assert.deepEqual(errors, []);
      await page.close();
    }
    const changed = structuredClone(signed);
    changed.credentialSubject.achievement.name = "Kiln Master Potter";
    const { page } = await openVerify();
    assert.equal(await checkFile(page, await issuer.bakeBadge(readFixture("plain.png"), changed), "changed.png", "image/png"), "invalid");
    await page.close();
  });

  test("a credential beyond the compact JSON-LD processor loads verifier-full once and is verified", async () => {
    // Kiln-signed, with a compact IRI as a key (beyond the compact processor).
    const { loadIssuer } = await import("../../web/demo/make-badges.mjs");
    const issuer = await loadIssuer();
    const { credentials, key } = await badges();
    const unsigned = structuredClone(credentials.valid);
    delete unsigned.proof;
    unsigned["@context"].push({ ex: "https://example.org/glazes#" });
    unsigned.credentialSubject["ex:favoriteGlaze"] = "celadon";
    const beyond = JSON.stringify(await issuer.signCredential(unsigned, key, { suite: "eddsa-rdfc-2022" }));
    const { page, requests, errors } = await openVerify();
    await page.fill("#paste", beyond);
    await page.click("#paste-verify");
    assert.equal(await verdictOf(page, "#result"), "verified");
    assert.match(await page.textContent("#result"), /Kiln Glaze Chemistry/);
    const full = requests.filter((r) => r.url.endsWith("/pkg/verifier-full/kiln_wasm_bg.wasm"));
    assert.equal(full.length, 1, "verifier-full is fetched once");
    assert.deepEqual(foreignRequests(requests, env.origin), [], "nothing beyond the page's own files");
    await page.fill("#paste", beyond);
    await page.click("#paste-verify");
    assert.equal(await verdictOf(page, "#result"), "verified");
    assert.equal(requests.filter((r) => r.url.includes("/pkg/verifier-full/kiln_wasm_bg.wasm")).length, 1, "and only once");
    // 1EdTech's complete.json (lists, typed numbers, endorsements): its JSON-LD is within the compact
    // module, its embedded endorsements are checked by verifier-full (the report's needs: "nested").
    // Its key is written in its issuer URL's fragment: the issuer's only when the profile at that
    // URL lists it. The page fetches it (https, cross-origin); the test serves it.
    const complete = readFileSync(join(ROOT, "tests/suites/1edtech-ob30/complete.json"), "utf8");
    const profiles = issuerProfiles(JSON.parse(complete));
    const fresh = await openVerify();
    const cors = { "access-control-allow-origin": "*" };
    const isProfile = (url) => profiles.has(url.href);
    await fresh.page.route(isProfile, (route) => route.fulfill({ status: 404, headers: cors, body: "" }));
    await fresh.page.fill("#paste", complete);
    await fresh.page.click("#paste-verify");
    assert.equal(await verdictOf(fresh.page, "#result"), "error");
    await fresh.page.unroute(isProfile);
    await fresh.page.route(isProfile, (route) => route.fulfill({
      status: 200, headers: cors, contentType: "application/json", body: profiles.get(route.request().url()),
    }));
    await fresh.page.evaluate(() => document.getElementById("result").removeAttribute("data-verdict"));
    await fresh.page.click("#paste-verify");
    assert.equal(await verdictOf(fresh.page, "#result"), "verified");
    assert.equal(fresh.requests.filter((r) => r.url.endsWith("/pkg/verifier-full/kiln_wasm_bg.wasm")).length, 1, "verifier-full, for the endorsements, once");
    assert.deepEqual(errors, []);
    await fresh.page.close();
    await page.close();
  });

  test("the issuer identity stands beside the verdict; a site's trust list names its issuers", async () => {
    const { files, key } = await badges();
    // Without a trust list: a did:key issuer is not confirmed, and the badge is still verified.
    let tab = await openVerify();
    assert.equal(await checkFile(tab.page, files["valid.png"], "valid.png", "image/png"), "verified");
    assert.equal(await tab.page.getAttribute("#result .identity", "data-identity"), "not-confirmed");
    assert.match(await tab.page.textContent("#result .identity"), /Issuer not confirmed/);
    // page.route cannot change what a service worker answers (the page's own, sw.js, fetches the
    // page itself): the configured page below is loaded without it.
    await tab.page.evaluate(async () => {
      for (const r of await navigator.serviceWorker.getRegistrations()) await r.unregister();
    });
    await tab.page.close();
    // The same page configured with a trust list (its <meta name="kiln-trust-list">).
    tab = await env.newPage();
    const list = { name: "Ceramics schools", issuers: [{ id: key.controller, name: "Kiln Demo Academy" }] };
    await tab.page.route(`${env.origin}/trusted-issuers.json`, (route) => route.fulfill({ contentType: "application/json", body: JSON.stringify(list) }));
    await tab.page.route(`${env.origin}/`, async (route) => {
      const html = await (await route.fetch()).text();
      await route.fulfill({ contentType: "text/html", body: html.replace('<meta name="kiln-trust-list" content="">', '<meta name="kiln-trust-list" content="/trusted-issuers.json">') });
    });
    await tab.page.goto(`${env.origin}/`);
    await tab.page.waitForSelector("html[data-ready='true']");
    assert.equal(await checkFile(tab.page, files["valid.png"], "valid.png", "image/png"), "verified");
    assert.equal(await tab.page.getAttribute("#result .identity", "data-identity"), "trust-list");
    assert.match(await tab.page.textContent("#result .identity"), /listed in trust list "Ceramics schools" as "Kiln Demo Academy"/);
    await screenshot(tab.page, "verify-trusted");
    await tab.page.close();
    // A URL parameter is no configuration: nobody can make their issuer look vouched for by a link.
    tab = await env.openReady("/?trust-list=/trusted-issuers.json&trust=/trusted-issuers.json");
    await tab.page.route(`${env.origin}/trusted-issuers.json`, (route) => route.fulfill({ contentType: "application/json", body: JSON.stringify(list) }));
    assert.equal(await checkFile(tab.page, files["valid.png"], "valid.png", "image/png"), "verified");
    assert.equal(await tab.page.getAttribute("#result .identity", "data-identity"), "not-confirmed");
    assert.ok(!tab.requests.some((r) => new URL(r.url).pathname === "/trusted-issuers.json"), "the list in the link is never fetched");
    await tab.page.close();
  });

  test("the recipient's email can be compared with the hashed one", async () => {
    const { files } = await badges();
    const { page } = await openVerify();
    assert.equal(await checkFile(page, files["valid.png"], "valid.png", "image/png"), "verified");
    await page.fill("#result .email-check-input", "eve@example.org");
    await page.click("#result .email-check-button");
    await page.waitForSelector("#result .email-check-result[data-match]");
    assert.equal(await page.getAttribute("#result .email-check-result", "data-match"), "false");
    await page.fill("#result .email-check-input", "Ada@Example.org");
    await page.click("#result .email-check-button");
    await page.waitForSelector("#result .email-check-result[data-match='true']");
    await page.close();
  });

  test("a valid baked SVG is verified, with the compact verifier only", async () => {
    const { files } = await badges();
    const { page, requests } = await openVerify();
    assert.equal(await checkFile(page, files["valid.svg"], "valid.svg", "image/svg+xml"), "verified");
    assert.ok(!requests.some((r) => r.url.includes("/pkg/verifier-full/")), "a Kiln EdDSA badge never loads verifier-full");
    await page.close();
  });

  test("a dropped badge is checked", async () => {
    const { files } = await badges();
    const { page } = await openVerify();
    await dropFile(page, files["valid.svg"], "valid.svg", "image/svg+xml");
    assert.equal(await verdictOf(page, "#result"), "verified");
    await page.close();
  });

  test("a pasted credential is verified", async () => {
    const { credentials } = await badges();
    const { page } = await openVerify();
    await page.fill("#paste", JSON.stringify(credentials.valid, null, 2));
    await page.click("#paste-verify");
    assert.equal(await verdictOf(page, "#result"), "verified");
    await page.close();
  });

  test("a tampered badge is not valid, and the page says what that means", async () => {
    const { files } = await badges();
    const { page } = await openVerify();
    assert.equal(await checkFile(page, files["tampered.png"], "tampered.png", "image/png"), "invalid");
    assert.match(await page.textContent("#result .banner"), /Not valid/);
    assert.equal(await page.locator('#result li[data-check="proof"][data-outcome="failed"]').count(), 1);
    assert.match(await page.textContent("#result .meanings"), /What this means/);
    await screenshot(page, "verify-tampered");
    await page.close();
  });

  test("an expired badge is not valid", async () => {
    const { files } = await badges();
    const { page } = await openVerify();
    assert.equal(await checkFile(page, files["expired.svg"], "expired.svg", "image/svg+xml"), "invalid");
    assert.ok((await page.locator('#result li[data-outcome="failed"]').count()) >= 1);
    await page.close();
  });
});
