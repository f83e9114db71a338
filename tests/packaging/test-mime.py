#!/usr/bin/env python3
# test-mime.py: with the built MIME package installed into a scratch data
# directory, GIO types *.wirelab files (and sniffs unnamed ones) as projects
#
# Copyright 2026 The Wirelab authors
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage: test-mime.py MIME_XML APP_ID

import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wlpkg  # noqa: E402

TYPE = 'application/x-wirelab-project'
PROJECT = '{\n  "type": "wirelab-project",\n  "revision": 1,\n  "hypervisors": [],\n' \
          '  "images": [],\n  "nodes": [],\n  "links": []\n}\n'


def content_type(gio, path, env):
    rc, out, err = wlpkg.run([gio, 'info', '-a', 'standard::content-type', path], env=env)
    for line in out.splitlines():
        if 'standard::content-type:' in line:
            return line.split(':', 3)[-1].strip()
    return 'error: ' + (err.strip() or out.strip())


def main():
    mime_xml, app_id = sys.argv[1:3]
    tap = wlpkg.Tap()
    tap.ok(os.path.basename(mime_xml) == app_id + '.xml', 'named after the app id (Flatpak exports it)')

    update = wlpkg.find_tool('update-mime-database')
    gio = wlpkg.find_tool('gio')
    if update is None or gio is None:
        tap.skip('GIO types projects', 'update-mime-database (shared-mime-info) or gio not found')
        tap.done()

    with tempfile.TemporaryDirectory() as tmp:
        packages = os.path.join(tmp, 'share', 'mime', 'packages')
        os.makedirs(packages)
        shutil.copy(mime_xml, packages)
        # freedesktop.org.xml gives the parent type application/json.
        system = '/usr/share/mime/packages/freedesktop.org.xml'
        if os.path.exists(system):
            shutil.copy(system, packages)
        rc, out, err = wlpkg.run([update, '-V', os.path.join(tmp, 'share', 'mime')])
        bad = [l for l in (out + err).splitlines() if 'rror' in l or 'arning' in l]
        tap.ok(rc == 0 and not bad, 'update-mime-database accepts it', out + err)
        tap.ok(os.path.exists(os.path.join(tmp, 'share', 'mime', 'application',
                                           'x-wirelab-project.xml')),
               'the type is in the compiled database')

        env = dict(os.environ, XDG_DATA_DIRS=os.path.join(tmp, 'share'),
                   XDG_DATA_HOME=os.path.join(tmp, 'home'), GIO_USE_VFS='local')
        named = os.path.join(tmp, 'Branch offices.wirelab')
        unnamed = os.path.join(tmp, 'lab')
        other = os.path.join(tmp, 'other.json')
        for path, text in ((named, PROJECT), (unnamed, PROJECT), (other, '{"type": "x"}\n')):
            with open(path, 'w') as f:
                f.write(text)
        got = content_type(gio, named, env)
        tap.ok(got == TYPE, 'a .wirelab file is %s' % TYPE, 'got %s' % got)
        got = content_type(gio, unnamed, env)
        tap.ok(got == TYPE, 'a project without the extension is sniffed by its "type"', 'got %s' % got)
        got = content_type(gio, other, env)
        tap.ok(got != TYPE, 'other JSON is not a project', 'got %s' % got)
    tap.done()


if __name__ == '__main__':
    main()
