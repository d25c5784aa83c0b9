#!/usr/bin/env bash
# Builds a RankBench installer with the JDK's jpackage: JavaFX is linked into the runtime image,
# the other jars (DJL + libtorch natives, OpenBLAS, ...) go in as the application class path.
# Usage (after `mvn -q -DskipTests package`): jpackage/build.sh [app-image|deb]   (default: app-image)
# Output: target/installer/. A .deb needs fakeroot and dpkg-deb (Debian: apt-get install -y fakeroot).
set -euo pipefail
cd "$(dirname "$0")/.."
type=${1:-app-image}
version=$(sed -n 's:.*<version>\([0-9][0-9.]*\).*</version>.*:\1:p' pom.xml | head -1)
[ -f target/rankbench.jar ] || { echo "run 'mvn -q -DskipTests package' first" >&2; exit 1; }

input=target/jpackage/input
rm -rf target/jpackage target/installer
mkdir -p "$input/lib" target/installer
cp target/rankbench.jar "$input/"
for j in target/lib/*.jar; do
    case "$(basename "$j")" in javafx-*) ;; *) cp "$j" "$input/lib/" ;; esac
done
fxpath=$(ls target/lib/javafx-*-linux.jar | paste -sd:)

extra=()
if [ "$type" = deb ]; then
    # JavaFX's natives live inside its jars, so jpackage cannot see what they link against.
    extra+=(--linux-package-deps "libgtk-3-0, libgl1, libxtst6" --linux-shortcut --linux-menu-group Science)
fi

jpackage --type "$type" --name RankBench --app-version "$version" \
    --vendor "RankBench" --description "Rank/accuracy trade-off of low-rank CNN compression" \
    --input "$input" --main-jar rankbench.jar --main-class rankbench.app.Main \
    --module-path "$fxpath" \
    --add-modules javafx.controls,javafx.fxml,javafx.swing,java.desktop,java.logging,java.management,java.naming,java.scripting,java.sql,java.xml,jdk.unsupported,jdk.jfr \
    --jlink-options "--strip-debug --no-header-files --no-man-pages --strip-native-commands" \
    --java-options "-Xss4m" \
    --dest target/installer "${extra[@]}"
ls -la target/installer
