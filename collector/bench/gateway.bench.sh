#!/usr/bin/env bash
# otelcol-seclog through the gateway: throughput and collector CPU per record on one core, plain / seal /
# seal+verify (scripts/collector/bench-gateway.sh, driven by telemetrygen over OTLP/gRPC on loopback), and the Go
# per-record benchmarks of the seclog processor's two modes. Run: `pnpm bench gateway`.
# telemetrygen is installed from the Go module proxy at the contrib release the collector build pins, into a cache
# outside the repository (like the collector binary itself).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
version="$(sed -n 's|.*opentelemetry-collector-contrib/exporter/fileexporter v||p' "$root/scripts/collector/otelcol-seclog/go.mod" | head -1)"
bin_dir="${SECLOG_COLLECTOR_CACHE:-$HOME/.cache/seclog/otelcol}/telemetrygen-v${version}"
if [[ ! -x "$bin_dir/telemetrygen" ]]; then
  echo "installing telemetrygen v${version} into $bin_dir" >&2
  GOBIN="$bin_dir" go install "github.com/open-telemetry/opentelemetry-collector-contrib/cmd/telemetrygen@v${version}" >&2
fi
echo "Gateway: collector pinned to CPU 0 with GOMAXPROCS=1, telemetrygen v${version} (8 workers, 500 records per request) on CPU 1; 15 s per run, three rounds, medians."
echo
TELEMETRYGEN="$bin_dir/telemetrygen" "$root/scripts/collector/bench-gateway.sh" 15 8 3 500
echo
echo "Processors alone (\`go test -run XXX -bench . -benchtime 3s ./processor/seclogprocessor/\`, pinned to CPU 0):"
echo
echo '```text'
(cd "$root/collector" && taskset -c 0 go test -run XXX -bench . -benchtime 3s -benchmem ./processor/seclogprocessor/ | grep -E '^(Benchmark|cpu:|goos|goarch)')
echo '```'
