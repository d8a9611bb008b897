#!/usr/bin/env bash
# What pinning evidence costs (qicase-evidence(1), COST): N QCARs answering one notice, each
# citing one pinned 1 MB document, checked with and without the pins, against sha256sum over
# the same files (the floor: reading and hashing them). Prints medians of RUNS runs and ratios.
# A script, not a test. Usage: scripts/bench.d/evidence.sh [N] [RUNS]   (default: 200 5)
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-200}
runs=${2:-5}
[ -x build/qicase ] || scripts/setup >/dev/null
qicase=$PWD/build/qicase
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/pinned/evidence" "$work/unpinned"
touch "$work/pinned/.qicase.yaml"
cp tests/golden/qcar/errors/notice.yaml "$work/pinned/notice.yaml"
for i in $(seq 1 "$n"); do
  head -c 1048576 /dev/urandom >"$work/pinned/evidence/$i.bin"
  sum=$(sha256sum "$work/pinned/evidence/$i.bin" | cut -c1-64)
  cat >"$work/pinned/qcar-$i.yaml" <<CASE
kind: qcar
id: QCAR-$i
notice: NNC-2024-017
submitted: 2024-03-15
monitor: {area: quality, staff: QI Manager}
actions:
  - {finding: F1, action: Report every incident within 24 hours, measure: Share reported in 24 hours, due: 2024-03-29}
evidence:
  - finding: F1
    date: 2024-03-20
    description: Incident log
    file: evidence/$i.bin
    sha256: $sum
    size: 1048576
CASE
done
cp -r "$work/pinned/." "$work/unpinned/"
sed -i '/sha256:\|size:/d' "$work/unpinned"/qcar-*.yaml
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_ms() { # COMMAND...: median wall time of RUNS runs, in ms
  for _ in $(seq 1 "$runs"); do
    local start end
    start=$(date +%s%N); "$@" >/dev/null 2>&1 || true; end=$(date +%s%N)
    echo $(((end - start) / 1000000))
  done | median
}
cat "$work"/pinned/evidence/*.bin >/dev/null # warm the page cache for every row alike
floor1=$(time_ms sh -c "cd '$work/pinned' && sha256sum evidence/*.bin")
floorn=$(time_ms sh -c "cd '$work/pinned' && ls evidence/*.bin | xargs -P $(nproc) -n $(( (n + $(nproc) - 1) / $(nproc) )) sha256sum")
pinned1=$(time_ms env QICASE_THREADS=1 "$qicase" --as-of 2024-04-10 check "$work/pinned")
pinnedn=$(time_ms "$qicase" --as-of 2024-04-10 check "$work/pinned")
unpinned=$(time_ms "$qicase" --as-of 2024-04-10 check "$work/unpinned")
echo "| $n QCARs, one pinned 1 MB document each | median ms | vs sha256sum |"
echo "| --- | ---: | ---: |"
echo "| sha256sum, one core | $floor1 | 1.00 |"
echo "| sha256sum, $(nproc) cores | $floorn | $(awk "BEGIN {printf \"%.2f\", $floorn / $floor1}") |"
echo "| check, pinned, one thread | $pinned1 | $(awk "BEGIN {printf \"%.2f\", $pinned1 / $floor1}") |"
echo "| check, pinned, all cores | $pinnedn | $(awk "BEGIN {printf \"%.2f\", $pinnedn / $floorn}") (vs $(nproc) cores) |"
echo "| check, unpinned (no hashing) | $unpinned | - |"
