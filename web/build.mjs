#!/usr/bin/env node
// Builds the WebAssembly modules of Kiln into web/pkg/{verifier,verifier-full,issuer,qr}/
// (cargo -> wasm-bindgen --target web -> wasm-opt -Oz from the npm binaryen
// package), then the demo badges into web/pkg/demo/ with the issuer module.
// Each step runs only when its inputs are newer than its output.
//
//   node web/build.mjs [--force]
//
// Honours CARGO_TARGET_DIR. Prints the size of each module, raw and gzipped.
// Last, at every run, it writes web/pkg/sw-build.js for the service worker
// (web/sw.js): the build's version and the files the worker caches.
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const web = dirname(fileURLToPath(import.meta.url));
const root = resolve(web, "..");
const force = process.argv.includes("--force");
const targetDir = resolve(root, process.env.CARGO_TARGET_DIR ?? "target");
// wasm-opt from the npm binaryen package: the full install's, or the one `npm start` installs
// alone (tests/setup.sh serve).
const wasmOpt = [join(root, "node_modules", ".bin", "wasm-opt"), join(root, "node_modules", ".cache", "kiln-serve", "node_modules", ".bin", "wasm-opt")]
  .find((path) => existsSync(path)) ?? join(root, "node_modules", ".bin", "wasm-opt");

// verifier: what every page loads; verifier-full: the same with the complete
// JSON-LD processor, loaded by lib/verifier.js only for a credential beyond
// the compact one; issuer: the issuer page's; qr: the QR encoder of the verify
// page's print view, loaded only when it prints.
export const MODULES = ["verifier", "verifier-full", "issuer", "qr"];

/** The newest modification time (ms) of the files under `paths`. */
function newest(paths) {
  let max = 0;
  const visit = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p)) if (name !== "target" && name !== "node_modules") visit(join(p, name));
    } else max = Math.max(max, st.mtimeMs);
  };
  for (const p of paths) visit(p);
  return max;
}

const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0);

function run(cmd, args, options = {}) {
  console.log(`build: ${cmd} ${args.join(" ")}`);
  execFileSync(cmd, args, { stdio: "inherit", cwd: root, ...options });
}

