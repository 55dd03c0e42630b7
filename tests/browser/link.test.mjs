// Verification links (#c=1...: the credential in the fragment; #url=https://...:
// a badge to fetch) and LinkedIn's "Add to profile". The codec of web/lib/link.js
// against kiln-core's (`kiln link`); the verify page opened from links in a fresh
// browser, with every request it makes recorded; the issuer page's and the
// widget's links; the LinkedIn URL's fields against the signed credential's.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpsServer } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { deflateRawSync } from "node:zlib";
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS, ROOT, badges, dropFile, fixture, screenshot, startAll, verdictOf } from "./helpers.mjs";
import { DEFAULT_BASE, SHAREABLE_LINK_CHARS, compactJson, makeLink, parseFragment, readFragment } from "../../web/lib/link.js";
import { LINKEDIN_ADD_TO_PROFILE, linkedInUrl } from "../../web/lib/linkedin.js";

const KILN = process.env.KILN_BIN ?? join(process.env.CARGO_TARGET_DIR ?? join(ROOT, "target"), "debug", "kiln");
const MAX = 4 * 1024 * 1024; // kiln-core's default max_payload_bytes, as the page reads it from limits()

const fragmentOf = (link) => link.slice(link.indexOf("#"));
const decode = async (link, max = MAX) => new TextDecoder().decode(await readFragment(fragmentOf(link), max));
const rawFragment = (bytes) => `#c=1${deflateRawSync(bytes).toString("base64url")}`;
async function codeOf(promise) {
  try {
    await promise;
  } catch (e) {
    return e.code;
  }
  return "no error";
}

