// The npm package of the widget (web/package.mjs, `npm run package`): its
// tarball installed into a small site (tests/package-site/) bundled with
// esbuild, and the same site built by Vite with no configuration; its types
// type-checked by tsc (tests/package-types/); unpacked beside a plain static
// page, served from another folder with `base` / setBase (the modules, the
// worker and the language catalogs), 200 badges checked lazily by one
// worker, and the element's parts, custom properties and layouts.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import * as esbuild from "esbuild";
import { ROOT, badges, screenshot, startAll } from "./helpers.mjs";

const VERSION = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version;
const TARBALL = join(ROOT, "dist", `kiln-badge-${VERSION}.tgz`);
const VITE = join(ROOT, "node_modules", ".bin", "vite");
const TSC = join(ROOT, "node_modules", ".bin", "tsc");
/** How a site written in TypeScript checks its code: strict, DOM types, package exports resolved as a bundler does. */
const TSC_ARGS = ["--noEmit", "--strict", "--target", "es2022", "--module", "esnext", "--moduleResolution", "bundler", "--lib", "es2022,dom"];
const LAZY_COUNT = 200;

let env;
let work;
let packed;
/** What `vite build` printed, and the files it wrote under dist/ (before lib/ and pkg/ were copied). */
let viteBuild;
/** The folder of tests/package-types/'s files, with the package in its node_modules. */
let types;

