// "Revocation" on the issuer page: a signed BitstringStatusList as `kiln
// status new` makes it, an entry for each badge issued (consecutive for a
// class), a record of who got which entry (kept in this browser, and as
// issued.csv: recipient, badge id, index, date), revocation by index or by
// recipient as `kiln status revoke` does it, and the re-signed list to
// publish. The rules are kiln-core's, through the issuer module; the
// record's CSV is read by kiln-core's CSV reader.
import * as issuer from "../lib/issuer.js";
import { csvLine, csvUnguarded } from "../lib/csv.js";
import { translatorOf } from "../lib/report-view.js";

const $ = (id) => document.getElementById(id);
const t = (key, params) => translatorOf().t(key, params);
const STORE = "kiln-issuer-revocation";
const RECORD_HEADER = ["recipient", "badge_id", "index", "date"];

/** The list's suite for a key: JCS, as `kiln status` signs lists (no JSON-LD work at each revocation). */
const suiteFor = (k) => (typeof k?.publicKeyMultibase === "string" && !k.publicKeyMultibase.startsWith("z6Mk") ? "ecdsa-jcs-2019" : "eddsa-jcs-2022");

/** A file name for the list: the last segment of its URL when it names a .json file. */
function listFileName(url) {
  try {
    const last = new URL(url).pathname.split("/").pop() ?? "";
    return /^[A-Za-z0-9._-]+\.json$/.test(last) ? last : "status-list.json";
  } catch {
    return "status-list.json";
  }
}

/**
 * Wires the revocation step. `key()` gives the page's key file or null.
 * @returns {{
 *   reserve(count: number): Promise<{ url: string, first: number } | null>,
 *   commit(slot: { url: string, first: number } | null, entries: Array<{ recipient: string, id: string, index: number }>): void,
 *   documents(): Record<string, object>,
 * }} `documents()`: the list as this page holds it, by URL, for checking a new badge before the list is published
 */
