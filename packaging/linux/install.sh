#!/bin/sh
# Installs Kring for the current user, without root: the program in ~/.local/lib/kring, the
# `kring` command in ~/.local/bin, and the menu entry, icons and AppStream metadata under
# ~/.local/share. Run it from the unpacked tarball:
#
#   tar xzf kring-VERSION-linux-x86_64.tar.gz && kring-VERSION-linux-x86_64/install.sh
#
# PREFIX=/some/where installs there instead of ~/.local. To remove Kring again:
#   ~/.local/lib/kring/uninstall.sh        (your data folder stays: see `kring --help`)
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX=${PREFIX:-"$HOME/.local"}
APP_ID=nl.kring.Kring
LIB="$PREFIX/lib/kring"
BIN="$PREFIX/bin"
SHARE="$PREFIX/share"

if [ ! -x "$HERE/kring/kring" ]; then
    echo "install.sh: run me from the unpacked Kring folder (no kring/kring beside me)" >&2
    exit 1
fi

# A previous installation is replaced whole.
if [ -x "$LIB/uninstall.sh" ]; then
    PREFIX="$PREFIX" "$LIB/uninstall.sh" --quiet
fi

mkdir -p "$LIB" "$BIN" "$SHARE/applications" "$SHARE/metainfo"
cp -R "$HERE/kring/." "$LIB/"
cp "$HERE/uninstall.sh" "$LIB/uninstall.sh"
chmod +x "$LIB/uninstall.sh"
ln -sfn "$LIB/kring" "$BIN/kring"

# Every file put outside $LIB is listed, so that uninstall.sh removes exactly those.
MANIFEST="$LIB/installed-files"
echo "$BIN/kring" > "$MANIFEST"

# The menu entry starts the installed program by its full path: ~/.local/bin is not on every
# desktop session's PATH.
DESKTOP="$SHARE/applications/$APP_ID.desktop"
sed -e "s|^Exec=kring|Exec=$BIN/kring|" -e "s|^TryExec=kring|TryExec=$BIN/kring|" \
    "$HERE/share/applications/$APP_ID.desktop" > "$DESKTOP"
echo "$DESKTOP" >> "$MANIFEST"

cp "$HERE/share/metainfo/$APP_ID.metainfo.xml" "$SHARE/metainfo/"
echo "$SHARE/metainfo/$APP_ID.metainfo.xml" >> "$MANIFEST"

for icon in "$HERE"/share/icons/hicolor/*/apps/*; do
    rel=${icon#"$HERE/share/"}
    mkdir -p "$SHARE/$(dirname "$rel")"
    cp "$icon" "$SHARE/$rel"
    echo "$SHARE/$rel" >> "$MANIFEST"
done

# Let the desktop notice the new entry and icons now rather than at the next login.
command -v update-desktop-database >/dev/null 2>&1 \
    && update-desktop-database -q "$SHARE/applications" 2>/dev/null || true
# An icon cache is refreshed only where one already is: a new one would hide icons that later
# installs add without refreshing it.
if [ -f "$SHARE/icons/hicolor/icon-theme.cache" ] && command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t "$SHARE/icons/hicolor" 2>/dev/null || true
fi

echo "Kring $("$LIB/kring" --version | sed 's/^Kring //') is installed: find it in your menu, or run $BIN/kring"
case ":$PATH:" in
    *":$BIN:"*) ;;
    *) echo "(Add $BIN to your PATH to type \`kring\` in a terminal.)" ;;
esac
