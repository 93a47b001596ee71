#!/bin/bash
# usage: jre-image.sh <JDK_HOME> <image:tag> [modules]
# Copied unchanged from the project's shared/recipes/jre-image.sh (the build recipes of ENVIRONMENT.md);
# keep it in step with that file rather than editing it here.
# Builds a FROM-scratch JRE image: jlink runtime + the glibc libs it links (ldd), no network.
set -euo pipefail
[ "${WITH_SH:-1}" = 0 ] || [ -x /bin/busybox ] || { echo "needs /bin/busybox: apt-get install busybox-static (or WITH_SH=0)" >&2; exit 1; }
JDK=$1; TAG=$2
# java.smartcardio and jdk.security.jgss: every security provider the JDK's java.security lists (SunPCSC,
# JdkSASL). Without them the first look-up that walks the providers (TLS, SecureRandom) finds a listed
# provider missing and loads every provider on the class path instead: docker-java's BouncyCastle, 421
# classes of a signed jar (which no class archive holds), in the middle of the manager's start.
MODS=${3:-java.se,java.smartcardio,jdk.security.jgss,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.zipfs,jdk.management,jdk.management.agent,jdk.jfr,jdk.naming.dns,jdk.httpserver,jdk.charsets,jdk.net,jdk.jdwp.agent}
W=${W:-$(mktemp -d ${TMPDIR:-/tmp}/jrebuild.XXXX)}; R=$W/rootfs; mkdir -p $R/opt $R/tmp $R/etc
COMP=--compress=2; "$JDK/bin/java" -version 2>&1 | grep -qE '"(2[1-9]|[3-9][0-9])' && COMP=--compress=zip-6
[ -z "${COMPRESS:-}" ] || COMP=--compress=$COMPRESS
# --generate-cds-archive: the runtime's default class archive (lib/server/classes.jsa). Without it the
# JVM starts slower, and a dynamic archive recorded on top of it (the product images' training run)
# cannot be used at all ("Loading static archive failed").
"$JDK/bin/jlink" --add-modules "$MODS" --strip-debug --no-header-files --no-man-pages $COMP --generate-cds-archive \
  --output $R/opt/java
# drop GUI/sound natives (they pull X11/ALSA); headless server use only
rm -f $R/opt/java/lib/{libawt_xawt,libjsound,libsplashscreen}.so
# usrmerged layout like Debian: /lib -> usr/lib, /lib64 -> usr/lib64
mkdir -p $R/usr/lib/x86_64-linux-gnu $R/usr/lib64; ln -s usr/lib $R/lib; ln -s usr/lib64 $R/lib64
# copy (dereferenced, one copy each) every shared library the runtime links
find $R/opt/java -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 | xargs -0 ldd 2>/dev/null \
  | awk '$2=="=>" && $3 ~ /^\// {print $3} $1 ~ /^\/lib/ {print $1}' | grep -v "^$R/" | sort -u | while read -r lib; do
    d=$(readlink -f "$(dirname "$lib")"); mkdir -p "$R$d"; cp -L "$lib" "$R$d/$(basename "$lib")"
  done
# optional static busybox as /bin/sh so Dockerfile RUN lines work (WITH_SH=0 to skip)
if [ "${WITH_SH:-1}" = 1 ]; then
  mkdir -p $R/usr/bin; [ -e $R/bin ] || ln -s usr/bin $R/bin; cp /bin/busybox $R/usr/bin/busybox
  for a in $(/bin/busybox --list); do [ -e $R/usr/bin/$a ] || ln -s busybox $R/usr/bin/$a; done
fi
# UTF-8 locale so LANG=C.UTF-8 takes effect (glibc does not have it built in)
[ -d /usr/lib/locale/C.utf8 ] && { mkdir -p $R/usr/lib/locale; cp -a /usr/lib/locale/C.utf8 $R/usr/lib/locale/; }
chmod 1777 $R/tmp
printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n' > $R/etc/passwd
printf 'root:x:0:\nnogroup:x:65534:\n' > $R/etc/group
mkdir -p $R/root
tar -C $R -c . | docker import \
  -c 'ENV JAVA_HOME=/opt/java' -c 'ENV PATH=/opt/java/bin:/usr/bin:/bin' -c 'ENV LANG=C.UTF-8' \
  -c 'LABEL io.mcpfleet.jre=cds' -c 'LABEL io.mcpfleet.jre.providers=all' -c 'CMD ["java","-version"]' - "$TAG"
[ -n "${KEEP:-}" ] || rm -rf "$W"
