#!/usr/bin/env python3
# test-desktop-file.py: the built desktop file validates and fits the app
#
# Copyright 2026 The Wirelab authors
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage: test-desktop-file.py DESKTOP_FILE APP_ID SOURCE_ROOT

import configparser
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wlpkg  # noqa: E402


def main():
    desktop, app_id, root = sys.argv[1:4]
    tap = wlpkg.Tap()

    validate = wlpkg.find_tool('desktop-file-validate')
    if validate is None:
        tap.skip('desktop-file-validate', 'desktop-file-validate not found (desktop-file-utils)')
    else:
        rc, out, err = wlpkg.run([validate, desktop])
        # Hints are advice; errors and warnings are defects.
        problems = [l for l in (out + err).splitlines() if l.strip() and ': hint: ' not in l]
        tap.ok(rc == 0 and not problems, 'desktop-file-validate %s' % os.path.basename(desktop),
               out + err)

    parser = configparser.RawConfigParser(interpolation=None, strict=False)
    parser.optionxform = str
    parser.read(desktop, encoding='utf-8')
    entry = parser['Desktop Entry'] if parser.has_section('Desktop Entry') else {}
    tap.ok(os.path.basename(desktop) == app_id + '.desktop', 'named after the app id')
    tap.ok(entry.get('Exec', '').split()[:1] == ['wirelab'], 'Exec runs wirelab',
           'Exec=%s' % entry.get('Exec'))
    tap.ok('%U' in entry.get('Exec', '') or '%F' in entry.get('Exec', ''),
           'Exec takes the files to open')
    tap.ok(entry.get('Icon') == app_id, 'Icon is the app id', 'Icon=%s' % entry.get('Icon'))
    icon = os.path.join(root, 'data', 'icons', 'hicolor', 'scalable', 'apps', app_id + '.svg')
    tap.ok(os.path.isfile(icon), 'the icon it names exists in data/icons')
    mimes = entry.get('MimeType', '').split(';')
    tap.ok('application/x-wirelab-project' in mimes, 'MimeType has application/x-wirelab-project')
    tap.ok(any(k.startswith('Name[') for k in entry.keys()) or
           not open(os.path.join(root, 'po', 'LINGUAS')).read().split(),
           'translations are merged in (Name[...])')
    tap.done()


if __name__ == '__main__':
    main()
