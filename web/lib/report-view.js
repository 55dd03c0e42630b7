import { el } from "./dom.js";
import { MAX_PICTURE_BYTES } from "./sniff.js";
import { conformanceSlip, standingOf, standingText } from "./standing.js";

// Shows a verification report as DOM. Every piece of credential text goes
// through textContent; the badge image only through an <img> whose src is a
// blob: URL made by the caller. Used by the verify and issue pages.

const hex = (buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");

/** "sha256$" + hex(SHA-256(identity + salt)), as Open Badges 3.0 hashes identities (to check an address against a badge). */
export async function hashIdentity(value, salt) {
  const digest = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(value + salt));
  return `sha256$${hex(digest)}`;
}

export const VERDICT_TITLES = { verified: "Verified", invalid: "Not valid", error: "Could not check" };

const SUMMARIES = {
  verified: "The badge is genuine: it was signed by its issuer and has not been changed since.",
  invalid: "Kiln read this badge, and at least one check failed. Do not rely on what it says.",
  error: "Kiln could not read a credential in this file.",
};

const IDENTITY_STATUSES = ["domain", "trust-list", "not-confirmed"];

/** The report's identity line, when the badge could be read: { status, detail }. */
export function identityOf(report) {
  const identity = report?.identity;
  if (report?.verdict === "error" || typeof identity?.detail !== "string") return null;
  const status = IDENTITY_STATUSES.includes(identity.status) ? identity.status : "not-confirmed";
  return { status, detail: identity.detail };
}

// What a failed check means for the person looking at the badge.
const MEANINGS = {
  proof: "The signature does not match: the credential was changed after it was signed, or it was signed with another key than the one it names.",
  issuer: "The key that signed the badge does not belong to the issuer it names: someone else may have made it.",
  binding: "The key that signed the badge does not belong to the issuer it names: someone else may have made it.",
  "proof-purpose": "The key was not used for issuing credentials (its proof purpose is wrong).",
  purpose: "The key was not used for issuing credentials (its proof purpose is wrong).",
  validity: "The badge is outside its validity period: it has expired, or it is not valid yet.",
  expiry: "The badge has expired.",
  status: "The issuer has revoked or suspended this badge.",
  structure: "The credential lacks parts an Open Badge must have, so it cannot be displayed reliably.",
  "jsonld-safe": "The credential uses terms that are not defined by its contexts; such terms are not covered by the signature.",
  jsonld: "The credential uses terms that are not defined by its contexts; such terms are not covered by the signature.",
  "safe-mode": "The credential uses terms that are not defined by its contexts; such terms are not covered by the signature.",
  trust: "The issuer is not on the list of issuers this site trusts.",
  clr: "At least one credential in this learner record failed its checks (it is named in the list below): do not rely on the record as it is.",
  learner: "A credential in this learner record was issued to someone other than the record's learner.",
};

/** Checks that never change the verdict: their failure is a warning on a verified badge. */
const ADVISORY_MEANINGS = {
  endorsement: "An endorsement on this badge is not genuine (it is named in the list below): ignore what that endorsement says. The badge itself is not affected.",
};
const GENERIC_MEANING = "This check failed, so the badge cannot be trusted as it is.";
const ERROR_MEANING =
  "This does not prove the badge is fake: the file may not be a baked badge, may be damaged, or may use a format Kiln does not read. Ask the holder or the issuer for the original file.";

/** Text of a credential value: a string, a JSON-LD value object ("text (de)"), a list of them, or an object's id. */
const str = (v) => {
  if (typeof v === "string") return v;
  if (v === undefined || v === null) return "";
  if (Array.isArray(v)) return v.map(str).filter((s) => s !== "").join("; ");
  if (typeof v === "object" && "@value" in v) return typeof v["@language"] === "string" ? `${str(v["@value"])} (${v["@language"]})` : str(v["@value"]);
  if (typeof v === "object") return typeof v.id === "string" ? v.id : JSON.stringify(v);
  return String(v);
};

