#!/usr/bin/env python3
# test-man-pages.py: each man page formats without a groff warning and
# documents every option (and command) its program's --help lists
#
# Copyright 2026 The Wirelab authors
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage: test-man-pages.py PAGE.1=PROGRAM [PAGE.1=PROGRAM ...]
#        (PROGRAM may be '-' when it is not built, e.g. -Dgui=false)

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wlpkg  # noqa: E402

OPTION = re.compile(r'^\s+(?:(-\w), )?(--[\w-]+)')


def plain(roff):
    """The page's text with escapes for dashes and fonts removed."""
    text = roff.replace('\\-', '-').replace('\\(aq', "'")
    return re.sub(r'\\f[BIRP]', '', text)


def help_of(program):
    env = dict(os.environ, LC_ALL='C', LANGUAGE='')
    rc, out, err = wlpkg.run([program, '--help-all'], env=env, timeout=60)
    if rc != 0 or 'Usage' not in out:
        rc, out, err = wlpkg.run([program, '--help'], env=env, timeout=60)
    return rc, out, err


def main():
    tap = wlpkg.Tap()
    groff = wlpkg.find_tool('groff')
    for arg in sys.argv[1:]:
        page, program = arg.split('=', 1)
        name = os.path.basename(page)
        with open(page, encoding='utf-8') as f:
            roff = f.read()
        if groff is None:
            tap.skip('%s formats cleanly' % name, 'groff not found (groff-base)')
        else:
            rc, out, err = wlpkg.run([groff, '-man', '-ww', '-z', '-Tutf8', page])
            tap.ok(rc == 0 and not err.strip(), '%s formats without warnings' % name, err)
        tap.ok(re.search(r'^\.TH \S+ 1 ', roff, re.M) is not None and
               all(s in roff for s in ('.SH NAME', '.SH SYNOPSIS', '.SH DESCRIPTION', '.SH OPTIONS')),
               '%s has TH, NAME, SYNOPSIS, DESCRIPTION and OPTIONS' % name)
        if program == '-':
            tap.skip('%s documents the options of its program' % name, 'program not built')
            continue
        rc, out, err = help_of(program)
        if not tap.ok(rc == 0, '%s --help runs' % os.path.basename(program), err):
            continue
        text = plain(roff)
        options = []
        commands = []
        in_commands = False
        for line in out.splitlines():
            m = OPTION.match(line)
            if m:
                options += [o for o in m.groups() if o]
            if line.strip() == 'Commands:':
                in_commands = True
                continue
            if in_commands:
                m = re.match(r'^\s+([a-z][\w-]*)(\s|$)', line)
                if m:
                    commands.append(m.group(1))
                elif line.strip():
                    in_commands = False
        undocumented = [o for o in options + commands
                        if not re.search(r'(?<![\w-])%s(?![\w-])' % re.escape(o), text)]
        tap.ok(options and not undocumented,
               '%s documents every option and command of %s --help' % (name, os.path.basename(program)),
               '\n'.join('document %s in data/man/%s.in' % (o, name) for o in undocumented)
               or 'no options found in --help')
    tap.done()


if __name__ == '__main__':
    main()
