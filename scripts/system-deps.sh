#!/bin/sh
# Qt needs a few system libraries (offscreen for the tests, xcb for the window); install them
# when missing and we are root. Debian/Ubuntu package names; elsewhere, install the equivalents.
# The list of files is the xcb plugin's own needs: one absent file stops the app from starting.
missing=""
for lib in libEGL.so.1 libGL.so.1 libxkbcommon.so.0 libxkbcommon-x11.so.0 libfontconfig.so.1 \
    libxcb-cursor.so.0 libxcb-icccm.so.4 libxcb-keysyms.so.1 libxcb-shape.so.0 \
    libxcb-randr.so.0 libxcb-render-util.so.0 libxcb-image.so.0 libdbus-1.so.3; do
    ldconfig -p 2>/dev/null | grep -q "$lib" || missing="$missing $lib"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing system libraries Qt needs:$missing"
    apt-get update -qq >/dev/null 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libegl1 libgl1 libxkbcommon0 \
        libxkbcommon-x11-0 libfontconfig1 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 \
        libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0 \
        libdbus-1-3 >/dev/null
else
    echo "Qt may need these system libraries:$missing (install them with your package manager)"
fi