function dateText(value) {
  if (!value) return "";
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? String(value) : `${d.toLocaleString()} (${value})`;
}

/** Who received the badge, in words. */
export function recipientText(subject) {
  if (!subject || typeof subject !== "object") return "";
  const parts = [];
  const ids = Array.isArray(subject.identifier) ? subject.identifier : subject.identifier ? [subject.identifier] : [];
  for (const idObj of ids) {
    if (!idObj || typeof idObj !== "object") continue;
    const type = str(idObj.identityType);
    if (idObj.hashed === true || idObj.hashed === "true") parts.push(`${type || "identity"} (hashed)`);
    else if (idObj.identityHash) parts.push(type === "name" ? str(idObj.identityHash) : `${str(idObj.identityHash)} (${type})`);
  }
  if (subject.name) parts.unshift(str(subject.name));
  if (subject.id) parts.push(str(subject.id));
  return parts.join("; ");
}

function addFact(dl, label, value, fact) {
  const text = str(value);
  if (text === "") return;
  const dd = el("dd", text);
  if (fact) dd.dataset.fact = fact;
  dl.append(el("dt", label), dd);
}

/** Said on a verified badge whose shape does not fully follow the standard. */
export const CONFORMANCE_MEANING =
  "The badge is genuine, but it does not fully follow Open Badges 3.0 (see the warnings): some displays may show it incompletely. Genuine but imperfect is not forged.";

/**
 * Fills `container` with the report and sets data-verdict on it.
 * @param {HTMLElement} container
 * @param {object} report
 * @param {{ imageUrl?: string, imageAlt?: string, imageBytes?: number, depth?: number }} [extra]
 *   imageBytes: the picture's size; above MAX_PICTURE_BYTES it is drawn only when asked for.
 *   depth: for a nested report (a record's credential, an endorsement), how deep it is.
 *   A CLR's nested credentials, its pathway and embedded endorsements are listed after the
 *   facts, one collapsible entry each, drawn in full when opened.
 */
