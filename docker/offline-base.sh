#!/usr/bin/env bash
# Builds a base image for the Jib build on a machine that reaches Debian's package mirror but no container registry:
# Debian bookworm (minbase) with OpenJDK 17 JRE headless and CA certificates, packed as a `docker save` tarball.
#
#   docker/offline-base.sh [OUTPUT.tar]       (as root; default ~/.cache/binance-data-integration/base-bookworm-jre17.tar)
#   mvn -B -Pjib package -DskipTests -Djib.from.image=tar://$HOME/.cache/binance-data-integration/base-bookworm-jre17.tar
#
# Needs root (debootstrap installs packages in a chroot) and debootstrap (apt-get install debootstrap).
# MIRROR overrides the Debian mirror (default http://deb.debian.org/debian).
set -euo pipefail

output=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/binance-data-integration/base-bookworm-jre17.tar}
mirror=${MIRROR:-http://deb.debian.org/debian}
suite=bookworm
tag=binance-data-integration-base:bookworm-jre17

if [ "$(id -u)" -ne 0 ]; then
    echo "offline-base.sh: run as root (debootstrap installs packages in a chroot)" >&2
    exit 1
fi
if ! command -v debootstrap >/dev/null; then
    echo "offline-base.sh: debootstrap is missing: apt-get install debootstrap" >&2
    exit 1
fi

work=$(mktemp -d)
rootfs=$work/rootfs

# Mount points under the root file system, deepest first.
mounts_under_rootfs() {
    awk -v root="$rootfs" '$2 == root || index($2, root "/") == 1 { print $2 }' /proc/mounts | sort -r
}

cleanup() {
    # debootstrap mounts /proc (and /dev, /sys in some containers) inside the chroot and unmounts them when it ends;
    # make sure of it before deleting, and never delete across a file system boundary.
    mounts_under_rootfs | xargs -r -n1 umount -l
    rm -rf --one-file-system "$work"
}
trap cleanup EXIT

debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates "$suite" "$rootfs" "$mirror"

if [ -n "$(mounts_under_rootfs)" ]; then
    echo "offline-base.sh: still mounted under $rootfs after debootstrap: $(mounts_under_rootfs | tr '\n' ' ')" >&2
    exit 1
fi
# The container runtime provides /dev, /proc, /sys and /run; apt's downloads and lists are not needed at run time.
rm -rf --one-file-system "$rootfs"/dev/* "$rootfs"/proc/* "$rootfs"/sys/* "$rootfs"/run/* "$rootfs"/tmp/* \
    "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
    "$rootfs"/var/log/*.log "$rootfs"/var/log/apt/*

# docker save layout: manifest.json, <config digest>.json, <layer diff id>/layer.tar.
image=$work/image
mkdir "$image"
tar --create --file "$image/layer.tar" --directory "$rootfs" --numeric-owner --sort=name --one-file-system .
layer=$(sha256sum "$image/layer.tar" | cut -d' ' -f1)
mkdir "$image/$layer"
mv "$image/layer.tar" "$image/$layer/layer.tar"

# Debian's architecture names, as the image config spells them.
arch=$(chroot "$rootfs" dpkg --print-architecture)
case "$arch" in
    ppc64el) arch=ppc64le ;;
    i386) arch=386 ;;
    armhf) arch=arm ;;
esac
cat > "$image/config.json" <<EOF
{"architecture":"$arch","os":"linux","created":"$(date -u +%Y-%m-%dT%H:%M:%SZ)",
 "config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","LANG=C.UTF-8"]},
 "rootfs":{"type":"layers","diff_ids":["sha256:$layer"]},
 "history":[{"created_by":"debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates $suite"}]}
EOF
config=$(sha256sum "$image/config.json" | cut -d' ' -f1)
mv "$image/config.json" "$image/$config.json"
printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]\n' "$config" "$tag" "$layer" \
    > "$image/manifest.json"

mkdir -p "$(dirname "$output")"
tar --create --file "$output.partial" --directory "$image" manifest.json "$config.json" "$layer"
mv "$output.partial" "$output"
echo "$output ($(du -h "$output" | cut -f1), $tag): mvn -B -Pjib package -Djib.from.image=tar://$(realpath "$output")"
