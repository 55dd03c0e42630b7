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

import { el } from "../lib/dom.js";
import { isLoopbackHost } from "../lib/loopback.js";
import { IMAGE_TYPES, MAX_PICTURE_BYTES, imageKind } from "../lib/sniff.js";
import { standingOf, standingText } from "../lib/standing.js";

const VERIFIER = new URL("../lib/verifier.js", import.meta.url).href;
const REPORT_VIEW = new URL("../lib/report-view.js", import.meta.url).href;
let verifierModule = null;
const loadVerifier = () => (verifierModule ??= import(VERIFIER));
let viewModule = null;
const loadView = () => (viewModule ??= import(REPORT_VIEW));
const SHARE_VIEW = new URL("../lib/share-view.js", import.meta.url).href;
let shareModule = null;
const loadShare = () => (shareModule ??= import(SHARE_VIEW));
/** The verify page beside this script: where verification links point by default. */
const VERIFY_PAGE = new URL("../", import.meta.url).href;

/** Beside the picture: the signature covers the credential, not the picture. */
const PICTURE_NOTE = "Picture not covered by the signature";

const IDENTITY_WORDS = {
  domain: "Issuer's domain confirmed",
  "trust-list": "Trusted issuer",
  "not-confirmed": "Issuer not confirmed",
};

