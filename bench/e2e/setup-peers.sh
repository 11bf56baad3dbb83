#!/bin/sh
# Puts the real peers of bench/e2e on this machine: rsyslog (imtcp → omfwd) and syslog-ng, from Debian.
# Not needed by CI or the tests; `pnpm bench:e2e` reports the peers as "not available" without them.
#
# The two Debian packages conflict (both provide system-log-daemon), so they are not installed as
# services: their shared libraries are installed with apt-get, and the two daemons are fetched with
# `apt-get download` and unpacked side by side under $HEKA_BENCH_PEERS (default
# ~/.cache/heka-bench/peers). The benchmark runs them in the foreground with generated configs and a
# work directory in /tmp; nothing is started at boot and no system file is changed.
#
#   sh bench/e2e/setup-peers.sh          # as root (apt-get install); re-running it is harmless
set -eu
PEERS=${HEKA_BENCH_PEERS:-$HOME/.cache/heka-bench/peers}
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  libestr0 libfastjson4 liblognorm5 libsystemd0 libuuid1 libzstd1 zlib1g \
  libcap2 libglib2.0-0 libivykis0 libjson-c5 libnet1 libpcre3 libssl3 libwrap0 >/dev/null
mkdir -p "$PEERS/debs" "$PEERS/root"
cd "$PEERS/debs"
rm -f ./*.deb
apt-get download rsyslog syslog-ng-core 2>/dev/null
for deb in ./*.deb; do dpkg-deb -x "$deb" "$PEERS/root"; done
"$PEERS/root/usr/sbin/rsyslogd" -v | head -1
"$PEERS/root/usr/sbin/syslog-ng" --version | head -1
echo "peers unpacked in $PEERS/root"
