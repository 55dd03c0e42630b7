#!/usr/bin/env node
// Makes the npm package of the <kiln-badge> widget: dist/kiln-badge/ laid out
// as the package, then `npm pack` into dist/kiln-badge-VERSION.tgz.
//
//   node web/package.mjs [--no-build]      (npm run package)
//
// The package keeps the web site's layout, so that the files' relative
// imports stay as they are: widget/kiln-badge.js, lib/ (the verifier API,
// its worker and what they import, found by following the imports) and
// pkg/verifier/ + pkg/verifier-full/ (the wasm modules; not the issuer's).
// Beside them: package.json, kiln-badge.d.ts and custom-elements.json
// (both written from ELEMENTS below), README.md. Runs the web build first
// (it does nothing when web/pkg is up to date) unless --no-build.
// Prints the file list and the tarball's size.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const web = dirname(fileURLToPath(import.meta.url));
const root = resolve(web, "..");
const dist = join(root, "dist");
const out = join(dist, "kiln-badge");
const version = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;

/** The wasm modules the package carries, each a folder of web/pkg. */
const MODULES = ["verifier", "verifier-full"];
/** The files of a module folder the package needs (the glue, its types, the wasm). */
const MODULE_FILES = ["kiln_wasm.js", "kiln_wasm.d.ts", "kiln_wasm_bg.wasm"];
/** Where the imports are followed from. */
const ENTRIES = ["widget/kiln-badge.js", "lib/verifier.js", "lib/verify-worker.js", "lib/report-view.js", "lib/share-view.js"];
/** Type files carried beside the modules they describe. */
const TYPES = ["lib/verifier.d.ts"];

/**
 * What the element offers, the one description both kiln-badge.d.ts and
 * custom-elements.json are written from (tests/browser/package.test.mjs
 * checks it against the element itself).
 */
