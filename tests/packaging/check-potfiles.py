#!/usr/bin/env python3
# check-potfiles.py: po/POTFILES.in lists exactly what has translatable strings
#
# Copyright 2026 The Wirelab authors
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage: check-potfiles.py SOURCE_ROOT
#
# Scans src/**/*.c, src/**/*.h and ui/**/*.ui for _(), N_(), C_(), NC_(),
# g_dngettext() and translatable="yes"; every such file must be listed in
# po/POTFILES.in, every listed file must exist, and the list must be sorted.
# Text that .ui files show (labels, titles, tooltips...) must be marked
# translatable.  Then xgettext (meson's 'glib' preset keywords) must extract
# a string from each listed file, and every po/LINGUAS translation must
# compile.

import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wlpkg  # noqa: E402

C_MARK = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|g_dngettext|ngettext)\s*\(')
UI_MARK = re.compile(r'translatable\s*=\s*["\']yes["\']')
UI_VISIBLE = ('label', 'title', 'subtitle', 'tooltip-text', 'tooltip-markup',
              'placeholder-text', 'description', 'text', 'secondary-text', 'heading', 'body')
XGETTEXT_ARGS = [
    '--from-code=UTF-8', '--add-comments',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
]


def strip_c_comments(text):
    return re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)


def needs_translation(root, rel):
    with open(os.path.join(root, rel), encoding='utf-8', errors='replace') as f:
        text = f.read()
    if rel.endswith('.ui'):
        return UI_MARK.search(text) is not None
    return C_MARK.search(strip_c_comments(text)) is not None


def scan(root):
    found = []
    for top, exts in (('src', ('.c', '.h')), ('ui', ('.ui',))):
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames.sort()
            for name in filenames:
                if name.endswith(exts):
                    rel = os.path.relpath(os.path.join(dirpath, name), root)
                    if needs_translation(root, rel):
                        found.append(rel)
    return sorted(found)


def untranslated_ui_text(root):
    """(file, line, text) of shown text in .ui files not marked translatable."""
    found = []
    for dirpath, dirnames, filenames in os.walk(os.path.join(root, 'ui')):
        for name in sorted(filenames):
            if not name.endswith('.ui'):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            try:
                tree = ET.parse(path)
            except ET.ParseError as e:
                found.append((rel, 0, 'not well-formed: %s' % e))
                continue
            for el in tree.iter():
                if el.tag not in ('property', 'attribute') or el.get('name') not in UI_VISIBLE:
                    continue
                text = (el.text or '').strip()
                # translatable="no" is an explicit choice (a name, a command).
                if re.search(r'[A-Za-z]', text) and el.get('translatable') is None \
                        and el.get('bind-source') is None:
                    found.append((rel, el.get('name'), text))
    return found


def read_potfiles(root):
    entries = []
    with open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                entries.append(line)
    return entries


def main():
    root = os.path.abspath(sys.argv[1])
    tap = wlpkg.Tap()
    listed = read_potfiles(root)
    wanted = scan(root)

    missing = [f for f in wanted if f not in listed]
    tap.ok(not missing, 'every source file with translatable strings is in po/POTFILES.in',
           '\n'.join('add this line to po/POTFILES.in: %s' % f for f in missing))

    plain = untranslated_ui_text(root)
    tap.ok(not plain, 'text shown by .ui files is marked translatable="yes" (or "no")',
           '\n'.join('%s: %s "%s"' % p for p in plain))

    gone = [f for f in listed if not os.path.isfile(os.path.join(root, f))]
    tap.ok(not gone, 'every file in po/POTFILES.in exists',
           '\n'.join('remove this line from po/POTFILES.in (no such file): %s' % f for f in gone))

    in_order = sorted(set(listed)) == listed
    tap.ok(in_order, 'po/POTFILES.in is sorted and has no duplicates',
           'sort it: LC_ALL=C sort -u (keep the comment lines on top)')

    xgettext = wlpkg.find_tool('xgettext')
    if xgettext is None:
        tap.skip('xgettext extracts strings from every listed file', 'xgettext not found')
    else:
        present = [f for f in listed if f not in gone]
        with tempfile.TemporaryDirectory() as tmp:
            files = os.path.join(tmp, 'files')
            pot = os.path.join(tmp, 'wirelab.pot')
            with open(files, 'w') as f:
                f.write('\n'.join(present) + '\n')
            rc, out, err = wlpkg.run([xgettext, '--files-from=' + files, '--directory=' + root,
                                      '--output=' + pot] + XGETTEXT_ARGS)
            tap.ok(rc == 0, 'xgettext runs on po/POTFILES.in', err)
            refs = set()
            if rc == 0:
                with open(pot, encoding='utf-8') as f:
                    for line in f:
                        if line.startswith('#: '):
                            refs.update(r.rsplit(':', 1)[0] for r in line[3:].split())
            # A listed file may have lost its strings; one with marks must give some.
            silent = [f for f in present if f not in refs and needs_translation(root, f)]
            tap.ok(rc == 0 and not silent, 'xgettext extracts the marked strings of every listed file',
                   '\n'.join('no string extracted from %s' % f for f in silent))

    msgfmt = wlpkg.find_tool('msgfmt')
    with open(os.path.join(root, 'po', 'LINGUAS'), encoding='utf-8') as f:
        langs = [w for line in f for w in line.split('#', 1)[0].split()]
    for lang in langs:
        po = os.path.join(root, 'po', lang + '.po')
        if msgfmt is None:
            tap.skip('po/%s.po compiles' % lang, 'msgfmt not found')
            continue
        rc, out, err = wlpkg.run([msgfmt, '--check', '-o', os.devnull, po])
        tap.ok(rc == 0, 'po/%s.po compiles (msgfmt --check)' % lang, err)

    tap.done()


if __name__ == '__main__':
    main()
