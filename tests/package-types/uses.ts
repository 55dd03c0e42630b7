// Compiled by tests/browser/package.test.mjs with `tsc --noEmit --strict`
// against the installed package's types: each line must type-check.
import { KilnBadge, KilnBadgeList, type KilnBadgeAttributes, type KilnReport } from "kiln-badge";
import { getBase, setBase, verifyBadge, type Report } from "kiln-badge/verifier";

// HTMLElementTagNameMap: querySelector and createElement know the elements.
const badge: KilnBadge = document.querySelector("kiln-badge")!;
const made: KilnBadge = document.createElement("kiln-badge");
const list: KilnBadgeList = document.querySelector("kiln-badge-list")!;

// The report property: read-only, null before the first check.
const report: KilnReport | null = document.querySelector("kiln-badge")!.report;
const verdict: "verified" | "invalid" | "error" | undefined = report?.verdict;
const checks: number = report?.checks.length ?? 0;
const relay: string | undefined = report?.relay;

// The events, on the element and, bubbling, on the document.
badge.addEventListener("kiln-verified", (event) => {
  const detail: KilnReport = event.detail;
  const target: KilnBadge = event.currentTarget as KilnBadge;
  console.log(detail.verdict, detail.credential?.achievement?.name, target.report === detail);
});
document.addEventListener("kiln-verified", (event) => console.log(event.detail.verdict));
window.addEventListener("kiln-list-verified", (event) => console.log(event.detail.count));
list.addEventListener("kiln-list-verified", (event) => {
  const { verified, invalid, error, count }: { verified: number; invalid: number; error: number; count: number } = event.detail;
  console.log(verified + invalid + error === count);
});
const badges: KilnBadge[] = list.badges;
badge.toggle();
badge.toggle(true);

// The attributes, typed.
const attributes: KilnBadgeAttributes = { src: "badge.png", layout: "compact", loading: "eager", base: "/assets/kiln-badge/", "trust-list": "issuers.json" };
for (const [name, value] of Object.entries(attributes)) made.setAttribute(name, String(value));
const observed: string[] = KilnBadge.observedAttributes;

// The verifier API.
setBase("/assets/kiln-badge/");
const base: string = getBase();
async function check(file: File): Promise<Report["verdict"]> {
  const result = await verifyBadge(file, { timeout: 5000 });
  return result.verdict;
}

console.log(verdict, checks, relay, badges, observed, base, check);
