#!/bin/sh
# Perl modules for the ROUGE-1.5.5 script that tilse ships (make eval, Timeline17). Idempotent.
set -eu
if perl -MXML::Parser -MLWP::UserAgent -e 1 2>/dev/null; then
    echo "perl ROUGE modules: already installed"
    exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "perl ROUGE modules missing: apt-get install libxml-parser-perl libwww-perl" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y libxml-parser-perl libwww-perl
