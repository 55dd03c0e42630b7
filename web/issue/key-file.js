// The issuer page's passphrase-protected key files: saving the page's key
// as kiln-key.jwe (web/lib/keyfile.js, README "Key files") beside the plain
// JSON, and opening such a file when it is chosen as the key file. The
// passphrase never leaves this page and is not kept after use.
import { decryptKeyFile, encryptKeyFile, isEncryptedKeyFile } from "../lib/keyfile.js";
import { translatorOf } from "../lib/report-view.js";

const $ = (id) => document.getElementById(id);
const t = (key, params) => translatorOf().t(key, params);

export { isEncryptedKeyFile };

/**
 * Wires the "save with a passphrase" and "open a protected file" controls.
 * `key()` gives the page's current key file (object) or null.
 * @returns {{ unlock(text: string, name: string): Promise<string> }}
 */
export function setupKeyFile({ key }) {
  let protectedUrl = null;
  let pending = null; // { text, name, resolve } of a protected file waiting for its passphrase

  // A new key: the protected copy of the old one is gone.
  document.addEventListener("kiln-key", () => {
    $("key-protect").hidden = key() === null;
    $("key-download-protected").hidden = true;
    $("key-protect-status").textContent = "";
    if (protectedUrl) URL.revokeObjectURL(protectedUrl);
    protectedUrl = null;
  });

  $("key-protect-save").addEventListener("click", async () => {
    const status = $("key-protect-status");
    const link = $("key-download-protected");
    link.hidden = true;
    const k = key();
    const pass = $("key-passphrase").value;
    if (!k) return void (status.textContent = t("issue.msg.pass-key-first"));
    if (pass === "") return void (status.textContent = t("issue.msg.pass-first"));
    if (pass !== $("key-passphrase-again").value) return void (status.textContent = t("issue.msg.pass-differ"));
    if ([...pass].length < 8) return void (status.textContent = t("issue.msg.pass-short"));
    status.textContent = t("issue.msg.protecting");
    $("key-protect-save").disabled = true;
    try {
      const jwe = await encryptKeyFile(JSON.stringify(k, null, 2) + "\n", pass);
      if (protectedUrl) URL.revokeObjectURL(protectedUrl);
      protectedUrl = URL.createObjectURL(new Blob([jwe + "\n"], { type: "application/jose" }));
      link.href = protectedUrl;
      link.hidden = false;
      $("key-passphrase").value = "";
      $("key-passphrase-again").value = "";
      status.textContent = t("issue.msg.protected");
    } catch (e) {
      status.textContent = t("issue.msg.not-protected", { reason: e.message });
    } finally {
      $("key-protect-save").disabled = false;
    }
  });

  $("key-unlock-open").addEventListener("click", async () => {
    if (!pending) return;
    const status = $("key-unlock-status");
    status.textContent = t("issue.msg.opening");
    $("key-unlock-open").disabled = true;
    try {
      const text = await decryptKeyFile(pending.text, $("key-unlock-passphrase").value);
      $("key-unlock-passphrase").value = "";
      $("key-unlock").hidden = true;
      status.textContent = "";
      const { resolve } = pending;
      pending = null;
      resolve(text);
    } catch (e) {
      status.textContent = t("issue.msg.not-opened", { name: pending.name, reason: e.message });
    } finally {
      $("key-unlock-open").disabled = false;
    }
  });
  $("key-unlock-passphrase").addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      $("key-unlock-open").click();
    }
  });

  return {
    /** Asks for the passphrase of a protected key file; resolves with the key file's JSON text once it opens. */
    unlock(text, name) {
      pending?.reject?.(new Error(t("issue.msg.other-key")));
      return new Promise((resolve, reject) => {
        pending = { text, name, resolve, reject };
        $("key-unlock").hidden = false;
        $("key-unlock-status").textContent = "";
        $("key-unlock-passphrase").focus();
      });
    },
  };
}
