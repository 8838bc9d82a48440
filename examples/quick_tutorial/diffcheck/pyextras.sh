#!/bin/sh
# Makes .pyextras/: the Python packages the forms and databases steps need that Debian does not
# ship (deform 2.0.15, colander 1.8.3, peppercorn, iso8601, zope.sqlalchemy 2.0), so that the
# differential check runs those steps' originals with the real Pyramid too. Without it, their
# recorded answers (oracle/forms.answers.json, oracle/databases.answers.json) stand in.
#
#   sh pyextras.sh                      # from PyPI, with pip
#   sh pyextras.sh --git DEFORM COLANDER PEPPERCORN ISO8601 ZOPE_SQLALCHEMY
#                                       # from git clones of Pylons/deform, Pylons/colander,
#                                       # Pylons/peppercorn, micktwomey/pyiso8601,
#                                       # zopefoundation/zope.sqlalchemy
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${QUICK_TUTORIAL_PYEXTRAS:-$here/.pyextras}
rm -rf "$out"; mkdir -p "$out"
if [ "${1:-}" = "--git" ]; then
  git -C "$2" archive 2.0.15 deform | tar x -C "$out"
  git -C "$3" archive 1.8.3 src/colander | tar x -C "$out" --strip-components=1
  git -C "$4" archive HEAD peppercorn | tar x -C "$out"
  git -C "$5" archive HEAD iso8601 | tar x -C "$out"
  # Debian's zope is a namespace package; oracle.py joins this zope/ to it.
  git -C "$6" archive 2.0 src/zope/sqlalchemy | tar x -C "$out" --strip-components=1
  rm -f "$out/zope/__init__.py"
else
  /usr/bin/python3 -m pip install --no-deps --target "$out" \
    deform==2.0.15 colander==1.8.3 peppercorn==0.6 iso8601==2.1.0 zope.sqlalchemy==2.0
  rm -f "$out/zope/__init__.py"
fi
echo "made $out"
