#!/usr/bin/env node
// Builds the WebAssembly modules of Kiln into web/pkg/{verifier,verifier-full,issuer}/
// (cargo -> wasm-bindgen --target web -> wasm-opt -Oz from the npm binaryen
// package), then the demo badges into web/pkg/demo/ with the issuer module.
// Each step runs only when its inputs are newer than its output.
//
//   node web/build.mjs [--force]
//
// Honours CARGO_TARGET_DIR. Prints the size of each module, raw and gzipped.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const web = dirname(fileURLToPath(import.meta.url));
const root = resolve(web, "..");
const force = process.argv.includes("--force");
const targetDir = resolve(root, process.env.CARGO_TARGET_DIR ?? "target");
const wasmOpt = join(root, "node_modules", ".bin", "wasm-opt");

// verifier: what every page loads; verifier-full: the same with the complete
// JSON-LD processor, loaded by lib/verifier.js only for a credential beyond
// the compact one; issuer: the issuer page's.
export const MODULES = ["verifier", "verifier-full", "issuer"];

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
  if (!existsSync(wasmOpt)) throw new Error(`no ${wasmOpt}: run npm install (binaryen is a devDependency)`);
  // wasm-opt reads the target-features section to learn which features the module uses
  // (rustc's defaults: bulk-memory, sign-ext, nontrapping-fptoint, multivalue, reference-types).
  // --converge repeats -Oz until the module stops shrinking (about 2 KB gzipped); the custom
  // sections (producers, target_features; the name section is already gone) are stripped.
  run(wasmOpt, [
    "-Oz", "--detect-features", "--converge",
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

async function main() {
  const started = Date.now();
  let rebuilt = false;
  for (const name of MODULES) rebuilt = buildModule(name) || rebuilt;
  copyTemplates();
  await buildDemo(rebuilt);
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
