// Shared set-up of the browser tests: the web build, the static server,
// Chromium through playwright-core, screenshots, request logs, fixtures.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "../../web/serve.mjs";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const FIXTURES = join(ROOT, "tests", "fixtures", "web");
export const SCREENSHOTS = join(ROOT, "target", "screenshots");
export const CHROMIUM = process.env.KILN_CHROMIUM ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--no-first-run",
];

/** Builds web/pkg when anything is missing or older than its sources. */
export function ensureBuilt() {
  execFileSync(process.execPath, [join(ROOT, "web", "build.mjs")], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
}

export const fixture = (name) => new Uint8Array(readFileSync(join(FIXTURES, name)));

/**
 * Starts the server on a free port and Chromium with a fresh profile.
 * `intercept(req, res)`, when given, sees each request first and returns
 * true when it answered it (or means never to).
 */
export async function startAll(extraMounts = {}, { intercept } = {}) {
  ensureBuilt();
  const server = await startServer({ port: 0, mounts: { "/fixtures/": FIXTURES, ...extraMounts } });
  if (intercept) {
    const [serveStatic] = server.listeners("request");
    server.removeAllListeners("request");
    server.on("request", (req, res) => {
      if (!intercept(req, res)) serveStatic(req, res);
    });
  }
  const origin = `http://127.0.0.1:${server.address().port}`;
  const profile = mkdtempSync(join(tmpdir(), "kiln-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    acceptDownloads: true,
    viewport: { width: 1100, height: 900 },
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    origin,
    context,
    async newPage() {
      const page = await context.newPage();
      const requests = [];
      page.on("request", (r) => requests.push({ url: r.url(), method: r.method(), body: r.postData() ?? "" }));
      const errors = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      return { page, requests, errors };
    },
    /** A new page at `path` of the site, once the page says it is ready (html[data-ready]). */
    async openReady(path, timeout) {
      const tab = await this.newPage();
      await tab.page.goto(`${origin}${path}`);
      await tab.page.waitForSelector("html[data-ready='true']", timeout === undefined ? undefined : { timeout });
      return tab;
    },
    async close() {
      await context.close();
      server.closeAllConnections(); // a test may hold requests that are never answered
      await new Promise((r) => server.close(r));
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page, name) {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Requests that left the page's own origin (blob: and data: URLs are local). */
export function foreignRequests(requests, origin) {
  return requests.filter((r) => !r.url.startsWith(`${origin}/`) && !r.url.startsWith("blob:") && !r.url.startsWith("data:"));
}

/** Waits until the element has data-verdict and returns it. */
export async function verdictOf(page, selector, timeout = 20000) {
  await page.waitForSelector(`${selector}[data-verdict]`, { timeout });
  return page.getAttribute(selector, "data-verdict");
}

/** Drops a file on the page as a person would (dragenter, dragover, drop on the body). */
export async function dropFile(page, bytes, name, type) {
  await page.evaluate(
    ({ data, name, type }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(data)], name, { type }));
      for (const kind of ["dragenter", "dragover", "drop"]) {
        document.body.dispatchEvent(new DragEvent(kind, { dataTransfer: dt, bubbles: true, cancelable: true }));
      }
    },
    { data: Array.from(bytes), name, type },
  );
}

let badgeSet = null;
/**
 * Signed and baked badges made with the issuer module from the plain
 * fixtures: valid.png, valid.svg, tampered.png, expired.svg, plus the key.
 */
export async function badges() {
  if (badgeSet === null) {
    ensureBuilt();
    const { makeBadgeSet } = await import("../../web/demo/make-badges.mjs");
    badgeSet = makeBadgeSet({ png: fixture("plain.png"), svg: fixture("plain.svg") });
  }
  return badgeSet;
}

/**
 * Profile documents for a credential whose proofs write their key in a URL's fragment
 * (`<issuer URL>#z6Mk...`, as 1EdTech's samples): a Map from each such URL to the profile
 * (JSON text) that lists the key for assertionMethod, with the profile as controller. Such a
 * key is the issuer's only when the profile served at that URL says so.
 */
export function issuerProfiles(credential) {
  const proofs = [credential.proof ?? []].flat();
  const byUrl = new Map();
  for (const vm of proofs.map((p) => p.verificationMethod).filter((v) => typeof v === "string")) {
    const [url, key] = vm.split("#");
    if (!url.startsWith("https://") || !key?.startsWith("z6Mk")) continue;
    byUrl.set(url, [...(byUrl.get(url) ?? []), { id: vm, type: "Multikey", controller: url, publicKeyMultibase: key }]);
  }
  return new Map([...byUrl].map(([url, methods]) => [url, JSON.stringify({
    "@context": ["https://www.w3.org/ns/cid/v1"],
    id: url,
    type: "Profile",
    verificationMethod: methods,
    assertionMethod: methods.map((m) => m.id),
  })]));
}

/** A fetch for verifyBadge that serves `documents` (a Map from URL to JSON text), 404 otherwise. */
export function fetchFrom(documents) {
  return async (url) => documents.has(url)
    ? new Response(documents.get(url), { headers: { "content-type": "application/json" } })
    : new Response("", { status: 404 });
}