export const ELEMENTS = [
  {
    name: "KilnBadge",
    tagName: "kiln-badge",
    description: "A baked Open Badge (PNG or SVG) or a credential, shown with its verdict, checked in the visitor's browser off the main thread.",
    attributes: [
      { name: "src", type: "string", description: "URL of the badge: a baked PNG or SVG, a JSON credential or a compact JWS." },
      { name: "alt", type: "string", description: "Text alternative of the picture; by default \"Badge: \" and the achievement's name." },
      { name: "trust-list", type: "string", description: "URL of a JSON trust list of the issuers the site vouches for (as `kiln verify --trust` reads). Never changes the verdict." },
      { name: "relay", type: "string", description: "The site's relay for online documents whose servers send no CORS header, a URL template with {url}." },
      { name: "verify-page", type: "string", description: "The verify page the details' verification link points to." },
      { name: "base", type: "string", description: "URL of the folder holding the package's lib/ and pkg/, when they are served elsewhere than beside the script." },
      { name: "layout", type: "\"compact\" | \"detailed\"", description: "compact: the picture and the mark only; detailed: the details shown open under them." },
      { name: "loading", type: "\"lazy\" | \"eager\"", description: "eager: checked at once; by default the badge is fetched and checked when it comes near the viewport." },
    ],
    properties: [
      { name: "report", type: "KilnReport | null", readonly: true, description: "The last report (null before the badge was first checked)." },
    ],
    methods: [
      { name: "toggle", signature: "toggle(open?: boolean): void", description: "Shows or hides the details." },
    ],
    events: [
      { name: "kiln-verified", type: "CustomEvent<KilnReport>", description: "Fired on each check's end, its detail the report; bubbles." },
    ],
    reflected: [
      { name: "data-verdict", description: "\"verified\", \"invalid\" or \"error\" once checked." },
      { name: "data-identity", description: "\"trust-list\", \"domain\" or \"not-confirmed\": what is known of the issuer." },
      { name: "data-standing", description: "\"expired\" and/or \"revoked\"." },
    ],
    cssParts: [
      { name: "face", description: "The button holding the picture, the mark and the issuer line." },
      { name: "image", description: "The badge's picture." },
      { name: "note", description: "The note that the picture is not covered by the signature." },
      { name: "mark", description: "The verdict." },
      { name: "who", description: "What is known of the issuer (trust list, domain)." },
      { name: "details", description: "The details: the credential's facts and each check." },
    ],
    cssProperties: [
      { name: "--kiln-badge-width", default: "14rem", description: "Largest width of the badge (22rem in the detailed layout)." },
      { name: "--kiln-badge-font", default: "14px/1.4 system-ui, sans-serif", description: "Font (the `font` shorthand)." },
      { name: "--kiln-badge-color", default: "#1d1d1f", description: "Text colour." },
      { name: "--kiln-badge-bg", default: "#fff", description: "Background of the face and the details." },
      { name: "--kiln-border", default: "1px solid #d7d7de", description: "Border of the face and the details." },
      { name: "--kiln-radius", default: "0.6rem", description: "Corner radius of the face and the details." },
      { name: "--kiln-focus", default: "#1a5fd0", description: "Keyboard focus ring colour." },
      { name: "--kiln-muted", default: "#5b5b66", description: "Colour of the issuer line and the picture note." },
      { name: "--kiln-verified-bg", default: "#e3f5e8", description: "Background of the \"Verified\" mark." },
      { name: "--kiln-verified-fg", default: "#0b6b2f", description: "Text colour of the \"Verified\" mark." },
      { name: "--kiln-invalid-bg", default: "#fde7e8", description: "Background of the \"Not valid\" mark." },
      { name: "--kiln-invalid-fg", default: "#a1121b", description: "Text colour of the \"Not valid\" mark." },
      { name: "--kiln-error-bg", default: "#fff3d6", description: "Background of the \"Could not check\" mark." },
      { name: "--kiln-error-fg", default: "#7a4b00", description: "Text colour of the \"Could not check\" mark." },
    ],
  },
  {
    name: "KilnBadgeList",
    tagName: "kiln-badge-list",
    description: "A portfolio of badges side by side under a line that counts the verdicts; all share the page's one verifier.",
    attributes: [
      { name: "src", type: "string", description: "Badge URLs separated by spaces, each made a <kiln-badge> child (at most 500)." },
      { name: "trust-list", type: "string", description: "Handed down to the badges made from src." },
      { name: "relay", type: "string", description: "Handed down to the badges made from src." },
      { name: "base", type: "string", description: "Handed down to the badges made from src." },
      { name: "layout", type: "\"compact\" | \"detailed\"", description: "Handed down to the badges made from src." },
      { name: "loading", type: "\"lazy\" | \"eager\"", description: "Handed down to the badges made from src." },
    ],
    properties: [
      { name: "badges", type: "KilnBadge[]", readonly: true, description: "The list's <kiln-badge> children." },
    ],
    methods: [],
    events: [
      { name: "kiln-list-verified", type: "CustomEvent<{ verified: number; invalid: number; error: number; count: number }>", description: "Fired once every badge is checked, its detail the counts; bubbles." },
    ],
    reflected: [
      { name: "data-verdict", description: "The worst of the badges' verdicts, once all are checked." },
      { name: "data-count", description: "How many badges the list has." },
    ],
    cssParts: [],
    cssProperties: [],
  },
];

