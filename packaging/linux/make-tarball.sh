#!/bin/sh
# Packs the PyInstaller bundle with install.sh, the menu entry, icons and AppStream metadata:
#   packaging/linux/make-tarball.sh dist/kring dist/kring-VERSION-linux-ARCH.tar.gz
# (make dist runs it). The tarball unpacks into one folder named like the tarball.
set -eu

BUNDLE=$1
OUT=$2
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
APP_ID=nl.kring.Kring
NAME=$(basename "$OUT" .tar.gz)
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT

DIR="$STAGE/$NAME"
mkdir -p "$DIR/share/applications" "$DIR/share/metainfo" "$DIR/share/icons/hicolor/scalable/apps"
cp -R "$BUNDLE" "$DIR/kring"
cp "$HERE/install.sh" "$HERE/uninstall.sh" "$DIR/"
chmod +x "$DIR/install.sh" "$DIR/uninstall.sh"
cp "$HERE/$APP_ID.desktop" "$DIR/share/applications/"
cp "$HERE/$APP_ID.metainfo.xml" "$DIR/share/metainfo/"
cp "$ROOT/resources/icons/kring.svg" "$DIR/share/icons/hicolor/scalable/apps/$APP_ID.svg"
for png in "$ROOT"/resources/icons/kring-*.png; do
    size=$(basename "$png" .png | sed 's/^kring-//')
    mkdir -p "$DIR/share/icons/hicolor/${size}x${size}/apps"
    cp "$png" "$DIR/share/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
done
cat > "$DIR/README.txt" <<'TEXT'
Kring for Linux

Install (for you alone, no administrator password needed):   ./install.sh
Kring then appears in your applications menu; `~/.local/bin/kring` starts it too.
Remove it again:   ~/.local/lib/kring/uninstall.sh   (your data is kept)

Installeren (alleen voor jou, zonder beheerderswachtwoord):   ./install.sh
Kring staat daarna in het menu met programma's; `~/.local/bin/kring` start het ook.
Weer verwijderen:   ~/.local/lib/kring/uninstall.sh   (je gegevens blijven bewaard)
TEXT
tar -C "$STAGE" -czf "$OUT" "$NAME"
echo "$OUT"