export function setupRevocation({ ready, key }) {
  // { list, next, record: [{ recipient, id, index, date }] }; info: statusListInfo(list)
  let state = null;
  let info = null;
  let listUrl = null;
  let recordUrl = null;

  const say = (text) => ($("revoke-status").textContent = text);

  function save() {
    try {
      if (state) localStorage.setItem(STORE, JSON.stringify(state));
      else localStorage.removeItem(STORE);
    } catch {
      say("This browser did not keep the list and record (storage is full or not allowed): download both now.");
    }
  }

  function recordCsv() {
    const lines = [RECORD_HEADER, ...state.record.map((r) => [r.recipient, r.id, r.index, r.date])];
    return lines.map((l) => csvLine(l)).join("\n") + "\n";
  }

  /** Shows the list, its links and the record. */
  let renderRun = 0;
  async function render() {
    const run = ++renderRun;
    if (listUrl) URL.revokeObjectURL(listUrl);
    if (recordUrl) URL.revokeObjectURL(recordUrl);
    listUrl = recordUrl = null;
    const picker = $("revoke-recipient");
    picker.replaceChildren(Object.assign(document.createElement("option"), { value: "", textContent: t("issue.option-choose-from-the") }));
    if (!state) {
      info = null;
      $("status-state").textContent = t("issue.msg.no-list");
      delete $("status-state").dataset.url;
      $("status-use").checked = false;
      $("status-use").disabled = true;
      $("status-download").hidden = true;
      $("record-download").hidden = true;
      return;
    }
    const read = await issuer.statusListInfo(state.list);
    if (run !== renderRun) return; // a newer render took over
    info = read;
    const revoked = new Set(info.set);
    listUrl = URL.createObjectURL(new Blob([JSON.stringify(state.list, null, 2) + "\n"], { type: "application/json" }));
    $("status-download").href = listUrl;
    $("status-download").download = listFileName(info.id);
    $("status-download").hidden = false;
    recordUrl = URL.createObjectURL(new Blob([recordCsv()], { type: "text/csv" }));
    $("record-download").href = recordUrl;
    $("record-download").hidden = state.record.length === 0;
    $("status-use").disabled = false;
    $("status-state").dataset.url = info.id ?? "";
    $("status-state").textContent = t(state.record.length === 1 ? "issue.msg.list-state-one" : "issue.msg.list-state", {
      purpose: info.purpose, length: String(info.length), issuer: info.issuer, id: info.id,
      recorded: String(state.record.length), revoked: String(revoked.size), next: String(state.next),
    });
    for (const r of state.record) {
      const option = document.createElement("option");
      option.value = String(r.index);
      option.textContent = t(revoked.has(r.index) ? "issue.msg.entry-revoked" : "issue.msg.entry", { who: r.recipient || t("portfolio.no-name"), index: String(r.index), date: r.date });
      picker.append(option);
    }
  }

  /** Takes a new list (signed JSON object) as the page's, with its record. */
  async function adopt(list, record, next) {
    const read = await issuer.statusListInfo(list);
    const used = record.reduce((max, r) => Math.max(max, r.index + 1), 0);
    state = { list, record, next: Math.max(next, used, read.set.reduce((max, i) => Math.max(max, i + 1), 0)) };
    save();
    await render();
  }

  (async () => {
    try {
      const saved = JSON.parse(localStorage.getItem(STORE) ?? "null");
      if (saved && typeof saved.list === "object" && Array.isArray(saved.record)) {
        await ready;
        await adopt(saved.list, saved.record.filter((r) => Number.isInteger(r?.index)), Number.isInteger(saved.next) ? saved.next : 0);
        $("status-use").checked = true;
      }
    } catch {
      state = null;
    }
  })();

  $("status-create").addEventListener("click", async () => {
    try {
      await ready;
      const k = key();
      if (!k) throw new Error(t("issue.msg.key-first"));
      const url = $("status-url").value.trim();
      if (url === "") {
        $("status-url").focus();
        throw new Error(t("issue.msg.list-url-first"));
      }
      if (state && state.record.length > 0 && !confirm("Replace the status list and record kept in this browser? Download them first if you still need them.")) return;
      const list = await issuer.newStatusList(k, { url, suite: suiteFor(k) });
      await adopt(list, [], 0);
      $("status-use").checked = true;
      say(t("issue.msg.list-made", { url }));
    } catch (e) {
      say(t("issue.msg.list-not-made", { reason: e.message }));
    }
  });

  $("status-file").addEventListener("change", async () => {
    const file = $("status-file").files?.[0];
    if (!file) return;
    try {
      await ready;
      const list = JSON.parse(await file.text());
      const read = await issuer.statusListInfo(list);
      const keep = state && info?.id === read.id ? state.record : [];
      await adopt(list, keep, keep.length > 0 ? state.next : 0);
      $("status-use").checked = true;
      say(t("issue.msg.list-opened", { file: file.name, id: read.id }));
    } catch (e) {
      say(t("issue.msg.list-unusable", { file: file.name, reason: e.message }));
    }
  });

  $("record-file").addEventListener("change", async () => {
    const file = $("record-file").files?.[0];
    if (!file) return;
    try {
      if (!state) throw new Error(t("issue.msg.list-first"));
      const [header, ...rows] = await issuer.parseCsv(await file.text());
      if (!header || RECORD_HEADER.some((h, i) => header[i]?.trim().toLowerCase() !== h)) {
        throw new Error(t("issue.msg.record-header", { header: RECORD_HEADER.join(",") }));
      }
      const read = [];
      for (const [n, row] of rows.entries()) {
        const index = Number(row[2]);
        if (!/^\d+$/.test(row[2] ?? "") || !Number.isSafeInteger(index) || index >= info.length) {
          throw new Error(t("issue.msg.record-index", { line: String(n + 2), index: JSON.stringify(row[2] ?? ""), last: String(info.length - 1) }));
        }
        read.push({ recipient: csvUnguarded(row[0] ?? ""), id: csvUnguarded(row[1] ?? ""), index, date: csvUnguarded(row[3] ?? "") });
      }
      const known = new Set(state.record.map((r) => `${r.id}#${r.index}`));
      const added = read.filter((r) => !known.has(`${r.id}#${r.index}`));
      await adopt(state.list, [...state.record, ...added], state.next);
      say(t(added.length === 1 ? "issue.msg.record-added-one" : "issue.msg.record-added", { file: file.name, count: String(added.length) }));
    } catch (e) {
      say(t("issue.msg.not-read", { file: file.name, reason: e.message }));
    }
  });

  $("revoke").addEventListener("click", async () => {
    try {
      await ready;
      if (!state) throw new Error(t("issue.msg.list-first"));
      const k = key();
      if (!k) throw new Error(t("issue.msg.list-key-first"));
      const picked = $("revoke-recipient").value;
      const typed = $("revoke-index").value.trim();
      const text = typed !== "" ? typed : picked;
      if (text === "") throw new Error(t("issue.msg.revoke-what"));
      if (!/^\d+$/.test(text)) throw new Error(t("issue.msg.revoke-index", { text }));
      const index = Number(text);
      const { list, unchanged } = await issuer.setStatus(state.list, k, { index, suite: suiteFor(k) });
      state.list = list;
      save();
      await render();
      $("revoke-index").value = "";
      const who = state.record.find((r) => r.index === index);
      const whose = who ? t("issue.msg.whose", { who: who.recipient || t("portfolio.no-name"), index: String(index) }) : t("issue.msg.whose-entry", { index: String(index) });
      say(unchanged ? t("issue.msg.already-revoked", { whose }) : t("issue.msg.revoked", { whose, id: info.id }));
      $("revoke-status").dataset.revoked = String(index);
    } catch (e) {
      say(t("issue.msg.not-revoked", { reason: e.message }));
    }
  });

  $("status-forget").addEventListener("click", async () => {
    if (state && !confirm(t("issue.msg.forget-confirm"))) return;
    state = null;
    save();
    await render();
    say(t("issue.msg.forgotten"));
  });

  // The page's language set or changed: the list's state in it.
  document.addEventListener("kiln-language", () => {
    ready.then(() => render()).catch(() => {});
  });

  return {
    documents: () => (state && info?.id ? { [info.id]: state.list } : {}),
    async reserve(count) {
      if (!state || !$("status-use").checked) return null;
      const k = key();
      if (info && k && info.issuer !== k.controller) {
        throw new Error(t("issue.msg.list-other-issuer", { issuer: info.issuer, now: k.controller }));
      }
      if (state.next + count > info.length) throw new Error(t("issue.msg.list-full", { free: String(info.length - state.next), count: String(count) }));
      return { url: info.id, first: state.next };
    },
    commit(slot, entries) {
      if (!slot || !state || info?.id !== slot.url || entries.length === 0) return;
      const date = new Date().toISOString().slice(0, 10);
      state.record.push(...entries.map((e) => ({ recipient: e.recipient, id: e.id, index: e.index, date })));
      state.next = Math.max(state.next, ...entries.map((e) => e.index + 1));
      save();
      render();
    },
  };
}
