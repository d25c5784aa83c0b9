#!/usr/bin/env bash
# Builds the RankBench installers with the JDK's jpackage. Run by Maven:
#
#     mvn -Pinstaller -DskipTests package                          # app image + .deb
#     mvn -Pinstaller -DskipTests package -Dinstaller.types=app-image
#
# (the profile's exec-maven-plugin calls `jpackage/build.sh VERSION TYPES...` after the jar and
# target/lib are built). JavaFX is linked into the runtime image from its jars (module path); the
# other jars (DJL + the libtorch natives, OpenBLAS, ...) are the application class path, so the
# installed application runs offline. The .deb declares the system libraries JavaFX's natives need
# (they sit inside the JavaFX jars, where jpackage cannot see them), installs a menu entry with the
# icon, LLVM's OpenMP runtime (the engine's choice over libtorch's bundled libgomp, see OpenMp), and a
# `rankbench` command (/usr/bin/rankbench -> /opt/rankbench/bin/RankBench, see deb/).
# Output: target/installer/RankBench (app image), target/installer/rankbench_VERSION_amd64.deb.
# A .deb needs fakeroot and dpkg-deb (Debian: apt-get install -y fakeroot).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: $0 VERSION [app-image] [deb]   (normally run by mvn -Pinstaller package)" >&2; exit 2; }
version=${1%%-*}            # jpackage wants digits: 0.1.0-SNAPSHOT -> 0.1.0
shift
types=("$@")
[ ${#types[@]} -gt 0 ] || types=(app-image deb)
[ -f target/rankbench.jar ] || { echo "target/rankbench.jar is missing: run mvn -Pinstaller package" >&2; exit 1; }

input=target/jpackage/input
rm -rf target/jpackage target/installer
mkdir -p "$input/lib" target/installer
cp target/rankbench.jar "$input/"
for j in target/lib/*.jar; do
    case "$(basename "$j")" in javafx-*) ;; *) cp "$j" "$input/lib/" ;; esac
done
fxpath=$(ls target/lib/javafx-*-linux.jar | paste -sd:)

common=(--name RankBench --app-version "$version" --vendor "RankBench"
    --description "Rank/accuracy trade-off of low-rank CNN compression"
    --icon jpackage/rankbench.png --dest target/installer)

timed() {
    local start=$SECONDS
    "$@"
    echo "jpackage: $(( SECONDS - start )) s" >&2
}

# The app image: one jlink of the JDK modules the application needs plus JavaFX.
timed jpackage --type app-image "${common[@]}" \
    --input "$input" --main-jar rankbench.jar --main-class rankbench.app.Main \
    --module-path "$fxpath" \
    --add-modules javafx.controls,javafx.fxml,javafx.swing,java.desktop,java.logging,java.management,java.naming,java.scripting,java.sql,java.xml,jdk.unsupported,jdk.jfr \
    --jlink-options "--strip-debug --no-header-files --no-man-pages --strip-native-commands" \
    --java-options "-Xss4m -XX:TieredStopAtLevel=1"

for type in "${types[@]}"; do
    case "$type" in
        app-image) ;;
        deb)
            # Packaged from the app image: no second jlink. gzip, not dpkg's default xz: the jars are
            # compressed already, so xz saves ~6 % (167 vs 177 MB) but takes ~200 s longer on 2 cores.
            DPKG_DEB_COMPRESSOR_TYPE=${DPKG_DEB_COMPRESSOR_TYPE:-gzip} timed jpackage --type deb "${common[@]}" --app-image target/installer/RankBench \
                --install-dir /opt --resource-dir jpackage/deb \
                --linux-package-name rankbench --linux-deb-maintainer "rankbench@localhost" \
                --linux-package-deps "libgtk-3-0, libgl1, libxtst6, libomp5-16 | libomp5" \
                --linux-shortcut --linux-menu-group "Science;Education;" --linux-app-category science
            ;;
        *) echo "unknown installer type '$type' (app-image, deb)" >&2; exit 2 ;;
    esac
done
du -sh target/installer/* >&2
