#!/usr/bin/env bash
# Makes sure the programs the tests drive are on this machine before `npm test` runs (it is npm's `pretest`), and
# is what `.ci/run` calls too, so both install the same way.
#   - chromium: the dashboard tests drive Debian's headless Chromium (SWITCHBOARD_CHROMIUM names another binary);
#   - haproxy:  the traffic tests start a real HAProxy;
#   - wrk:      only with --bench (the traffic benchmarks drive load with it; not part of npm test);
#   - the ClickHouse test engine (test/clickhouse-engine: chDB, ~550 MB from the npm registry, kept out of the
#     product's dependencies): installed from its lockfile with `npm install --prefix test/clickhouse-engine
#     --no-save` when missing and npm is here; otherwise the ClickHouse tests fail naming that command.
# A missing program is installed from Debian's packages when that can happen without asking anyone (root, apt-get
# present); otherwise the script stops at once with the exact command to run, because a test run that fails four
# files later is a worse way to learn it. It also checks that the PostgreSQL server the tests use answers.
# Only bash built-ins, `id`, `apt-get` (and `npm` for the engine, when present) are used, so a test can run it with a
# PATH of stand-ins.
set -euo pipefail

packages=()
reasons=()
need() { packages+=("$1"); reasons+=("$1 ($2)"); }

if [[ -n "${SWITCHBOARD_CHROMIUM:-}" ]]; then
  if [[ ! -x "$SWITCHBOARD_CHROMIUM" ]]; then
    echo "ensure-test-tools: SWITCHBOARD_CHROMIUM=$SWITCHBOARD_CHROMIUM is not an executable file;" \
      "point it at a Chromium binary, or unset it to use Debian's chromium." >&2
    exit 1
  fi
elif ! command -v chromium >/dev/null 2>&1; then
  need chromium "the dashboard tests drive a headless Chromium"
fi
command -v haproxy >/dev/null 2>&1 || need haproxy "the traffic tests start a real HAProxy"
if [[ "${1:-}" == "--bench" ]]; then
  command -v wrk >/dev/null 2>&1 || need wrk "the traffic benchmarks drive load with wrk"
fi

if ((${#packages[@]} > 0)); then
  install=(apt-get install -y "${packages[@]}")
  if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null 2>&1; then
    echo "ensure-test-tools: installing ${reasons[*]}: ${install[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # A fresh image has empty package lists: fetch them once when the first attempt cannot find the packages.
    "${install[@]}" </dev/null || { apt-get update </dev/null && "${install[@]}" </dev/null; }
  else
    echo "ensure-test-tools: the tests need ${reasons[*]}, which this machine lacks." >&2
    if [[ "$(id -u)" == "0" ]]; then
      echo "Install them (Debian's packages), then run the tests again:" >&2
      echo "  ${install[*]}" >&2
    else
      echo "Install them (Debian's packages; this needs root), then run the tests again:" >&2
      echo "  sudo ${install[*]}" >&2
    fi
    exit 1
  fi
fi

engine_dir="${BASH_SOURCE[0]%/*}/../test/clickhouse-engine"
if [[ -f "$engine_dir/package-lock.json" && ! -f "$engine_dir/node_modules/chdb/package.json" ]] && command -v npm >/dev/null 2>&1; then
  echo "ensure-test-tools: installing the ClickHouse test engine: npm install --prefix test/clickhouse-engine --no-save"
  npm install --prefix "$engine_dir" --no-save --no-audit --no-fund </dev/null
fi

# The store and cluster tests use a PostgreSQL server on 127.0.0.1:5432 unless SWITCHBOARD_TEST_POSTGRES_URL
# names another one; a closed port is a set-up problem, not thirty failing tests.
if [[ -z "${SWITCHBOARD_TEST_POSTGRES_URL:-}" ]] && ! (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
  echo "ensure-test-tools: no PostgreSQL server answers on 127.0.0.1:5432 (the store tests need one, trust auth" \
    "for user postgres). Start it, e.g.:" >&2
  echo "  pg_ctlcluster --skip-systemctl-redirect \"\$(ls /etc/postgresql | head -n 1)\" main start" >&2
  echo "or install it first: apt-get install -y postgresql (or set SWITCHBOARD_TEST_POSTGRES_URL)." >&2
  exit 1
fi
