#!/usr/bin/env bash
# Builds (or updates) the ImageJ update site in update-site/site/ from target/.
# usage: update-site/build.sh [yyyyMMddHHmmss]     (default timestamp: now, local time)
#   SKIP_MVN=1 update-site/build.sh   uses the existing target/colorizer.jar and target/lib/
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${SKIP_MVN:-0}" != 1 ]; then
  mvn -B -q package -DskipTests
fi
for f in target/colorizer.jar target/lib; do
  [ -e "$f" ] || { echo "$f is missing: run 'mvn -B package'" >&2; exit 1; }
done

java -cp target/colorizer.jar org.colorizer.updatesite.UpdateSiteBuilder \
  target/lib target/colorizer.jar update-site/site "$@"