/** custom-elements.json, schema 2.x, for the module widget/kiln-badge.js. */
export function manifest() {
  const path = "widget/kiln-badge.js";
  const declarations = ELEMENTS.map((e) => ({
    kind: "class",
    name: e.name,
    tagName: e.tagName,
    customElement: true,
    description: e.description,
    superclass: { name: "HTMLElement" },
    attributes: [...e.attributes.map((a) => ({ name: a.name, type: { text: a.type }, description: a.description })),
      ...e.reflected.map((a) => ({ name: a.name, type: { text: "string" }, description: `Set by the element: ${a.description}` }))],
    members: [
      ...e.properties.map((p) => ({ kind: "field", name: p.name, type: { text: p.type }, readonly: p.readonly, description: p.description })),
      ...e.methods.map((m) => ({ kind: "method", name: m.name, description: m.description })),
    ],
    events: e.events.map((ev) => ({ name: ev.name, type: { text: ev.type }, description: ev.description })),
    cssParts: e.cssParts,
    cssProperties: e.cssProperties,
  }));
  return {
    schemaVersion: "2.1.0",
    readme: "README.md",
    modules: [{
      kind: "javascript-module",
      path,
      declarations,
      exports: ELEMENTS.flatMap((e) => [
        { kind: "js", name: e.name, declaration: { name: e.name, module: path } },
        { kind: "custom-element-definition", name: e.tagName, declaration: { name: e.name, module: path } },
      ]),
    }],
  };
}

/** kiln-badge.d.ts: the elements' classes, attributes, events and the tag name maps. */
export function typings() {
  const doc = (text, indent = "") => `${indent}/** ${text.replaceAll("*/", "*\\/")} */\n`;
  let ts = `// Types of kiln-badge ${version}: the <kiln-badge> and <kiln-badge-list> elements.\n`;
  ts += `import type { Report } from "./pkg/verifier/kiln_wasm.js";\n\n`;
  ts += `/** A verification report, as the verifier API returns it. */\nexport type KilnReport = Report & { relay?: string };\n\n`;
  for (const e of ELEMENTS) {
    ts += `/** The attributes of <${e.tagName}>, as strings. */\nexport interface ${e.name}Attributes {\n`;
    for (const a of e.attributes) ts += doc(a.description, "  ") + `  "${a.name}"?: ${a.type};\n`;
    for (const a of e.reflected) ts += doc(`Set by the element: ${a.description}`, "  ") + `  readonly "${a.name}"?: string;\n`;
    ts += "}\n\n";
    ts += `/** The events of <${e.tagName}>. */\nexport interface ${e.name}EventMap extends HTMLElementEventMap {\n`;
    for (const ev of e.events) ts += doc(ev.description, "  ") + `  "${ev.name}": ${ev.type};\n`;
    ts += "}\n\n";
    ts += doc(e.description) + `export class ${e.name} extends HTMLElement {\n  static readonly observedAttributes: string[];\n`;
    for (const p of e.properties) ts += doc(p.description, "  ") + `  ${p.readonly ? "readonly " : ""}${p.name}: ${p.type};\n`;
    for (const m of e.methods) ts += doc(m.description, "  ") + `  ${m.signature};\n`;
    ts += `  addEventListener<K extends keyof ${e.name}EventMap>(type: K, listener: (this: ${e.name}, ev: ${e.name}EventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;\n`;
    ts += "  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;\n";
    ts += `  removeEventListener<K extends keyof ${e.name}EventMap>(type: K, listener: (this: ${e.name}, ev: ${e.name}EventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;\n`;
    ts += "  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;\n";
    ts += "}\n\n";
  }
  ts += "declare global {\n  interface HTMLElementTagNameMap {\n";
  for (const e of ELEMENTS) ts += `    "${e.tagName}": ${e.name};\n`;
  // The events bubble: listeners on an element, on the document and on the window know them.
  for (const map of ["HTMLElementEventMap", "DocumentEventMap", "WindowEventMap"]) {
    ts += `  }\n  interface ${map} {\n`;
    for (const e of ELEMENTS) for (const ev of e.events) ts += `    "${ev.name}": ${ev.type};\n`;
  }
  ts += "  }\n}\n";
  return ts;
}

