// Offline: after a first visit, the verify page (with its verifier module) loads and checks a
// badge with the network cut (the browser context offline, and the test server dropping every
// connection, so not even the service worker's own fetches get through). An online check is
// "could not check" with the reason. After a new build (simulated: the server serves a new
// pkg/sw-build.js version and a verifier .wasm carrying an extra custom section), the page
// uses the new build's modules, also offline, and the old cache is gone.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ROOT, badges, fixture, screenshot, startAll, verdictOf } from "./helpers.mjs";

const KILN = process.env.KILN_BIN ?? join(process.env.CARGO_TARGET_DIR ?? join(ROOT, "target"), "debug", "kiln");
const WEB = join(ROOT, "web");
const work = mkdtempSync(join(tmpdir(), "kiln-offline-"));
const net = { down: false, build: 1 };
let env;

/** A wasm custom section (id 0) named `name` holding `text`: valid at the end of any module. */
function customSection(name, text) {
  const leb = (n) => {
    const out = [];
    do {
      let byte = n & 0x7f;
      n >>>= 7;
      if (n !== 0) byte |= 0x80;
      out.push(byte);
    } while (n !== 0);
    return out;
  };
  const nameBytes = [...Buffer.from(name)];
  const body = [...leb(nameBytes.length), ...nameBytes, ...Buffer.from(text)];
  return Buffer.from([0, ...leb(body.length), ...body]);
}

/** What the server answers for a file of the second build, or null for the file on disk. */
function secondBuild(path) {
  if (path === "/pkg/sw-build.js") {
    const text = readFileSync(join(WEB, "pkg", "sw-build.js"), "utf8");
    return { type: "text/javascript", body: Buffer.from(text.replace(/"version": "([0-9a-f]+)"/, '"version": "$1-second"')) };
  }
  if (path === "/pkg/verifier/kiln_wasm_bg.wasm") {
    const wasm = readFileSync(join(WEB, "pkg", "verifier", "kiln_wasm_bg.wasm"));
    return { type: "application/wasm", body: Buffer.concat([wasm, customSection("kiln-test-build", "second")]) };
  }
  return null;
}

function intercept(req, res) {
  if (net.down) {
    req.socket.destroy();
    return true;
  }
  const second = net.build === 2 ? secondBuild(req.url) : null;
  if (second === null) return false;
  res.writeHead(200, { "content-type": second.type, "content-length": second.body.length, "cache-control": "no-cache" });
  res.end(second.body);
  return true;
}

function kiln(...args) {
  const r = spawnSync(KILN, args, { encoding: "utf8" });
  if (r.error) throw new Error(`cannot run ${KILN} (cargo build -p kiln-cli): ${r.error.message}`);
  assert.equal(r.status, 0, `kiln ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

/** A PNG badge whose credential names a status list at `listUrl` (an online check). */
function badgeWithStatus(listUrl) {
  kiln("keygen", "-o", join(work, "key.json"));
  kiln("status", "new", "--key", join(work, "key.json"), "--url", listUrl, "-o", join(work, "list.json"));
  const unsigned = join(work, "unsigned.json");
  writeFileSync(unsigned, JSON.stringify({
    "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
    id: "urn:uuid:0f6e1d2c-3b4a-4958-8776-a1b2c3d4e5f6",
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
  const signed = join(work, "signed.json");
  kiln("sign", "--key", join(work, "key.json"), "--status-list", listUrl, "--status-index", "3", "-o", signed, unsigned);
  writeFileSync(join(work, "plain.png"), fixture("plain.png"));
  kiln("bake", "--credential", signed, join(work, "plain.png"), "-o", join(work, "status.png"));
  return readFileSync(join(work, "status.png"));
}

before(async () => {
  env = await startAll({ "/status/": work }, { intercept });
});
after(async () => {
  await env?.close();
  rmSync(work, { recursive: true, force: true });
});

/** The page once a service worker controls it; resolves to the names of Kiln's caches. */
async function controlled(page) {
  return until(page, async () => {
    const keys = (await caches.keys()).filter((k) => k.startsWith("kiln-"));
    return navigator.serviceWorker.controller?.state === "activated" && keys.length > 0 ? keys : null;
  });
}

/** Polls `predicate` in the page (it may be async) until it returns something other than null. */
async function until(page, predicate, arg, ms = 30000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await page.evaluate(`(${predicate})(${JSON.stringify(arg)})`);
    if (value !== null) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${predicate}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function cut(on) {
  net.down = on;
  await env.context.setOffline(on);
}

async function check(page, bytes, name) {
  // The previous report's verdict is not this one's.
  await page.evaluate(() => document.getElementById("result").removeAttribute("data-verdict"));
  await page.setInputFiles("#file", { name, mimeType: "image/png", buffer: Buffer.from(bytes) });
  return verdictOf(page, "#result");
}

/** The custom section of the verifier module the page gets now (through its service worker). */
const buildMark = (page) => page.evaluate(async () => {
  const module = await WebAssembly.compile(await (await fetch("/pkg/verifier/kiln_wasm_bg.wasm")).arrayBuffer());
  const [mark] = WebAssembly.Module.customSections(module, "kiln-test-build");
  return mark ? new TextDecoder().decode(mark) : null;
});

test("after a first visit the verify page works offline, and a new build replaces the cache", async () => {
  const { files } = await badges();
  const valid = { png: files["valid.png"] };
  const status = badgeWithStatus(`${env.origin}/status/list.json`);
  const version = /"version": "([0-9a-f]+)"/.exec(readFileSync(join(WEB, "pkg", "sw-build.js"), "utf8"))[1];

  // First visit: the worker installs, caches the page and the verifier, and takes control.
  const { page, errors } = await env.openReady("/");
  assert.deepEqual(await controlled(page), [`kiln-${version}`]);
  const manifest = await page.evaluate(async () => (await fetch(document.querySelector('link[rel="manifest"]').href)).json());
  assert.deepEqual(manifest.icons.map((i) => i.sizes), ["192x192", "512x512"]);

  // Network cut: the page loads from the cache and verifies a badge.
  await cut(true);
  await page.reload();
  await page.waitForSelector("html[data-ready='true']");
  assert.equal(await check(page, valid.png, "valid.png"), "verified", await page.textContent("#result"));
  // An online check cannot be made: skipped with the reason, never passed.
  await check(page, status, "status.png");
  assert.equal(await page.getAttribute('#result li[data-check="status"]', "data-outcome"), "skipped");
  assert.match(await page.textContent("#result"), /offline/);
  await screenshot(page, "offline-verify");

  // A new build: back online, the browser finds the new worker version on the next visit.
  await cut(false);
  net.build = 2;
  await page.reload();
  await page.waitForSelector("html[data-ready='true']");
  const second = `kiln-${version}-second`;
  assert.deepEqual(await until(page, async (name) => {
    const keys = (await caches.keys()).filter((k) => k.startsWith("kiln-"));
    return keys.length === 1 && keys[0] === name && navigator.serviceWorker.controller?.state === "activated" ? keys : null;
  }, second), [second]);

  // Offline again: the page runs the second build's verifier, from the new cache.
  await cut(true);
  await page.reload();
  await page.waitForSelector("html[data-ready='true']");
  assert.equal(await buildMark(page), "second");
  assert.equal(await check(page, valid.png, "valid.png"), "verified");
  assert.deepEqual(await page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith("kiln-"))), [`kiln-${version}-second`]);
  await cut(false);
  assert.deepEqual(errors, []);
  await page.close();
});
