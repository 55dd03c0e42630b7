// <kiln-badge src="badge.png"></kiln-badge>: shows a baked Open Badge with its
// live verdict. Load once per page:
//   <script type="module" src="/widget/kiln-badge.js"></script>
// No framework; Shadow DOM; the verifier module is loaded on first use, once
// for all badges, from beside this script (import.meta.url). The element sets
// data-verdict="verified|invalid|error" on itself when checked; click, Enter
// or Space shows the details, Escape hides them; the verdict is said in a
// live region (role="status"). Credential text is shown only as text, the
// badge only as an <img> from a blob: URL, with a note under it that the
// picture is not covered by the signature. The details show the image the
// credential itself carries, when it is a data: URL; an https image only when
// the visitor asks for it (loading it tells its host who looks). The check
// runs in the verifier's worker (lib/verifier.js), one for the whole page.
//
// trust-list="issuers.json" (optional): a JSON trust list ({"name", "issuers":
// [{"id", "name"}]}, as `kiln verify --trust` reads) of the issuers the site
// vouches for. The widget then says under its mark whether the issuer is on
// it, and sets data-identity="trust-list|domain|not-confirmed" on itself.
// Each list is fetched once per page. The verdict never depends on it.
//
// relay="https://relay.example/?url={url}" (optional): the site's own relay
// for online documents (revocation lists, did:web keys) whose servers do not
// let web pages read them (no CORS header); each document's URL is
// URL-encoded into {url}. There is none by default, and the report says when
// one was used and whose it is (web/relay.mjs is a minimal one).
//
// verify-page="https://example.org/verify/" (optional): the verify page the
// details' "Copy verification link" points to; by default the one beside
// this script (the Kiln site's root). The link carries the credential in its
// fragment, which browsers never send to a server. A verified badge's
// details also offer LinkedIn's "Add to profile", filled from the signed
// credential.
//
// <kiln-badge-list> (the same script): a portfolio of badges, given as
// <kiln-badge> children or as src="a.png b.svg c.json" (URLs separated by
// spaces, each made a <kiln-badge> child; trust-list and relay are handed down). It
// shows them side by side under a line that counts the verdicts, and sets
// data-verdict on itself, the worst of its badges' ("error" over "invalid"
// over "verified"), with data-count, once every badge is checked; then it
// fires "kiln-list-verified". All badges share the page's one verifier.
//
// Language: each element speaks the language of its closest lang attribute
// (its own, an ancestor's, the page's <html lang>), else the browser's
// (English, French, German, Spanish; English for any other), and draws
// itself again when that attribute changes. Its words come from
// lib/i18n/*.json in the same folder as the verifier's lib/ (see base).
//
// base="/assets/kiln-badge/" (optional): the folder that holds lib/ and pkg/
// (the verifier API, its worker, the language catalogs and the modules), for
// a site that serves them elsewhere than beside this script. By default
// (lib/home.js): the folder above widget/kiln-badge.js, or, when this script
// was bundled into the site's own, the folder of that script; or where the
// verifier API's setBase said, when it is bundled in the same script. Give
// every badge of a page the same base (or none): each base is one verifier.
//
// layout="compact|detailed" (optional): compact shows the picture and the
// mark only; detailed shows the details open under them. Neither: the
// picture, the mark and the issuer line, details on demand.
//
// loading="eager" (optional): the badge is fetched and checked at once. By
// default it is when it comes near the viewport (IntersectionObserver), so a
// page of many badges checks only those a visitor can see.
//
// The element's `report` property is its last report (null before the
// first); the "kiln-verified" event carries it too. Styling from the page:
// the parts face, image, note, mark, who and details (::part()), and the
// custom properties --kiln-badge-width, --kiln-badge-font,
// --kiln-badge-color, --kiln-badge-bg, --kiln-border, --kiln-radius,
// --kiln-focus, --kiln-muted, and --kiln-verified-bg/-fg,
// --kiln-invalid-bg/-fg, --kiln-error-bg/-fg for the mark of each verdict.

import { el } from "../lib/dom.js";
import { HOME, homeOf } from "../lib/home.js";
import { languageOf, translator } from "../lib/i18n.js";
import { isLoopbackHost } from "../lib/loopback.js";
import { IMAGE_TYPES, MAX_PICTURE_BYTES, imageKind } from "../lib/sniff.js";
import { standingOf, standingText } from "../lib/standing.js";

