// The verify page's portfolio: several badges checked at once, one line per
// badge (file, verdict, badge name, issuer), the full report on demand (a
// click on the line). Every badge goes through lib/verifier.js, so all of
// them share the page's one verifier worker and its one module instance,
// off the main thread; a few are in flight at a time, the rest wait.
import { el } from "../lib/dom.js";
import { reasonOf, renderReport, translatorOf, verdictTitle } from "../lib/report-view.js";
import { IMAGE_TYPES, MAX_PICTURE_BYTES, imageKind } from "../lib/sniff.js";

/** At most this many badges in one portfolio; the rest are named as not checked. */
export const MAX_PORTFOLIO = 1000;
/** Badges handed to the verifier at once (each holds its file's bytes in the worker until done). */
const IN_FLIGHT = 8;
/** How deep a dropped folder is read. */
const MAX_FOLDER_DEPTH = 8;
/** File name endings taken as badges inside a dropped folder (files dropped by name are all tried). */
const BADGE_FILE = /\.(?:png|svg|json|jsonld|jws|jwt)$/i;

let pictureUrls = [];
/** Each portfolio's redraw in the page's current language (after the reader chose another). */
const redraws = new WeakMap();

/** Draws a portfolio's lines and open reports again, in the page's current language. */
export function relabelPortfolio(container) {
  redraws.get(container)?.();
}

/**
 * The files of a drop: the dropped files, and the badge files inside any
 * dropped folder (its subfolders too, up to MAX_FOLDER_DEPTH, at most
 * MAX_PORTFOLIO + 1 files). Reads the DataTransfer before it returns its
 * promise, as a drop's data is gone once the event handler returns.
 * @param {DataTransfer | null | undefined} dt
 * @returns {Promise<File[]>}
 */
export function filesOfDrop(dt) {
  if (!dt) return Promise.resolve([]);
  const plain = [...(dt.files ?? [])];
  const items = [...(dt.items ?? [])].filter((i) => i.kind === "file");
  const entries = items.map((i) => (typeof i.webkitGetAsEntry === "function" ? i.webkitGetAsEntry() : null));
  if (entries.length === 0 || entries.some((e) => e === null) || !entries.some((e) => e.isDirectory)) {
    return Promise.resolve(plain);
  }
  return (async () => {
    const out = [];
    for (const entry of entries) await collect(entry, 0, out, false);
    return out;
  })();
}

const fileOf = (entry) => new Promise((resolve, reject) => entry.file(resolve, reject));
const readBatch = (reader) => new Promise((resolve, reject) => reader.readEntries(resolve, reject));

async function collect(entry, depth, out, inFolder) {
  if (out.length > MAX_PORTFOLIO) return;
  if (entry.isFile) {
    if (inFolder && !BADGE_FILE.test(entry.name)) return;
    try {
      out.push(await fileOf(entry));
    } catch {
      // A file that cannot be read (removed since) is left out.
    }
    return;
  }
  if (!entry.isDirectory || depth >= MAX_FOLDER_DEPTH) return;
  const reader = entry.createReader();
  const children = [];
  for (;;) {
    let batch;
    try {
      batch = await readBatch(reader);
    } catch {
      break;
    }
    if (batch.length === 0) break;
    children.push(...batch);
    if (children.length > MAX_PORTFOLIO) break;
  }
  children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const child of children) await collect(child, depth + 1, out, true);
}

const text = (v) => (typeof v === "string" ? v : typeof v?.["@value"] === "string" ? v["@value"] : "");

/** The badge's name and issuer as the line shows them. */
function lineFacts(report, { t }) {
  const c = report?.credential ?? {};
  const name = text(c.name) || text(c.achievement?.name) || t("portfolio.no-name");
  const issuer = text(c.issuer?.name) || text(c.issuer?.id) || t("report.issuer-unknown");
  return { name, issuer };
}

const WORST = ["verified", "invalid", "error"];

/**
 * Checks `files` and shows them in `container`: one line each, filled in as
 * its report arrives; `data-verdict` on each line (`li.portfolio-item`),
 * and on the container, once all are done, the worst of them, with
 * `data-done="true"`. Resolves to the summary sentence (null when a newer
 * check took over, as `current()` tells).
 * @param {HTMLElement} container
 * @param {File[]} files
 * @param {{ verify: (file: File) => Promise<object>, current: () => boolean }} how
 */
