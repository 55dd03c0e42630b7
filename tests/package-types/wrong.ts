// Compiled by tests/browser/package.test.mjs with `tsc --noEmit --strict`:
// each line marked `// error TSnnnn` must fail with that error, so that the
// types are shown to catch mistakes (types that allowed anything would pass
// uses.ts). No other line may fail. One mistake per function: an assignment
// that fails would still narrow what the next line sees.
import { KilnBadgeList, type KilnBadgeAttributes } from "kiln-badge";
import { setBase } from "kiln-badge/verifier";

export function readOnlyReport() {
  document.querySelector("kiln-badge")!.report = null; // error TS2540
}
export function eventDetailIsTheReport() {
  document.querySelector("kiln-badge")!.addEventListener("kiln-verified", (event) => event.detail.score); // error TS2339
}
export function documentEventDetailIsTheReport() {
  document.addEventListener("kiln-verified", (event) => event.detail.score); // error TS2339
}
export function verdictIsOneOfThree() {
  return document.querySelector("kiln-badge")!.report?.verdict === "forged"; // error TS2367
}
export function layoutIsOneOfTwo() {
  const attributes: KilnBadgeAttributes = { layout: "grid" }; // error TS2322
  return attributes;
}
export function tagNameMapKnowsEach() {
  const list: KilnBadgeList = document.createElement("kiln-badge"); // error TS2741
  return list;
}
export function listEventDetailIsCounts() {
  document.querySelector("kiln-badge-list")!.addEventListener("kiln-list-verified", (event) => event.detail.verdict); // error TS2339
}
export function setBaseTakesAUrl() {
  setBase(42); // error TS2345
}
