// The JS API of both modules, in Node: argument and option checking, reports.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import { ROOT, ensureBuilt, fetchFrom, issuerProfiles } from "./helpers.mjs";

let verifier;
let issuer;
let credential;
before(async () => {
  ensureBuilt();
  verifier = await import("../../web/lib/verifier.js");
  issuer = await import("../../web/lib/issuer.js");
  credential = await import("../../web/lib/credential.js");
  await verifier.load(readFileSync(join(ROOT, "web/pkg/verifier/kiln_wasm_bg.wasm")));
  await verifier.loadFull(readFileSync(join(ROOT, "web/pkg/verifier-full/kiln_wasm_bg.wasm")));
  await issuer.load(readFileSync(join(ROOT, "web/pkg/issuer/kiln_wasm_bg.wasm")));
});

/**
 * A Kiln-signed credential (eddsa-rdfc-2022) with a compact IRI as a key
 * (`ex:favoriteGlaze`): beyond the compact processor.
 */
async function beyondCompact() {
  const key = await issuer.generateKey();
  const unsigned = await credential.buildCredential({
    issuerId: key.controller, issuerName: "I", achievementName: "Töpfern", achievementDescription: "D", criteria: "C", validFrom: "2024-01-01T00:00:00Z",
  });
  unsigned["@context"].push({ ex: "https://example.org/glazes#" });
  unsigned.credentialSubject["ex:favoriteGlaze"] = "celadon";
  return issuer.signCredential(unsigned, key, { suite: "eddsa-rdfc-2022" });
}