export function renderReport(container, report, extra = {}) {
  const verdict = ["verified", "invalid", "error"].includes(report?.verdict) ? report.verdict : "error";
  container.replaceChildren();
  container.dataset.verdict = verdict;

  const banner = el("div", null, "banner");
  banner.append(el("span", VERDICT_TITLES[verdict], "verdict-title"), el("small", SUMMARIES[verdict]));
  container.append(banner);

  // Who vouches for the issuer: beside the verdict, never changing it.
  const identity = identityOf(report);
  if (identity) {
    const line = el("p", null, "identity");
    line.dataset.identity = identity.status;
    line.append(el("strong", "Issuer identity: "), document.createTextNode(identity.detail));
    container.append(line);
    container.dataset.identity = identity.status;
  } else {
    delete container.dataset.identity;
  }

  const meanings = el("div", null, "meanings");
  const checks = Array.isArray(report?.checks) ? report.checks : [];
  if (verdict === "error") {
    const box = el("div", null, "meaning");
    box.append(el("strong", "What this means: "), document.createTextNode(ERROR_MEANING));
    meanings.append(box);
  }
  const seen = new Set();
  const slip = conformanceSlip(report);
  if (slip) container.dataset.conformance = "warning";
  else delete container.dataset.conformance;
  for (const check of checks) {
    if (check?.outcome !== "failed") continue;
    const name = str(check.check);
    const conformance = name === "structure" || name === "schema";
    const text = verdict !== "invalid" && conformance ? CONFORMANCE_MEANING : ADVISORY_MEANINGS[name] ?? MEANINGS[name] ?? GENERIC_MEANING;
    if (seen.has(text)) continue;
    seen.add(text);
    const box = el("div", null, "meaning");
    box.dataset.check = name;
    if (Object.hasOwn(ADVISORY_MEANINGS, name)) box.classList.add("advisory");
    box.append(el("strong", Object.hasOwn(ADVISORY_MEANINGS, name) ? "Warning: " : "What this means: "), document.createTextNode(text));
    meanings.append(box);
  }
  container.append(meanings);
  if (verdict !== "verified" && report?.credential) {
    container.append(el("p", "What the badge claims (not confirmed, since a check failed):", "hint unconfirmed"));
  }
  const grid = el("div", null, "result-grid");
  const imageBox = el("div", null, "pictures");
  const c = report?.credential ?? {};
  if (extra.imageUrl) {
    const img = el("img");
    img.alt = extra.imageAlt ?? "The badge image";
    img.className = "badge-image";
    if (Number.isFinite(extra.imageBytes) && extra.imageBytes > MAX_PICTURE_BYTES) {
      // The browser reads a picture on the page's main thread: a huge one would freeze the page.
      const button = el("button", `Show the picture (${megabytes(extra.imageBytes)}: the page may pause while it is drawn)`, "secondary show-picture");
      button.type = "button";
      button.addEventListener("click", () => {
        img.src = extra.imageUrl;
        button.replaceWith(img);
      }, { once: true });
      imageBox.append(button, el("p", PICTURE_NOTE, "picture-note"));
    } else {
      img.src = extra.imageUrl;
      imageBox.append(img, el("p", PICTURE_NOTE, "picture-note"));
    }
  }
  const signedImage = credentialImageNode(c.achievement, verdict);
  if (signedImage) imageBox.append(signedImage);
  if (imageBox.childElementCount === 0) grid.classList.add("no-image");
  const dl = el("dl", null, "facts");
  const issuer = c.issuer ?? {};
  const ach = c.achievement ?? {};
  addFact(dl, "Badge", c.name ?? ach.name, "name");
  addFact(dl, "Achievement", ach.name, "achievement");
  addFact(dl, "Description", ach.description, "description");
  addFact(dl, "Criteria", ach.criteria?.narrative ?? ach.criteria?.id ?? "");
  addFact(dl, "Issuer", issuer.name, "issuer");
  addFact(dl, "Issuer id", issuer.id, "issuer-id");
  addFact(dl, "Issuer website", issuer.url);
  addFact(dl, "Recipient", recipientText(c.subject));
  addFact(dl, "Issued on", dateText(c.validFrom), "issued-on");
  addFact(dl, "Expires", dateText(c.validUntil), "expires");
  if (report?.credential) {
    addFact(dl, "Status", standingText(report), "status");
    const standing = standingOf(report);
    if (standing.length > 0) container.dataset.standing = standing.join(" ");
    else delete container.dataset.standing;
  }
  addFact(dl, "Proof", c.proofType);
  addFact(dl, "Format", c.format === "ob2" ? "Open Badges 2.0" : c.format === "ob3" ? "Open Badges 3.0" : "");
  if (report?.error) {
    addFact(dl, "Problem", report.error.message);
    addFact(dl, "Error code", report.error.code);
  }
  grid.append(imageBox, dl);
  container.append(grid);
  const emailCheck = hashedEmailCheck(c.subject);
  if (emailCheck) container.append(emailCheck);
  const stack = renderStack(report, extra.depth ?? 0);
  if (stack) container.append(stack);

  if (checks.length > 0) {
    container.append(el("h3", "Checks"));
    const list = el("ul", null, "checks");
    for (const check of checks) {
      const li = el("li");
      const outcome = ["passed", "failed", "skipped"].includes(check?.outcome) ? check.outcome : "skipped";
      li.dataset.check = str(check?.check);
      li.dataset.outcome = outcome;
      li.append(el("span", outcome, `outcome ${outcome}`), el("strong", str(check?.check)), document.createTextNode(check?.detail ? `: ${str(check.detail)}` : ""));
      list.append(li);
    }
    container.append(list);
  }
  const warnings = Array.isArray(report?.warnings) ? report.warnings : [];
  if (warnings.length > 0) {
    container.append(el("h3", "Warnings"));
    const list = el("ul", null, "warnings");
    for (const w of warnings) list.append(el("li", str(w)));
    container.append(list);
  }
  if (typeof report?.payload === "string" && report.payload !== "") {
    const details = el("details");
    // The text scrolls in its box (style.css): focusable, so that the keyboard scrolls it too.
    const text = el("pre", report.payload);
    text.tabIndex = 0;
    text.setAttribute("aria-label", "Credential text");
    details.append(el("summary", "Credential text"), text);
    container.append(details);
  }
  container.hidden = false;
}

