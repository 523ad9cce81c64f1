#!/usr/bin/env bash
# run-default.sh -- README command 1: install the dependencies, build
# libcalfpump in the source tree and run the default simulation, writing
# its trace to default-trace.csv.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/install-deps.sh
sh autogen.sh
./configure
make -j2
./src/calfpump run --csv default-trace.csv
if [ -f default-trace.csv ]; then
    echo "run-default: trace written to $(pwd)/default-trace.csv"
fi
