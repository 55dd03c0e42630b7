// The issuer kit on the issuer page: "Use my domain" (did:web), a status list
// with an entry per badge, revocation, and passphrase-protected key files.
// The test server plays the issuer's web site: what the page offers for
// download is "published" by putting it at its URL, and the verify page then
// checks the badges against it (did:web and the status list are fetched
// from 127.0.0.1, which the pages allow because they are served locally).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { ROOT, fixture, screenshot, startAll, verdictOf } from "./helpers.mjs";
import { base64url, decryptKeyFile, encryptKeyFile, isEncryptedKeyFile } from "../../web/lib/keyfile.js";
import { fetchDocument } from "../../web/lib/verifier.js";

/** What the issuer has published: URL path -> JSON text. */
const published = new Map();
let env;

before(async () => {
  env = await startAll({}, {
    intercept(req, res) {
      const path = (req.url ?? "/").split("?")[0];
      if (!path.startsWith("/issuers/") && !path.startsWith("/status/")) return false;
      if (!published.has(path)) {
        res.writeHead(404, { "content-type": "text/plain", "access-control-allow-origin": "*" });
        res.end("not found\n");
        return true;
      }
      res.writeHead(200, { "content-type": "application/json", "access-control-allow-origin": "*" });
      res.end(published.get(path));
      return true;
    },
  });
});
after(async () => {
  await env?.close();
});

const openIssue = () => env.openReady("/issue/", 20000);
const host = () => new URL(env.origin).host;

/** Clicks a download link and returns the file's text (and its suggested name). */
async function download(page, selector) {
  const [d] = await Promise.all([page.waitForEvent("download"), page.click(selector)]);
  return { name: d.suggestedFilename(), bytes: readFileSync(await d.path()) };
}

async function fillBadge(page, recipient) {
  await page.fill("#issuer-name", "Kiln Academy");
  await page.fill("#achievement-name", "Glaze Chemistry");
  await page.fill("#achievement-description", "Mixed, fired and documented three glazes.");
  await page.fill("#achievement-criteria", "Three test tiles at cone 6.");
  await page.fill("#recipient-name", recipient);
  await page.setInputFiles("#image-file", { name: "plain.png", mimeType: "image/png", buffer: Buffer.from(fixture("plain.png")) });
}

/** Issues one badge from the filled form; returns the baked PNG and the signed credential. */
async function issueOne(page) {
  await page.evaluate(() => document.getElementById("result").removeAttribute("data-verdict"));
  await page.click("#sign");
  await page.waitForSelector("#result[data-verdict], #issue-error:not([hidden])");
  assert.equal(await page.isVisible("#issue-error"), false, await page.textContent("#issue-error"));
  const signed = JSON.parse(await page.textContent("#signed-json"));
  const { bytes } = await download(page, "#badge-download");
  return { png: bytes, signed, verdict: await page.getAttribute("#result", "data-verdict"), checkText: await page.textContent("#result") };
}

async function checkDid(page) {
  await page.evaluate(() => document.getElementById("did-check-status").removeAttribute("data-outcome"));
  await page.click("#did-check");
  await page.waitForSelector("#did-check-status[data-outcome]");
  return { outcome: await page.getAttribute("#did-check-status", "data-outcome"), text: await page.textContent("#did-check-status") };
}

async function verifyOnPage(png, name) {
  const tab = await env.openReady("/");
  await tab.page.setInputFiles("#file", { name, mimeType: "image/png", buffer: Buffer.from(png) });
  const verdict = await verdictOf(tab.page, "#result");
  const status = await tab.page.getAttribute('#result li[data-check="status"]', "data-outcome");
  const identity = await tab.page.getAttribute("#result", "data-identity");
  return { ...tab, verdict, status, identity, text: await tab.page.textContent("#result") };
}

