#!/bin/sh
# CTest fixture: make Debian's copy of the breast-cancer CSV available.
# Installs python3-sklearn with apt-get when the file is missing and we can
# (root, or password-less sudo).  Never fails: the test itself skips (77) when
# the file is still absent.
f="$1"
[ -r "$f" ] && exit 0
echo "fixture: $f missing, installing python3-sklearn" >&2
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif sudo -n true 2>/dev/null; then sudo="sudo -n"; else
  echo "fixture: not root and no sudo; the test will be skipped" >&2; exit 0
fi
command -v apt-get >/dev/null 2>&1 || { echo "fixture: no apt-get" >&2; exit 0; }
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get install -y -qq --no-install-recommends python3-sklearn >/dev/null 2>&1 ||
  { $sudo apt-get update -qq >/dev/null 2>&1 && $sudo apt-get install -y -qq --no-install-recommends python3-sklearn >/dev/null 2>&1; } ||
  echo "fixture: apt-get could not install python3-sklearn" >&2
exit 0
