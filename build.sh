#!/usr/bin/env bash
# The project's one entry point for building and testing.
#   ./build.sh test    build every project and run every test suite; prints "N passed, N failed, N skipped" last
#                      (the context authorizer's JavaScript tests run with node >= 20 when it is on PATH, else count as skipped)
#   ./build.sh check   the main job: zt-policy check on the shipped example previews
# Projects that reference Pulumi (components/, infra/ and their tests) restore the real packages from nuget.org.
# Where the configured sources cannot serve them, they are skipped with one line saying so; every other error fails.
set -uo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# The deployable projects relax warnings-as-errors only for `pulumi up` on a deployer's machine; every build here keeps it.
export ZT_WARNINGS_AS_ERRORS=true
if ! command -v dotnet >/dev/null 2>&1; then
  echo "build.sh: the .NET 10 SDK (dotnet) is not on PATH — install it first" >&2
  exit 2
fi

# Projects that build everywhere (no Pulumi), and the test suites among them.
core_projects=(policy/ZeroTrust.Policy policy/ZeroTrust.Policy.Cli policy/ZeroTrust.Policy.Pack tools/ZeroTrust.Policy.DataGen bench/ZeroTrust.Policy.Benchmarks tests/ZeroTrust.Policy.Tests tests/ZeroTrust.Policy.Pack.Tests)
core_tests=(tests/ZeroTrust.Policy.Tests tests/ZeroTrust.Policy.Pack.Tests)
# Projects that need the Pulumi packages.
pulumi_projects=(components/ZeroTrust.Components infra tools/ZeroTrust.Infra.Plan tests/ZeroTrust.Components.Tests tests/ZeroTrust.Infra.Tests)
pulumi_tests=(tests/ZeroTrust.Components.Tests tests/ZeroTrust.Infra.Tests)

existing() { for p in "$@"; do compgen -G "$p/*.csproj" >/dev/null && echo "$p"; done; }

passed=0 failed=0 skipped=0 broken=0
log_dir=$(mktemp -d)
trap 'rm -rf "$log_dir"' EXIT

run_tests() {
  local project=$1 out="$log_dir/$(basename "$1").log"
  dotnet test "$project" --no-build -c "${CONFIGURATION:-Debug}" 2>&1 | tee "$out" | grep -E "^(Passed|Failed)!|error|Failed [A-Za-z]" || true
  local line
  line=$(grep -E "^(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+" "$out" | tail -n 1)
  if [[ -z "$line" ]]; then
    echo "build.sh: $project ran no tests or crashed (see above)" >&2
    broken=$((broken + 1))
    return
  fi
  [[ $line =~ Failed:\ +([0-9]+),\ Passed:\ +([0-9]+),\ Skipped:\ +([0-9]+) ]]
  failed=$((failed + BASH_REMATCH[1])) passed=$((passed + BASH_REMATCH[2])) skipped=$((skipped + BASH_REMATCH[3]))
}

