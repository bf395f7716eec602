#!/usr/bin/env bash
# The examples' tour: the seed's programs, in the seed's order, each printing what the seed printed.
set -euo pipefail
cd "$(dirname "$0")"

run() {
  echo "== $*"
  dotnet run --project "$@"
}

run m2                # two children start together: two pids, then two 1s together
run m2 -- --join      # p.Join(5 s) between the starts: the second pid comes ~5 s after the first
