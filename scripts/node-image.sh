#!/bin/bash
# usage: node-image.sh <image:tag>   -> FROM-scratch image with the host's node binary + its glibc libs
# Copied unchanged from the project's shared/recipes/node-image.sh (the build recipes of ENVIRONMENT.md);
# keep it in step with that file rather than editing it here.
set -euo pipefail
[ "${WITH_SH:-1}" = 0 ] || [ -x /bin/busybox ] || { echo "needs /bin/busybox: apt-get install busybox-static (or WITH_SH=0)" >&2; exit 1; }
TAG=$1; NODE=$(readlink -f "$(command -v node)")
W=${W:-$(mktemp -d ${TMPDIR:-/tmp}/nodebuild.XXXX)}; R=$W/rootfs; rm -rf $R
mkdir -p $R/usr/local/bin $R/usr/lib/x86_64-linux-gnu $R/usr/lib64 $R/tmp $R/etc $R/root $R/app
ln -s usr/lib $R/lib; ln -s usr/lib64 $R/lib64; ln -s usr/bin $R/bin 2>/dev/null || true; mkdir -p $R/usr/bin
cp "$NODE" $R/usr/local/bin/node
ldd "$NODE" | awk '$2=="=>" && $3 ~ /^\// {print $3} $1 ~ /^\/lib/ {print $1}' | sort -u | while read -r lib; do
  d=$(readlink -f "$(dirname "$lib")"); mkdir -p "$R$d"; cp -L "$lib" "$R$d/$(basename "$lib")"; done
# optional static busybox as /bin/sh so Dockerfile RUN lines work (WITH_SH=0 to skip)
if [ "${WITH_SH:-1}" = 1 ]; then
  mkdir -p $R/usr/bin; [ -e $R/bin ] || ln -s usr/bin $R/bin; cp /bin/busybox $R/usr/bin/busybox
  for a in $(/bin/busybox --list); do [ -e $R/usr/bin/$a ] || ln -s busybox $R/usr/bin/$a; done
fi
# UTF-8 locale so LANG=C.UTF-8 takes effect (glibc does not have it built in)
[ -d /usr/lib/locale/C.utf8 ] && { mkdir -p $R/usr/lib/locale; cp -a /usr/lib/locale/C.utf8 $R/usr/lib/locale/; }
chmod 1777 $R/tmp
printf 'root:x:0:0:root:/root:/sbin/nologin\nnode:x:1000:1000:node:/app:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n' > $R/etc/passwd
printf 'root:x:0:\nnode:x:1000:\nnogroup:x:65534:\n' > $R/etc/group
# CA bundle so https from node works (node also has its own bundled roots)
[ -f /etc/ssl/certs/ca-certificates.crt ] && { mkdir -p $R/etc/ssl/certs; cp /etc/ssl/certs/ca-certificates.crt $R/etc/ssl/certs/; }
tar -C $R -c . | docker import -c 'ENV PATH=/usr/local/bin:/usr/bin:/bin' -c 'ENV NODE_ENV=production' -c 'ENV LANG=C.UTF-8' \
  -c 'WORKDIR /app' -c 'CMD ["node","--version"]' - "$TAG"
[ -n "${KEEP:-}" ] || rm -rf "$W"