/** How deep nested reports are drawn (a record's credentials, their endorsements): the core bounds them too. */
const MAX_STACK_DEPTH = 4;

/** A nested report's name, or its achievement's. */
const nameOf = (report) => str(report?.credential?.name) || str(report?.credential?.achievement?.name) || "(unnamed)";

/** "Name, id" of a nested report's issuer, or what of it is known. */
function issuerOf(report) {
  const issuer = report?.credential?.issuer ?? {};
  const parts = [str(issuer.name), str(issuer.id)].filter((p) => p !== "");
  return parts.length > 0 ? parts.join(", ") : "issuer unknown";
}

/** Why a nested report is not verified, in one sentence (empty when it is). */
export function reasonOf(report) {
  if (report?.verdict === "verified") return "";
  if (report?.verdict === "invalid") {
    const failed = (Array.isArray(report.checks) ? report.checks : []).find((c) => c?.outcome === "failed");
    return failed ? `${str(failed.check)}: ${str(failed.detail)}` : "a check failed";
  }
  return str(report?.error?.message) || "it could not be checked";
}

/** associationType in words, as `kiln verify` says them. */
const RELATIONS = {
  exactMatchOf: "is an exact match of",
  exemplar: "is an exemplar of",
  hasSkillLevel: "has the skill level",
  isChildOf: "is a child of",
  isParentOf: "is the parent of",
  isPartOf: "is part of",
  isPeerOf: "is a peer of",
  isRelatedTo: "is related to",
  precedes: "comes before",
  replacedBy: "is replaced by",
};

/**
 * One nested report as a collapsible entry: its verdict, name, issuer and
 * (when not verified) why, in the summary; its full report drawn when it is
 * first opened (a record of 100 credentials costs 100 summaries).
 */
function nestedEntry(report, index, depth, kind) {
  const verdict = ["verified", "invalid", "error"].includes(report?.verdict) ? report.verdict : "error";
  const li = el("li", null, kind);
  li.dataset.verdict = verdict;
  li.dataset.index = String(index + 1);
  const details = el("details");
  const summary = el("summary");
  summary.append(el("span", VERDICT_TITLES[verdict], `outcome ${verdict}`));
  if (kind === "endorsement") {
    summary.append(el("strong", ` by ${issuerOf(report)}`, "who"));
    const comment = str(report?.credential?.subject?.endorsementComment);
    if (comment) summary.append(el("span", `: "${comment}"`, "comment"));
  } else {
    summary.append(el("strong", ` ${nameOf(report)}`, "name"), el("span", ` (issued by ${issuerOf(report)})`, "who"));
  }
  const reason = reasonOf(report);
  if (reason) summary.append(el("span", ` Why: ${reason}`, "reason"));
  const body = el("div", null, "nested-report");
  details.append(summary, body);
  details.addEventListener("toggle", () => {
    if (details.open && body.childElementCount === 0) renderReport(body, report, { depth: depth + 1 });
  });
  li.append(details);
  return li;
}

/**
 * A CLR's nested credentials, its pathway and the endorsements a credential
 * embeds, as one element (null when the report has none of them).
 */