/** The modules of lib/ imported so far, by URL: each once per page. */
const imported = new Map();
/**
 * lib/NAME.js under `base` (the element's base attribute; without one, lib/home.js's
 * home, which setBase changes). URLs built here, not literals: bundlers leave them alone.
 */
function libModule(name, base) {
  const url = new URL(`lib/${name}.js`, homeOf(base)).href;
  if (!imported.has(url)) imported.set(url, import(url));
  return imported.get(url);
}
/** The verify page beside this script: where verification links point by default. */
const VERIFY_PAGE = HOME;

/** The home (lib/home.js) each translator the elements got had its catalogs from. */
const catalogHomes = new WeakMap();
/** The translator of `element`'s language, its catalogs under the element's base: `current` when it is that one. */
async function translatorOf(element, current) {
  const lang = languageOf(element);
  const home = homeOf(element.getAttribute("base")).href;
  if (current !== null && current.lang === lang && catalogHomes.get(current) === home) return current;
  const tr = await translator(lang, { base: home });
  catalogHomes.set(tr, home);
  return tr;
}

const IDENTITY_STATUSES = ["domain", "trust-list", "not-confirmed"];

// The elements on the page, each drawn again when a lang attribute changes (one observer for all).
const speakers = new Set();
let langObserver = null;
function listen(element) {
  speakers.add(element);
  if (langObserver === null) {
    langObserver = new MutationObserver(() => {
      for (const e of speakers) e.languageChanged();
    });
    langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ["lang"], subtree: true });
  }
}
const unlisten = (element) => speakers.delete(element);

const CSS = `
:host { display: inline-block; max-width: var(--kiln-badge-width, 14rem); font: var(--kiln-badge-font, 14px/1.4 system-ui, sans-serif); color: var(--kiln-badge-color, #1d1d1f); vertical-align: top; }
:host([layout="detailed"]) { max-width: var(--kiln-badge-width, 22rem); }
button.face { all: unset; box-sizing: border-box; display: block; width: 100%; cursor: pointer; border: var(--kiln-border, 1px solid #d7d7de); border-radius: var(--kiln-radius, 0.6rem); padding: 0.5rem; background: var(--kiln-badge-bg, #fff); text-align: center; }
button.face:focus-visible { outline: 3px solid var(--kiln-focus, #1a5fd0); outline-offset: 2px; }
:host([layout="compact"]) .who, :host([layout="compact"]) .note { display: none; }
img { display: block; width: 100%; height: auto; min-height: 2rem; }
:host(:not([data-verdict])) { width: var(--kiln-badge-width, 14rem); }
:host(:not([data-verdict])) .face { min-height: 12rem; }
.mark { display: block; margin-top: 0.4rem; font-weight: 700; border-radius: 0.4rem; padding: 0.2rem 0.4rem; }
:host([data-verdict="verified"]) .mark { background: var(--kiln-verified-bg, #e3f5e8); color: var(--kiln-verified-fg, #0b6b2f); }
:host([data-verdict="invalid"]) .mark { background: var(--kiln-invalid-bg, #fde7e8); color: var(--kiln-invalid-fg, #a1121b); }
:host([data-verdict="error"]) .mark { background: var(--kiln-error-bg, #fff3d6); color: var(--kiln-error-fg, #7a4b00); }
.details { margin-top: 0.4rem; border: var(--kiln-border, 1px solid #d7d7de); border-radius: var(--kiln-radius, 0.5rem); padding: 0.5rem; background: var(--kiln-badge-bg, #fff); overflow-wrap: anywhere; }
.details[hidden] { display: none; }
dl { margin: 0; } dt { font-weight: 600; color: #5b5b66; } dd { margin: 0 0 0.3rem; }
ul { padding-left: 1rem; margin: 0.3rem 0; }
.nested li[data-verdict="invalid"] { color: #a1121b; } .nested li[data-verdict="error"] { color: #7a4b00; }
.failed { color: #a1121b; } .passed { color: #0b6b2f; } .skipped { color: #5b5b66; }
.who { display: block; margin-top: 0.2rem; font-size: 12px; color: var(--kiln-muted, #5b5b66); }
.who[hidden] { display: none; }
.note { display: block; margin-top: 0.3rem; font-size: 11px; color: var(--kiln-muted, #5b5b66); }
.note[hidden] { display: none; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.credential-image { margin: 0.3rem 0; }
.credential-image img { width: 6rem; min-height: 0; }
.credential-image figcaption, .hint { font-size: 12px; color: #5b5b66; }
.credential-image button { font: inherit; font-size: 12px; margin: 0.2rem 0; cursor: pointer; }
.share { margin-top: 0.4rem; border-top: 1px solid #d7d7de; padding-top: 0.3rem; display: grid; gap: 0.3rem; }
.share button { font: inherit; font-size: 12px; cursor: pointer; }
.share .link-text { width: 100%; box-sizing: border-box; font-size: 11px; }
.share .row { display: flex; gap: 0.4rem; }
:host([data-identity="trust-list"]) .who, :host([data-identity="domain"]) .who { color: #0b6b2f; }
`;