const CSS = `
:host { display: inline-block; max-width: 14rem; font: 14px/1.4 system-ui, sans-serif; color: #1d1d1f; vertical-align: top; }
button.face { all: unset; box-sizing: border-box; display: block; width: 100%; cursor: pointer; border: 1px solid #d7d7de; border-radius: 0.6rem; padding: 0.5rem; background: #fff; text-align: center; }
button.face:focus-visible { outline: 3px solid #1a5fd0; outline-offset: 2px; }
img { display: block; width: 100%; height: auto; min-height: 2rem; }
.mark { display: block; margin-top: 0.4rem; font-weight: 700; border-radius: 0.4rem; padding: 0.2rem 0.4rem; }
:host([data-verdict="verified"]) .mark { background: #e3f5e8; color: #0b6b2f; }
:host([data-verdict="invalid"]) .mark { background: #fde7e8; color: #a1121b; }
:host([data-verdict="error"]) .mark { background: #fff3d6; color: #7a4b00; }
.details { margin-top: 0.4rem; border: 1px solid #d7d7de; border-radius: 0.5rem; padding: 0.5rem; background: #fff; overflow-wrap: anywhere; }
.details[hidden] { display: none; }
dl { margin: 0; } dt { font-weight: 600; color: #5b5b66; } dd { margin: 0 0 0.3rem; }
ul { padding-left: 1rem; margin: 0.3rem 0; }
.nested li[data-verdict="invalid"] { color: #a1121b; } .nested li[data-verdict="error"] { color: #7a4b00; }
.failed { color: #a1121b; } .passed { color: #0b6b2f; } .skipped { color: #5b5b66; }
.who { display: block; margin-top: 0.2rem; font-size: 12px; color: #5b5b66; }
.who[hidden] { display: none; }
.note { display: block; margin-top: 0.3rem; font-size: 11px; color: #5b5b66; }
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

const MARKS = { verified: "✓ Verified", invalid: "⚠ Not valid", error: "? Could not check" };
let sheet = null;

export class KilnBadge extends HTMLElement {
  static observedAttributes = ["src", "alt", "trust-list", "relay"];
  #face; #img; #note; #mark; #who; #details; #said; #url = null; #run = 0; #inflight = false;

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
    this.#img = el("img");
    this.#img.alt = "";
    this.#note = el("span", PICTURE_NOTE, "note");
    this.#note.hidden = true;
    this.#mark = el("span", "Checking…", "mark");
    this.#who = el("span", null, "who");
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

  connectedCallback() {
    if (!this.hasAttribute("data-verdict") && !this.#inflight) this.#check();
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if ((name === "src" || name === "trust-list" || name === "relay") && oldValue !== newValue && this.isConnected) this.#check();
    if (name === "alt") this.#img.alt = newValue ?? "";
  }

  disconnectedCallback() {
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
    this.#mark.textContent = "Checking…";
    this.#who.hidden = true;
    this.#face.removeAttribute("aria-label");
    this.#said.textContent = "";
    let report;
    try {
      if (!src) throw new Error("no src attribute");
      const response = await fetch(new URL(src, document.baseURI), { credentials: "same-origin" });
      if (!response.ok) throw new Error(`the badge could not be loaded (HTTP ${response.status})`);
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
      this.#note.textContent = tooLarge ? `Picture not shown (${(blob.size / 1e6).toFixed(1)} MB)` : PICTURE_NOTE;
      this.#note.hidden = this.#url === null && !tooLarge;
      const [{ verifyWithTrustList }] = await Promise.all([loadVerifier(), loadView().catch(() => null)]);
      // Online checks (revocation lists, did:web keys) through the page's fetch, https
      // only; plain http only when the page itself is served from this machine.
      const local = isLoopbackHost(location.hostname);
      const relay = this.getAttribute("relay")?.trim() || undefined;
      const online = { fetch: (url, init) => fetch(url, init), allowHttpLocalhost: local, relay };
      report = await verifyWithTrustList(blob, online, this.getAttribute("trust-list"));
    } catch (e) {
      report = { verdict: "error", checks: [], warnings: [], error: { code: e?.code ?? "widget-failed", message: String(e?.message ?? e) } };
    }
    if (run !== this.#run) return;
    this.#inflight = false;
    let view = null;
    try {
      view = await loadView();
    } catch {
      view = null; // the details then lack the credential's image, nothing else
    }
    let share = null;
    try {
      share = await loadShare();
    } catch {
      share = null; // the details then lack the verification link, nothing else
    }
    if (run !== this.#run) return;
    this.#show(report, view, share);
  }

  #show(report, view, share = null) {
    const verdict = ["verified", "invalid", "error"].includes(report?.verdict) ? report.verdict : "error";
    const c = report?.credential ?? {};
    const name = c.achievement?.name ?? c.name ?? "";
    // Expired and/or revoked on the face too: a displayer shows the status at a glance.
    const withdrawn = standingOf(report).length > 0 ? ` · ${standingText(report)}` : "";
    this.#mark.textContent = `${MARKS[verdict]}${withdrawn}`;
    this.#img.alt = this.getAttribute("alt") ?? (name ? `Badge: ${name}` : "Badge");
    const dl = el("dl");
    const add = (label, value, fact) => {
      if (value === undefined || value === null || value === "") return;
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
      return d && !Number.isNaN(d.getTime()) ? `${d.toLocaleDateString()} (${value})` : value;
    };
    add("Badge", c.name && c.name !== name ? c.name : undefined, "name");
    add("Achievement", name, "achievement");
    add("Description", c.achievement?.description, "description");
    add("Issuer", c.issuer?.name ?? c.issuer?.id, "issuer");
    add("Issuer id", c.issuer?.name ? c.issuer?.id : undefined, "issuer-id");
    add("Issued on", date(c.validFrom), "issued-on");
    add("Expires", date(c.validUntil), "expires");
    if (report?.credential) add("Status", standingText(report), "status");
    const standing = standingOf(report);
    if (standing.length > 0) this.setAttribute("data-standing", standing.join(" "));
    else this.removeAttribute("data-standing");
    const identity = verdict === "error" ? null : report?.identity;
    const status = Object.hasOwn(IDENTITY_WORDS, identity?.status ?? "") ? identity.status : null;
    add("Issuer identity", status ? identity.detail : undefined);
    add("Picture", this.#note.hidden ? undefined : view?.PICTURE_NOTE ?? PICTURE_NOTE);
    add("Problem", report?.error?.message);
    for (const w of Array.isArray(report?.warnings) ? report.warnings : []) add("Warning", w);
    const list = el("ul");
    for (const check of Array.isArray(report?.checks) ? report.checks : []) {
      const li = el("li", `${check?.check ?? ""}: ${check?.outcome ?? ""}${check?.detail ? ` (${check.detail})` : ""}`);
      li.className = String(check?.outcome ?? "");
      list.append(li);
    }
    const signedImage = view?.credentialImageNode?.(c.achievement, verdict) ?? null;
    // A record's credentials and a badge's endorsements: one line each, its verdict and who.
    const stack = [];
    const nested = (title, reports, line) => {
      if (!Array.isArray(reports) || reports.length === 0) return;
      const ul = el("ul", null, "nested");
      for (const r of reports) {
        const v = ["verified", "invalid", "error"].includes(r?.verdict) ? r.verdict : "error";
        const li = el("li", `${MARKS[v]}: ${line(r?.credential ?? {})}`);
        li.dataset.verdict = v;
        ul.append(li);
      }
      stack.push(el("strong", `${title} (${reports.length})`), ul);
    };
    const text = (v) => (typeof v === "string" ? v : "");
    const who = (cred) => text(cred.issuer?.name) || text(cred.issuer?.id) || "issuer unknown";
    nested("Credentials in this record", report?.credentials, (cred) => `${text(cred.name) || text(cred.achievement?.name) || "(unnamed)"}, issued by ${who(cred)}`);
    nested("Endorsements", report?.endorsements, (cred) => `by ${who(cred)}`);
    const verifyPage = this.getAttribute("verify-page")?.trim() || VERIFY_PAGE;
    const shareBox = share?.shareBox?.(report, { base: new URL(verifyPage, document.baseURI).href.split("#")[0], compact: true }) ?? null;
    this.#details.replaceChildren(...(signedImage ? [signedImage] : []), dl, ...stack, list, ...(shareBox ? [shareBox] : []));
    if (status && verdict === "verified") {
      this.#who.textContent = IDENTITY_WORDS[status];
      this.#who.hidden = false;
    }
    // The face's name: the badge's, then its visible text in the order it is shown.
    const note = this.#note.hidden ? "" : ` ${this.#note.textContent}.`;
    const said = `${MARKS[verdict].slice(2)}${withdrawn}${this.#who.hidden ? "" : `, ${this.#who.textContent}`}`;
    this.#face.setAttribute("aria-label", `${name || "Badge"}.${note} ${said}. Show details.`);
    if (status) this.setAttribute("data-identity", status);
    this.#details.setAttribute("aria-label", `Details: ${name || "Badge"}`);
    if (this.closest("kiln-badge-list") === null) {
      this.#said.textContent = `${name || "Badge"}: ${said}.`;
    }
    this.setAttribute("data-verdict", verdict);
    this.dispatchEvent(new CustomEvent("kiln-verified", { detail: report, bubbles: true }));
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

/** At most this many URLs are taken from a list's src. */
const MAX_LIST = 500;

export class KilnBadgeList extends HTMLElement {
  static observedAttributes = ["src", "trust-list", "relay"];
  #summary; #observer; #made = [];

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
    this.#tally();
  }

  disconnectedCallback() {
    this.#observer.disconnect();
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue || !this.isConnected) return;
    if (name === "src") this.#fromSrc();
    if (name === "trust-list" || name === "relay") for (const b of this.#made) b.setAttribute(name, newValue ?? "");
  }

  /** The badges of the list: its <kiln-badge> children. */
  get badges() {
    return [...this.children].filter((c) => c.localName === "kiln-badge");
  }

  /** Replaces the badges made from src with one per URL it lists. */
  #fromSrc() {
    for (const b of this.#made) b.remove();
    const urls = (this.getAttribute("src") ?? "").split(/\s+/).filter((u) => u !== "").slice(0, MAX_LIST);
    const trust = this.getAttribute("trust-list");
    const relay = this.getAttribute("relay");
    this.#made = urls.map((url) => {
      const badge = document.createElement("kiln-badge");
      if (trust) badge.setAttribute("trust-list", trust);
      if (relay) badge.setAttribute("relay", relay);
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
    const done = `${counts.verified} verified, ${counts.invalid} not valid, ${counts.error} could not be checked`;
    this.#summary.textContent = n === 0 ? "No badges." : waiting > 0 ? `Checking ${n} badges… (${done})` : `${n} badge${n === 1 ? "" : "s"}: ${done}.`;
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
