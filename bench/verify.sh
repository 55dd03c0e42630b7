#!/usr/bin/env bash
# Kiln's verify (criterion, crates/kiln-core/benches/verify.rs) and
# digitalbazaar's JavaScript verifier (bench/verify-js.mjs) on the same
# eddsa-rdfc-2022 credential, in one run; prints both and the ratio.
# Usage: bash bench/verify.sh   (needs `npm ci` once for the JS side)
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
credential=crates/kiln-core/benches/data/ob30-typical-rdfc.json

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
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
kiln_ms=$(estimate "verify ob30 typical eddsa-rdfc-2022")
js_ms=$(node bench/verify-js.mjs "$credential" 500 | awk '/^js-verify-ms/ {print $2}')

echo "kiln verify (eddsa-rdfc-2022): ${kiln_ms} ms"
echo "js verify   (eddsa-rdfc-2022): ${js_ms} ms"
python3 -c "import sys; print('ratio (js / kiln): %.1f' % (float(sys.argv[2]) / float(sys.argv[1])))" "$kiln_ms" "$js_ms"
