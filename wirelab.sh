#!/usr/bin/env bash
# wirelab.sh: set up, build and run Wirelab from a checkout (Debian 12).
#
#   ./wirelab.sh run    install what is missing, build, start the app on the demo lab
#   ./wirelab.sh test   install what is missing, build, run the whole test suite
#   ./wirelab.sh build  install what is missing and build
#   ./wirelab.sh deps   only install what is missing
#
# Environment: BUILD_DIR (default build), MESON_ARGS (extra `meson setup` args),
# TEST_ARGS (extra `meson test` args).
set -euo pipefail

cd "$(dirname "$(readlink -f "$0")")"
BUILD_DIR=${BUILD_DIR:-build}

build_pkgs=(
  gcc pkg-config meson ninja-build gettext
  libglib2.0-dev libglib2.0-dev-bin libjson-glib-dev libpcap-dev libelf-dev
  libgtk-4-dev libadwaita-1-dev libvte-2.91-gtk4-dev
  clang lld
  desktop-file-utils appstream shared-mime-info
)
# The tests drive real parts: QEMU (differential CPU tests), VPCS end hosts,
# tshark for captures, an X server and a session bus for the GUI.
test_pkgs=(
  qemu-user qemu-system-mips vpcs tshark vde2
  xvfb xauth dbus dbus-x11 x11-utils
  libclang-rt-14-dev
  # packaging suite: manifest, man pages, MIME database, icon rendering
  flatpak-builder groff-base libglib2.0-bin
  libgdk-pixbuf2.0-bin librsvg2-common
)

missing_pkgs() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || echo "$p"
  done
}

install_pkgs() {
  local missing
  mapfile -t missing < <(missing_pkgs "$@")
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null; then
    echo "wirelab.sh: needs Debian 12 (apt-get); install: ${missing[*]}" >&2
    exit 1
  fi
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get)
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then
      apt=(sudo env DEBIAN_FRONTEND=noninteractive apt-get)
    else
      echo "wirelab.sh: missing packages; run as root:" >&2
      echo "  apt-get install -y --no-install-recommends ${missing[*]}" >&2
      exit 1
    fi
  fi
  echo "wirelab.sh: installing ${missing[*]}"
  "${apt[@]}" update -qq
  "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}"
}

build() {
  if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    # shellcheck disable=SC2086
    meson setup "$BUILD_DIR" ${MESON_ARGS:-}
  fi
  meson compile -C "$BUILD_DIR"
}

run_tests() {
  # GUI tests need a display and a session bus; everything else ignores them.
  # shellcheck disable=SC2086
  xvfb-run -a -s '-screen 0 1280x800x24' \
    dbus-run-session -- \
    meson test -C "$BUILD_DIR" --print-errorlogs ${TEST_ARGS:-}
}

cmd=${1:-run}
case "$cmd" in
  deps)
    install_pkgs "${build_pkgs[@]}" "${test_pkgs[@]}"
    ;;
  build)
    install_pkgs "${build_pkgs[@]}"
    build
    ;;
  run)
    install_pkgs "${build_pkgs[@]}" vpcs
    build
    shift || true
    exec "$BUILD_DIR/src/gui/wirelab" --demo "$@"
    ;;
  test)
    install_pkgs "${build_pkgs[@]}" "${test_pkgs[@]}"
    build
    run_tests
    ;;
  *)
    echo "usage: $0 run|test|build|deps" >&2
    exit 2
    ;;
esac
