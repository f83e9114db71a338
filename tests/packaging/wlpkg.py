# wlpkg.py: TAP output and process helpers shared by the packaging tests
#
# Copyright 2026 The Wirelab authors
#
# SPDX-License-Identifier: GPL-2.0-or-later

import os
import shutil
import subprocess
import sys


class Tap:
    """Prints one TAP line per check, the plan at the end; exits 1 on failure."""

    def __init__(self):
        self.count = 0
        self.failed = 0

    def diag(self, text):
        for line in str(text).rstrip('\n').split('\n'):
            print('# ' + line)
        sys.stdout.flush()

    def ok(self, cond, name, diag=None):
        self.count += 1
        print('%s %d - %s' % ('ok' if cond else 'not ok', self.count, name))
        if not cond:
            self.failed += 1
            if diag:
                self.diag(diag)
        sys.stdout.flush()
        return cond

    def skip(self, name, reason):
        self.count += 1
        print('ok %d - %s # SKIP %s' % (self.count, name, reason))
        sys.stdout.flush()

    def todo(self, name, reason):
        """A check that cannot pass until another area delivers (meson: expected fail)."""
        self.count += 1
        print('not ok %d - %s # TODO %s' % (self.count, name, reason))
        sys.stdout.flush()

    def done(self):
        print('1..%d' % self.count)
        sys.exit(1 if self.failed else 0)


def skip_all(reason):
    print('1..0 # SKIP ' + reason)
    sys.exit(0)


def find_tool(name):
    return shutil.which(name)


def run(argv, timeout=120, env=None, **kwargs):
    """Runs argv; returns (returncode, stdout, stderr) as text."""
    proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          encoding='utf-8', errors='replace', timeout=timeout, env=env, **kwargs)
    return proc.returncode, proc.stdout, proc.stderr


def in_flatpak_sandbox():
    return os.path.exists('/.flatpak-info')
