#!/usr/bin/env bash
# Fuzzes every target of tests/Kullback.Fuzz under AFL++ for a bounded time each, from the committed seeds.
#
#   tests/Kullback.Fuzz/fuzz.sh [SECONDS_PER_TARGET [TARGET...]]     (default 15 s, every target)
#
# Publishes the harness, instruments Kullback, Kullback.Learning and Kullback.Cli with SharpFuzz (the local tool in
# .config/dotnet-tools.json), runs `afl-fuzz -V SECONDS` per target and prints, per target, the executions run, the
# corpus paths found, crashes and hangs. A target passes when afl-fuzz ran to its time limit with executions done and
# no crash or hang; a crash input is replayed through the harness to show the exception. The last line is
# "N passed, N failed" (one per target). Findings are kept in TestResults/fuzz/<target>/.
# Needs afl-fuzz on PATH (Debian: apt-get install afl++); .ci/run installs it.
set -uo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-15}; shift || true
root=$(pwd)
out="$root/TestResults/fuzz"
bin="$out/bin"
rm -rf "$out"; mkdir -p "$out"

fail_all() { echo "== fuzz: $1"; echo "0 passed, 1 failed"; exit 1; }
command -v afl-fuzz >/dev/null || fail_all "afl-fuzz not found (apt-get install afl++)"
dotnet publish tests/Kullback.Fuzz -c Release -o "$bin" -p:TreatWarningsAsErrors=true > "$out/publish.log" 2>&1 \
  || { tail -n 20 "$out/publish.log"; fail_all "publish failed (TestResults/fuzz/publish.log)"; }
dotnet tool restore > "$out/tool.log" 2>&1 || { cat "$out/tool.log"; fail_all "dotnet tool restore (SharpFuzz.CommandLine) failed"; }
# Crash inputs are replayed by an uninstrumented copy (instrumented code outside afl-fuzz has no coverage map).
cp -r "$bin" "$out/replay"
for dll in Kullback.dll Kullback.Learning.dll Kullback.Cli.dll; do
  dotnet sharpfuzz "$bin/$dll" >> "$out/instrument.log" 2>&1 || { cat "$out/instrument.log"; fail_all "sharpfuzz could not instrument $dll"; }
done

targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(dotnet "$bin/Kullback.Fuzz.dll" --list)
[ ${#targets[@]} -gt 0 ] || fail_all "the harness lists no target"

# afl-fuzz on a .NET target: the binary (dotnet) is not instrumented itself; no UI, no CPU pinning on a shared machine;
# the runtime's start-up can take seconds under load. A giant allocation from a lying header is an OutOfMemoryException
# (a crash) under the 2 GiB GC heap limit instead of swapping the machine.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export AFL_FORKSRV_INIT_TMOUT=120000
export DOTNET_GCHeapHardLimit=0x80000000 DOTNET_TieredPGO=0 DOTNET_CLI_TELEMETRY_OPTOUT=1
# The harness's work files (kullback-fuzz-PID, one per afl-fuzz fork server; afl-fuzz ends it with a kill, so it cannot
# clean up) go under TestResults/fuzz/tmp instead of the system temp folder.
export TMPDIR="$out/tmp"; mkdir -p "$TMPDIR"
passed=0; failed=0
stat() { grep -m1 "^$1 *:" "$2" 2>/dev/null | sed 's/.*: *//'; }
for t in "${targets[@]}"; do
  seeds="tests/Kullback.Fuzz/seeds/$t"
  if [ ! -d "$seeds" ]; then echo "== fuzz $t: FAILED, no seeds in $seeds"; failed=$((failed + 1)); continue; fi
  # -t: an input taking over 10 s is a hang (the parsers read kilobytes); -m none: the GC limit above bounds memory.
  timeout $((seconds + 180)) afl-fuzz -i "$seeds" -o "$out/$t" -V "$seconds" -t 10000 -m none -- dotnet "$bin/Kullback.Fuzz.dll" "$t" \
    > "$out/$t.log" 2>&1
  rc=$?
  stats="$out/$t/default/fuzzer_stats"
  execs=$(stat execs_done "$stats"); paths=$(stat corpus_count "$stats"); edges=$(stat edges_found "$stats")
  crashes=$(stat saved_crashes "$stats"); hangs=$(stat saved_hangs "$stats")
  line="== fuzz $t: ${execs:-0} executions, ${paths:-0} corpus paths, ${edges:-0} edges, ${crashes:-?} crashes, ${hangs:-?} hangs"
  if [ "$rc" -eq 0 ] && [ "${execs:-0}" -gt 0 ] && [ "${crashes:-1}" -eq 0 ] && [ "${hangs:-1}" -eq 0 ]; then
    echo "$line"; passed=$((passed + 1))
  else
    echo "$line: FAILED (afl-fuzz exit $rc; log TestResults/fuzz/$t.log)"; failed=$((failed + 1))
    [ -f "$stats" ] || tail -n 15 "$out/$t.log"
    for kind in crashes hangs; do
      for f in "$out/$t/default/$kind"/id:*; do
        [ -f "$f" ] || continue
        echo "-- $kind input $f (base64): $(head -c 600 "$f" | base64 -w0)"
        timeout 60 dotnet "$out/replay/Kullback.Fuzz.dll" "$t" "$f" 2>&1 | head -n 12
      done
    done
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
