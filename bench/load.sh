#!/usr/bin/env bash
# ModelGate load harness. One command: builds Release, starts a mock OpenAI upstream, a YARP baseline proxy and
# ModelGate on loopback, drives each with wrk (non-streaming and streaming chat, 1 and 64 connections) and prints
# requests/s, p50/p99, latency added over direct, proxy CPU per request, peak RSS, and ModelGate's ratio to YARP.
#
# Pinning: the proxies run on CPU 0, the mock and wrk on CPU 1, so proxy figures are per core.
# Environment (defaults in brackets):
#   DURATION [10]  seconds per measurement     RUNS [3]  repeats; medians are reported
#   WARMUP [15]    seconds of warm-up per target and mode, before the first run (tiered JIT and dynamic PGO need it)
#   TARGETS ["direct yarp modelgate"]  CONNECTIONS ["1 64"]  MODES ["nonstream stream"]
#     a fourth target, `routed`, is a second ModelGate whose model has two deployments, one of them failing
#     FAIL_PERCENT [50] % of requests: it shows the client error rate and the latency routing adds over `modelgate`
#     (TARGETS="modelgate routed" MODES=nonstream for the routing benchmark alone); ROUTED_COOLDOWN_FAILURES [3]
#     consecutive failures before the routed gateway cools the failing deployment down (1000: breaker off, so about
#     half the requests meet the failing deployment first and are failed over)
#     a fifth, `governed`, is a ModelGate called with a virtual key in a team, to compare with `modelgate` called with
#     the master key (TARGETS="modelgate governed"); the key and the team both get GOVERNED_LIMITS
#     ["--rpm 1000000000 --tpm 2000000000 --max-parallel 100000 --max-budget-usd 1000000 --budget-period monthly"]:
#     rate limits and a budget, all too high to refuse anything
#   CHUNKS [20]  CHUNK_DELAY_MS [0]  chunk events per streamed answer and the pause between them
#   MOCK_PORT [9101]  YARP_PORT [9102]  GATEWAY_PORT [9103]  ROUTED_PORT [9104]  GOVERNED_PORT [9105]
#   NO_BUILD [unset]  skip `dotnet build`
# Raw wrk output, the summary and the start and problems of each server's log go to bench/results/<timestamp>/.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

DURATION=${DURATION:-10}
RUNS=${RUNS:-3}
WARMUP=${WARMUP:-15}
TARGETS=${TARGETS:-"direct yarp modelgate"}
CONNECTIONS=${CONNECTIONS:-"1 64"}
MODES=${MODES:-"nonstream stream"}
CHUNKS=${CHUNKS:-20}
CHUNK_DELAY_MS=${CHUNK_DELAY_MS:-0}
MOCK_PORT=${MOCK_PORT:-9101}
YARP_PORT=${YARP_PORT:-9102}
GATEWAY_PORT=${GATEWAY_PORT:-9103}
ROUTED_PORT=${ROUTED_PORT:-9104}
GOVERNED_PORT=${GOVERNED_PORT:-9105}
FAIL_PERCENT=${FAIL_PERCENT:-50}
ROUTED_COOLDOWN_FAILURES=${ROUTED_COOLDOWN_FAILURES:-3}
GOVERNED_LIMITS=${GOVERNED_LIMITS:-"--rpm 1000000000 --tpm 2000000000 --max-parallel 100000 --max-budget-usd 1000000 --budget-period monthly"}
PROXY_CPU=0
LOAD_CPU=1

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export BENCH_KEY="mgbench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"

die() { echo "load.sh: $*" >&2; exit 1; }
log() { echo "== $*" >&2; }

# --- prerequisites ---------------------------------------------------------------------------------------------
command -v dotnet >/dev/null || die "the .NET 10 SDK (dotnet) is required"
command -v curl >/dev/null || die "curl is required"
command -v taskset >/dev/null || die "taskset (util-linux) is required"
if ! command -v wrk >/dev/null; then
  log "installing wrk"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null \
    || die "could not install wrk (apt-get install wrk)"
