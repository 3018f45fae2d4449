#!/usr/bin/env bash
# build/bench.sh: every sim/ benchmark natively and under WebAssembly (Node),
# printed side by side (benchmark, native, wasm, wasm/native) by
# build/benchtable. Speed goals: the 100-point phi(alpha) curve under
# 100 ms and the capacity search under 50 ms in WebAssembly; ratio <= 1.5.
#
#   BENCHTIME=300ms   per-benchmark time (go test -benchtime)
#   BENCHCOUNT=2      repetitions (go test -count); the table keeps the fastest
#   BENCH_PKGS=./sim/...   packages to benchmark
#   BENCH='.'          benchmark name pattern (go test -bench)
#
# Further steps (e.g. page budgets) can be appended at the end: the table is
# printed by the bench_table function, and the script's exit status is 1 if
# any go test run failed.
set -uo pipefail
cd "$(dirname "$0")/.."

GO=${GO:-go}
BENCHTIME=${BENCHTIME:-300ms}
BENCHCOUNT=${BENCHCOUNT:-2}
BENCH_PKGS=${BENCH_PKGS:-./sim/...}
BENCH=${BENCH:-.}
WASM_EXEC="$($GO env GOROOT)/lib/wasm/go_js_wasm_exec"
# the rf 24-point diagram benchmark (seconds per op) runs unless RF_BENCH_DIAGRAM=0
[ "${RF_BENCH_DIAGRAM:-1}" = 0 ] && unset RF_BENCH_DIAGRAM || export RF_BENCH_DIAGRAM=1
status=0

workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT

echo "== native benchmarks ($BENCH_PKGS, -benchtime=$BENCHTIME -count=$BENCHCOUNT)" >&2
if ! $GO test -run='^$' -bench="$BENCH" -benchtime="$BENCHTIME" -count="$BENCHCOUNT" $BENCH_PKGS >"$workdir/native.txt" 2>&1; then
	status=1
	grep -E '^(FAIL|---|panic)' "$workdir/native.txt" >&2 || true
fi

echo "== WebAssembly benchmarks (Node)" >&2
if ! GOOS=js GOARCH=wasm $GO test -run='^$' -bench="$BENCH" -benchtime="$BENCHTIME" -count="$BENCHCOUNT" -exec="$WASM_EXEC" $BENCH_PKGS >"$workdir/wasm.txt" 2>&1; then
	status=1
	grep -E '^(FAIL|---|panic)' "$workdir/wasm.txt" >&2 || true
fi

bench_table() {
	$GO run ./build/benchtable "$workdir/native.txt" "$workdir/wasm.txt"
}
bench_table || status=1

exit $status
