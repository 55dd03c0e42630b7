// Online documents on servers that will not talk to browsers. The issuer's
// status lists are served by a second local server (another origin than the
// page): one without a CORS header, one that never answers, one answering
// 404, one answering a web page instead of JSON, and one port where nothing
// listens. Each gives its own sentence in the status check, which is skipped,
// never passed. With the site's relay (web/relay.mjs) configured, the badge
// whose issuer blocks browsers is fully checked, and the page names the relay.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { startRelay } from "../../web/relay.mjs";
import { ROOT, fixture, screenshot, startAll, verdictOf } from "./helpers.mjs";

const KILN = process.env.KILN_BIN ?? join(process.env.CARGO_TARGET_DIR ?? join(ROOT, "target"), "debug", "kiln");
const work = mkdtempSync(join(tmpdir(), "kiln-cors-"));
const CASES = ["cors", "nocors", "never", "missing", "wrong"];

let env;
let issuerServer;
let issuerOrigin;
let relay;
let relayOrigin;
let closedOrigin;
/** Requests that reached the issuer's server: path and whether they came with an Origin header. */
const seen = [];
const relayed = [];

function kiln(...args) {
  const r = spawnSync(KILN, args, { encoding: "utf8" });
  if (r.error) throw new Error(`cannot run ${KILN} (cargo build -p kiln-cli): ${r.error.message}`);
  assert.equal(r.status, 0, `kiln ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

/** The issuer's server: /<case>/list.json answers as that case says. */
function issuerHandler(req, res) {
  seen.push({ path: req.url, origin: req.headers.origin ?? null, cookie: req.headers.cookie ?? null, authorization: req.headers.authorization ?? null });
  const [, kind, name] = req.url.split("/");
  const cors = { "access-control-allow-origin": "*" };
  if (name !== "list.json" || !CASES.includes(kind)) {
    res.writeHead(404, cors).end();
  } else if (kind === "never") {
    // never answered
  } else if (kind === "missing") {
    res.writeHead(404, { ...cors, "content-type": "text/plain" }).end("not here");
  } else if (kind === "wrong") {
    res.writeHead(200, { ...cors, "content-type": "text/html; charset=utf-8" }).end("<!doctype html><title>Welcome</title><p>Our new website!</p>");
  } else {
    const headers = { "content-type": "application/json", ...(kind === "cors" ? cors : {}) };
    res.writeHead(200, headers).end(readFileSync(join(work, `${kind}.list.json`)));
  }
}

/**
 * A PNG badge signed with the test key whose revocation entry points at
 * /<kind>/list.json on `origin` (the issuer's server); its signed JSON is
 * left in the work folder as <kind>.signed.json.
 */
function badge(kind, index, origin = issuerOrigin) {
  const listUrl = `${origin}/${kind}/list.json`;
  const unsigned = join(work, `${kind}.json`);
  writeFileSync(unsigned, JSON.stringify({
    "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
    id: `urn:uuid:7c1e2a3b-4d5f-4a6b-9c8d-00000000000${index}`,
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
  const signed = join(work, `${kind}.signed.json`);
  kiln("sign", "--key", join(work, "key.json"), "--status-list", listUrl, "--status-index", String(index), "-o", signed, unsigned);
  writeFileSync(join(work, "plain.png"), fixture("plain.png"));
  const out = join(work, `${kind}.png`);
  kiln("bake", "--credential", signed, join(work, "plain.png"), "-o", out);
  return readFileSync(out);
}

const listen = (server) => new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${server.address().port}`)));

before(async () => {
  env = await startAll({ "/badges/": work }, { intercept: verifyPage });
  issuerServer = createServer(issuerHandler);
  issuerOrigin = await listen(issuerServer);
  relay = await startRelay({ port: 0, allowHttpLocalhost: true, timeMs: 3000 });
  relay.on("request", (req) => relayed.push(req.url));
  relayOrigin = `http://127.0.0.1:${relay.address().port}`;
  // A port where nothing listens: taken, then given back.
  const closed = createServer();
  closedOrigin = await listen(closed);
  await new Promise((r) => closed.close(r));
  kiln("keygen", "-o", join(work, "key.json"));
  for (const kind of ["cors", "nocors"]) {
    kiln("status", "new", "--key", join(work, "key.json"), "--url", `${issuerOrigin}/${kind}/list.json`, "-o", join(work, `${kind}.list.json`));
  }
});
after(async () => {
  await env?.close();
  issuerServer?.closeAllConnections();
  await new Promise((r) => (issuerServer ? issuerServer.close(r) : r()));
  relay?.closeAllConnections();
  await new Promise((r) => (relay ? relay.close(r) : r()));
  rmSync(work, { recursive: true, force: true });
});

/**
 * The verify page, as a site would configure it, served by the test server
 * (a page fulfilled by the browser's test hooks would not count as served from
 * this machine, and could not reach the local servers): /plain.html with a
 * connect-src that also allows the local issuer and relay servers (standing in
 * for https origins), /relayed.html the same with its <meta name="kiln-relay">.
 */