# The context authorizer's node tests (tests/authorizer/*.test.mjs, node:test, no npm packages). Without node >= 20
# one line says so and each test file counts as one skipped test.
run_node_tests() {
  local files=() major out="$log_dir/node-tests.log"
  mapfile -t files < <(compgen -G "tests/authorizer/*.test.mjs")
  ((${#files[@]})) || return 0
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if ((major < 20)); then
    echo "skipped: ${#files[@]} node test file(s) in tests/authorizer — node >= 20 is not on PATH"
    skipped=$((skipped + ${#files[@]}))
    return 0
  fi
  node --test --test-reporter=tap "${files[@]}" >"$out" 2>&1
  grep -E "^ *not ok " "$out" || true
  local pass fail cancelled skip todo
  pass=$(sed -nE 's/^# pass ([0-9]+)$/\1/p' "$out" | tail -n 1)
  fail=$(sed -nE 's/^# fail ([0-9]+)$/\1/p' "$out" | tail -n 1)
  cancelled=$(sed -nE 's/^# cancelled ([0-9]+)$/\1/p' "$out" | tail -n 1)
  skip=$(sed -nE 's/^# skipped ([0-9]+)$/\1/p' "$out" | tail -n 1)
  todo=$(sed -nE 's/^# todo ([0-9]+)$/\1/p' "$out" | tail -n 1)
  if [[ -z "$pass" || -z "$fail" ]]; then
    cat "$out" >&2
    echo "build.sh: the node tests in tests/authorizer ran no tests or crashed (see above)" >&2
    broken=$((broken + 1))
    return 0
  fi
  echo "node $(node --version): Failed: $((fail + ${cancelled:-0})), Passed: $pass, Skipped: $((${skip:-0} + ${todo:-0})) - tests/authorizer"
  failed=$((failed + fail + ${cancelled:-0})) passed=$((passed + pass)) skipped=$((skipped + ${skip:-0} + ${todo:-0}))
}

# True when the restore failed only because Pulumi packages are missing: every error line is a NU1101/NU1102/NU1103
# (package or version not found) naming a Pulumi package, and there is at least one.
only_pulumi_missing() {
  local errors
  errors=$(grep -E "error [A-Z]+[0-9]+" "$1" | sort -u)
  [[ -n "$errors" ]] || return 1
  ! grep -vqE "error NU110[123]: Unable to find (a stable )?package '?Pulumi(\.[A-Za-z]+)?'?[ .]" <<<"$errors"
}

build() {
  local project=$1
  if ! dotnet build "$project" -c "${CONFIGURATION:-Debug}" -nologo -clp:ErrorsOnly >"$log_dir/build.log" 2>&1; then
    cat "$log_dir/build.log" >&2
    echo "build.sh: build failed: $project" >&2
    return 1
  fi
}

cmd_test() {
  mapfile -t core < <(existing "${core_projects[@]}")
  mapfile -t pulumi < <(existing "${pulumi_projects[@]}")
  for p in "${core[@]}"; do build "$p" || { echo "0 passed, 1 failed"; exit 1; }; done

  local run_pulumi=0
  if ((${#pulumi[@]})); then
    local restore_log="$log_dir/pulumi-restore.log" ok=1
    for p in "${pulumi[@]}"; do dotnet restore "$p" >>"$restore_log" 2>&1 || ok=0; done
    if ((ok)); then
      run_pulumi=1
    elif only_pulumi_missing "$restore_log"; then
      echo "skipped: ${pulumi[*]} — the Pulumi packages cannot be restored from the configured NuGet sources"
    else
      cat "$restore_log" >&2
      echo "build.sh: restoring the Pulumi projects failed for a reason other than missing Pulumi packages" >&2
      echo "0 passed, 1 failed"
      exit 1
    fi
  fi
  if ((run_pulumi)); then
    for p in "${pulumi[@]}"; do build "$p" || { echo "$passed passed, $((failed + 1)) failed"; exit 1; }; done
  fi

  # The Pulumi suites first: they record the golden fixtures (tests/fixtures/) the engine tests then read.
  suites=()
  ((run_pulumi)) && mapfile -t suites < <(existing "${pulumi_tests[@]}")
  mapfile -t -O "${#suites[@]}" suites < <(existing "${core_tests[@]}")
  for t in "${suites[@]}"; do run_tests "$t"; done
  run_node_tests

  failed=$((failed + broken))
  echo "$passed passed, $failed failed, $skipped skipped"
  ((failed == 0))
}

cmd_check() {
  build policy/ZeroTrust.Policy.Cli || exit 2
  local cli=(dotnet run --no-build --project policy/ZeroTrust.Policy.Cli --)
  echo "== examples/compliant-preview.json (expect: no findings, exit 0)"
  "${cli[@]}" check examples/compliant-preview.json; local clean=$?
  echo "== examples/noncompliant-preview.json (expect: findings, exit 1)"
  "${cli[@]}" check examples/noncompliant-preview.json; local dirty=$?
  echo "exit codes: compliant=$clean noncompliant=$dirty"
  ((clean == 0 && dirty == 1))
}

case "${1:-}" in
  test) cmd_test ;;
  check) cmd_check ;;
  *) echo "usage: ./build.sh test | check" >&2; exit 2 ;;
esac