function kiln(...args) {
  const r = spawnSync(KILN, args, { encoding: "utf8" });
  if (r.error) throw new Error(`cannot run ${KILN} (cargo build -p kiln-cli): ${r.error.message}`);
  assert.equal(r.status, 0, `kiln ${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}

describe("link codec (web/lib/link.js)", () => {
  test("JSON round-trips compactly, members, order and number texts kept; a JWS as it is", async () => {
    const pretty = '{\n  "z": 1.50,\n  "a": { "b c": [1, 2], "q": "say \\"hi\\"  twice" },\n  "10": true\n}\n';
    const link = await makeLink(pretty, "https://example.org/v/");
    assert.ok(link.startsWith("https://example.org/v/#c=1"), link);
    const back = await decode(link);
    assert.equal(back, '{"z":1.50,"a":{"b c":[1,2],"q":"say \\"hi\\"  twice"},"10":true}');
    assert.deepEqual(JSON.parse(back), JSON.parse(pretty));
    assert.equal(compactJson(back), back);
    const jws = "eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2lnbmF0dXJl";
    assert.equal(await decode(await makeLink(` ${jws}\n`)), jws);
    assert.ok((await makeLink(jws)).startsWith(`${DEFAULT_BASE}#c=1`));
    // With or without the leading '#'.
    assert.equal(new TextDecoder().decode(await readFragment(fragmentOf(link).slice(1), MAX)), back);
  });

  test("what is no credential gets no link", async () => {
    for (const bad of ["", "   ", '{"a":', "hello world", "hello", "a.b c.d"]) {
      await assert.rejects(makeLink(bad), `${JSON.stringify(bad)}`);
    }
    await assert.rejects(makeLink("{}", "https://example.org/#x"));
  });

  test("links made by kiln link (kiln-core) read here, and the other way round", async () => {
    const work = mkdtempSync(join(tmpdir(), "kiln-link-"));
    try {
      for (const file of ["tests/fixtures/verify/1edtech-simple.json", "tests/fixtures/jwt/simple.jwt", "tests/fixtures/baking/ob3-1edtech-simple-json.png"]) {
        const rust = kiln("link", join(ROOT, file), "--base", "https://example.org/v/");
        assert.ok(rust.startsWith("https://example.org/v/#c=1"), rust);
        const carried = await decode(rust);
        if (file.endsWith(".png")) {
          const unbaked = kiln("unbake", join(ROOT, file));
          assert.deepEqual(JSON.parse(carried), JSON.parse(unbaked));
        } else {
          const text = readFileSync(join(ROOT, file), "utf8").trim();
          assert.equal(carried, text.startsWith("{") ? compactJson(text) : text, file);
          // The page's link of the same file carries the same payload (the DEFLATE streams differ:
          // zlib here, miniz_oxide there) and kiln-core reads it: `kiln link` of what it carries
          // gives a link that carries it again.
          const ours = await makeLink(text, "https://example.org/v/");
          assert.equal(await decode(ours), carried);
          const copy = join(work, "from-page.txt");
          writeFileSync(copy, await decode(ours));
          assert.equal(await decode(kiln("link", copy, "--base", "https://example.org/v/")), carried);
        }
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  test("bad base64url, bad DEFLATE, a newer version and a bomb are refused with their reason", async () => {
    const good = fragmentOf(await makeLink('{"a":"a long enough value for a few groups"}', "x/"));
    const body = good.slice(4);
    assert.equal(await codeOf(readFragment(`#c=1+${body}`, MAX)), "link-malformed");
    assert.equal(await codeOf(readFragment(`#c=1${body}=`, MAX)), "link-malformed");
    assert.equal(await codeOf(readFragment(`#c=1${body.slice(0, 5)}`, MAX)), "link-malformed");
    assert.equal(await codeOf(readFragment(`#c=1${Buffer.from([0xff, 0xff, 0xff, 0xff]).toString("base64url")}`, MAX)), "link-malformed");
    const cut = deflateRawSync('{"a":"a long enough value for a few groups"}');
    assert.equal(await codeOf(readFragment(`#c=1${cut.subarray(0, cut.length >> 1).toString("base64url")}`, MAX)), "link-malformed");
    await assert.rejects(readFragment(`#c=2${body}`, MAX), (e) => e.code === "link-version" && /newer Kiln/.test(e.message));
    assert.equal(await codeOf(readFragment("#c=", MAX)), "link-malformed");
    assert.equal(await codeOf(readFragment("#c=1", MAX)), "link-malformed");
    assert.equal(await codeOf(readFragment("#section-2", MAX)), "link-malformed");
    assert.equal(await codeOf(readFragment(rawFragment(Buffer.from([0x7b, 0xe9, 0x7d])), MAX)), "link-malformed", "not UTF-8");
    // Exactly at the cap reads; one byte over does not; 64 MiB of zeros stops at the cap.
    assert.equal((await readFragment(rawFragment(Buffer.alloc(10_000, 32)), 10_000)).length, 10_000);
    assert.equal(await codeOf(readFragment(rawFragment(Buffer.alloc(10_001, 32)), 10_000)), "link-too-large");
    const bomb = rawFragment(Buffer.alloc(64 << 20));
    assert.ok(bomb.length < 100_000, `the bomb is a ${bomb.length}-character link`);
    assert.equal(await codeOf(readFragment(bomb, MAX)), "link-too-large");
  });

  test("#url= takes https only", () => {
    assert.deepEqual(parseFragment(`#url=${encodeURIComponent("https://badges.example/a b.png")}`), { kind: "url", url: "https://badges.example/a%20b.png" });
    assert.throws(() => parseFragment(`#url=${encodeURIComponent("http://badges.example/a.png")}`), /only https addresses are fetched/);
    assert.throws(() => parseFragment("#url=javascript%3Aalert(1)"), /only https addresses are fetched/);
    assert.throws(() => parseFragment("#url=%E0%A4%A"), /not URL-encoded/);
    assert.equal(parseFragment("#top"), null);
    assert.equal(parseFragment(""), null);
  });

  test("LinkedIn: no link for a badge that is not verified", () => {
    const credential = { name: "Pottery", issuer: { name: "Guild" }, validFrom: "2024-03-05T00:00:00Z" };
    assert.equal(linkedInUrl({ verdict: "invalid", credential }, "https://x/"), null);
    assert.equal(linkedInUrl({ verdict: "error", credential }, "https://x/"), null);
    assert.ok(linkedInUrl({ verdict: "verified", credential }, "https://x/").startsWith(`${LINKEDIN_ADD_TO_PROFILE}?startTask=CERTIFICATION_NAME&`));
  });
});

let env;
/** A fresh browser (its own profile): as someone who was sent the link opens it. */
let fresh;
before(async () => {
  env = await startAll();
  fresh = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
});
after(async () => {
  await fresh?.close();
  await env?.close();
});

/**
 * Opens `url` in a new context of the fresh browser and waits for the report.
 * Every request of the context (the page's and its worker's) is recorded with
 * its headers. `setup(context)` may route requests first.
 */
async function openFresh(url, setup, contextOptions = {}) {
  const context = await fresh.newContext(contextOptions);
  const requests = [];
  context.on("request", (r) => requests.push({ url: r.url(), body: r.postData() ?? "", headers: JSON.stringify(r.headers()) }));
  if (setup) await setup(context);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url);
  const verdict = await verdictOf(page, "#result", 30000);
  return { context, page, requests, errors, verdict };
}

/** No request carries the fragment, any 12 characters of it, or the credential's distinctive texts. */
function assertNothingSent(requests, link, secrets = []) {
  const fragment = link.slice(link.indexOf("#") + 1);
  const pieces = [];
  for (let i = 0; i + 12 <= fragment.length; i += 6) pieces.push(fragment.slice(i, i + 12));
  assert.ok(requests.length > 0, "the page made requests (its modules)");
  for (const r of requests) {
    const seen = `${r.url}\n${r.body}\n${r.headers}`;
    assert.ok(!seen.includes("#"), `no fragment in ${r.url}`);
    for (const p of [...pieces, ...secrets]) assert.ok(!seen.includes(p), `${r.url} carries "${p}"`);
  }
}

/** A signed, baked PNG badge with an id, an issue and an expiry date, made with the issuer module. */
async function fullBadge() {
  const { loadIssuer } = await import("../../web/demo/make-badges.mjs");
  const { buildCredential } = await import("../../web/lib/credential.js");
  const issuer = await loadIssuer();
  const { key } = await badges();
  const credential = await issuer.signCredential(await buildCredential({
    issuerId: key.controller,
    issuerName: "Guild of Wood-Fired Potters",
    achievementName: "Anagama Firing Crew",
    achievementDescription: "Stoked an anagama kiln through a five-day firing.",
    criteria: "Took six stoking shifts and logged the temperatures.",
    recipientName: "Shoji Hamada",
    validFrom: "2024-03-05T09:00:00Z",
    validUntil: "2031-11-20T00:00:00Z",
    id: "urn:uuid:2f1d3c8e-5b7a-4e11-9d0c-8a6f4b2e7c15",
  }), key, { suite: "eddsa-rdfc-2022", created: "2024-03-05T09:00:00Z" });
  return { credential, png: await issuer.bakeBadge(fixture("plain.png"), credential) };
}

describe("verify page from a link", () => {
  test("a link made by the issuer page opens in a fresh browser with the file's verdict, and sends nothing of it", async () => {
    const { page } = await env.openReady("/issue/", 20000);
    await page.click("#generate-key");
    await page.waitForSelector("#key-download:not([hidden]), #issue-error:not([hidden])");
    await page.fill("#issuer-name", "Test Guild of Potters");
    await page.fill("#achievement-name", "Wheel Throwing I");
    await page.fill("#achievement-description", "Throws a cylinder 20 cm tall.");
    await page.fill("#achievement-criteria", "Three cylinders judged by two members.");
    await page.fill("#recipient-name", "Bernard Leach");
    await page.setInputFiles("#image-file", { name: "plain.png", mimeType: "image/png", buffer: Buffer.from(fixture("plain.png")) });
    await page.click("#sign");
    await page.waitForSelector("#result .share[data-state='link'], #issue-error:not([hidden])", { timeout: 30000 });
    assert.equal(await page.isVisible("#issue-error"), false);
    const link = await page.getAttribute("#result .share", "data-link");
    assert.ok(link.startsWith(`${env.origin}/#c=1`), link);
    assert.ok(link.length <= SHAREABLE_LINK_CHARS, `${link.length} characters`);
    assert.equal(await page.inputValue("#result .share .link-text"), link);
    const signed = JSON.parse(await page.textContent("#signed-json"));
    assert.deepEqual(JSON.parse(await decode(link)), signed);
    await screenshot(page, "link-issued");

    // The file's verdict, dropped on the verify page...
    const download = await Promise.all([page.waitForEvent("download"), page.click("#badge-download")]).then(([d]) => d);
    const baked = new Uint8Array(readFileSync(await download.path()));
    await page.goto(`${env.origin}/`);
    await page.waitForSelector("html[data-ready='true']");
    await dropFile(page, baked, "badge.png", "image/png");
    const fileVerdict = await verdictOf(page, "#result");
    const fileChecks = await page.locator("#result ul.checks li").evaluateAll((lis) => lis.map((li) => `${li.dataset.check}:${li.dataset.outcome}`));
    assert.equal(fileVerdict, "verified");
    await page.close();

    // ...is the link's, in a browser that has never seen the badge.
    const opened = await openFresh(link);
    assert.equal(opened.verdict, fileVerdict);
    assert.deepEqual(await opened.page.locator("#result ul.checks li").evaluateAll((lis) => lis.map((li) => `${li.dataset.check}:${li.dataset.outcome}`)), fileChecks);
    assert.match(await opened.page.textContent("#result .link-source"), /came in the link itself/);
    assert.match(await opened.page.textContent("#result"), /Wheel Throwing I/);
    assert.equal(await opened.page.getAttribute("#result .link-source", "data-source"), "link");
    assertNothingSent(opened.requests, link, [signed.proof.proofValue, "Wheel Throwing", "Bernard", "Leach"]);
    assert.deepEqual(opened.errors, []);
    await screenshot(opened.page, "link-opened");
    await opened.context.close();
  });

  test("a link whose credential was changed before encoding is 'Not valid'", async () => {
    const { credentials } = await badges();
    const text = JSON.stringify(credentials.valid);
    const at = text.indexOf("Kiln Glaze Chemistry") + 5;
    const flipped = `${text.slice(0, at)}${text[at] === "G" ? "g" : "G"}${text.slice(at + 1)}`;
    assert.notEqual(flipped, text);
    const genuine = await makeLink(text, `${env.origin}/`);
    const tampered = await makeLink(flipped, `${env.origin}/`);
    const good = await openFresh(genuine);
    assert.equal(good.verdict, "verified");
    await good.context.close();
    const bad = await openFresh(tampered);
    assert.equal(bad.verdict, "invalid");
    assert.match(await bad.page.textContent("#result .banner"), /Not valid/);
    assert.equal(await bad.page.locator("#result a.linkedin").count(), 0, "no LinkedIn button when not verified");
    assertNothingSent(bad.requests, tampered, [credentials.valid.proof.proofValue]);
    await bad.context.close();
  });

  test("a fragment that is not a credential shows a clear error", async () => {
    const cases = [
      [rawFragment(Buffer.from("just some words, no badge")), /neither JSON, a compact JWS nor/],
      [rawFragment(Buffer.from('{"hello": "world"}')), /./],
      ["#c=1!!not-base64!!", /not base64url/],
      [`#c=2${deflateRawSync("{}").toString("base64url")}`, /made by a newer Kiln/],
      [rawFragment(Buffer.alloc(MAX + 1, 32)), /inflates to more than 4194304 bytes/],
    ];
    for (const [fragment, problem] of cases) {
      const opened = await openFresh(`${env.origin}/${fragment}`);
      assert.equal(opened.verdict, "error", fragment.slice(0, 40));
      assert.match(await opened.page.textContent("#result .banner"), /Could not check/);
      assert.match(await opened.page.textContent("#result"), problem, fragment.slice(0, 40));
      assert.equal(await opened.page.getAttribute("#result .link-source", "data-source"), "link-failed");
      assert.equal(await opened.page.locator("#result .share").count(), 0);
      assertNothingSent(opened.requests, `${env.origin}/${fragment}`);
      assert.deepEqual(opened.errors, []);
      await opened.context.close();
    }
  });

  test("a new fragment in the same tab is checked at once (hashchange)", async () => {
    const { credentials } = await badges();
    const { page } = await env.openReady("/");
    const link = await makeLink(JSON.stringify(credentials.expired), `${env.origin}/`);
    await page.evaluate((hash) => { location.hash = hash; }, fragmentOf(link));
    assert.equal(await verdictOf(page, "#result"), "invalid");
    assert.match(await page.textContent("#result"), /Kiln Safety 2020/);
    await page.close();
  });

  test("#url= fetches an https badge and says from where; refused when not https; a server that blocks pages is named", async () => {
    const { files } = await badges();
    // A local https server (a self-signed certificate, which this test's browser context accepts):
    // /open/ answers with a CORS header, /closed/ without, anything else 404.
    const dir = mkdtempSync(join(tmpdir(), "kiln-link-tls-"));
    const made = spawnSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
      "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")], { encoding: "utf8" });
    assert.equal(made.status, 0, made.stderr);
    const served = [];
    const server = createHttpsServer({ key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) }, (req, res) => {
      served.push({ path: req.url, cookie: req.headers.cookie ?? null, referer: req.headers.referer ?? null });
      if (req.url === "/open/valid.png") res.writeHead(200, { "content-type": "image/png", "access-control-allow-origin": "*" }).end(files["valid.png"]);
      else if (req.url === "/closed/valid.png") res.writeHead(200, { "content-type": "image/png" }).end(files["valid.png"]);
      else res.writeHead(404, { "access-control-allow-origin": "*" }).end("no");
    });
    await new Promise((r) => server.listen(0, "127.0.0.1", r));
    const https = `https://127.0.0.1:${server.address().port}`;
    const tls = { ignoreHTTPSErrors: true };
    try {
      const where = `${https}/open/valid.png`;
      const ok = await openFresh(`${env.origin}/#url=${encodeURIComponent(where)}`, undefined, tls);
      assert.equal(ok.verdict, "verified");
      assert.equal(await ok.page.getAttribute("#result .link-source", "data-source"), "url");
      assert.match(await ok.page.textContent("#result .link-source"), new RegExp(`fetched the badge from ${where.replaceAll(".", "\\.")}`));
      assert.deepEqual(ok.requests.filter((r) => r.url.startsWith(https)).map((r) => r.url), [where]);
      assert.deepEqual(served, [{ path: "/open/valid.png", cookie: null, referer: null }], "fetched once, without cookie or referrer");
      await ok.context.close();

      const closed = `${https}/closed/valid.png`;
      const blocked = await openFresh(`${env.origin}/#url=${encodeURIComponent(closed)}`, undefined, tls);
      assert.equal(blocked.verdict, "error");
      assert.match(await blocked.page.textContent("#result"), new RegExp(`does not let web pages read ${closed.replaceAll(".", "\\.")} \\(it sends no CORS header`));
      assert.equal(await blocked.page.getAttribute("#result .link-source", "data-source"), "url-failed");
      await blocked.context.close();

      const missing = await openFresh(`${env.origin}/#url=${encodeURIComponent(`${https}/gone.png`)}`, undefined, tls);
      assert.equal(missing.verdict, "error");
      assert.match(await missing.page.textContent("#result"), /answered with HTTP 404/);
      await missing.context.close();

      const before = served.length;
      const plain = `http://127.0.0.1:${server.address().port}/open/valid.png`;
      const http = await openFresh(`${env.origin}/#url=${encodeURIComponent(plain)}`, undefined, tls);
      assert.equal(http.verdict, "error");
      assert.match(await http.page.textContent("#result"), new RegExp(`asks to fetch ${plain.replaceAll(".", "\\.")}, but only https addresses are fetched from a link \\(http is not\\)`));
      assert.equal(await http.page.getAttribute("#result .link-source", "data-source"), "url-refused");
      assert.equal(served.length, before, "nothing fetched");
      assert.ok(http.requests.every((r) => !r.url.includes(`:${server.address().port}/`)));
      await http.context.close();
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("Add to LinkedIn: every documented field, filled from the verified credential", async () => {
    const { credential, png } = await fullBadge();
    const { page, requests } = await env.openReady("/");
    await dropFile(page, png, "anagama.png", "image/png");
    assert.equal(await verdictOf(page, "#result"), "verified");
    await page.waitForSelector("#result .share[data-state='link']");
    const link = await page.getAttribute("#result .share", "data-link");
    const href = await page.getAttribute("#result a.linkedin", "href");
    assert.equal(await page.getAttribute("#result a.linkedin", "target"), "_blank");
    assert.match(await page.getAttribute("#result a.linkedin", "rel"), /noopener/);
    const url = new URL(href);
    assert.equal(`${url.origin}${url.pathname}`, LINKEDIN_ADD_TO_PROFILE);
    const p = Object.fromEntries(url.searchParams);
    const [issueYear, issueMonth] = credential.validFrom.split("-");
    const [expirationYear, expirationMonth] = credential.validUntil.split("-");
    assert.deepEqual(p, {
      startTask: "CERTIFICATION_NAME",
      name: credential.name,
      organizationName: credential.issuer.name,
      issueYear,
      issueMonth: String(Number(issueMonth)),
      expirationYear,
      expirationMonth: String(Number(expirationMonth)),
      certUrl: link,
      certId: credential.id,
    });
    assert.deepEqual(JSON.parse(await decode(p.certUrl)), credential, "certUrl is the badge's verification link");
    assert.ok(requests.every((r) => !r.url.startsWith("https://www.linkedin.com")), "LinkedIn is not contacted until the button is used");
    await screenshot(page, "link-linkedin");
    await page.close();
  });

  test("a credential too large for a useful link says so and offers the file", async () => {
    const { credential } = await fullBadge();
    const { loadIssuer } = await import("../../web/demo/make-badges.mjs");
    const issuer = await loadIssuer();
    const { key } = await badges();
    // Text deflate cannot shrink: base64url of a simple generator's bytes.
    let x = 0x2545f491;
    const noise = Array.from({ length: 3 * SHAREABLE_LINK_CHARS }, () => {
      x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
      return "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"[(x >>> 0) % 64];
    }).join("");
    const unsigned = structuredClone(credential);
    delete unsigned.proof;
    unsigned.credentialSubject.achievement.description = noise;
    const big = await issuer.signCredential(unsigned, key, { suite: "eddsa-rdfc-2022", created: "2024-03-05T09:00:00Z" });
    const { page } = await env.openReady("/");
    await dropFile(page, new TextEncoder().encode(JSON.stringify(big)), "big.json", "application/json");
    assert.equal(await verdictOf(page, "#result"), "verified");
    await page.waitForSelector("#result .share[data-state='too-long']");
    const chars = Number(await page.getAttribute("#result .share", "data-link-chars"));
    assert.ok(chars > SHAREABLE_LINK_CHARS, `${chars}`);
    assert.match(await page.textContent("#result .share .too-long"), /too long to share/);
    assert.equal(await page.locator("#result .share .copy-link").count(), 0);
    const download = await Promise.all([page.waitForEvent("download"), page.click("#result .share a.credential-file")]).then(([d]) => d);
    assert.deepEqual(JSON.parse(readFileSync(await download.path(), "utf8")), big);
    // LinkedIn still gets the credential's id (not https here: no certUrl at all).
    const p = new URL(await page.getAttribute("#result a.linkedin", "href")).searchParams;
    assert.equal(p.get("certUrl"), null);
    assert.equal(p.get("certId"), credential.id);
    await page.close();
  });
});

describe("widget details", () => {
  test("a verified badge's details offer its verification link and LinkedIn; the link verifies", async () => {
    const tab = await env.newPage();
    await tab.page.goto(`${env.origin}/demo/`);
    await tab.page.waitForSelector("#demo-valid-png[data-verdict]", { timeout: 20000 });
    await tab.page.click("#demo-valid-png");
    const share = tab.page.locator("#demo-valid-png .share");
    await share.waitFor();
    await tab.page.waitForFunction(() => document.querySelector("#demo-valid-png").shadowRoot.querySelector(".share")?.dataset.state === "link");
    const link = await share.getAttribute("data-link");
    assert.ok(link.startsWith(`${env.origin}/#c=1`), link);
    assert.equal(await tab.page.locator("#demo-valid-png a.linkedin").count(), 1);
    await screenshot(tab.page, "link-widget");
    await tab.page.close();
    const opened = await openFresh(link);
    assert.equal(opened.verdict, "verified");
    await opened.context.close();
  });
});