function verifyPage(req, res) {
  const path = req.url.split("?")[0];
  if (path !== "/plain.html" && path !== "/relayed.html") return false;
  let html = readFileSync(join(ROOT, "web", "index.html"), "utf8");
  html = html.replace("connect-src 'self' https:", "connect-src 'self' https: http://127.0.0.1:*");
  if (path === "/relayed.html") {
    const meta = '<meta name="kiln-relay" content="">';
    assert.ok(html.includes(meta), "the page carries the kiln-relay setting");
    html = html.replace(meta, `<meta name="kiln-relay" content="${relayOrigin}/?url={url}">`);
  }
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
  return true;
}

async function openVerify(path = "/plain.html") {
  const tab = await env.newPage();
  await tab.page.goto(`${env.origin}${path}`);
  await tab.page.waitForSelector("html[data-ready='true']");
  return tab;
}

async function check(tab, bytes, name) {
  // The previous report's verdict is not this one's: wait for the new one.
  await tab.page.evaluate(() => document.getElementById("result").removeAttribute("data-verdict"));
  await tab.page.setInputFiles("#file", { name, mimeType: "image/png", buffer: Buffer.from(bytes) });
  const verdict = await verdictOf(tab.page, "#result", 30000);
  const status = tab.page.locator('#result li[data-check="status"]');
  return {
    verdict,
    outcome: await status.getAttribute("data-outcome"),
    detail: await status.textContent(),
    warnings: (await tab.page.locator("#result .warnings").count()) > 0 ? await tab.page.textContent("#result .warnings") : "",
  };
}

