#!/usr/bin/env bash
# Same scenario and seed, two builds (Release and ASan+UBSan): byte-identical trace and pcapng.
# Usage: cross_build_determinism.sh RTCLAB_A RTCLAB_B SCENARIO
# Exits 77 (ctest: skipped) when the second build does not exist yet (./lab test builds both).
set -euo pipefail
a="$1"; b="$2"; scenario="$3"
if [ ! -x "$b" ]; then
  echo "skipped: $b is not built (./lab test builds build/asan first)"
  exit 77
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$a" run "$scenario" --trace "$dir/a.jsonl" --pcap "$dir/a.pcapng" > /dev/null
"$b" run "$scenario" --trace "$dir/b.jsonl" --pcap "$dir/b.pcapng" > /dev/null
cmp "$dir/a.jsonl" "$dir/b.jsonl"
cmp "$dir/a.pcapng" "$dir/b.pcapng"
echo "identical: $(wc -c < "$dir/a.jsonl") bytes of trace, $(wc -c < "$dir/a.pcapng") bytes of pcapng"