/** The package's package.json. */
function packageJson() {
  const rootPackage = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  return {
    name: "kiln-badge",
    version,
    description: "<kiln-badge>: shows an Open Badge with its verdict, checked in the visitor's browser (Kiln's WebAssembly verifier, in a worker)",
    license: rootPackage.license,
    type: "module",
    main: "./widget/kiln-badge.js",
    module: "./widget/kiln-badge.js",
    types: "./kiln-badge.d.ts",
    customElements: "custom-elements.json",
    exports: {
      ".": { types: "./kiln-badge.d.ts", default: "./widget/kiln-badge.js" },
      "./verifier": { types: "./lib/verifier.d.ts", default: "./lib/verifier.js" },
      "./verify-worker.js": "./lib/verify-worker.js",
      "./verifier.wasm": "./pkg/verifier/kiln_wasm_bg.wasm",
      "./verifier-full.wasm": "./pkg/verifier-full/kiln_wasm_bg.wasm",
      "./widget/*": "./widget/*",
      "./lib/*": "./lib/*",
      "./pkg/*": "./pkg/*",
      "./custom-elements.json": "./custom-elements.json",
      "./package.json": "./package.json",
    },
    // Importing the widget defines the elements: bundlers must keep it.
    sideEffects: ["./widget/kiln-badge.js"],
    files: ["widget/", "lib/", "pkg/", "kiln-badge.d.ts", "custom-elements.json", "README.md"],
    keywords: ["open-badges", "verifiable-credentials", "web-component", "custom-element", "webassembly"],
  };
}

/** The relative imports of a JS file (static, and dynamic with a literal). */
function importsOf(file) {
  // Comment lines left out: their examples name files from elsewhere.
  const text = readFileSync(file, "utf8").split("\n").filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line)).join("\n");
  const found = new Set();
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["'](\.{1,2}\/[^"']+)["']/g)) found.add(m[1]);
  return [...found];
}

/** The web/ files the entries need (following imports), module folders excepted. */
function neededFiles() {
  const seen = new Set();
  const visit = (rel) => {
    if (seen.has(rel) || rel.startsWith("pkg/")) return;
    seen.add(rel);
    for (const spec of importsOf(join(web, rel))) visit(relative(web, resolve(dirname(join(web, rel)), spec)).split("\\").join("/"));
  };
  for (const entry of ENTRIES) visit(entry);
  return [...seen, ...TYPES].sort();
}

function copy(rel) {
  const to = join(out, rel);
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(join(web, rel), to);
}

function main() {
  if (!process.argv.includes("--no-build")) {
    execFileSync(process.execPath, [join(web, "build.mjs")], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  }
  for (const name of MODULES) {
    for (const file of MODULE_FILES) {
      if (!existsSync(join(web, "pkg", name, file))) throw new Error(`web/pkg/${name}/${file} is missing: run node web/build.mjs`);
    }
  }
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const rel of neededFiles()) copy(rel);
  // The language catalogs lib/i18n.js fetches (not imports): the widget's words.
  for (const file of readdirSync(join(web, "lib", "i18n")).filter((f) => f.endsWith(".json")).sort()) copy(`lib/i18n/${file}`);
  for (const name of MODULES) for (const file of MODULE_FILES) copy(`pkg/${name}/${file}`);
  writeFileSync(join(out, "package.json"), `${JSON.stringify(packageJson(), null, 2)}\n`);
  writeFileSync(join(out, "kiln-badge.d.ts"), typings());
  writeFileSync(join(out, "custom-elements.json"), `${JSON.stringify(manifest(), null, 2)}\n`);
  copyFileSync(join(web, "package-README.md"), join(out, "README.md"));
  const [packed] = JSON.parse(execFileSync("npm", ["pack", "--json", "--pack-destination", dist], { cwd: out, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }));
  const tarball = join(dist, packed.filename);
  console.log(`${relative(root, tarball)}: ${statSync(tarball).size} bytes packed, ${packed.unpackedSize} unpacked, ${packed.entryCount} files`);
  for (const f of [...packed.files].sort((a, b) => a.path.localeCompare(b.path))) console.log(`${String(f.size).padStart(9)}  ${f.path}`);
  return tarball;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
