#!/usr/bin/env bash
# Throughput of `kiln issue` on 1,000 recipients, PNG and SVG output, both suites.
# Prints badges per second and the CPU time per stage (render, sign, bake) that
# kiln issue reports, and the render time per badge, for each of RUNS runs
# (default 3); each run starts after a `sync`, so that the write-back of the
# previous run's files does not slow it. Peak memory: bench/issue-rss.sh.
# Usage: bash bench/issue.sh [ROWS] [RUNS]   (release build)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000}
runs=${2:-3}
cargo build --release -q -p kiln-cli
target=${CARGO_TARGET_DIR:-target}
kiln="$target/release/kiln"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$kiln" keygen -o "$work/key.json" 2>/dev/null
cat > "$work/achievement.json" <<'JSON'
{"id": "https://example.edu/achievements/robotics-2", "type": ["Achievement"], "name": "Robotics Level 2",
 "description": "Builds and programs a line-following robot.", "criteria": {"narrative": "Pass the practical assessment."}}
JSON
{
  echo "name,email"
  for i in $(seq 1 "$rows"); do echo "Learner Nº$i Ångström-Παπαδόπουλος,learner$i@example.org"; done
} > "$work/recipients.csv"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
for format in png svg; do
  for suite in eddsa-rdfc-2022 eddsa-jcs-2022; do
    for run in $(seq 1 "$runs"); do
      rm -rf "$work/out"
      sync
      line=$("$kiln" issue --template crates/kiln-render/templates/hexagon.svg --key "$work/key.json" \
        --achievement "$work/achievement.json" --recipients "$work/recipients.csv" --out "$work/out" \
        --format "$format" --suite "$suite" --issuer-name "Académie Ωmega" 2>&1 | tail -1)
      echo "$format $suite run $run: ${line#kiln: }"
      # The render time per badge (summed over the worker threads).
      echo "$line" | awk -v rows="$rows" '{ for (i = 1; i < NF; i++) if ($i == "render") printf "  render %.2f ms per badge (summed over the worker threads)\n", $(i + 1) / rows }'

    done
  done
done