fi
if [ "$(nproc)" -lt 2 ]; then
  echo "load.sh: warning: fewer than 2 CPUs; everything shares CPU 0 and the figures are not per core" >&2
  LOAD_CPU=0
fi

results="$root/bench/results/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$results"
work=$(mktemp -d)

# --- processes we start, and only those, are stopped on exit ---------------------------------------------------
declare -A pids=()
cleanup() {
  local name pid
  for name in "${!pids[@]}"; do
    pid=${pids[$name]}
    kill "$pid" 2>/dev/null || true
  done
  for name in "${!pids[@]}"; do
    pid=${pids[$name]}
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  # ModelGate logs a line per request (as it does in production), so keep the start and the problems only.
  for file in "$work"/*.log; do
    [ -f "$file" ] || continue
    { head -20 "$file"; echo "..."; grep -E '(warn|fail|crit|error)' "$file" | head -200 || true; } \
      >"$results/$(basename "$file")" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

has_target() { [[ " $TARGETS " == *" $1 "* ]]; }

# --- build ------------------------------------------------------------------------------------------------------
build() {
  local project=$1 name
  name=$(basename "$project")
  # Another build may hold a file in obj/ for a moment: retry.
  for attempt in 1 2 3; do
    if dotnet build -c Release --nologo -v q "$project" >"$results/build-$name.log" 2>&1; then
      return 0
    fi
    sleep $((attempt * 3))
  done
  tail -30 "$results/build-$name.log" >&2
  die "build of $project failed (log: $results/build-$name.log)"
}

if [ -z "${NO_BUILD:-}" ]; then
  log "building Release"
  build bench/MockUpstream
  has_target yarp && build bench/YarpBaseline
  { has_target modelgate || has_target routed || has_target governed; } && build src/ModelGate.Server
fi

# --- servers ------------------------------------------------------------------------------------------------------
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  local name=$1 cpu=$2 port=$3
  shift 3
  port_open "$port" && die "port $port is already in use (set ${name^^}_PORT or stop what holds it)"
  taskset -c "$cpu" "$@" >"$work/$name.log" 2>&1 &
  pids[$name]=$!
}

wait_ready() {
  local name=$1 url=$2
  for _ in $(seq 300); do
    kill -0 "${pids[$name]}" 2>/dev/null || { tail -20 "$work/$name.log" >&2; die "$name exited during start-up"; }
    if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" || true)" = 200 ]; then
      return 0
    fi
    sleep 0.1
  done
  tail -20 "$work/$name.log" >&2
  die "$name not ready at $url after 30 s"
}

log "starting mock upstream on CPU $LOAD_CPU (chunks=$CHUNKS, delay=${CHUNK_DELAY_MS}ms)"
start mock "$LOAD_CPU" "$MOCK_PORT" dotnet bench/MockUpstream/bin/Release/net10.0/MockUpstream.dll \
  --urls "http://127.0.0.1:$MOCK_PORT" --chunks "$CHUNKS" --chunk-delay-ms "$CHUNK_DELAY_MS" --fail-percent "$FAIL_PERCENT"
wait_ready mock "http://127.0.0.1:$MOCK_PORT/health"

if has_target yarp; then
  log "starting YARP baseline on CPU $PROXY_CPU"
  start yarp "$PROXY_CPU" "$YARP_PORT" dotnet bench/YarpBaseline/bin/Release/net10.0/YarpBaseline.dll \
    --urls "http://127.0.0.1:$YARP_PORT" --upstream "http://127.0.0.1:$MOCK_PORT"
  wait_ready yarp "http://127.0.0.1:$YARP_PORT/health"
fi

# gateway NAME PORT DEPLOYMENTS [COOLDOWN_FAILURES]: a ModelGate serving the model "bench" from the given deployments,
# with its own database (keys, teams, spend) beside its config.
gateway() {
  local name=$1 port=$2 deployments=$3 failures=${4:-3}
  log "starting ModelGate ($name) on CPU $PROXY_CPU"
  cat >"$work/$name.yaml" <<EOF
routing:
  cooldown: { failures: $failures }
server:
  listen: http://127.0.0.1:$port
  master_key: \${MODELGATE_MASTER_KEY}
storage:
  sqlite_path: $name.db
providers:
  mock:
    type: openai-compatible
    base_url: http://127.0.0.1:$MOCK_PORT/v1
  flaky:
    type: openai-compatible
    base_url: http://127.0.0.1:$MOCK_PORT/flaky/v1
models:
  bench:
    strategy: weighted
    deployments:
$deployments
EOF
  export MODELGATE_MASTER_KEY="$BENCH_KEY"
  start "$name" "$PROXY_CPU" "$port" \
    dotnet src/ModelGate.Server/bin/Release/net10.0/modelgate.dll serve --config "$work/$name.yaml"
  wait_ready "$name" "http://127.0.0.1:$port/health/ready"
}

# The baseline and the governed gateway serve the same priced deployment (gpt-4o-mini's list price: an
# openai-compatible provider has none of its own), so every request has a cost: the governed key's budgets reserve
# and settle real amounts, and both gateways record the same spend.
priced="      - { provider: mock, model: gpt-4o-mini, price: { input_per_mtok: 0.15, output_per_mtok: 0.6 } }"
has_target modelgate && gateway modelgate "$GATEWAY_PORT" "$priced"
has_target routed && gateway routed "$ROUTED_PORT" "      - { provider: flaky, model: gpt-4o-mini }
      - { provider: mock, model: gpt-4o-mini }" "$ROUTED_COOLDOWN_FAILURES"
if has_target governed; then
  gateway governed "$GOVERNED_PORT" "$priced"
  # A team and a virtual key in it, in the gateway's database, made with the CLI; the gateway sees them within a
  # second. With the default limits a request reserves about $0.0004 of each budget and is billed about $0.0001, so a
  # whole run spends a few hundred dollars, far from the budgets' first alert threshold.
  modelgate_cli() { dotnet src/ModelGate.Server/bin/Release/net10.0/modelgate.dll "$@" --config "$work/governed.yaml"; }
  read -ra limits <<<"$GOVERNED_LIMITS"
  modelgate_cli teams create --name bench "${limits[@]}" >/dev/null || die "could not create the governed gateway's team"
  GOVERNED_KEY=$(modelgate_cli keys create --name bench --team bench --models bench "${limits[@]}" | awk '$1 ~ /^mg-/ { print $1 }')
  [ -n "$GOVERNED_KEY" ] || die "could not create the governed gateway's virtual key"
  sleep 1
fi

url_of() {
  case $1 in
    direct) echo "http://127.0.0.1:$MOCK_PORT/v1/chat/completions" ;;
    yarp) echo "http://127.0.0.1:$YARP_PORT/v1/chat/completions" ;;
    modelgate) echo "http://127.0.0.1:$GATEWAY_PORT/v1/chat/completions" ;;
    routed) echo "http://127.0.0.1:$ROUTED_PORT/v1/chat/completions" ;;
    governed) echo "http://127.0.0.1:$GOVERNED_PORT/v1/chat/completions" ;;
  esac
}

# The key a target is called with: the master key, or the governed gateway's virtual key.
key_of() { if [ "$1" = governed ]; then echo "$GOVERNED_KEY"; else echo "$BENCH_KEY"; fi; }

# The process whose CPU and memory a row reports: the proxy, or the mock itself for direct.
pid_of() { if [ "$1" = direct ]; then echo "${pids[mock]}"; else echo "${pids[$1]}"; fi; }

script_of() { if [ "$1" = stream ]; then echo "$root/bench/wrk/chat-stream.lua"; else echo "$root/bench/wrk/chat.lua"; fi; }

# --- one request each, so a broken target fails loudly instead of producing fast error figures ----------------
check() {
  local target=$1 mode=$2 body status out="$work/check"
  body='{"model":"bench","messages":[{"role":"user","content":"What is the capital of France?"}]'
  [ "$mode" = stream ] && body+=',"stream":true'
  body+='}'
  status=$(curl -s -o "$out" -w '%{http_code}' --max-time 10 -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $(key_of "$target")" -d "$body" "$(url_of "$target")" || true)
  [ "$status" = 200 ] || { head -c 500 "$out" >&2; echo >&2; die "$target $mode answered HTTP $status"; }
  if [ "$mode" = stream ]; then
    grep -q '"chat.completion.chunk"' "$out" && [ "$(tail -c 14 "$out" | tr '\n' '|')" = 'data: [DONE]||' ] \
      || { head -c 500 "$out" >&2; die "$target stream is not an OpenAI event stream ending in [DONE]"; }
  else
    grep -q '"chat.completion"' "$out" || { head -c 500 "$out" >&2; die "$target answer is not a chat.completion"; }
  fi
}

for target in $TARGETS; do
  for mode in $MODES; do check "$target" "$mode"; done
done

# --- measurement ------------------------------------------------------------------------------------------------
clk_tck=$(getconf CLK_TCK)
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }   # utime + stime, all threads
peak_rss_mb() { awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

run_wrk() {
  local target=$1 mode=$2 conns=$3 seconds=$4
  BENCH_KEY=$(key_of "$target") taskset -c "$LOAD_CPU" timeout $((seconds + 60)) wrk -t1 -c"$conns" -d"${seconds}s" --timeout 10s --latency \
    -s "$(script_of "$mode")" "$(url_of "$target")"
}

raw="$results/raw.tsv"
printf 'run\ttarget\tmode\tconns\trps\tp50_ms\tp99_ms\tcpu_us_per_req\tpeak_rss_mb\terrors\trequests\n' >"$raw"

measure() {
  local run=$1 target=$2 mode=$3 conns=$4 pid before after out
  pid=$(pid_of "$target")
  out="$results/wrk-$target-$mode-c$conns-run$run.txt"
  before=$(cpu_ticks "$pid")
  run_wrk "$target" "$mode" "$conns" "$DURATION" >"$out" 2>&1 || die "wrk failed: $(tail -5 "$out")"
  after=$(cpu_ticks "$pid")
  awk -v run="$run" -v target="$target" -v mode="$mode" -v conns="$conns" -v ticks=$((after - before)) \
    -v hz="$clk_tck" -v rss="$(peak_rss_mb "$pid")" '
    function ms(v) {
      if (v ~ /us$/) return v / 1000
      if (v ~ /ms$/) return v + 0
      if (v ~ /s$/) return v * 1000
      if (v ~ /m$/) return v * 60000
      return v + 0
    }
    / requests in / { requests = $1 }
    /^Requests\/sec:/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /Non-2xx or 3xx responses:/ { errors += $NF }
    /Socket errors:/ { gsub(/,/, ""); errors += $4 + $6 + $8 + $10 }
    END {
      if (requests == 0) { print "no requests completed" > "/dev/stderr"; exit 1 }
      printf "%d\t%s\t%s\t%d\t%.1f\t%.3f\t%.3f\t%.1f\t%s\t%d\t%d\n", run, target, mode, conns, rps, p50, p99,
        ticks * 1e6 / hz / requests, rss, errors, requests
    }' "$out" >>"$raw" || die "could not read $out"
  tail -1 "$raw" | awk -F'\t' '{ printf "   run %s %-9s %-9s c=%-3s %10.0f req/s  p50 %7.3f ms  p99 %7.3f ms%s\n",
    $1, $2, $3, $4, $5, $6, $7, ($10 > 0 ? "  ERRORS " $10 : "") }' >&2
}

count() { set -- $1; echo $#; }
total=$(( ($(count "$TARGETS") * $(count "$MODES") * $(count "$CONNECTIONS") * RUNS * DURATION) \
  + $(count "$TARGETS") * $(count "$MODES") * WARMUP ))
log "measuring: $RUNS run(s) x $DURATION s per case, about $((total / 60)) min $((total % 60)) s of load"

for target in $TARGETS; do
  for mode in $MODES; do
    run_wrk "$target" "$mode" 64 "$WARMUP" >"$results/warmup-$target-$mode.txt" 2>&1 || die "warm-up of $target failed"
  done
done

for run in $(seq "$RUNS"); do
  for target in $TARGETS; do
    for mode in $MODES; do
      for conns in $CONNECTIONS; do
        measure "$run" "$target" "$mode" "$conns"
      done
    done
  done
done

# --- report: medians over runs ----------------------------------------------------------------------------------
echo
echo "ModelGate load benchmark: $(nproc) CPUs, proxies on CPU $PROXY_CPU, mock + wrk on CPU $LOAD_CPU;" \
  "${DURATION}s per case, median of $RUNS run(s); stream = $CHUNKS chunk events, ${CHUNK_DELAY_MS} ms apart"
echo "CPU and RSS are the proxy's (the mock's on 'direct' rows); added = p50/p99 minus direct's at the same load."
echo "Raw results: $results"
echo
awk -F'\t' -v targets="$TARGETS" -v modes="$MODES" -v connections="$CONNECTIONS" '
  function median(key, col,    n, i, j, t, v) {
    n = count[key]
    for (i = 1; i <= n; i++) v[i] = values[key, i, col]
    for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  function verdict(ok) { return ok ? "PASS" : "FAIL" }
  NR > 1 {
    key = $2 SUBSEP $3 SUBSEP $4
    i = ++count[key]
    for (c = 5; c <= 10; c++) values[key, i, c] = $c
    errors[key] += $10; requests[key] += $11
    if ($9 + 0 > peak[$2] + 0) peak[$2] = $9
  }
  END {
    nt = split(targets, T, " "); nm = split(modes, M, " "); nc = split(connections, C, " ")
    printf "%-10s %-10s %5s %10s %9s %9s %9s %9s %11s %8s %7s\n", "target", "mode", "conns", "req/s", "p50 ms",
      "p99 ms", "+p50 ms", "+p99 ms", "CPU us/req", "RSS MB", "errors"
    for (m = 1; m <= nm; m++) for (c = 1; c <= nc; c++) for (t = 1; t <= nt; t++) {
      key = T[t] SUBSEP M[m] SUBSEP C[c]
      if (!(key in count)) continue
      rps[key] = median(key, 5); p50[key] = median(key, 6); p99[key] = median(key, 7)
      direct = "direct" SUBSEP M[m] SUBSEP C[c]
      added50 = added99 = "-"
      if (T[t] != "direct" && (direct in p50)) {
        added50 = sprintf("%+.3f", p50[key] - p50[direct]); added99 = sprintf("%+.3f", p99[key] - p99[direct])
        add50[key] = p50[key] - p50[direct]; add99[key] = p99[key] - p99[direct]
      }
      printf "%-10s %-10s %5d %10.0f %9.3f %9.3f %9s %9s %11.1f %8.1f %7d\n", T[t], M[m], C[c], rps[key],
        p50[key], p99[key], added50, added99, median(key, 8), median(key, 9), median(key, 10)
    }
    print ""
    for (m = 1; m <= nm; m++) for (c = 1; c <= nc; c++) {
      gate = "modelgate" SUBSEP M[m] SUBSEP C[c]; yarp = "yarp" SUBSEP M[m] SUBSEP C[c]
      if ((gate in rps) && (yarp in rps) && rps[yarp] > 0) {
        ratio = rps[gate] / rps[yarp]
        line = sprintf("ModelGate / YARP req/s, %-9s c=%-3d %6.3fx", M[m], C[c], ratio)
        if (C[c] == 64) line = line sprintf("   target >= 0.70x   %s", verdict(ratio >= 0.7))
        print line
      }
    }
    for (m = 1; m <= nm; m++) {
      gate = "modelgate" SUBSEP M[m] SUBSEP 1; yarp = "yarp" SUBSEP M[m] SUBSEP 1
      for (k = 1; k <= 2; k++) {
        key = k == 1 ? yarp : gate; name = k == 1 ? "YARP" : "ModelGate"
        if (!(key in add50)) continue
        line = sprintf("%-9s added over direct, %-9s c=1   p50 %+.3f ms  p99 %+.3f ms", name, M[m], add50[key], add99[key])
        if (k == 2) line = line sprintf("   target <= 0.5 / 3 ms   %s", verdict(add50[key] <= 0.5 && add99[key] <= 3))
        print line
      }
    }
    for (m = 1; m <= nm; m++) for (c = 1; c <= nc; c++) {
      gate = "modelgate" SUBSEP M[m] SUBSEP C[c]; routed = "routed" SUBSEP M[m] SUBSEP C[c]
      if ((gate in p99) && (routed in p99)) {
        printf "Routing, one of two deployments failing: %-9s c=%-3d client errors %d of %d requests   p50 %+.3f ms  p99 %+.3f ms over one healthy deployment   target 0 errors, p99 < +1 ms   %s\n",
          M[m], C[c], errors[routed], requests[routed], p50[routed] - p50[gate], p99[routed] - p99[gate],
          verdict(errors[routed] == 0 && p99[routed] - p99[gate] < 1)
      }
    }
    for (m = 1; m <= nm; m++) for (c = 1; c <= nc; c++) {
      gate = "modelgate" SUBSEP M[m] SUBSEP C[c]; governed = "governed" SUBSEP M[m] SUBSEP C[c]
      if ((gate in p50) && (governed in p50)) {
        ratio = 0
        if (rps[gate] > 0) ratio = rps[governed] / rps[gate]
        printf "Governance (virtual key in a team, GOVERNED_LIMITS) over the master key: %-9s c=%-3d p50 %+.3f ms  p99 %+.3f ms  req/s %.3fx  errors %d\n",
          M[m], C[c], p50[governed] - p50[gate], p99[governed] - p99[gate], ratio, errors[governed]
      }
    }
    # The highest peak of any run, not a median: the target is a ceiling.
    if ("yarp" in peak) printf "YARP      peak RSS %.1f MB (highest of all runs)\n", peak["yarp"]
    if ("modelgate" in peak) printf "ModelGate peak RSS %.1f MB (highest of all runs)   target < 150 MB   %s\n", peak["modelgate"], verdict(peak["modelgate"] < 150)
  }' "$raw" | tee "$results/summary.txt"
if has_target governed && command -v sqlite3 >/dev/null; then
  sleep 2 # the spend ledger writes once a second
  echo "Governed gateway's spend ledger (warm-up included): $(sqlite3 -separator ' ' "$work/governed.db" \
    "SELECT SUM(requests) || ' requests by the virtual key, USD ' || printf('%.4f', SUM(cost_nano_usd) / 1e9)
     || ', ' || SUM(unknown_cost_requests) || ' without a price' FROM spend_daily WHERE key_id != 'master'")" \
    | tee -a "$results/summary.txt"
fi
if has_target routed; then
  echo "Failing deployment's traffic over the whole run (warm-up included): $(curl -s --max-time 5 "http://127.0.0.1:$MOCK_PORT/stats")" \
    | tee -a "$results/summary.txt"
fi
