#!/usr/bin/env bash
# Builds (or updates) the ImageJ update site in update-site/site/ from target/.
# usage: update-site/build.sh [yyyyMMddHHmmss]     (default timestamp: now, local time)
#   SKIP_MVN=1 update-site/build.sh   uses the existing target/colorizer.jar, target/lib/ and target/natives/
# libtorch for Linux comes from target/lib/ (the normal build); for macOS (Apple silicon) and Windows from
# target/natives/, which the Maven profile 'update-site' fills (about 200 MB from Maven Central, once).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${SKIP_MVN:-0}" != 1 ]; then
  mvn -B -q -Pupdate-site package -DskipTests
elif ! ls target/natives/pytorch-native-cpu-*-osx-aarch64.jar target/natives/pytorch-native-cpu-*-win-x86_64.jar \
    >/dev/null 2>&1; then
  mvn -B -q -Pupdate-site dependency:copy@natives
fi
for f in target/colorizer.jar target/lib target/natives; do
  [ -e "$f" ] || { echo "$f is missing: run 'mvn -B -Pupdate-site package'" >&2; exit 1; }
done

java -cp target/colorizer.jar org.colorizer.updatesite.UpdateSiteBuilder \
  target/lib:target/natives target/colorizer.jar update-site/site "$@"