describe("status lists on servers that will not talk to browsers", () => {
  let files;
  before(() => {
    files = Object.fromEntries(CASES.map((kind, i) => [kind, badge(kind, i + 3)]));
  });

  test("a server that sends the CORS header: the revocation list is read and checked", async () => {
    const tab = await openVerify();
    const r = await check(tab, files.cors, "cors.png");
    assert.equal(r.outcome, "passed", r.detail);
    assert.equal(r.verdict, "verified", r.detail);
    await tab.page.close();
  });

  test("each cause of failure gets its own sentence, and the status check is skipped, never passed", async () => {
    const tab = await openVerify();
    const causes = {
      nocors: [/does not let web pages read .*nocors\/list\.json/, /no CORS header/, /kiln command line can check it/, /relay/],
      missing: [/missing\/list\.json answered HTTP 404/],
      wrong: [/wrong\/list\.json answered with something that is not JSON \(text\/html\)/, /address may be wrong/],
    };
    const sentences = [];
    for (const [kind, patterns] of Object.entries(causes)) {
      const r = await check(tab, files[kind], `${kind}.png`);
      assert.equal(r.outcome, "skipped", `${kind}: ${r.detail}`);
      assert.notEqual(r.verdict, "invalid", kind);
      for (const p of patterns) assert.match(r.detail, p, kind);
      assert.match(r.warnings, /Revocation could not be checked/, kind);
      sentences.push(r.detail);
      if (kind === "nocors") await screenshot(tab.page, "verify-status-no-cors");
    }
    assert.equal(new Set(sentences).size, sentences.length, "every cause has its own sentence");
    const probe = seen.filter((s) => s.path === "/nocors/list.json");
    assert.ok(probe.length >= 1 && probe.every((s) => s.cookie === null), "no cookie went to the issuer");
    await tab.page.close();
  });

  test("a server that is not there and one that never answers are told apart", async () => {
    badge("gone", 8, closedOrigin);
    const credentials = {
      gone: readFileSync(join(work, "gone.signed.json"), "utf8"),
      never: readFileSync(join(work, "never.signed.json"), "utf8"),
    };
    const tab = await openVerify();
    const r = await tab.page.evaluate(async (credentials) => {
      const { verifyBadge } = await import("/lib/verifier.js");
      const online = { fetch: (url, init) => fetch(url, init), allowHttpLocalhost: true, fetchTimeout: 1500 };
      const status = (report) => report.checks.find((c) => c.check === "status");
      return {
        gone: status(await verifyBadge(credentials.gone, online)),
        never: status(await verifyBadge(credentials.never, online)),
      };
    }, credentials);
    assert.equal(r.gone.outcome, "skipped");
    assert.match(r.gone.detail, /gone\/list\.json could not be reached .*the server may be offline or the address wrong/);
    assert.doesNotMatch(r.gone.detail, /CORS/);
    assert.equal(r.never.outcome, "skipped");
    assert.match(r.never.detail, /never\/list\.json did not answer within 1\.5 s/);
    assert.doesNotMatch(r.never.detail, /CORS/);
    await tab.page.close();
  });

  test("with the site's relay, the badge whose issuer blocks browsers is fully checked and the page names the relay", async () => {
    const tab = await openVerify("/relayed.html");
    const from = relayed.length;
    const r = await check(tab, files.nocors, "nocors.png");
    assert.equal(r.outcome, "passed", r.detail);
    assert.equal(r.verdict, "verified", r.detail);
    const host = new URL(relayOrigin).host;
    assert.match(r.warnings, new RegExp(`fetched through ${host.replaceAll(".", "\\.")}, a relay this site chose`));
    const asked = relayed.slice(from);
    assert.deepEqual(asked, [`/?url=${encodeURIComponent(`${issuerOrigin}/nocors/list.json`)}`]);
    assert.ok(!tab.requests.some((q) => q.url.startsWith(`${issuerOrigin}/`)), "the page did not ask the issuer's server itself");
    await screenshot(tab.page, "verify-status-relay");
    await tab.page.close();
  });

  test("no relay comes from the page's URL", async () => {
    const template = encodeURIComponent(`${relayOrigin}/?url={url}`);
    const tab = await openVerify(`/plain.html?relay=${template}&kiln-relay=${template}`);
    const from = relayed.length;
    const r = await check(tab, files.nocors, "nocors.png");
    assert.equal(r.outcome, "skipped");
    assert.match(r.detail, /no CORS header/);
    assert.equal(relayed.length, from, "the relay in the link was not used");
    await tab.page.close();
  });

  test("<kiln-badge relay> checks through the site's relay", async () => {
    const tab = await openVerify();
    const from = relayed.length;
    const verdict = await tab.page.evaluate(async (relayTemplate) => {
      await import("/widget/kiln-badge.js");
      const badge = document.createElement("kiln-badge");
      badge.setAttribute("relay", relayTemplate);
      badge.setAttribute("src", "/badges/nocors.png");
      document.body.append(badge);
      await new Promise((resolve) => {
        const poll = () => (badge.hasAttribute("data-verdict") ? resolve() : setTimeout(poll, 50));
        poll();
      });
      return badge.getAttribute("data-verdict");
    }, `${relayOrigin}/?url={url}`);
    assert.equal(verdict, "verified");
    assert.equal(relayed.length, from + 1, "the widget asked the relay for the list");
    await tab.page.close();
  });

  test("verifyBadge refuses a relay that is not an https URL template", async () => {
    const tab = await openVerify();
    const errors = await tab.page.evaluate(async () => {
      const { verifyBadge } = await import("/lib/verifier.js");
      const out = [];
      for (const relay of ["https://relay.example/", "http://relay.example/?url={url}", 42, "not a url {url}"]) {
        try {
          await verifyBadge("{}", { fetch: (u, i) => fetch(u, i), relay });
          out.push(null);
        } catch (e) {
          out.push(e.message);
        }
      }
      return out;
    });
    assert.match(errors[0], /must contain \{url\}/);
    assert.match(errors[1], /must be an https URL/);
    assert.match(errors[2], /must be a URL template string/);
    assert.match(errors[3], /is not a URL/);
    await tab.page.close();
  });

  test("web/relay.mjs: https targets only, size and time caps, nothing of the visitor's request forwarded", async () => {
    // Without allowHttpLocalhost (as deployed) a plain http target is refused, and so is one with credentials.
    const strict = await startRelay({ port: 0 });
    const strictOrigin = `http://127.0.0.1:${strict.address().port}`;
    try {
      for (const target of [`${issuerOrigin}/cors/list.json`, "https://user:pw@example.org/", "file:///etc/passwd", "not a url"]) {
        const res = await fetch(`${strictOrigin}/?url=${encodeURIComponent(target)}`);
        assert.equal(res.status, 400, target);
        assert.equal(res.headers.get("access-control-allow-origin"), "*");
      }
      assert.equal((await fetch(`${strictOrigin}/?url=x`, { method: "POST" })).status, 405);
    } finally {
      await new Promise((r) => strict.close(r));
    }
    // The visitor's cookies and credentials stay with the relay.
    const from = seen.length;
    const res = await fetch(`${relayOrigin}/?url=${encodeURIComponent(`${issuerOrigin}/nocors/list.json`)}`, {
      headers: { cookie: "session=secret", authorization: "Bearer secret" },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
    assert.equal(res.headers.get("content-type"), "application/json");
    const upstream = seen.slice(from);
    assert.equal(upstream.length, 1);
    assert.equal(upstream[0].cookie, null);
    assert.equal(upstream[0].authorization, null);
    // The upstream status is passed on; no answer in time is 504; too large is 413.
    assert.equal((await fetch(`${relayOrigin}/?url=${encodeURIComponent(`${issuerOrigin}/missing/list.json`)}`)).status, 404);
    const started = performance.now();
    assert.equal((await fetch(`${relayOrigin}/?url=${encodeURIComponent(`${issuerOrigin}/never/list.json`)}`)).status, 504);
    assert.ok(performance.now() - started < 6000, "the relay gave up within its time cap (3 s here)");
    const small = await startRelay({ port: 0, allowHttpLocalhost: true, maxBytes: 100 });
    try {
      const big = await fetch(`http://127.0.0.1:${small.address().port}/?url=${encodeURIComponent(`${issuerOrigin}/cors/list.json`)}`);
      assert.equal(big.status, 413);
    } finally {
      await new Promise((r) => small.close(r));
    }
  });
});