function sizes(file) {
  const bytes = readFileSync(file);
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

function buildModule(name) {
  const out = join(web, "pkg", name);
  const wasm = join(out, "kiln_wasm_bg.wasm");
  const sources = newest([join(root, "crates", "kiln-core"), join(root, "crates", "kiln-wasm"), join(root, "crates", "kiln-render"), join(root, "Cargo.toml"), join(root, "Cargo.lock"), fileURLToPath(import.meta.url)]);
  if (!force && mtime(wasm) > sources && existsSync(join(out, "kiln_wasm.js"))) {
    console.log(`build: ${name} is up to date`);
    return false;
  }
  const started = Date.now();
  run("cargo", [
    "build", "-p", "kiln-wasm", "--target", "wasm32-unknown-unknown", "--profile", "release-wasm",
    "--no-default-features", "--features", name,
  ]);
  const built = join(targetDir, "wasm32-unknown-unknown", "release-wasm", "kiln_wasm.wasm");
  run("wasm-bindgen", ["--target", "web", "--out-dir", out, built]);
  if (!existsSync(wasmOpt)) throw new Error(`no ${wasmOpt}: run bash tests/setup.sh serve, or npm install (binaryen is a devDependency)`);
  // wasm-opt reads the target-features section to learn which features the module uses
  // (rustc's defaults: bulk-memory, sign-ext, nontrapping-fptoint, multivalue, reference-types).
  // --converge repeats -Oz until the module stops shrinking (about 2 KB gzipped); the custom
  // sections (producers, target_features; the name section is already gone) are stripped.
  // --low-memory-unused lets wasm-opt fold a constant added to an address into the load's
  // or store's offset: wasm-ld puts the stack first, so the low 1 KB is the far end of
  // the 1 MB stack and no address is ever near 4 GB, where the sum would wrap (1,161 bytes
  // gzipped off the verifier). For the verifier, which every page loads, --flatten
  // --rereloop first rebuild its control flow, which -Oz then shrinks further (534
  // bytes; about a minute more). Both measured to leave the warm verification time as
  // it was.
  run(wasmOpt, [
    ...(name === "verifier" ? ["--flatten", "--rereloop"] : []),
    "-Oz", "--detect-features", "--converge", "--low-memory-unused",
    "--strip-debug", "--strip-producers", "--strip-target-features",
    "-o", wasm, wasm,
  ]);
  const s = sizes(wasm);
  console.log(`build: ${name}: ${s.raw} bytes, ${s.gzip} bytes gzipped, built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

async function buildDemo(rebuilt) {
  const out = join(web, "pkg", "demo");
  const marker = join(out, "badges.json");
  const inputs = newest([join(web, "demo"), join(web, "lib"), join(web, "pkg", "issuer", "kiln_wasm_bg.wasm")]);
  if (!force && !rebuilt && mtime(marker) > inputs) {
    console.log("build: demo badges are up to date");
    return;
  }
  const { makeDemoBadges } = await import("./demo/make-badges.mjs");
  try {
    const files = await makeDemoBadges();
    mkdirSync(out, { recursive: true });
    for (const [file, bytes] of Object.entries(files)) writeFileSync(join(out, file), bytes);
    writeFileSync(marker, JSON.stringify(Object.keys(files), null, 2) + "\n");
    console.log(`build: demo badges: ${Object.keys(files).join(", ")}`);
  } catch (e) {
    // The pages still work without them; the demo page shows the widgets' error verdicts.
    console.warn(`build: WARNING: demo badges not made: ${e.message}`);
  }
}

/** The shipped badge templates, for the issuer page's Design step: copied
 * from crates/kiln-render/templates/ (the only copy kept in git). */
function copyTemplates() {
  const from = join(root, "crates", "kiln-render", "templates");
  const out = join(web, "pkg", "templates");
  mkdirSync(out, { recursive: true });
  for (const name of readdirSync(from).filter((n) => n.endsWith(".svg"))) {
    if (force || mtime(join(out, name)) < mtime(join(from, name))) copyFileSync(join(from, name), join(out, name));
  }
}

/** The verify page and what it loads at once: cached by the service worker when it installs
 * (paths relative to web/; "" is the page itself). */
export function precacheList() {
  const inDir = (dir, ext) => readdirSync(join(web, dir)).filter((n) => n.endsWith(ext)).sort().map((n) => `${dir}/${n}`);
  return [
    "", "style.css", "manifest.json", "icons/icon-192.png", "icons/icon-512.png",
    ...inDir("verify", ".js"), ...inDir("verify", ".css"), ...inDir("lib", ".js"), ...inDir("lib/i18n", ".json"),
    "pkg/verifier/kiln_wasm.js", "pkg/verifier/kiln_wasm_bg.wasm",
  ];
}

/** Loaded by the pages only when needed: cached by the service worker the first time. */
export const ON_DEMAND = ["pkg/verifier-full/", "pkg/qr/"];

/**
 * Writes pkg/sw-build.js: the version (a hash of every file the service worker may cache,
 * and of the worker itself), so that each new build gives the worker a new cache.
 */
export function writeServiceWorkerBuild() {
  const precache = precacheList();
  const hash = createHash("sha256");
  const files = [
    "sw.js", ...precache.map((p) => (p === "" ? "index.html" : p)),
    ...ON_DEMAND.flatMap((dir) => (existsSync(join(web, dir)) ? readdirSync(join(web, dir)).sort().map((n) => `${dir}${n}`) : [])),
  ];
  for (const file of files) {
    const bytes = readFileSync(join(web, file));
    hash.update(`${file}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  const version = hash.digest("hex").slice(0, 16);
  const text = `// Written by web/build.mjs for web/sw.js: do not edit.\nself.KILN_BUILD = ${JSON.stringify({ version, precache, onDemand: ON_DEMAND }, null, 2)};\n`;
  const out = join(web, "pkg", "sw-build.js");
  // Written only when it changes, and whole (a rename): a server may be reading it meanwhile.
  if (!existsSync(out) || readFileSync(out, "utf8") !== text) {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(`${out}.${process.pid}.tmp`, text);
    renameSync(`${out}.${process.pid}.tmp`, out);
  }
  console.log(`build: service worker version ${version}, ${precache.length} files precached`);
  return version;
}

async function main() {
  const started = Date.now();
  let rebuilt = false;
  for (const name of MODULES) rebuilt = buildModule(name) || rebuilt;
  copyTemplates();
  await buildDemo(rebuilt);
  writeServiceWorkerBuild();
  for (const name of MODULES) {
    const s = sizes(join(web, "pkg", name, "kiln_wasm_bg.wasm"));
    console.log(`build: ${name}.wasm ${(s.raw / 1024).toFixed(1)} KiB raw, ${(s.gzip / 1024).toFixed(1)} KiB gzipped`);
  }
  console.log(`build: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(`build: ${e.message}`);
    process.exit(1);
  });
}