describe("key files (web/lib/keyfile.js, in Node's WebCrypto)", () => {
  const keyText = readFileSync(join(ROOT, "tests", "fixtures", "keys", "ed25519.key.json"), "utf8");
  const vector = readFileSync(join(ROOT, "tests", "fixtures", "keys", "ed25519.key.jwe"), "utf8");
  const PASS = "correct horse battery staple";
  /** A compact JWE with its header replaced (the rest as it was). */
  const withHeader = (jwe, change) => {
    const [h, ...rest] = jwe.trim().split(".");
    const header = { ...JSON.parse(Buffer.from(h, "base64url").toString("utf8")), ...change };
    return [base64url(new TextEncoder().encode(JSON.stringify(header))), ...rest].join(".");
  };
  const refusal = async (text, pass = PASS) => {
    try {
      await decryptKeyFile(text, pass);
    } catch (e) {
      return e;
    }
    assert.fail("opened");
  };

  test("the committed vector opens to the key file byte for byte; a wrong passphrase is named", async () => {
    assert.equal(isEncryptedKeyFile(vector), true);
    assert.equal(isEncryptedKeyFile(keyText), false);
    assert.equal(await decryptKeyFile(vector, PASS), keyText);
    const wrong = await refusal(vector, "Correct horse battery staple");
    assert.equal(wrong.code, "keyfile-passphrase");
    assert.match(wrong.message, /passphrase is wrong/);
    assert.equal((await refusal(vector, "")).code, "keyfile-no-passphrase");
  });

  test("a file made here opens again, in compact and flattened JSON form; each file has its own salt", async () => {
    const a = await encryptKeyFile(keyText, "ünïcødé pass phrase");
    const b = await encryptKeyFile(keyText, "ünïcødé pass phrase");
    assert.notEqual(a.split(".")[0], b.split(".")[0]);
    assert.equal(await decryptKeyFile(a, "ünïcødé pass phrase"), keyText);
    const [protectedB64, encrypted_key, iv, ciphertext, tag] = a.split(".");
    const flattened = JSON.stringify({ protected: protectedB64, encrypted_key, iv, ciphertext, tag });
    assert.equal(await decryptKeyFile(flattened, "ünïcødé pass phrase"), keyText);
    await assert.rejects(encryptKeyFile(keyText, "x", { p2c: 1000 }), RangeError, "never fewer than 600,000 iterations");
  });

  test("changed, foreign and costly files are refused with the reason", async () => {
    const parts = vector.trim().split(".");
    const flip = (b64) => {
      const bytes = Buffer.from(b64, "base64url");
      bytes[0] ^= 1;
      return bytes.toString("base64url");
    };
    const changed = [parts[0], parts[1], parts[2], flip(parts[3]), parts[4]].join(".");
    assert.equal((await refusal(changed)).code, "keyfile-passphrase", "a changed ciphertext fails its tag");
    // The header is authenticated: another cty or salt is noticed.
    assert.equal((await refusal(withHeader(vector, { kid: "x" }))).code, "keyfile-passphrase");
    for (const [change, code, words] of [
      [{ alg: "dir" }, "keyfile-unsupported", /"dir"/],
      [{ alg: "PBES2-HS512+A256KW" }, "keyfile-unsupported", /PBES2-HS256\+A128KW only/],
      [{ enc: "A128CBC-HS256" }, "keyfile-unsupported", /A256GCM only/],
      [{ cty: "text/plain" }, "keyfile-unsupported", /not a Kiln key file/],
      [{ crit: ["exp"] }, "keyfile-unsupported", /crit/],
      [{ p2c: 1_000_000_000 }, "keyfile-malformed", /p2c/],
      [{ p2c: 10 }, "keyfile-malformed", /p2c/],
      [{ p2s: "AAAA" }, "keyfile-malformed", /salt/],
    ]) {
      const e = await refusal(withHeader(vector, change));
      assert.equal(e.code, code, JSON.stringify(change));
      assert.match(e.message, words, JSON.stringify(change));
    }
    const shortTag = [...parts.slice(0, 4), parts[4].slice(0, 10)].join(".");
    assert.equal((await refusal(shortTag)).code, "keyfile-malformed");
    assert.equal((await refusal("{}")).code, "keyfile-malformed");
  });
});

describe("the did.json check's fetch (fetchDocument: the verifier's words)", () => {
  const url = "https://school.example/.well-known/did.json";
  test("a server that sends no CORS header, one that never answers, one that is down, a page that is not JSON", async () => {
    // The browser gives a bare TypeError; a no-cors probe that gets an opaque answer shows the server did answer.
    const noCors = async (_u, init) => {
      if (init?.mode === "no-cors") return { type: "opaque" };
      throw new TypeError("Failed to fetch");
    };
    assert.match((await fetchDocument(url, { fetch: noCors })).failed, /does not let web pages read .*Access-Control-Allow-Origin/);
    const down = async () => {
      throw new TypeError("Failed to fetch");
    };
    assert.match((await fetchDocument(url, { fetch: down })).failed, /could not be reached .*offline or the address wrong/);
    const never = (_u, init) => new Promise((_resolve, reject) => init.signal.addEventListener("abort", () => reject(init.signal.reason)));
    assert.match((await fetchDocument(url, { fetch: never, timeoutMs: 300 })).failed, /did not answer within/);
    const html = async () => new Response("<html>login</html>", { headers: { "content-type": "text/html" } });
    assert.match((await fetchDocument(url, { fetch: html })).failed, /not JSON \(text\/html\)/);
    const missing = await fetchDocument(url, { fetch: async () => new Response("", { status: 404 }) });
    assert.equal(missing.status, 404);
    assert.match((await fetchDocument("http://school.example/did.json", { fetch: html })).failed, /not an https URL/);
  });
});