const SYMBOLS = { verified: "✓", invalid: "⚠", error: "?" };
let sheet = null;

export class KilnBadge extends HTMLElement {
  static observedAttributes = ["src", "alt", "trust-list", "relay", "base", "layout", "loading"];
  #face; #img; #note; #mark; #who; #details; #said; #url = null; #run = 0; #inflight = false;
  /**
   * The language's translator (lib/i18n.js), and what was last shown, to draw it again in
   * another language: the report only through a WeakRef (a large badge's report holds its
   * whole credential text; kept alive, it made the page's main thread stall), checked
   * again if it is gone.
   */
  #tr = null; #shown = null; #tooLarge = 0;
  /** The last report (the `report` property). */
  #report = null;
  /** True once the badge came near the viewport (or loading="eager"): it may be fetched. */
  #seen = false;

  /** One observer for every badge of the page: a badge is checked when it comes within 200 px of the viewport. */
  static #nearby = typeof IntersectionObserver === "function"
    ? new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        KilnBadge.#nearby.unobserve(entry.target);
        entry.target.#reveal();
      }
    }, { rootMargin: "200px 0px" })
    : null;

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    if (sheet === null) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
    }
    root.adoptedStyleSheets = [sheet];
    this.#face = el("button", null, "face");
    this.#face.type = "button";
    this.#face.setAttribute("aria-expanded", "false");
    this.#face.part = "face";
    this.#img = el("img");
    this.#img.part = "image";
    this.#img.alt = "";
    this.#note = el("span", null, "note");
    this.#note.hidden = true;
    this.#note.part = "note";
    this.#mark = el("span", null, "mark");
    this.#mark.part = "mark";
    this.#who = el("span", null, "who");
    this.#who.part = "who";
    this.#who.hidden = true;
    // Spaces between the parts: the face's visible text reads as words (its accessible name
    // holds that text in the same order, as WCAG's "label in name" asks).
    this.#face.append(this.#img, this.#note, " ", this.#mark, " ", this.#who);
    this.#details = el("div", null, "details");
    this.#details.hidden = true;
    this.#details.id = "details";
    this.#details.setAttribute("role", "region");
    this.#details.setAttribute("aria-label", "Badge details");
    this.#face.setAttribute("aria-controls", "details");
    this.#details.part = "details";
    this.#face.addEventListener("click", () => this.toggle());
    // Escape closes the details from the face or from a control inside them.
    root.addEventListener("keydown", (e) => {
      if (e.key !== "Escape" || this.#details.hidden) return;
      this.toggle(false);
      this.#face.focus();
    });
    // The verdict is said here: a live region that is in place before the verdict is written
    // into it (the face's own name changes silently). In a <kiln-badge-list>, the list's count
    // line speaks for its badges.
    this.#said = el("span", "", "sr-only");
    this.#said.setAttribute("role", "status");
    this.#said.setAttribute("aria-live", "polite");
    root.append(this.#face, this.#details, this.#said);
  }

  /** Shows or hides the details. */
  toggle(open = this.#details.hidden) {
    this.#details.hidden = !open;
    this.#face.setAttribute("aria-expanded", String(open));
  }

  /** The last report (null before the badge was first checked); read-only. */
  get report() {
    return this.#report;
  }

  connectedCallback() {
    listen(this);
    if (this.getAttribute("layout") === "detailed") this.toggle(true);
    if (!this.hasAttribute("data-verdict") && !this.#inflight) this.#want();
    else this.languageChanged();
  }

  /** Loads the translator of the element's language now, unless it is the one it has. */
  async #speak() {
    this.#tr = await translatorOf(this, this.#tr);
    return this.#tr;
  }

  /** Draws the element again when its language is no longer the one it speaks (a lang attribute changed). */
  async languageChanged() {
    if (this.#tr === null || this.#tr.lang === languageOf(this)) return;
    const tr = await this.#speak();
    this.#noteText(tr);
    const report = this.#shown?.report.deref();
    if (this.#shown !== null && report !== undefined && !this.#inflight) {
      const open = !this.#details.hidden;
      this.#show(report, this.#shown.view, this.#shown.share, false);
      this.toggle(open);
    } else if (this.#shown !== null && !this.#inflight) this.#want();
    else this.#mark.textContent = tr.t("checking");
  }

  #noteText({ t }) {
    this.#note.textContent = this.#tooLarge > 0 ? t("widget.picture-too-large", { size: new Intl.NumberFormat(this.#tr?.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(this.#tooLarge / 1e6) }) : t("widget.picture-note");
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if ((name === "src" || name === "trust-list" || name === "relay" || name === "base") && oldValue !== newValue && this.isConnected) this.#want();
    if (name === "alt") this.#img.alt = newValue ?? "";
    if (name === "layout" && oldValue !== newValue) this.toggle(newValue === "detailed");
    if (name === "loading" && newValue === "eager" && this.isConnected && !this.#seen) this.#reveal();
  }

  /** Checks now when the badge was near the viewport already (or is eager), else once it comes near. */
  #want() {
    if (this.#seen || this.getAttribute("loading") === "eager" || KilnBadge.#nearby === null) {
      this.#seen = true;
      this.#check();
    } else KilnBadge.#nearby.observe(this);
  }

  #reveal() {
    if (this.#seen) return;
    this.#seen = true;
    KilnBadge.#nearby?.unobserve(this);
    if (this.isConnected && !this.hasAttribute("data-verdict") && !this.#inflight) this.#check();
  }

  disconnectedCallback() {
    unlisten(this);
    KilnBadge.#nearby?.unobserve(this);
    if (this.#url) URL.revokeObjectURL(this.#url);
    this.#url = null;
    this.#run += 1;
    this.#inflight = false;
  }

  async #check() {
    const run = ++this.#run;
    this.#inflight = true;
    const src = this.getAttribute("src");
    this.removeAttribute("data-verdict");
    this.removeAttribute("data-identity");
    this.removeAttribute("data-standing");
    this.#shown = null;
    this.#who.hidden = true;
    this.#face.removeAttribute("aria-label");
    this.#said.textContent = "";
    const tr = await this.#speak();
    if (run !== this.#run) return;
    this.#mark.textContent = tr.t("checking");
    let report;
    try {
      // The widget's own errors are in its language (error.lang); the verifier's in English.
      if (!src) throw Object.assign(new Error(tr.t("widget.no-src")), { lang: tr.lang });
      const response = await fetch(new URL(src, document.baseURI), { credentials: "same-origin" });
      if (!response.ok) throw Object.assign(new Error(tr.t("widget.not-loaded", { status: String(response.status) })), { lang: tr.lang });
      // Kept as a Blob: the verifier's worker reads it, with no copy on the page's main thread.
      const blob = await response.blob();
      if (run !== this.#run) return;
      const type = IMAGE_TYPES[imageKind(new Uint8Array(await blob.slice(0, 4096).arrayBuffer()))] ?? null;
      if (run !== this.#run) return;
      if (this.#url) URL.revokeObjectURL(this.#url);
      const tooLarge = type !== null && blob.size > MAX_PICTURE_BYTES;
      this.#url = type && !tooLarge ? URL.createObjectURL(blob.slice(0, blob.size, type)) : null;
      if (this.#url) this.#img.src = this.#url;
      else this.#img.removeAttribute("src");
      this.#tooLarge = tooLarge ? blob.size : 0;
      this.#noteText(this.#tr);
      this.#note.hidden = this.#url === null && !tooLarge;
      const base = this.getAttribute("base")?.trim() || null;
      const [{ verifyWithTrustList }] = await Promise.all([libModule("verifier", base), libModule("report-view", base).catch(() => null)]);
      // Online checks (revocation lists, did:web keys) through the page's fetch, https
      // only; plain http only when the page itself is served from this machine.
      const local = isLoopbackHost(location.hostname);
      const relay = this.getAttribute("relay")?.trim() || undefined;
      const online = { fetch: (url, init) => fetch(url, init), allowHttpLocalhost: local, relay };
      report = await verifyWithTrustList(blob, online, this.getAttribute("trust-list"));
    } catch (e) {
      report = { verdict: "error", checks: [], warnings: [], error: { code: e?.code ?? "widget-failed", message: String(e?.message ?? e), ...(typeof e?.lang === "string" ? { lang: e.lang } : {}) } };
    }
    if (run !== this.#run) return;
    this.#inflight = false;
    let view = null;
    try {
      view = await libModule("report-view", this.getAttribute("base")?.trim() || null);
    } catch {
      view = null; // the details then lack the credential's image, nothing else
    }
    let share = null;
    try {
      share = await libModule("share-view", this.getAttribute("base")?.trim() || null);
    } catch {
      share = null; // the details then lack the verification link, nothing else
    }
    if (run !== this.#run) return;
    await this.#speak();
    if (run !== this.#run) return;
    this.#show(report, view, share);
  }

  #show(report, view, share = null, announce = true) {
    this.#shown = report !== null && typeof report === "object" ? { report: new WeakRef(report), view, share } : null;
    const tr = this.#tr;
    const { t } = tr;
    const verdict = ["verified", "invalid", "error"].includes(report?.verdict) ? report.verdict : "error";
    const verdictWord = t(`verdict.${verdict}`);
    const c = report?.credential ?? {};
    const name = c.achievement?.name ?? c.name ?? "";
    // Expired and/or revoked on the face too: a displayer shows the status at a glance.
    const withdrawn = standingOf(report).length > 0 ? ` · ${standingText(report, tr)}` : "";
    this.#mark.textContent = `${SYMBOLS[verdict]} ${verdictWord}${withdrawn}`;
    this.#img.alt = this.getAttribute("alt") ?? (name ? t("widget.alt-named", { name }) : t("widget.alt"));
    const dl = el("dl");
    const add = (label, value, fact) => {
      if (value === undefined || value === null || value === "") return;
      if (value instanceof Node) {
        if (value.textContent === "") return;
        const dd = el("dd");
        dd.append(value);
        if (fact) dd.dataset.fact = fact;
        dl.append(el("dt", label), dd);
        return;
      }
      // A JSON-LD value object shows its text and language; other objects their JSON.
      const text = typeof value === "object" && "@value" in value
        ? `${value["@value"]}${typeof value["@language"] === "string" ? ` (${value["@language"]})` : ""}`
        : typeof value === "object" ? JSON.stringify(value) : value;
      const dd = el("dd", text);
      if (fact) dd.dataset.fact = fact;
      dl.append(el("dt", label), dd);
    };
    const date = (value) => {
      const d = typeof value === "string" ? new Date(value) : null;
      return d && !Number.isNaN(d.getTime()) ? `${tr.date(value)} (${value})` : value;
    };
    add(t("fact.badge"), c.name && c.name !== name ? c.name : undefined, "name");
    add(t("fact.achievement"), name, "achievement");
    add(t("fact.description"), c.achievement?.description, "description");
    add(t("fact.issuer"), c.issuer?.name ?? c.issuer?.id, "issuer");
    add(t("fact.issuer-id"), c.issuer?.name ? c.issuer?.id : undefined, "issuer-id");
    add(t("fact.issued-on"), date(c.validFrom), "issued-on");
    add(t("fact.expires"), date(c.validUntil), "expires");
    if (report?.credential) add(t("fact.status"), standingText(report, tr), "status");
    const standing = standingOf(report);
    if (standing.length > 0) this.setAttribute("data-standing", standing.join(" "));
    else this.removeAttribute("data-standing");
    const identity = verdict === "error" ? null : report?.identity;
    const status = IDENTITY_STATUSES.includes(identity?.status ?? "") ? identity.status : null;
    // The report's sentences through the report view's helpers (English, as the report says them, without it).
    const plain = (v) => (typeof v === "string" ? v : "");
    // A report sentence in the language, or the report's English one marked lang="en" (report view's sentenceNode).
    const sentence = (message, fallback) => view?.sentenceNode?.(message, plain(fallback), tr) ?? plain(fallback);
    add(t("fact.identity"), status ? sentence(identity.message, identity.detail) : undefined);
    add(t("fact.picture"), this.#note.hidden ? undefined : t("picture.note"));
    add(t("fact.problem"), report?.error ? view?.errorNode?.(report, tr) ?? plain(report.error.message) : undefined);
    const warningMessages = Array.isArray(report?.warningMessages) ? report.warningMessages : [];
    (Array.isArray(report?.warnings) ? report.warnings : []).forEach((w, i) => add(t("fact.warning"), sentence(warningMessages[i], w)));
    const list = el("ul");
    for (const check of Array.isArray(report?.checks) ? report.checks : []) {
      const outcome = ["passed", "failed", "skipped"].includes(check?.outcome) ? check.outcome : "skipped";
      const detail = sentence(check?.message, check?.detail);
      const what = view?.checkName?.(plain(check?.check), tr) ?? plain(check?.check);
      const li = el("li", `${what}: ${t(`outcome.${outcome}`)}`);
      if (detail !== "" && detail.textContent !== "") li.append(" (", detail, ")");
      li.className = outcome;
      li.dataset.check = plain(check?.check);
      list.append(li);
    }
    const signedImage = view?.credentialImageNode?.(c.achievement, verdict, tr) ?? null;
    // A record's credentials and a badge's endorsements: one line each, its verdict and who.
    const stack = [];
    const nested = (title, reports, line) => {
      if (!Array.isArray(reports) || reports.length === 0) return;
      const ul = el("ul", null, "nested");
      for (const r of reports) {
        const v = ["verified", "invalid", "error"].includes(r?.verdict) ? r.verdict : "error";
        const li = el("li", `${SYMBOLS[v]} ${t(`verdict.${v}`)}: ${line(r?.credential ?? {})}`);
        li.dataset.verdict = v;
        ul.append(li);
      }
      stack.push(el("strong", title(reports.length)), ul);
    };
    const who = (cred) => plain(cred.issuer?.name) || plain(cred.issuer?.id) || t("report.issuer-unknown");
    nested((count) => t("stack.record", { count }), report?.credentials,
      (cred) => t("widget.nested-credential", { name: plain(cred.name) || plain(cred.achievement?.name) || t("report.unnamed"), issuer: who(cred) }));
    nested((count) => t("stack.endorsements", { count }), report?.endorsements, (cred) => t("nested.by", { issuer: who(cred) }));
    const verifyPage = this.getAttribute("verify-page")?.trim() || VERIFY_PAGE;
    const shareBox = share?.shareBox?.(report, { base: new URL(verifyPage, document.baseURI).href.split("#")[0], compact: true, tr }) ?? null;
    this.#details.replaceChildren(...(signedImage ? [signedImage] : []), dl, ...stack, list, ...(shareBox ? [shareBox] : []));
    if (status && verdict === "verified") {
      const words = t(`widget.identity.${status}`);
      this.#who.textContent = words;
      this.#who.hidden = false;
    }
    // The face's name: the badge's, then its visible text in the order it is shown.
    const note = this.#note.hidden ? "" : ` ${this.#note.textContent}.`;
    const said = `${verdictWord}${withdrawn}${this.#who.hidden ? "" : `, ${this.#who.textContent}`}`;
    this.#face.setAttribute("aria-label", `${name || t("widget.alt")}.${note} ${said}. ${t("widget.show-details")}`);
    if (status) this.setAttribute("data-identity", status);
    this.#details.setAttribute("aria-label", t("widget.details-named", { name: name || t("widget.alt") }));
    if (announce && this.closest("kiln-badge-list") === null) {
      this.#said.textContent = `${name || t("widget.alt")}: ${said}.`;
    }
    this.#report = report;
    this.setAttribute("data-verdict", verdict);
    this.setAttribute("data-lang", tr.lang);
    if (announce) this.dispatchEvent(new CustomEvent("kiln-verified", { detail: report, bubbles: true }));
  }
}

if (!customElements.get("kiln-badge")) customElements.define("kiln-badge", KilnBadge);

const LIST_CSS = `
:host { display: block; font: 14px/1.4 system-ui, sans-serif; color: #1d1d1f; }
.summary { margin: 0 0 0.5rem; font-weight: 600; }
:host([data-verdict="invalid"]) .summary { color: #a1121b; }
:host([data-verdict="error"]) .summary { color: #7a4b00; }
.badges { display: flex; flex-wrap: wrap; gap: 0.8rem; align-items: flex-start; }
`;
let listSheet = null;

/** The list's attributes its badges made from src take. */
const HANDED_DOWN = ["trust-list", "relay", "base", "layout", "loading"];

/** At most this many URLs are taken from a list's src. */
const MAX_LIST = 500;

export class KilnBadgeList extends HTMLElement {
  static observedAttributes = ["src", "trust-list", "relay", "base", "layout", "loading"];
  #summary; #observer; #made = []; #tr = null;

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    if (listSheet === null) {
      listSheet = new CSSStyleSheet();
      listSheet.replaceSync(LIST_CSS);
    }
    root.adoptedStyleSheets = [listSheet];
    this.#summary = el("p", "", "summary");
    this.#summary.setAttribute("role", "status");
    this.#summary.setAttribute("aria-live", "polite");
    const badges = el("div", null, "badges");
    badges.setAttribute("role", "list");
    badges.append(document.createElement("slot"));
    root.append(this.#summary, badges);
    this.addEventListener("kiln-verified", () => this.#tally());
    // Its badges come and go, and are checked again when their src changes (their data-verdict
    // goes and comes back); the list's own data-verdict is not a reason to count again.
    this.#observer = new MutationObserver((records) => {
      if (records.some((r) => r.target !== this || r.type === "childList")) this.#tally();
    });
  }

  connectedCallback() {
    this.#observer.observe(this, { childList: true, subtree: true, attributeFilter: ["data-verdict"] });
    if (this.hasAttribute("src") && this.#made.length === 0) this.#fromSrc();
    listen(this);
    this.languageChanged();
  }

  disconnectedCallback() {
    this.#observer.disconnect();
    unlisten(this);
  }

  /** Loads the list's language when it changed, and counts again in it. */
  async languageChanged() {
    this.#tr = await translatorOf(this, this.#tr);
    this.#tally();
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue || !this.isConnected) return;
    if (name === "src") this.#fromSrc();
    if (HANDED_DOWN.includes(name)) for (const b of this.#made) b.setAttribute(name, newValue ?? "");
  }

  /** The badges of the list: its <kiln-badge> children. */
  get badges() {
    return [...this.children].filter((c) => c.localName === "kiln-badge");
  }

  /** Replaces the badges made from src with one per URL it lists. */
  #fromSrc() {
    for (const b of this.#made) b.remove();
    const urls = (this.getAttribute("src") ?? "").split(/\s+/).filter((u) => u !== "").slice(0, MAX_LIST);
    this.#made = urls.map((url) => {
      const badge = document.createElement("kiln-badge");
      for (const name of HANDED_DOWN) {
        const value = this.getAttribute(name);
        if (value) badge.setAttribute(name, value);
      }
      badge.setAttribute("src", url);
      badge.setAttribute("role", "listitem");
      return badge;
    });
    this.append(...this.#made);
  }

  #tally() {
    const badges = this.badges;
    // Each badge is an item of the list's role="list" (the children given in the page too).
    for (const b of badges) if (!b.hasAttribute("role")) b.setAttribute("role", "listitem");
    const counts = { verified: 0, invalid: 0, error: 0 };
    let waiting = 0;
    for (const b of badges) {
      const v = b.getAttribute("data-verdict");
      if (Object.hasOwn(counts, v)) counts[v] += 1;
      else waiting += 1;
    }
    const n = badges.length;
    const t = this.#tr?.t;
    if (t) this.#summary.textContent = n === 0 ? t("list.none") : waiting > 0 ? t("list.checking", { count: n, ...counts }) : t(n === 1 ? "list.done-one" : "list.done", { count: n, ...counts });
    if (this.getAttribute("data-count") !== String(n)) this.setAttribute("data-count", String(n));
    if (waiting > 0 || n === 0) {
      if (this.hasAttribute("data-verdict")) this.removeAttribute("data-verdict");
      return;
    }
    const worst = counts.error > 0 ? "error" : counts.invalid > 0 ? "invalid" : "verified";
    if (this.getAttribute("data-verdict") === worst) return;
    this.setAttribute("data-verdict", worst);
    this.dispatchEvent(new CustomEvent("kiln-list-verified", { detail: { ...counts, count: n }, bubbles: true }));
  }
}

if (!customElements.get("kiln-badge-list")) customElements.define("kiln-badge-list", KilnBadgeList);
