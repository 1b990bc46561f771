#!/usr/bin/env bash
# Throughput and CPU per record of otelcol-seclog on ONE core, driven by telemetrygen (OTLP/gRPC on loopback), in
# three pipelines: plain (otlp -> file), seal (otlp -> seclog/seal -> file), seal+verify (otlp -> seclog/seal ->
# seclog/verify -> file). The file exporter writes OTLP/JSON to /dev/null (the archive format, without the disk).
#
# Usage: scripts/collector/bench-gateway.sh [seconds per run, default 20] [telemetrygen workers, default 8]
#        [rounds, default 3] [records per request, default 500]
# Each round runs the three pipelines one after the other; the table gives, per pipeline, the median over rounds.
# Needs: telemetrygen on PATH or in $TELEMETRYGEN (go install
#   github.com/open-telemetry/opentelemetry-collector-contrib/cmd/telemetrygen@v0.160.0), taskset, 2 cores.
# The collector runs with GOMAXPROCS=1 pinned to CPU 0, telemetrygen pinned to CPU 1. Prints a Markdown table.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
secs="${1:-20}"
workers="${2:-8}"
rounds="${3:-3}"
batch="${4:-500}"
tg="${TELEMETRYGEN:-$(command -v telemetrygen || true)}"
[[ -x "$tg" ]] || { echo "telemetrygen not found (set TELEMETRYGEN)" >&2; exit 1; }
bin="$("$here/build.sh")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
openssl genpkey -algorithm ed25519 -out "$work/key.pem" 2>/dev/null
openssl pkey -in "$work/key.pem" -pubout -out "$work/key.pub.pem" 2>/dev/null
clk=$(getconf CLK_TCK)

config() { # $1 = processors list
  cat <<YAML
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:\${env:PORT}
processors:
  seclog/seal:
    mode: seal
    seal:
      signing_key_file: $work/key.pem
  seclog/verify:
    mode: verify
    verify:
      public_key_files: [$work/key.pub.pem]
exporters:
  file:
    path: /dev/null
    format: json
service:
  pipelines:
    logs:
      receivers: [otlp]
      processors: [$1]
      exporters: [file]
  telemetry:
    logs:
      level: warn
    metrics:
      level: normal
      readers:
        - pull:
            exporter:
              prometheus:
                host: 127.0.0.1
                port: \${env:MPORT}
YAML
}

metric() { # $1 = metrics port, $2 = metric name prefix: sum of its samples
  curl -s "http://127.0.0.1:$1/metrics" | awk -v m="$2" 'index($1, m) == 1 { s += $NF } END { printf "%d", s }'
}

run() { # $1 = label, $2 = processors
  local label="$1" cfg="$work/$1.yaml" port mport pid
  if [[ -n "$2" ]]; then config "$2" > "$cfg"; else config "" | sed 's/processors: \[\]/processors: []/' > "$cfg"; fi
  port=$((20000 + RANDOM % 20000)); mport=$((port + 1))
  PORT=$port MPORT=$mport GOMAXPROCS=1 taskset -c 0 "$bin" --config "$cfg" > "$work/$label.log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do curl -s "http://127.0.0.1:$mport/metrics" > /dev/null && break; sleep 0.1; done
  local t0 c0 t1 c1 n
  t0=$(date +%s.%N); c0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  taskset -c 1 "$tg" logs --otlp-insecure --otlp-endpoint "127.0.0.1:$port" --rate 0 --workers "$workers" \
    --duration "${secs}s" --batch-size "$batch" --body 'GET /api/orders/12345 200 in 12ms from 10.0.0.7' \
    --telemetry-attributes 'http.request.method="GET"' --telemetry-attributes 'http.response.status_code=200' \
    --telemetry-attributes 'url.path="/api/orders/12345"' --telemetry-attributes 'client.address="10.0.0.7"' \
    > "$work/$label.tg.log" 2>&1 || true
  t1=$(date +%s.%N); c1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  n=$(metric "$mport" otelcol_exporter_sent_log_records)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  # label records seconds cpu-seconds
  echo "$label $n $(echo "$t1 - $t0" | bc) $(echo "scale=3; $(( c1 - c0 )) / $clk" | bc)" >> "$work/results"
}

for _ in $(seq "$rounds"); do
  run plain ""
  run seal "seclog/seal"
  run seal+verify "seclog/seal, seclog/verify"
done
echo "| pipeline | records/s (median) | collector CPU µs/record (median) | records per CPU-second (median) | CPU vs plain | rounds: CPU µs/record |"
echo "|---|---:|---:|---:|---:|---|"
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
plain_us=""
for label in plain seal seal+verify; do
  rate=$(awk -v l="$label" '$1 == l { printf "%.0f\n", $2 / $3 }' "$work/results" | median)
  us=$(awk -v l="$label" '$1 == l { printf "%.2f\n", $4 * 1e6 / $2 }' "$work/results" | median)
  per=$(awk -v l="$label" '$1 == l { printf "%.0f\n", $2 / $4 }' "$work/results" | median)
  all=$(awk -v l="$label" '$1 == l { printf "%s%.1f", sep, $4 * 1e6 / $2; sep = ", " }' "$work/results")
  plain_us="${plain_us:-$us}"
  printf '| %s | %.0f | %.2f | %.0f | %.2f× | %s |\n' "$label" "$rate" "$us" "$per" "$(echo "scale=4; $us / $plain_us" | bc)" "$all"
done
echo
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