describe("issuer kit", () => {
  test("did:web and a status list from the page: the revoked badge is Not valid, the other verified with its domain confirmed", async () => {
    const { page, errors } = await openIssue();
    await page.evaluate(() => localStorage.clear());
    await page.click("#generate-key");
    await page.waitForSelector("#key-download:not([hidden])");

    // Use my domain: the DID for the test server's host and a path.
    await page.fill("#web-domain", host());
    await page.fill("#web-path", "issuers/kiln");
    await page.click("#use-domain");
    await page.waitForSelector("#did-download:not([hidden])");
    const did = `did:web:${host().replace(":", "%3A")}:issuers:kiln`;
    assert.match(await page.textContent("#key-status"), new RegExp(`Issuer id: ${did}`));
    assert.match(await page.textContent("#domain-status"), new RegExp(`https://${host()}/issuers/kiln/did\\.json`));
    const key = JSON.parse((await download(page, "#key-download")).bytes);
    assert.equal(key.controller, did);
    assert.equal(key.id, `${did}#key-1`);
    const didJson = await download(page, "#did-download");
    assert.equal(didJson.name, "did.json");
    const didDoc = JSON.parse(didJson.bytes);
    assert.equal(didDoc.id, did);
    assert.deepEqual(didDoc.assertionMethod, [`${did}#key-1`]);
    assert.equal(didDoc.verificationMethod[0].publicKeyMultibase, key.publicKeyMultibase);

    // Check: not published yet; another key's document; then the right one.
    const missing = await checkDid(page);
    assert.equal(missing.outcome, "missing", missing.text);
    assert.match(missing.text, /not found \(HTTP 404\)/);
    const other = JSON.parse(readFileSync(join(ROOT, "tests", "fixtures", "keys", "ed25519.key.json"), "utf8"));
    const forged = structuredClone(didDoc);
    forged.verificationMethod[0].publicKeyMultibase = other.publicKeyMultibase;
    published.set("/issuers/kiln/did.json", JSON.stringify(forged));
    const different = await checkDid(page);
    assert.equal(different.outcome, "different", different.text);
    assert.match(different.text, /another key/);
    published.set("/issuers/kiln/did.json", didJson.bytes.toString("utf8"));
    const matches = await checkDid(page);
    assert.equal(matches.outcome, "matches", matches.text);

    // A status list for a URL on the same site.
    const listUrl = `${env.origin}/status/list.json`;
    await page.fill("#status-url", listUrl);
    await page.click("#status-create");
    await page.waitForSelector("#status-download:not([hidden])");
    assert.equal(await page.isChecked("#status-use"), true);
    const fresh = JSON.parse((await download(page, "#status-download")).bytes);
    assert.equal(fresh.id, listUrl);
    assert.equal(fresh.issuer, did);
    assert.equal(fresh.credentialSubject.statusPurpose, "revocation");

    // Two badges, the next free entry each; then a class, consecutive entries.
    await fillBadge(page, "Ada Lovelace");
    const ada = await issueOne(page);
    await page.fill("#recipient-name", "Bernard Leach");
    const bernard = await issueOne(page);
    for (const [badge, index] of [[ada, "0"], [bernard, "1"]]) {
      assert.equal(badge.signed.issuer.id, did);
      // Checked on the issuer page before anything is published: against what the page made, and saying so.
      assert.equal(badge.verdict, "verified", badge.checkText);
      assert.match(badge.checkText, /not from the network/);
      assert.equal(badge.signed.proof.verificationMethod, `${did}#key-1`);
      assert.deepEqual(badge.signed.credentialStatus, {
        id: `${listUrl}#${index}`, type: "BitstringStatusListEntry", statusPurpose: "revocation",
        statusListIndex: index, statusListCredential: listUrl,
      });
    }
    await page.fill("#class-csv", "name\nGrace Hopper\nAlan Turing\n");
    await page.click("#issue-class");
    await page.waitForSelector("#class-status[data-done='true'], #issue-error:not([hidden])", { timeout: 60000 });
    assert.equal(await page.isVisible("#issue-error"), false, await page.textContent("#issue-error"));

    // The record: issued.csv, and the recipients to pick from.
    const csv = (await download(page, "#record-download")).bytes.toString("utf8").trim().split("\n");
    assert.equal(csv[0], "recipient,badge_id,index,date");
    assert.deepEqual(csv.slice(1).map((l) => [l.split(",")[0], l.split(",")[2]]),
      [["Ada Lovelace", "0"], ["Bernard Leach", "1"], ["Grace Hopper", "2"], ["Alan Turing", "3"]]);
    assert.equal(csv[1].split(",")[1], ada.signed.id);

    // Revoke Ada's badge, picked from the record; publish the re-signed list.
    await page.selectOption("#revoke-recipient", { label: (await page.locator("#revoke-recipient option", { hasText: "Ada Lovelace" }).textContent()).trim() });
    await page.click("#revoke");
    await page.waitForSelector("#revoke-status[data-revoked='0']");
    assert.match(await page.textContent("#revoke-status"), /Ada Lovelace's badge \(entry 0\) is revoked/);
    assert.match(await page.textContent("#revoke-recipient"), /Ada Lovelace: entry 0, [0-9-]+ \(revoked\)/);
    // By index too: entry 3, Alan Turing's (from the class).
    await page.fill("#revoke-index", "3");
    await page.click("#revoke");
    await page.waitForSelector("#revoke-status[data-revoked='3']");
    assert.match(await page.textContent("#revoke-status"), /Alan Turing's badge \(entry 3\)/);
    assert.match(await page.textContent("#status-state"), /4 badges recorded, 2 revoked, next entry 4/);

    // Another browser: forget everything, then open the list and issued.csv again.
    const list = await download(page, "#status-download");
    assert.equal(list.name, "list.json");
    const record = await download(page, "#record-download");
    page.once("dialog", (d) => d.accept());
    await page.click("#status-forget");
    await page.waitForSelector("#status-download[hidden]", { state: "attached" });
    assert.equal(await page.locator("#revoke-recipient option").count(), 1);
    await page.setInputFiles("#status-file", { name: "list.json", mimeType: "application/json", buffer: list.bytes });
    await page.waitForSelector("#status-download:not([hidden])");
    await page.setInputFiles("#record-file", { name: "issued.csv", mimeType: "text/csv", buffer: record.bytes });
    await page.waitForFunction(() => document.querySelectorAll("#revoke-recipient option").length === 5);
    assert.match(await page.textContent("#status-state"), /4 badges recorded, 2 revoked, next entry 4/);
    const bad = Buffer.from("recipient,badge_id,index,date\nMallory,urn:uuid:x,999999999,2026-01-01\n");
    await page.setInputFiles("#record-file", { name: "bad.csv", mimeType: "text/csv", buffer: bad });
    await page.waitForFunction(() => /bad\.csv was not read/.test(document.getElementById("revoke-status").textContent));
    assert.match(await page.textContent("#revoke-status"), /line 2: the index "999999999" is not an entry of the list/);
    published.set("/status/list.json", list.bytes.toString("utf8"));
    await screenshot(page, "issuer-kit-revoked");
    assert.deepEqual(errors, []);

    // The page keeps the list and record: a new visit offers the same recipients.
    const again = await openIssue();
    await again.page.waitForSelector("#status-download:not([hidden])");
    assert.equal(await again.page.locator("#revoke-recipient option").count(), 5);
    await again.page.close();

    const revoked = await verifyOnPage(ada.png, "ada.png");
    assert.equal(revoked.verdict, "invalid", revoked.text);
    assert.equal(revoked.status, "failed");
    assert.match(revoked.text, /Not valid/);
    assert.match(revoked.text, /revoked/);
    await screenshot(revoked.page, "issuer-kit-verify-revoked");
    await revoked.page.close();

    const fine = await verifyOnPage(bernard.png, "bernard.png");
    assert.equal(fine.verdict, "verified", fine.text);
    assert.equal(fine.status, "passed");
    assert.equal(fine.identity, "domain", fine.text);
    assert.match(fine.text, new RegExp(`The issuer controls ${host().replace(".", "\\.")}`));
    assert.ok(fine.requests.some((r) => r.url === `${env.origin}/issuers/kiln/did.json`), "the verify page fetched did.json");
    assert.ok(fine.requests.some((r) => r.url === listUrl), "the verify page fetched the status list");
    await screenshot(fine.page, "issuer-kit-verify-domain");
    await fine.page.close();
    await page.close();
  });

  test("a key saved with a passphrase opens again after a reload (a wrong passphrase is refused) and issues a verified badge", async () => {
    const { page } = await openIssue();
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.waitForSelector("html[data-ready='true']");
    await page.click("#generate-key");
    await page.waitForSelector("#key-protect:not([hidden])");
    const plain = JSON.parse((await download(page, "#key-download")).bytes);
    await page.fill("#key-passphrase", "kiln glaze cone six");
    await page.fill("#key-passphrase-again", "kiln glaze cone sixx");
    await page.click("#key-protect-save");
    assert.match(await page.textContent("#key-protect-status"), /differ/);
    await page.fill("#key-passphrase-again", "kiln glaze cone six");
    await page.click("#key-protect-save");
    await page.waitForSelector("#key-download-protected:not([hidden])", { timeout: 30000 });
    const jwe = await download(page, "#key-download-protected");
    assert.equal(jwe.name, "kiln-key.jwe");
    const text = jwe.bytes.toString("utf8").trim();
    const parts = text.split(".");
    assert.equal(parts.length, 5, "compact serialisation");
    const header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8"));
    assert.deepEqual(Object.keys(header), ["alg", "enc", "p2s", "p2c", "cty"]);
    assert.equal(header.alg, "PBES2-HS256+A128KW");
    assert.equal(header.enc, "A256GCM");
    assert.equal(header.cty, "kiln-key+json");
    assert.ok(header.p2c >= 600000);
    assert.equal(Buffer.from(header.p2s, "base64url").length, 16);
    assert.equal(text.includes(plain.secretKeyMultibase), false);

    // A new visit: the protected file asks for its passphrase.
    await page.reload();
    await page.waitForSelector("html[data-ready='true']");
    await page.setInputFiles("#key-file", { name: "kiln-key.jwe", mimeType: "application/jose", buffer: jwe.bytes });
    await page.waitForSelector("#key-unlock:not([hidden])");
    await page.fill("#key-unlock-passphrase", "kiln glaze cone 6");
    await page.click("#key-unlock-open");
    await page.waitForFunction(() => /not opened/.test(document.getElementById("key-unlock-status").textContent));
    assert.match(await page.textContent("#key-unlock-status"), /passphrase is wrong/);
    assert.equal(await page.isVisible("#key-download"), false);
    await page.fill("#key-unlock-passphrase", "kiln glaze cone six");
    await page.click("#key-unlock-open");
    await page.waitForSelector("#key-download:not([hidden]), #issue-error:not([hidden])", { timeout: 30000 });
    assert.equal(await page.isVisible("#issue-error"), false, await page.textContent("#issue-error"));
    assert.match(await page.textContent("#key-status"), new RegExp(plain.controller));

    await fillBadge(page, "Lucie Rie");
    const badge = await issueOne(page);
    assert.equal(badge.signed.issuer.id, plain.controller);
    assert.equal(badge.signed.credentialStatus, undefined, "no status list: no status entry");
    const checked = await verifyOnPage(badge.png, "lucie.png");
    assert.equal(checked.verdict, "verified", checked.text);
    await checked.page.close();

    // The committed test vector opens with its passphrase (tests/fixtures/keys/README.md).
    const vector = readFileSync(join(ROOT, "tests", "fixtures", "keys", "ed25519.key.jwe"));
    const vectorKey = JSON.parse(readFileSync(join(ROOT, "tests", "fixtures", "keys", "ed25519.key.json"), "utf8"));
    await page.setInputFiles("#key-file", { name: "ed25519.key.jwe", mimeType: "application/jose", buffer: vector });
    await page.waitForSelector("#key-unlock:not([hidden])");
    await page.fill("#key-unlock-passphrase", "correct horse battery staple");
    await page.click("#key-unlock-open");
    await page.waitForFunction((c) => document.getElementById("key-status").textContent.includes(c), vectorKey.controller, { timeout: 30000 });
    await page.close();
  });
});