describe("verifyBadge", () => {
  test("unknown options are errors that name them", async () => {
    await assert.rejects(verifier.verifyBadge("{}", { nwo: 1 }), (e) => e.code === "bad-options" && /nwo/.test(e.message));
    await assert.rejects(verifier.verifyBadge("{}", { trust: "did:key:z" }), (e) => e.code === "bad-options");
    await assert.rejects(verifier.verifyBadge("{}", { now: "yesterday" }), (e) => e.code === "bad-options");
    await assert.rejects(verifier.verifyBadge("{}", { now: Number.NaN }), /now/);
    await assert.rejects(verifier.verifyBadge("{}", { fetch: "https://example.org" }), TypeError);
    await assert.rejects(verifier.verifyBadge("{}", "now"), TypeError);
    await assert.rejects(verifier.verifyBadge(42), TypeError);
  });

  test("known options are accepted: now as Date or number, fetch as function, trust as list", async () => {
    for (const options of [undefined, {}, { now: new Date() }, { now: Date.now() }, { trust: [] }, { fetch: globalThis.fetch }]) {
      const report = await verifier.verifyBadge(new Uint8Array([1, 2, 3]), options);
      assert.ok(["verified", "invalid", "error"].includes(report.verdict));
    }
    const asked = [];
    const withFetch = await verifier.verifyBadge("x", { fetch: async (url) => (asked.push(url), new Response("")) });
    assert.equal(withFetch.verdict, "error");
    assert.deepEqual(asked, [], "nothing is fetched for input that is no badge");
  });

  test("timeout and fetchTimeout are milliseconds above 0; anything else is refused", async () => {
    for (const options of [{ timeout: 0 }, { timeout: -1 }, { timeout: "10 s" }, { timeout: Number.POSITIVE_INFINITY }, { fetchTimeout: Number.NaN }, { fetchTimeout: 2 ** 31 }]) {
      await assert.rejects(verifier.verifyBadge("{}", options), RangeError, JSON.stringify(options));
    }
    const report = await verifier.verifyBadge("{}", { timeout: 5000, fetchTimeout: 1 });
    assert.equal(report.verdict, "error");
  });

  test("fetchTimeout gives up documents that do not come, and the check that needs them is skipped, saying why", async () => {
    const key = await issuer.generateKey();
    const unsigned = await credential.buildCredential({
      issuerId: key.controller, issuerName: "I", achievementName: "A", achievementDescription: "D", criteria: "C", validFrom: "2024-01-01T00:00:00Z",
    });
    unsigned.credentialStatus = {
      id: "https://status.example/list#4", type: "BitstringStatusListEntry", statusPurpose: "revocation",
      statusListIndex: "4", statusListCredential: "https://status.example/list",
    };
    const signed = JSON.stringify(await issuer.signCredential(unsigned, key, { suite: "eddsa-jcs-2022" }));
    const asked = [];
    const started = performance.now();
    // A fetcher that never answers and ignores the abort signal.
    const report = await verifier.verifyBadge(signed, { fetch: async (url, init) => (asked.push({ url, signal: init?.signal }), new Promise(() => {})), fetchTimeout: 300 });
    const elapsed = performance.now() - started;
    assert.deepEqual(asked.map((a) => a.url), ["https://status.example/list"]);
    assert.equal(asked[0].signal?.aborted, true, "the fetch was aborted");
    assert.ok(elapsed >= 290 && elapsed < 3000, `${elapsed} ms`);
    const status = report.checks.find((c) => c.check === "status");
    assert.equal(status.outcome, "skipped");
    assert.match(status.detail, /https:\/\/status\.example\/list did not answer within 300 ms/);
    assert.ok(report.checks.some((c) => c.check === "proof" && c.outcome === "passed"));
    // The same with a fetcher that answers: no time limit is hit.
    const fine = await verifier.verifyBadge(signed, { fetch: async () => new Response("", { status: 404 }), fetchTimeout: 300 });
    assert.doesNotMatch(fine.checks.find((c) => c.check === "status").detail, /did not answer/);
  });

  test("input that is no badge gives an error report, not a rejection", async () => {
    for (const input of ["", "not a badge", new Uint8Array([0x89, 0x50, 0x4e, 0x47]), new ArrayBuffer(3)]) {
      const report = await verifier.verifyBadge(input);
      assert.equal(report.verdict, "error");
      assert.equal(typeof report.error.code, "string");
      assert.equal(typeof report.error.message, "string");
      assert.ok(Array.isArray(report.checks));
    }
  });

  test("a credential beyond the compact JSON-LD processor is checked by the verifier-full module", async () => {
    const signed = await beyondCompact();
    const report = await verifier.verifyBadge(JSON.stringify(signed));
    assert.equal(report.verdict, "verified", JSON.stringify(report.checks));
    assert.ok(report.checks.some((c) => c.check === "jsonld-safe" && c.outcome === "passed"));
    const changed = structuredClone(signed);
    changed.credentialSubject["ex:favoriteGlaze"] = "tenmoku";
    assert.equal((await verifier.verifyBadge(JSON.stringify(changed))).verdict, "invalid");
    // 1EdTech's complete.json (lists, typed numbers, endorsements) is within the compact processor...
    const complete = JSON.parse(readFileSync(join(ROOT, "tests/suites/1edtech-ob30/complete.json"), "utf8"));
    // ...and its key, written in its issuer URL's fragment, is the issuer's only with the
    // issuer's profile listing it: offline it is "could not check".
    const offline = await verifier.verifyBadge(JSON.stringify(complete));
    assert.equal(offline.verdict, "error", JSON.stringify(offline.checks));
    assert.equal(offline.checks.find((c) => c.check === "issuer").outcome, "skipped");
    const withProfile = await verifier.verifyBadge(JSON.stringify(complete), { fetch: fetchFrom(issuerProfiles(complete)) });
    assert.equal(withProfile.verdict, "verified", JSON.stringify(withProfile.checks));
    // ...and so is the same with a key no context defines, which is named.
    const extra = structuredClone(complete);
    extra.credentialSubject.favouriteColour = "blue";
    const bad = await verifier.verifyBadge(JSON.stringify(extra));
    assert.equal(bad.verdict, "invalid");
    const safe = bad.checks.find((c) => c.check === "jsonld-safe");
    assert.equal(safe.outcome, "failed");
    assert.match(safe.detail, /favouriteColour/);
  });

  test("RS256 and ES256 VC-JWTs are checked by the verifier-full module, with the issuer's published keys", async () => {
    const { generateKeyPairSync, sign } = await import("node:crypto");
    const b64 = (bytes) => Buffer.from(bytes).toString("base64url");
    const issuer = "https://issuer.example/profile";
    const cred = {
      "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
      id: "urn:uuid:6a1f2c47-0d59-4b5e-9f0a-3c2e1b7d8e90",
      type: ["VerifiableCredential", "OpenBadgeCredential"],
      issuer: { id: issuer, type: ["Profile"], name: "Example College" },
      validFrom: "2025-06-01T00:00:00Z",
      name: "Pottery",
      credentialSubject: {
        id: "did:example:learner", type: ["AchievementSubject"],
        achievement: { id: "https://example.edu/achievements/pottery", type: ["Achievement"], name: "Pottery", description: "Throws a pot.", criteria: { narrative: "Throw a pot." } },
      },
    };
    const claims = { ...cred, iss: issuer, jti: cred.id, sub: cred.credentialSubject.id, nbf: 1748736000 };
    const keys = {
      RS256: generateKeyPairSync("rsa", { modulusLength: 2048 }),
      ES256: generateKeyPairSync("ec", { namedCurve: "P-256" }),
    };
    const jwks = { keys: Object.values(keys).map((k) => k.publicKey.export({ format: "jwk" })) };
    const served = [];
    const fetch = async (url) => {
      served.push(url);
      return url === "https://issuer.example/.well-known/jwks.json"
        ? new Response(JSON.stringify(jwks), { headers: { "content-type": "application/json" } })
        : new Response("", { status: 404 });
    };
    for (const [alg, pair] of Object.entries(keys)) {
      const header = { alg, typ: "JWT", jwk: pair.publicKey.export({ format: "jwk" }) };
      const input = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(claims))}`;
      const signature = alg === "RS256"
        ? sign("sha256", Buffer.from(input), pair.privateKey)
        : sign("sha256", Buffer.from(input), { key: pair.privateKey, dsaEncoding: "ieee-p1363" });
      const token = `${input}.${b64(signature)}`;
      const report = await verifier.verifyBadge(token, { fetch, now: new Date("2026-01-01T00:00:00Z") });
      assert.equal(report.verdict, "verified", `${alg}: ${JSON.stringify(report.checks)}`);
      assert.ok(served.includes("https://issuer.example/.well-known/jwks.json"));
      const small = await import("../../web/pkg/verifier/kiln_wasm.js");
      const smallReport = JSON.parse(small.verifyReport(new TextEncoder().encode(token), ""));
      assert.deepEqual(smallReport.needs, ["jws"], `${alg}: a VC-JWT needs verifier-full`);
      assert.equal(smallReport.error.code, "jws-not-built");
      const forged = `${input}.${b64(Buffer.from(signature).map((b, i) => (i === 10 ? b ^ 1 : b)))}`;
      assert.equal((await verifier.verifyBadge(forged, { fetch, now: new Date("2026-01-01T00:00:00Z") })).verdict, "invalid", `${alg} forged`);
    }
  });

  test("the compact module alone says when a credential needs the full one", async () => {
    const small = await import("../../web/pkg/verifier/kiln_wasm.js");
    const beyond = new TextEncoder().encode(JSON.stringify(await beyondCompact()));
    const report = JSON.parse(small.verifyReport(beyond, ""));
    assert.equal(report.verdict, "error");
    assert.deepEqual(report.needs, ["json-ld-full"]);
    assert.match(report.checks.find((c) => c.check === "jsonld-safe").detail, /beyond this build's compact processor \(a compact or absolute IRI as a key \("ex:favoriteGlaze"\)\)/);
    const { files } = await import("./helpers.mjs").then((h) => h.badges());
    const kiln = JSON.parse(small.verifyReport(files["valid.png"], ""));
    assert.equal(kiln.verdict, "verified");
    assert.equal(kiln.needs, undefined, "a Kiln badge needs only the compact processor");
    // An undefined term is found, and named, by the compact processor too.
    const complete = JSON.parse(readFileSync(join(ROOT, "tests/suites/1edtech-ob30/complete.json"), "utf8"));
    complete.credentialSubject.favouriteColour = "blue";
    const bad = JSON.parse(small.verifyReport(new TextEncoder().encode(JSON.stringify(complete)), ""));
    assert.equal(bad.verdict, "invalid");
    assert.match(bad.checks.find((c) => c.check === "jsonld-safe").detail, /undefined term "favouriteColour" at \$\.credentialSubject\.favouriteColour/);
    // Its embedded endorsements are checked by verifier-full (feature `nested`).
    assert.deepEqual(bad.needs, ["nested"]);
  });

  test("a number the compact module cannot read exactly is read by verifier-full", async () => {
    const key = await issuer.generateKey();
    const unsigned = await credential.buildCredential({
      issuerId: key.controller, issuerName: "I", achievementName: "Töpfern", achievementDescription: "D", criteria: "C", validFrom: "2024-01-01T00:00:00Z",
    });
    // 16 significant digits: beyond serde_json's exact fast path.
    unsigned.credentialSubject.achievement.creditsAvailable = 0.1234567890123456;
    const text = JSON.stringify(await issuer.signCredential(unsigned, key, { suite: "eddsa-jcs-2022" }));
    assert.match(text, /"creditsAvailable":0\.1234567890123456\b/);
    const small = await import("../../web/pkg/verifier/kiln_wasm.js");
    const report = JSON.parse(small.verifyReport(new TextEncoder().encode(text), ""));
    assert.equal(report.verdict, "error");
    assert.equal(report.error.code, "json-number-not-exact");
    assert.deepEqual(report.needs, ["exact-numbers"]);
    const full = await verifier.verifyBadge(text);
    assert.equal(full.verdict, "verified", JSON.stringify(full.checks));
    // The same number changed after signing is not valid, by verifier-full too.
    const changed = await verifier.verifyBadge(text.replace("0.1234567890123456", "0.1234567890123457"));
    assert.equal(changed.verdict, "invalid", JSON.stringify(changed.checks));
  });

  test("extractCredential rejects what is no badge", () => {
    assert.throws(() => verifier.extractCredential(new TextEncoder().encode("plain text")));
  });
});

describe("issuer API", () => {
  test("unknown sign and bake options are errors that name them", async () => {
    await assert.rejects(issuer.signCredential({}, {}, { suit: "eddsa-jcs-2022" }), (e) => e.code === "bad-options" && /suit/.test(e.message));
    await assert.rejects(issuer.signCredential({}, {}, { suite: "rsa" }), (e) => e.code === "bad-options");
    await assert.rejects(issuer.bakeBadge(new Uint8Array(8), "{}", { ob3: true }), (e) => e.code === "bad-options" && /ob3/.test(e.message));
    await assert.rejects(issuer.bakeBadge("not bytes", "{}"), TypeError);
  });

  test("the recipient's email is stored as a salted SHA-256 IdentityObject, the name as the subject's name", async () => {
    const salt = "0123456789abcdef";
    const c = await credential.buildCredential({
      issuerId: "did:key:z6MkExample", issuerName: "I", achievementName: "A", achievementDescription: "D", criteria: "C",
      recipientName: "Ada", recipientEmail: " Ada@Example.org ", salt, validFrom: "2024-01-01T00:00:00Z",
    });
    const [email] = c.credentialSubject.identifier;
    const expected = "sha256$" + createHash("sha256").update("ada@example.org" + salt).digest("hex");
    assert.deepEqual(email, { type: "IdentityObject", hashed: true, identityHash: expected, identityType: "emailAddress", salt });
    assert.equal(c.credentialSubject.name, "Ada");
    assert.deepEqual(c.type, ["VerifiableCredential", "OpenBadgeCredential"]);
    assert.equal(c["@context"][0], "https://www.w3.org/ns/credentials/v2");
    assert.equal(c.issuer.id, "did:key:z6MkExample");
    assert.equal(c.credentialSubject.achievement.criteria.narrative, "C");
    assert.equal(JSON.stringify(c).includes("Ada@Example.org"), false, "the email is not in the credential");
  });

  // Needs kiln-core's keys, signing and baking.
  test("generateKey, signCredential, bakeBadge and verifyBadge round-trip", async () => {
    const key = await issuer.generateKey();
    assert.match(key.controller, /^did:key:z6Mk/);
    assert.equal(typeof key.secretKeyMultibase, "string");
    const imported = await issuer.importKey(JSON.stringify(key));
    assert.equal(imported.controller, key.controller);
    const unsigned = await credential.buildCredential({
      issuerId: key.controller, issuerName: "I", achievementName: "A", achievementDescription: "D", criteria: "C", validFrom: "2024-01-01T00:00:00Z",
    });
    for (const suite of ["eddsa-rdfc-2022", "eddsa-jcs-2022"]) {
      const signed = await issuer.signCredential(unsigned, key, { suite });
      assert.equal(signed.proof.cryptosuite ?? signed.proof[0]?.cryptosuite, suite);
      const png = new Uint8Array(readFileSync(join(ROOT, "tests/fixtures/web/plain.png")));
      const baked = await issuer.bakeBadge(png, signed);
      assert.ok(baked instanceof Uint8Array && baked.length > png.length);
      assert.deepEqual(JSON.parse(verifier.extractCredential(baked)), signed);
      assert.equal((await verifier.verifyBadge(baked)).verdict, "verified");
      assert.equal((await verifier.verifyBadge(JSON.stringify(signed))).verdict, "verified");
      const asked = [];
      const online = await verifier.verifyBadge(baked, { fetch: async (url) => (asked.push(url), new Response("", { status: 404 })) });
      assert.equal(online.verdict, "verified");
      assert.deepEqual(asked, [], "a did:key badge without a status list needs no fetch");
      // A trust list sets the identity line, never the verdict.
      const untrusted = await verifier.verifyBadge(baked, { trust: ["did:key:z6MkSomeoneElse"] });
      assert.equal(untrusted.verdict, "verified");
      assert.equal(untrusted.identity.status, "not-confirmed");
      assert.match(untrusted.identity.detail, /not in trust list "trusted issuers"/);
      const trusted = await verifier.verifyBadge(baked, { trust: { name: "Test schools", issuers: [{ id: key.controller, name: "Test School" }] } });
      assert.equal(trusted.verdict, "verified");
      assert.equal(trusted.identity.status, "trust-list");
      assert.match(trusted.identity.detail, /trust list "Test schools" as "Test School"/);
      await assert.rejects(verifier.verifyBadge(baked, { trust: { name: "No issuers" } }), (e) => e.code === "bad-options" && /issuers/.test(e.message));
    }
  });
});