function renderStack(report, depth) {
  const credentials = Array.isArray(report?.credentials) ? report.credentials : [];
  const endorsements = Array.isArray(report?.endorsements) ? report.endorsements : [];
  const pathway = report?.pathway;
  const associations = Array.isArray(pathway?.associations) ? pathway.associations : [];
  if (credentials.length === 0 && endorsements.length === 0 && associations.length === 0) return null;
  const box = el("div", null, "stack");
  if (depth >= MAX_STACK_DEPTH) {
    box.append(el("p", "More credentials are nested here than this page shows.", "hint"));
    return box;
  }
  if (credentials.length > 0) {
    const bad = credentials.filter((r) => r?.verdict !== "verified").length;
    const section = el("section", null, "record");
    section.append(el("h3", `Credentials in this record (${credentials.length}${bad > 0 ? `, ${bad} not verified` : ""})`));
    const list = el("ol", null, "nested-credentials");
    credentials.forEach((r, i) => list.append(nestedEntry(r, i, depth, "nested-credential")));
    section.append(list);
    box.append(section);
  }
  if (associations.length > 0) {
    const achievements = Array.isArray(pathway?.achievements) ? pathway.achievements : [];
    const named = (id) => str(achievements.find((a) => a?.id === id)?.name) || str(id);
    const section = el("section", null, "pathway");
    section.append(el("h3", "Pathway"));
    const list = el("ol");
    for (const a of associations) {
      const relation = str(a?.relation);
      const words = Object.hasOwn(RELATIONS, relation) ? RELATIONS[relation] : relation;
      const li = el("li", `${named(a?.source)} ${words} ${named(a?.target)}`);
      li.dataset.relation = relation;
      li.title = `${str(a?.source)} ${relation} ${str(a?.target)}`;
      list.append(li);
    }
    section.append(list);
    box.append(section);
  }
  if (endorsements.length > 0) {
    const section = el("section", null, "endorsements");
    section.append(el("h3", `Endorsements (${endorsements.length})`));
    const bad = endorsements
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => r?.verdict !== "verified");
    if (bad.length > 0) {
      const warn = el("p", null, "endorsement-warning");
      warn.setAttribute("role", "note");
      const names = bad.map(({ r, i }) => `endorsement ${i + 1}, by ${issuerOf(r)} (${VERDICT_TITLES[r?.verdict] ?? VERDICT_TITLES.error})`);
      warn.append(el("strong", "Warning: "), document.createTextNode(`${names.join("; ")}: not genuine or not checked, so ignore what it says. ${report?.verdict === "verified" ? "The badge itself is verified." : ""}`.trim()));
      section.append(warn);
    }
    const list = el("ol", null, "endorsement-list");
    endorsements.forEach((r, i) => list.append(nestedEntry(r, i, depth, "endorsement")));
    section.append(list);
    box.append(section);
  }
  return box;
}

/** Said next to a baked badge's picture: the signature covers the credential, not the picture. */
export const PICTURE_NOTE =
  "This picture is not covered by the signature: anyone can bake a signed credential into any picture. Only the credential's details are vouched for.";


const megabytes = (n) => `${(n / 1e6).toFixed(1)} MB`;

/** Image types shown from a credential's data: URL (always as <img>, which runs no script). */
const DATA_IMAGE = /^data:image\/(?:png|jpeg|gif|webp|svg\+xml)(?:;[^,;]*)*,/i;

/**
 * The image a credential's achievement names (`image` is a URL string or an
 * Image object with `id`): { kind: "data", url } for a data: URL of an image
 * type that may be shown, { kind: "remote", url, host } for an https URL
 * (loaded only when the person asks, since loading it tells the host who
 * looks), { kind: "other", url } for anything else; null when there is none.
 */
export function credentialImage(achievement) {
  const value = achievement?.image;
  const url = typeof value === "string" ? value : typeof value?.id === "string" ? value.id : null;
  if (url === null || url.trim() === "") return null;
  const caption = typeof value?.caption === "string" && value.caption.trim() !== "" ? value.caption : null;
  if (DATA_IMAGE.test(url)) return { kind: "data", url, caption };
  let parsed = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (parsed?.protocol === "https:" && parsed.host !== "") return { kind: "remote", url: parsed.href, host: parsed.host, caption };
  return { kind: "other", url, caption };
}