/** tsc (TSC_ARGS) on `file` in the types folder: its exit status and what it printed. */
function tsc(file) {
  const run = spawnSync(TSC, [...TSC_ARGS, file], { cwd: types, encoding: "utf8" });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** Unpacks the tarball into `dir`/node_modules/kiln-badge, as npm would. */
function unpack(dir) {
  const to = join(dir, "node_modules", "kiln-badge");
  mkdirSync(to, { recursive: true });
  execFileSync("tar", ["xzf", TARBALL, "-C", to, "--strip-components=1"]);
  return to;
}

const page = (body, head = "") => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kiln-badge</title>${head}</head>
<body>${body}</body></html>
`;

before(async () => {
  packed = execFileSync(process.execPath, [join(ROOT, "web", "package.mjs")], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  work = mkdtempSync(join(tmpdir(), "kiln-package-"));
  const { files } = await badges();
  const badge = files["valid.png"];

  // The bundled site: installed from the tarball by npm, bundled by esbuild, lib/ and pkg/ beside the bundle.
  const site = join(work, "site");
  cpSync(join(ROOT, "tests", "package-site"), site, { recursive: true });
  execFileSync("npm", ["install", TARBALL, "--no-save", "--offline", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: site, stdio: ["ignore", "ignore", "inherit"] });
  writeFileSync(join(site, "badge.png"), badge);
  const out = join(site, "dist");
  // The same site built by Vite: index.html its entry, no vite.config, the badge in public/.
  const viteSite = join(work, "vite-site");
  cpSync(join(ROOT, "tests", "package-site"), viteSite, { recursive: true });
  execFileSync("npm", ["install", TARBALL, "--no-save", "--offline", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: viteSite, stdio: ["ignore", "ignore", "inherit"] });
  mkdirSync(join(viteSite, "public"));
  writeFileSync(join(viteSite, "public", "badge.png"), badge);
  const viteOut = join(viteSite, "dist");
  // --base: this test serves the site under /vite/ (Vite's public path, the site's own business; nothing of the package's).
  const log = spawnSync(VITE, ["build", "--base", "/vite/"], { cwd: viteSite, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  assert.equal(log.status, 0, `vite build: ${log.stdout}${log.stderr}`);
  viteBuild = { output: `${log.stdout}${log.stderr}`, files: readdirSync(viteOut, { recursive: true }).map(String).sort() };
  // Vite puts the site's script in assets/: lib/ and pkg/ go beside it.
  for (const name of ["lib", "pkg"]) cpSync(join(viteSite, "node_modules", "kiln-badge", name), join(viteOut, "assets", name), { recursive: true });
  await esbuild.build({ entryPoints: [join(site, "main.js")], bundle: true, format: "esm", outdir: out, absWorkingDir: site, logLevel: "warning" });
  for (const name of ["index.html", "badge.png"]) cpSync(join(site, name), join(out, name));
  for (const name of ["lib", "pkg"]) cpSync(join(site, "node_modules", "kiln-badge", name), join(out, name), { recursive: true });

  // TypeScript files using the package's types, beside the package installed from the tarball.
  types = join(work, "types");
  unpack(types);
  for (const name of ["uses.ts", "wrong.ts"]) cpSync(join(ROOT, "tests", "package-types", name), join(types, name));

  // The plain static page, and 200 badges and a themed page beside it.
  const plain = join(work, "static");
  mkdirSync(plain);
  unpack(plain);
  writeFileSync(join(plain, "badge.png"), badge);
  const script = '<script type="module" src="./node_modules/kiln-badge/widget/kiln-badge.js"></script>';
  writeFileSync(join(plain, "index.html"), page('<kiln-badge id="plain" src="badge.png"></kiln-badge>', script));
  const many = Array.from({ length: LAZY_COUNT }, (_, n) => `<kiln-badge src="badge.png?n=${n}" alt="Badge ${n}"></kiln-badge>`).join("\n");
  writeFileSync(join(plain, "lazy.html"), page(`<main id="many">${many}</main>`, script));
  const theme = `<style>
    #themed { --kiln-verified-bg: rgb(1, 2, 3); --kiln-verified-fg: rgb(250, 251, 252); --kiln-badge-width: 300px; --kiln-badge-font: 20px/1.5 serif; }
    #themed::part(face) { background-color: rgb(10, 20, 30); }
  </style>`;
  writeFileSync(join(plain, "theme.html"), page(`
    <kiln-badge id="themed" src="badge.png"></kiln-badge>
    <kiln-badge id="plain" src="badge.png"></kiln-badge>
    <kiln-badge id="compact" layout="compact" src="badge.png"></kiln-badge>
    <kiln-badge id="detailed" layout="detailed" src="badge.png"></kiln-badge>`, `${script}${theme}`));

  // Unusual layout: the widget's script in js/, its lib/ and pkg/ in assets/kiln/.
  const based = join(work, "based");
  const pkgDir = unpack(join(work, "unpacked"));
  mkdirSync(join(based, "js"), { recursive: true });
  for (const name of ["lib", "pkg"]) cpSync(join(pkgDir, name), join(based, "assets", "kiln", name), { recursive: true });
  writeFileSync(join(based, "badge.png"), badge);
  // kiln-badge.js alone imports these few from ../lib (bundled in a real site): inlined here by esbuild.
  await esbuild.build({ entryPoints: [join(pkgDir, "widget", "kiln-badge.js")], bundle: true, format: "esm", outfile: join(based, "js", "kiln-badge.js"), logLevel: "warning" });
  writeFileSync(join(based, "index.html"), page(`
    <kiln-badge id="with-base" lang="fr" base="/based/assets/kiln/" src="badge.png"></kiln-badge>
    <kiln-badge id="without-base" src="badge.png"></kiln-badge>`, '<script type="module" src="./js/kiln-badge.js"></script>'));
  // The verifier API bundled into the site's script, the modules elsewhere: setBase.
  writeFileSync(join(work, "unpacked", "api-entry.js"), 'export { setBase, getBase, verifyBadge } from "kiln-badge/verifier";\nexport { translator } from "kiln-badge/lib/i18n.js";\n');
  await esbuild.build({ entryPoints: [join(work, "unpacked", "api-entry.js")], bundle: true, format: "esm", outfile: join(based, "js", "api.js"), absWorkingDir: join(work, "unpacked"), logLevel: "warning" });
  writeFileSync(join(based, "api.html"), page("<p>API</p>"));

  env = await startAll({ "/site/": out, "/vite/": viteOut, "/static/": plain, "/based/": based });
});

after(async () => {
  await env?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the kiln-badge package", () => {
  test("npm run package makes the tarball with the widget, the verifier API, both verifier modules, types and manifest, and no issuer", () => {
    const list = execFileSync("tar", ["tzf", TARBALL], { encoding: "utf8" }).split("\n").filter((l) => l && !l.endsWith("/")).map((l) => l.replace(/^package\//, ""));
    for (const file of ["package.json", "README.md", "kiln-badge.d.ts", "custom-elements.json", "widget/kiln-badge.js", "lib/verifier.js",
      "lib/verifier.d.ts", "lib/verify-worker.js", "lib/home.js", "lib/i18n/ui.fr.json", "lib/i18n/messages.fr.json", "pkg/verifier/kiln_wasm_bg.wasm", "pkg/verifier/kiln_wasm.js", "pkg/verifier-full/kiln_wasm_bg.wasm"]) {
      assert.ok(list.includes(file), `${file} is in the tarball`);
    }
    assert.ok(list.every((f) => !f.includes("issuer") && !f.includes("/qr/")), "neither the issuer nor the qr module");
    assert.match(packed, new RegExp(`kiln-badge-${VERSION.replaceAll(".", "\\.")}\\.tgz: \\d+ bytes packed`), "the script prints the size");
    const dir = unpack(join(work, "listing"));
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    assert.equal(pkg.name, "kiln-badge");
    assert.equal(pkg.version, VERSION);
    assert.equal(pkg.type, "module");
    assert.equal(pkg.customElements, "custom-elements.json");
    assert.deepEqual(pkg.sideEffects, ["./widget/kiln-badge.js"]);
    for (const [key, target] of Object.entries({ ".": "./widget/kiln-badge.js", "./verifier": "./lib/verifier.js" })) {
      assert.equal(pkg.exports[key].default, target);
      assert.ok(list.includes(pkg.exports[key].types.slice(2)), `types of ${key} are in the tarball`);
    }
    const types = readFileSync(join(dir, "kiln-badge.d.ts"), "utf8");
    assert.match(types, /interface HTMLElementTagNameMap \{\s*"kiln-badge": KilnBadge;\s*"kiln-badge-list": KilnBadgeList;/);
    assert.match(types, /readonly report: KilnReport \| null;/);
    assert.match(types, /"kiln-verified": CustomEvent<KilnReport>;/);
    const manifest = JSON.parse(readFileSync(join(dir, "custom-elements.json"), "utf8"));
    assert.match(manifest.schemaVersion, /^2\./);
    const [module] = manifest.modules;
    assert.equal(module.kind, "javascript-module");
    assert.ok(list.includes(module.path), "the manifest's module is in the tarball");
    const badge = module.declarations.find((d) => d.tagName === "kiln-badge");
    assert.equal(badge.customElement, true);
    for (const key of ["attributes", "members", "events", "cssParts", "cssProperties"]) {
      assert.ok(Array.isArray(badge[key]) && badge[key].length > 0, `kiln-badge's ${key}`);
      for (const item of badge[key]) assert.equal(typeof item.name, "string");
    }
    assert.ok(badge.events.some((e) => e.name === "kiln-verified"));
    assert.ok(module.exports.some((e) => e.kind === "custom-element-definition" && e.name === "kiln-badge-list"));
  });

  test("TypeScript: the element, its report, events and attributes and HTMLElementTagNameMap type-check with tsc --strict; mistakes do not", () => {
    const uses = tsc("uses.ts");
    assert.equal(uses.status, 0, `tests/package-types/uses.ts type-checks:\n${uses.output}`);
    // Each mistake in wrong.ts fails on its line with its error, and nothing else fails.
    const wrong = tsc("wrong.ts");
    assert.notEqual(wrong.status, 0, "wrong.ts does not type-check");
    const expected = readFileSync(join(types, "wrong.ts"), "utf8").split("\n")
      .flatMap((line, n) => [...line.matchAll(/\/\/ error (TS\d+)$/g)].map((m) => `line ${n + 1}: ${m[1]}`));
    const found = [...wrong.output.matchAll(/^wrong\.ts\((\d+),\d+\): error (TS\d+)/gm)].map((m) => `line ${m[1]}: ${m[2]}`);
    assert.ok(expected.length >= 8, "wrong.ts holds its mistakes");
    assert.deepEqual(found, expected, wrong.output);
  });

  test("a site bundled with esbuild from the installed tarball shows a verified badge", async () => {
    const { page, requests, errors } = await env.newPage();
    await page.goto(`${env.origin}/site/`);
    await page.waitForSelector("#bundled[data-verdict]", { timeout: 30000 });
    assert.equal(await page.getAttribute("#bundled", "data-verdict"), "verified");
    assert.equal(await page.getAttribute("body", "data-verdict"), "verified");
    assert.equal(await page.getAttribute("body", "data-same-report"), "true", "the event's detail is the report property");
    assert.equal(await page.getAttribute("body", "data-element-defined"), "true");
    assert.ok(requests.some((r) => r.url === `${env.origin}/site/pkg/verifier/kiln_wasm_bg.wasm`), "the module is found beside the bundle");
    assert.ok(requests.some((r) => r.url === `${env.origin}/site/lib/verify-worker.js`));
    await screenshot(page, "package-site");
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("a site built by Vite with no configuration from the installed tarball shows a verified badge", async () => {
    // Vite copies into its build any file named by new URL("<literal>", import.meta.url): the package names none.
    assert.doesNotMatch(viteBuild.output, /doesn't exist at build time|\(!\)|warn/i, "vite build warns of nothing");
    const scripts = viteBuild.files.filter((f) => f.endsWith(".js"));
    assert.equal(scripts.length, 1, `one script, the site's: ${viteBuild.files.join(", ")}`);
    assert.match(scripts[0], /^assets\/index-[\w-]+\.js$/);
    const { page, requests, errors } = await env.newPage();
    await page.goto(`${env.origin}/vite/`);
    await page.waitForSelector("#bundled[data-verdict]", { timeout: 30000 });
    assert.equal(await page.getAttribute("#bundled", "data-verdict"), "verified");
    assert.equal(await page.getAttribute("body", "data-same-report"), "true", "the event's detail is the report property");
    assert.equal(await page.getAttribute("body", "data-element-defined"), "true");
    const en = JSON.parse(readFileSync(join(ROOT, "web", "lib", "i18n", "ui.en.json"), "utf8"));
    const mark = await page.evaluate(() => document.getElementById("bundled").shadowRoot.querySelector("[part~=mark]").textContent);
    assert.ok(mark.includes(en["verdict.verified"]), `the mark's words from the catalog beside the script: ${mark}`);
    for (const path of ["assets/pkg/verifier/kiln_wasm_bg.wasm", "assets/lib/verify-worker.js", "assets/lib/i18n/ui.en.json"]) {
      assert.ok(requests.some((r) => r.url === `${env.origin}/vite/${path}`), `${path} is found beside the site's script`);
    }
    await screenshot(page, "package-vite");
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("a plain static page with <script type=module> from node_modules shows a verified badge; report is read-only", async () => {
    const { page, requests, errors } = await env.newPage();
    await page.goto(`${env.origin}/static/`);
    await page.waitForSelector("#plain[data-verdict]", { timeout: 30000 });
    assert.equal(await page.getAttribute("#plain", "data-verdict"), "verified");
    const report = await page.evaluate(() => {
      const el = document.querySelector("#plain");
      try {
        el.report = { verdict: "forged" };
      } catch {
        // a getter only: assigning throws in strict code, does nothing otherwise
      }
      return { verdict: el.report?.verdict, checks: el.report?.checks?.length ?? 0 };
    });
    assert.equal(report.verdict, "verified");
    assert.ok(report.checks > 0);
    assert.ok(requests.some((r) => r.url === `${env.origin}/static/node_modules/kiln-badge/pkg/verifier/kiln_wasm_bg.wasm`));
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("base: the modules, the worker and the language catalogs served from another folder", async () => {
    const { page, requests } = await env.newPage();
    await page.goto(`${env.origin}/based/`);
    await page.waitForSelector("#with-base[data-verdict]", { timeout: 30000 });
    await page.waitForSelector("#without-base[data-verdict]", { timeout: 30000 });
    assert.equal(await page.getAttribute("#with-base", "data-verdict"), "verified");
    // Its words (lang="fr") from the catalogs under base, as its modules.
    const fr = JSON.parse(readFileSync(join(ROOT, "web", "lib", "i18n", "ui.fr.json"), "utf8"));
    const mark = await page.evaluate(() => document.getElementById("with-base").shadowRoot.querySelector("[part~=mark]").textContent);
    assert.ok(mark.includes(fr["verdict.verified"]), `the mark is in French from the catalog under base: ${mark}`);
    assert.ok(requests.some((r) => r.url === `${env.origin}/based/assets/kiln/lib/i18n/ui.fr.json`), "the catalog is fetched under base");
    // Without base, the modules are looked for beside the script, where they are not.
    assert.equal(await page.getAttribute("#without-base", "data-verdict"), "error");
    assert.ok(requests.some((r) => r.url === `${env.origin}/based/assets/kiln/lib/verify-worker.js`));
    assert.ok(requests.some((r) => r.url === `${env.origin}/based/assets/kiln/pkg/verifier/kiln_wasm_bg.wasm`));
    await page.close();
  });

  test("setBase: the verifier API bundled into the site's script finds its worker and modules where it is told", async () => {
    const { files } = await badges();
    const { page } = await env.newPage();
    await page.goto(`${env.origin}/based/api.html`);
    const run = (withBase) => page.evaluate(async ({ data, withBase }) => {
      const api = await import(`/based/js/api.js?${withBase}`);
      if (withBase) api.setBase("/based/assets/kiln");
      // The catalogs bundled beside the API follow setBase too.
      const checking = (await api.translator("de")).t("checking");
      try {
        const report = await api.verifyBadge(new Uint8Array(data), { timeout: 20000 });
        return { verdict: report.verdict, base: api.getBase(), checking };
      } catch (e) {
        return { failed: String(e?.message ?? e), base: api.getBase(), checking };
      }
    }, { data: Array.from(files["valid.png"]), withBase });
    const told = await run(true);
    assert.equal(told.base, `${env.origin}/based/assets/kiln/`);
    assert.equal(told.verdict, "verified");
    const de = JSON.parse(readFileSync(join(ROOT, "web", "lib", "i18n", "ui.de.json"), "utf8"));
    assert.equal(told.checking, de.checking, "the German catalog found under setBase's folder");
    // The same bundle in a fresh instance without setBase looks beside itself (/based/js/) and finds nothing.
    const untold = await run(false);
    assert.equal(untold.base, `${env.origin}/based/js/`);
    assert.notEqual(untold.verdict, "verified");
    assert.equal(untold.checking, "checking", "no catalog beside the script: the message id is shown");
    await page.close();
  });

  test(`${LAZY_COUNT} badges: only those near the viewport are fetched until scrolled, and one worker checks them all`, async () => {
    const { page, requests, errors } = await env.newPage();
    const fetched = () => new Set(requests.filter((r) => r.url.includes("/static/badge.png?n=")).map((r) => r.url)).size;
    await page.goto(`${env.origin}/static/lazy.html`);
    // Every badge within 200 px of the viewport gets its verdict, and every badge fetched (the
    // page's resource timing) has one.
    await page.waitForFunction(() => {
      const near = [...document.querySelectorAll("kiln-badge")].filter((b) => b.getBoundingClientRect().top < innerHeight + 200);
      const loaded = new Set(performance.getEntriesByType("resource").map((e) => e.name).filter((n) => n.includes("/badge.png?n="))).size;
      return near.length > 0 && near.every((b) => b.hasAttribute("data-verdict")) && document.querySelectorAll("kiln-badge[data-verdict]").length === loaded;
    }, null, { timeout: 60000 });
    const first = fetched();
    const checked = await page.locator("kiln-badge[data-verdict]").count();
    assert.ok(first > 0 && first < LAZY_COUNT / 2, `${first} of ${LAZY_COUNT} badges fetched before scrolling`);
    assert.equal(checked, first, "each fetched badge is checked, no other");
    assert.equal(await page.locator("kiln-badge[data-verdict='verified']").count(), checked);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.waitForSelector("kiln-badge:last-of-type[data-verdict]", { timeout: 60000 });
    const second = fetched();
    assert.ok(second > first, `scrolling fetched more (${first} then ${second})`);
    assert.ok(second < LAZY_COUNT, "the middle of the page was scrolled past, not fetched");
    console.log(`# ${LAZY_COUNT} badges: ${first} fetched before scrolling, ${second} after scrolling to the end`);
    assert.equal(requests.filter((r) => r.url.endsWith("/lib/verify-worker.js")).length, 1, "one worker script");
    assert.equal(requests.filter((r) => r.url.endsWith("/pkg/verifier/kiln_wasm_bg.wasm")).length, 1, "one verifier module");
    assert.equal(page.workers().length, 1, "one worker for the page");
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("::part() and custom properties take effect; compact and detailed layouts; the manifest matches the element", async () => {
    const { page, errors } = await env.newPage();
    await page.goto(`${env.origin}/static/theme.html`);
    await page.waitForFunction(() => [...document.querySelectorAll("kiln-badge")].every((b) => b.hasAttribute("data-verdict")), null, { timeout: 30000 });
    const seen = await page.evaluate(() => {
      const shadow = (id, selector) => document.getElementById(id).shadowRoot.querySelector(selector);
      const style = (id, selector) => getComputedStyle(shadow(id, selector));
      return {
        themedMark: [style("themed", ".mark").backgroundColor, style("themed", ".mark").color],
        plainMark: style("plain", ".mark").backgroundColor,
        themedFace: style("themed", ".face").backgroundColor,
        plainFace: style("plain", ".face").backgroundColor,
        themedWidth: getComputedStyle(document.getElementById("themed")).maxWidth,
        themedFont: getComputedStyle(document.getElementById("themed")).fontFamily,
        compactNote: style("compact", ".note").display,
        plainNote: style("plain", ".note").display,
        compactDetails: style("compact", ".details").display,
        detailedDetails: style("detailed", ".details").display,
        detailedExpanded: shadow("detailed", ".face").getAttribute("aria-expanded"),
        parts: [...document.getElementById("plain").shadowRoot.querySelectorAll("[part]")].flatMap((e) => [...e.part]),
        observed: customElements.get("kiln-badge").observedAttributes,
        listObserved: customElements.get("kiln-badge-list").observedAttributes,
        css: [...document.getElementById("plain").shadowRoot.adoptedStyleSheets].flatMap((s) => [...s.cssRules].map((r) => r.cssText)).join("\n"),
      };
    });
    assert.deepEqual(seen.themedMark, ["rgb(1, 2, 3)", "rgb(250, 251, 252)"]);
    assert.notEqual(seen.plainMark, "rgb(1, 2, 3)");
    assert.equal(seen.themedFace, "rgb(10, 20, 30)");
    assert.notEqual(seen.plainFace, "rgb(10, 20, 30)");
    assert.equal(seen.themedWidth, "300px");
    assert.equal(seen.themedFont, "serif");
    assert.equal(seen.compactNote, "none");
    assert.notEqual(seen.plainNote, "none");
    assert.equal(seen.compactDetails, "none");
    assert.notEqual(seen.detailedDetails, "none");
    assert.equal(seen.detailedExpanded, "true");
    await screenshot(page, "package-theme");

    const manifest = JSON.parse(readFileSync(join(ROOT, "dist", "kiln-badge", "custom-elements.json"), "utf8"));
    const [badge, list] = ["kiln-badge", "kiln-badge-list"].map((tag) => manifest.modules[0].declarations.find((d) => d.tagName === tag));
    assert.deepEqual(badge.cssParts.map((p) => p.name).sort(), [...new Set(seen.parts)].sort(), "the manifest's parts are the element's");
    for (const name of seen.observed) assert.ok(badge.attributes.some((a) => a.name === name), `attribute ${name} is in the manifest`);
    for (const name of seen.listObserved) assert.ok(list.attributes.some((a) => a.name === name), `list attribute ${name} is in the manifest`);
    for (const { name } of badge.cssProperties) assert.ok(seen.css.includes(`var(${name}`), `${name} is used by the element's style`);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
