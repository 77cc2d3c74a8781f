#!/bin/sh
# Removes what install.sh installed (the program, the `kring` command, the menu entry, icons and
# metadata). Kring's data folder, with your communities, is left alone.
#
#   ~/.local/lib/kring/uninstall.sh        (PREFIX=/some/where if it was installed there)
set -eu

PREFIX=${PREFIX:-"$HOME/.local"}
LIB="$PREFIX/lib/kring"
QUIET=${1:-}

if [ ! -d "$LIB" ]; then
    echo "uninstall.sh: Kring is not installed in $PREFIX" >&2
    exit 1
fi
if [ -f "$LIB/installed-files" ]; then
    while IFS= read -r file; do
        rm -f "$file"
    done < "$LIB/installed-files"
fi
rm -rf "$LIB"
command -v update-desktop-database >/dev/null 2>&1 \
    && update-desktop-database -q "$PREFIX/share/applications" 2>/dev/null || true
if [ -f "$PREFIX/share/icons/hicolor/icon-theme.cache" ] && command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t "$PREFIX/share/icons/hicolor" 2>/dev/null || true
fi
[ "$QUIET" = "--quiet" ] || echo "Kring is uninstalled from $PREFIX (your data folder is kept)."
