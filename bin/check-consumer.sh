#!/usr/bin/env bash
# Builds test-consumer/ (a project outside the reactor that imports conclab-bom and depends on
# conclab-core) offline against what `./mvnw install` put in the local repository, and runs its
# tests: the note's Pool.map through the installed jar, and each published module's JPMS name,
# sources and javadoc jars. Run by ./test after the install; fails when the published shape breaks.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
. "$root/bin/jdk.sh"
conclab_use_jdk || exit 1
cd "$root"
version=$(sed -n '/<artifactId>conclab-parent<\/artifactId>/{n;s/.*<version>\(.*\)<\/version>.*/\1/p;q}' pom.xml)
if [ -z "$version" ]; then
  echo "check-consumer: cannot read conclab's version from pom.xml" >&2
  exit 1
fi
rm -rf test-consumer/target
./mvnw -B -q -o -f test-consumer/pom.xml -Dconclab.version="$version" verify
echo "check-consumer: a project outside the build used conclab $version from the local repository"
