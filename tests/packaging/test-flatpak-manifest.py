#!/usr/bin/env python3
# test-flatpak-manifest.py: flatpak-builder reads the manifest without a
# warning, every download is pinned and the sandbox is what the issue allows
#
# Copyright 2026 The Wirelab authors
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage: test-flatpak-manifest.py MANIFEST APP_ID
#
# flatpak-builder only warns (rc 0) about unknown keys, so any WARNING in its
# output fails here.  Building needs the GNOME runtime from Flathub, which an
# offline machine does not have: that is not tried.

import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wlpkg  # noqa: E402

FINISH_ARGS = ['--socket=wayland', '--socket=fallback-x11', '--share=ipc',
               '--device=dri', '--share=network']
REQUIRED_MODULES = ['libpcap', 'vte', 'vpcs', 'wirelab']


def walk_modules(modules):
    for m in modules:
        if isinstance(m, dict):
            yield m
            yield from walk_modules(m.get('modules', []))


def main():
    manifest, app_id = sys.argv[1:3]
    tap = wlpkg.Tap()

    with open(manifest, encoding='utf-8') as f:
        raw = json.load(f)

    builder = wlpkg.find_tool('flatpak-builder')
    if builder is None:
        tap.skip('flatpak-builder --show-manifest', 'flatpak-builder not found')
        shown = raw
    else:
        # It makes .flatpak-builder/ in its working directory even to show the
        # manifest: keep that out of the trees.
        with tempfile.TemporaryDirectory() as state:
            rc, out, err = wlpkg.run([builder, '--show-manifest', os.path.abspath(manifest)],
                                     cwd=state)
        warnings = [l for l in (out + err).splitlines() if 'WARNING' in l or 'CRITICAL' in l]
        tap.ok(rc == 0, 'flatpak-builder --show-manifest reads it', err)
        tap.ok(not warnings, 'flatpak-builder prints no warning', '\n'.join(warnings))
        try:
            shown = json.loads(out)
        except ValueError as e:
            tap.ok(False, 'its output is JSON', str(e))
            shown = raw

    tap.ok(shown.get('id', shown.get('app-id')) == app_id, 'app id %s' % app_id)
    tap.ok(shown.get('runtime') == 'org.gnome.Platform' and shown.get('sdk') == 'org.gnome.Sdk',
           'GNOME Platform and Sdk')
    tap.ok(shown.get('runtime-version') in ('49', '50'), 'a supported runtime (49 or 50)',
           'runtime-version %s' % shown.get('runtime-version'))
    tap.ok(shown.get('command') == 'wirelab', 'command wirelab')
    args = shown.get('finish-args', [])
    tap.ok(sorted(args) == sorted(FINISH_ARGS), 'finish-args are exactly the allowed ones',
           'have %s\nwant %s' % (args, FINISH_ARGS))

    modules = list(walk_modules(shown.get('modules', [])))
    names = [m.get('name') for m in modules]
    for name in REQUIRED_MODULES:
        tap.ok(name in names, 'module %s' % name)
    tap.ok(names[-1:] == ['wirelab'], 'wirelab is built last')
    tap.ok('json-glib' not in names and 'libelf' not in names and 'elfutils' not in names,
           'json-glib and libelf come from the runtime')

    unpinned = []
    for m in modules:
        for s in m.get('sources', []):
            if not isinstance(s, dict):
                continue
            kind = s.get('type')
            if kind in ('archive', 'file') and 'url' in s and 'sha256' not in s:
                unpinned.append('%s: %s has no sha256' % (m['name'], s['url']))
            if kind == 'git' and 'url' in s and not ('commit' in s and 'tag' in s):
                unpinned.append('%s: %s needs a tag and its commit' % (m['name'], s['url']))
            if kind not in ('archive', 'file', 'git', 'dir', 'patch', 'script', 'shell', 'inline'):
                unpinned.append('%s: source type %s is not checked' % (m['name'], kind))
    tap.ok(not unpinned, 'every downloaded source is pinned', '\n'.join(unpinned))

    vte = next((m for m in modules if m.get('name') == 'vte'), {})
    opts = vte.get('config-opts', [])
    tap.ok('-Dgtk4=true' in opts and '-Dgtk3=false' in opts, 'vte is built for GTK 4 only')
    if shown.get('runtime-version') in ('49', '50'):
        tap.ok('fast_float' in names and 'simdutf' in names,
               'fast_float and simdutf for the VTE of runtime %s' % shown.get('runtime-version'))

    app = next((m for m in modules if m.get('name') == 'wirelab'), {})
    tap.ok(app.get('buildsystem') == 'meson' and app.get('builddir') is True,
           'wirelab: meson in a build directory')
    tap.ok(app.get('run-tests') is True, 'wirelab: tests run in the build')
    tap.done()


if __name__ == '__main__':
    main()
