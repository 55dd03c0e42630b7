#!/usr/bin/env bash
# Kiln's verify (criterion, crates/kiln-core/benches/verify.rs) and
# digitalbazaar's JavaScript verifier (bench/verify-js.mjs) on the same
# credentials, in one run: eddsa-rdfc-2022, and the same credential signed
# with a P-256 key under ecdsa-rdfc-2019, ecdsa-jcs-2019 and ecdsa-sd-2023
# (a derived proof); prints both figures and the ratio for each. Then, when
# the web modules are built (web/pkg) and BROWSER is not 0, Kiln in Chromium
# on the same credentials baked into a PNG (bench/browser-verify.mjs).
# Usage: bash bench/verify.sh   (needs `npm ci` once for the JS side)
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
data=crates/kiln-core/benches/data

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(free -g | awk '/^Mem:/ {print $2}') GiB"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "node $(node --version), $(rustc --version)"

cargo bench -p kiln-core --bench verify -- --warm-up-time 1 --measurement-time 3 \
  >/tmp/kiln-verify-bench.$$ 2>&1 || { cat /tmp/kiln-verify-bench.$$; exit 1; }
grep -A1 -E '^(verify ob30|ob30 typical)' /tmp/kiln-verify-bench.$$ | grep -v '^--$'
rm -f /tmp/kiln-verify-bench.$$

# criterion's point estimate (median), in ms.
estimate() {
  python3 -c 'import json,sys; print("%.4f" % (json.load(open(sys.argv[1]))["median"]["point_estimate"] / 1e6))' \
    "$target/criterion/$1/new/estimates.json"
}

# suite (criterion's name) and credential file, one per line.
while read -r suite file; do
  kiln_ms=$(estimate "verify ob30 typical ${suite}")
  js_ms=$(node bench/verify-js.mjs "$data/$file" 500 | awk '/^js-verify-ms/ {print $2}')
  echo "kiln verify (${suite}): ${kiln_ms} ms"
  echo "js verify   (${suite}): ${js_ms} ms"
  python3 -c "import sys; print('ratio (js / kiln): %.1f' % (float(sys.argv[2]) / float(sys.argv[1])))" "$kiln_ms" "$js_ms"
done <<'EOF'
eddsa-rdfc-2022 ob30-typical-rdfc.json
ecdsa-rdfc-2019 ob30-typical-ecdsa-rdfc.json
ecdsa-jcs-2019 ob30-typical-ecdsa-jcs.json
ecdsa-sd-2023-derived ob30-typical-ecdsa-sd-derived.json
EOF

if [ "${BROWSER:-1}" != 0 ] && [ -f web/pkg/verifier-full/kiln_wasm_bg.wasm ]; then
  echo "chromium ($(/usr/bin/chromium --version 2>/dev/null || echo unknown)):"
  node bench/browser-verify.mjs --runs 20
fi