export async function checkPortfolio(container, files, { verify, current }) {
  const { t } = translatorOf();
  for (const url of pictureUrls) URL.revokeObjectURL(url);
  pictureUrls = [];
  const taken = files.slice(0, MAX_PORTFOLIO);
  container.replaceChildren();
  delete container.dataset.verdict;
  container.dataset.done = "false";
  container.dataset.count = String(taken.length);
  const summary = el("p", t("portfolio.checking", { count: taken.length }), "portfolio-summary");
  summary.setAttribute("aria-live", "polite");
  const heading = el("h2", t("portfolio.title"));
  container.append(heading, summary);
  const onlyFirst = el("p", t("portfolio.only-first", { max: MAX_PORTFOLIO, count: files.length }), "hint");
  if (files.length > taken.length) container.append(onlyFirst);
  let counts = null;
  const list = el("ol", null, "portfolio-list");
  const lines = taken.map((file, i) => {
    const li = el("li", null, "portfolio-item");
    li.dataset.file = file.name;
    li.dataset.index = String(i + 1);
    const button = el("button", null, "line");
    button.type = "button";
    button.setAttribute("aria-expanded", "false");
    const verdict = el("span", t("checking"), "verdict");
    const name = el("span", "", "name");
    const issuer = el("span", "", "issuer");
    // Spaces between the parts (a grid does not show them): the line's visible text reads as
    // words, and its accessible name holds that text in the same order (WCAG's "label in name").
    button.append(el("span", shownName(file), "file"), " ", verdict, " ", name, " ", issuer);
    const detail = el("div", null, "portfolio-detail");
    detail.hidden = true;
    li.append(button, detail);
    list.append(li);
    return { file, li, button, verdict, name, issuer, detail, report: null };
  });
  container.append(list);
  container.hidden = false;
  redraws.set(container, () => {
    const tr = translatorOf();
    heading.textContent = tr.t("portfolio.title");
    onlyFirst.textContent = tr.t("portfolio.only-first", { max: MAX_PORTFOLIO, count: files.length });
    summary.textContent = counts === null ? tr.t("portfolio.checking", { count: taken.length }) : tr.t("portfolio.done", { count: taken.length, ...counts });
    for (const line of lines) {
      if (line.report === null) {
        line.verdict.textContent = tr.t("checking");
        continue;
      }
      fill(line, line.report);
      if (line.detail.childElementCount > 0) {
        line.detail.replaceChildren();
        showDetail(line);
      }
    }
  });

  for (const line of lines) {
    line.button.addEventListener("click", () => {
      if (line.report === null) return;
      const open = line.detail.hidden;
      line.detail.hidden = !open;
      line.button.setAttribute("aria-expanded", String(open));
      if (open && line.detail.childElementCount === 0) showDetail(line);
    });
  }

  let next = 0;
  const worker = async () => {
    while (next < lines.length) {
      const line = lines[next++];
      if (!current()) return;
      let report;
      try {
        report = await verify(line.file);
      } catch (e) {
        report = { verdict: "error", checks: [], warnings: [], error: { code: e?.code ?? "verifier-failed", message: String(e?.message ?? e) } };
      }
      if (!current()) return;
      fill(line, report);
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, lines.length) }, worker));
  if (!current()) return null;
  counts = { verified: 0, invalid: 0, error: 0 };
  for (const line of lines) counts[line.li.dataset.verdict] += 1;
  const worst = WORST.reduce((w, v) => (counts[v] > 0 ? v : w), "verified");
  const sentence = t("portfolio.done", { count: taken.length, ...counts });
  summary.textContent = sentence;
  container.dataset.verdict = worst;
  container.dataset.done = "true";
  return sentence;
}

/** A file's name as its line shows it: with its folder, for a dropped folder's. */
const shownName = (file) => file.webkitRelativePath || file.name;

function fill(line, report) {
  const tr = translatorOf();
  const verdict = WORST.includes(report?.verdict) ? report.verdict : "error";
  line.report = report;
  const { name, issuer } = lineFacts(report, tr);
  const title = verdictTitle(verdict, tr);
  line.verdict.textContent = title;
  line.name.textContent = name;
  line.issuer.textContent = tr.t("portfolio.issued-by", { issuer });
  const why = reasonOf(report, tr);
  line.button.title = why ? `${title}: ${why}` : title;
  line.button.setAttribute("aria-label", tr.t("portfolio.line-label", { file: shownName(line.file), verdict: title, name, issuer }));
  line.li.dataset.verdict = verdict;
}

/** The full report under its line, with the picture when the file is one. */
async function showDetail(line) {
  let imageUrl;
  try {
    const kind = imageKind(new Uint8Array(await line.file.slice(0, 4096).arrayBuffer()));
    if (kind) {
      imageUrl = URL.createObjectURL(line.file.slice(0, line.file.size, IMAGE_TYPES[kind]));
      pictureUrls.push(imageUrl);
    }
  } catch {
    imageUrl = undefined; // no picture; the report is shown all the same
  }
  if (line.detail.childElementCount > 0) return;
  renderReport(line.detail, line.report, { imageUrl, imageAlt: translatorOf().t("image.of", { label: line.file.name }), imageBytes: line.file.size });
  line.detail.hidden = line.button.getAttribute("aria-expanded") !== "true";
}