/**
 * The credential's own image as a <figure>, for beside the baked picture:
 * a data: URL shown at once as <img>; an https image behind a button that
 * names the host it loads from; anything else as text. null when the
 * credential names no image.
 * @param {object | undefined} achievement the report's credential.achievement
 * @param {string} verdict
 */
export function credentialImageNode(achievement, verdict) {
  const image = credentialImage(achievement);
  if (image === null) return null;
  const figure = el("figure", null, "credential-image");
  figure.dataset.kind = image.kind;
  const caption = verdict === "verified"
    ? "The image in the signed credential"
    : "The image the credential names (not confirmed, since a check failed)";
  const alt = image.caption ?? "The achievement's image, from the credential";
  const show = (src) => {
    const img = el("img");
    img.referrerPolicy = "no-referrer";
    img.alt = alt;
    img.src = src;
    return img;
  };
  if (image.kind === "data" && image.url.length > (MAX_PICTURE_BYTES * 4) / 3) {
    // As with the baked picture: a large image is drawn only when asked for.
    const button = el("button", `Show the image in the credential (${megabytes(image.url.length)}: the page may pause while it is drawn)`, "secondary show-credential-image");
    button.type = "button";
    button.addEventListener("click", () => button.replaceWith(show(image.url)), { once: true });
    figure.append(button);
  } else if (image.kind === "data") figure.append(show(image.url));
  else if (image.kind === "remote") {
    const button = el("button", `Show the issuer's image (loads it from ${image.host})`, "secondary show-credential-image");
    button.type = "button";
    button.addEventListener("click", () => button.replaceWith(show(image.url)), { once: true });
    figure.append(button);
  } else figure.append(el("p", `It names ${image.url}, which is not shown here (only https and data: images are).`, "hint"));
  figure.append(el("figcaption", caption));
  return figure;
}

/** The sentence a screen reader announces for a report. */
export function announcement(report) {
  const verdict = VERDICT_TITLES[report?.verdict] ?? VERDICT_TITLES.error;
  const name = report?.credential?.name ?? report?.credential?.achievement?.name;
  return name ? `${verdict}: ${name}` : `${verdict}.`;
}

/**
 * A small form that tells whether an email address is the one hashed into
 * the credential (sha256$hex(SHA-256(email + salt))), computed locally.
 */
function hashedEmailCheck(subject) {
  const ids = Array.isArray(subject?.identifier) ? subject.identifier : subject?.identifier ? [subject.identifier] : [];
  const hashed = ids.filter((i) => i && (i.hashed === true || i.hashed === "true") && i.identityType === "emailAddress" && typeof i.identityHash === "string");
  if (hashed.length === 0) return null;
  const box = el("div", null, "email-check");
  const label = el("label", "Is this badge for you? Enter the recipient's email address to compare it with the hashed one:");
  const input = el("input");
  input.type = "email";
  input.id = `email-check-${Math.random().toString(36).slice(2)}`;
  input.className = "email-check-input";
  input.autocomplete = "email";
  label.htmlFor = input.id;
  const button = el("button", "Compare");
  button.type = "button";
  button.className = "secondary email-check-button";
  const out = el("p", "", "email-check-result");
  out.setAttribute("aria-live", "polite");
  button.addEventListener("click", async () => {
    const email = input.value.trim().toLowerCase();
    if (email === "") return;
    let match = false;
    for (const id of hashed) {
      const [alg] = id.identityHash.split("$");
      if (alg.toLowerCase() !== "sha256") continue;
      const computed = await hashIdentity(email, typeof id.salt === "string" ? id.salt : "");
      if (computed.toLowerCase() === id.identityHash.toLowerCase()) match = true;
    }
    out.dataset.match = String(match);
    out.textContent = match ? "Yes: this badge was issued to that email address." : "No: this badge was not issued to that email address.";
  });
  box.append(label, input, button, out);
  return box;
}
