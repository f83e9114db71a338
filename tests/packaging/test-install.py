#!/usr/bin/env python3
# test-install.py: `meson install` puts everything in place and the installed
# programs work from there
#
# Copyright 2026 The Wirelab authors
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage: test-install.py destdir|prefix --meson MESON --source-root DIR
#          --build-root DIR --version V --app-id ID --gui true|false
#
# destdir: the build under test is installed with `meson install --destdir`,
#   as a distribution packages it.  Every file must be in place, the
#   installed wirelab, wirelab-hypervisor and wirelab-cli must answer
#   --version, and the installed hypervisor must boot the installed router
#   image (given by path: the binaries look in their configured prefix, which
#   a DESTDIR install is not).
# prefix: to test the lookup itself, a second build of the same tree is
#   configured with --prefix inside the build directory and installed there
#   without DESTDIR.  wl-paths-probe (tests/packaging) of that build, copied
#   into the prefix, must resolve wirelab-router.elf and the demo lab to the
#   installed files through wirelab_find_image() and wirelab_find_data_file(),
#   the code the installed wirelab runs; the installed wirelab must carry
#   that data directory; the hypervisor boots the image the probe found; the
#   installed translations must show.

import argparse
import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wlpkg  # noqa: E402

BOOT_DEADLINE = 180  # seconds; generous, the machine may be busy
FATAL = ('fatal exception', '%SYS-2-FATAL', 'VM is not running')


def buildoptions(meson, build):
    rc, out, err = wlpkg.run([meson, 'introspect', '--buildoptions', build])
    if rc != 0:
        raise RuntimeError(err)
    return {o['name']: o['value'] for o in json.loads(out)}


def linguas(source):
    with open(os.path.join(source, 'po', 'LINGUAS'), encoding='utf-8') as f:
        return [w for line in f for w in line.split('#', 1)[0].split()]


def demo_projects(source):
    demo = os.path.join(source, 'data', 'demo')
    if not os.path.isdir(demo):
        return None
    return sorted(n for n in os.listdir(demo) if n.endswith('.wirelab'))


def layout(opts, root, args):
    """Every file the install must produce, by description."""
    def at(key, *parts):
        return os.path.join(root + opts['prefix'] if root else opts['prefix'], opts[key], *parts)

    app = args.app_id
    files = {
        'wirelab-hypervisor': at('bindir', 'wirelab-hypervisor'),
        'wirelab-cli': at('bindir', 'wirelab-cli'),
        'router image': at('datadir', 'wirelab', 'images', 'wirelab-router.elf'),
        'desktop file': at('datadir', 'applications', app + '.desktop'),
        'metainfo': at('datadir', 'metainfo', app + '.metainfo.xml'),
        'app icon': at('datadir', 'icons', 'hicolor', 'scalable', 'apps', app + '.svg'),
        'symbolic icon': at('datadir', 'icons', 'hicolor', 'symbolic', 'apps', app + '-symbolic.svg'),
        'MIME type': at('datadir', 'mime', 'packages', app + '.xml'),
        'GSettings schema': at('datadir', 'glib-2.0', 'schemas', app + '.gschema.xml'),
    }
    if args.gui:
        files['wirelab'] = at('bindir', 'wirelab')
    for page in ('wirelab', 'wirelab-hypervisor', 'wirelab-cli'):
        files['man page %s.1' % page] = at('mandir', 'man1', page + '.1')
    for lang in linguas(args.source_root):
        files['%s translation' % lang] = at('localedir', lang, 'LC_MESSAGES', 'wirelab.mo')
    return files, at


def check_layout(tap, files):
    for what, path in files.items():
        tap.ok(os.path.isfile(path), 'installed: %s' % what, 'missing: %s' % path)


def check_demo(tap, at, source):
    projects = demo_projects(source)
    if projects is None:
        tap.skip('installed: demo lab', 'data/demo/ is not in the tree yet (the app area delivers it)')
        return None
    installed = os.path.join(at('datadir', 'wirelab', 'demo'))
    missing = [p for p in projects if not os.path.isfile(os.path.join(installed, p))]
    tap.ok(projects and not missing, 'installed: demo lab in %s' % installed,
           'no .wirelab file in data/demo' if not projects else
           'missing: %s (data/demo/ is picked up when meson configures: '
           'meson setup --reconfigure after adding it)' % missing)
    return projects[0] if projects else None


def check_versions(tap, files, version):
    env = dict(os.environ, LC_ALL='C', LANGUAGE='')
    for name in ('wirelab', 'wirelab-hypervisor', 'wirelab-cli'):
        if name not in files:
            tap.skip('%s --version' % name, 'built without the GUI')
            continue
        try:
            rc, out, err = wlpkg.run([files[name], '--version'], env=env, timeout=60)
        except (OSError, subprocess.TimeoutExpired) as e:
            rc, out, err = -1, '', str(e)
        want = '%s %s' % (name, version)
        tap.ok(rc == 0 and out.startswith(want), 'installed %s --version prints "%s"' % (name, want),
               'rc %d, stdout %r, stderr %r' % (rc, out, err))


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class Hypervisor:
    def __init__(self, binary, workdir):
        self.proc = subprocess.Popen([binary, '-H', '127.0.0.1:0', '--working-dir', workdir],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.port = None
        deadline = time.monotonic() + 60
        line = b''
        while time.monotonic() < deadline and self.port is None:
            ready, _, _ = select.select([self.proc.stdout], [], [], 1)
            if ready:
                line = self.proc.stdout.readline()
                if not line:
                    break
                m = re.search(rb'started \(port (\d+)\)', line)
                if m:
                    self.port = int(m.group(1))
        if self.port is None:
            self.stop()
            raise RuntimeError('the hypervisor did not announce its port: %r' % line)
        self.sock = socket.create_connection(('127.0.0.1', self.port), timeout=60)
        self.buf = b''

    def cmd(self, line):
        self.sock.sendall(line.encode() + b'\r\n')
        reply = []
        while True:
            while b'\r\n' not in self.buf:
                data = self.sock.recv(4096)
                if not data:
                    raise RuntimeError('hypervisor closed the connection after %r' % line)
                self.buf += data
            text, self.buf = self.buf.split(b'\r\n', 1)
            text = text.decode(errors='replace')
            reply.append(text)
            if re.match(r'^\d{3}-', text):
                return reply

    def stop(self):
        try:
            if getattr(self, 'sock', None):
                self.sock.close()
        finally:
            if self.proc.poll() is None:
                self.proc.send_signal(signal.SIGTERM)
                try:
                    self.proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
            self.proc.stdout.close()
            self.proc.stderr.close()


def boot(hv_binary, image):
    """Boots IMAGE on a c7200 of the given hypervisor; returns (ok, transcript)."""
    log = []
    with tempfile.TemporaryDirectory(prefix='wirelab-boot-') as workdir:
        try:
            hv = Hypervisor(hv_binary, workdir)
        except (OSError, RuntimeError) as e:
            return False, str(e)
        try:
            con = free_port()
            for c in ('vm create R1 1 c7200', 'vm set_ios R1 "%s"' % image, 'vm set_ram R1 64',
                      'vm set_con_tcp_port R1 %d' % con, 'vm slot_add_binding R1 0 0 C7200-IO-FE',
                      'vm start R1'):
                reply = hv.cmd(c)
                log.append('> %s\n< %s' % (c, '\n< '.join(reply)))
                if not reply[-1].startswith('100-'):
                    return False, '\n'.join(log)
            return read_console(con, log)
        except (OSError, RuntimeError) as e:
            log.append(str(e))
            return False, '\n'.join(log)
        finally:
            hv.stop()


def read_console(port, log):
    deadline = time.monotonic() + BOOT_DEADLINE
    sock = None
    while sock is None and time.monotonic() < deadline:
        try:
            sock = socket.create_connection(('127.0.0.1', port), timeout=5)
        except OSError:
            time.sleep(0.2)
    if sock is None:
        log.append('no console on port %d' % port)
        return False, '\n'.join(log)
    out = b''
    pressed = False
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([sock], [], [], 1)
            if ready:
                data = sock.recv(4096)
                if not data:
                    break
                out += data
            text = out.decode(errors='replace')
            if any(f in text for f in FATAL):
                break
            if not pressed and 'Press RETURN to get started' in text:
                sock.sendall(b'\r')
                pressed = True
            if pressed and re.search(r'\n[A-Za-z][\w.-]*[>#] ?$', text.split('Press RETURN', 1)[1]):
                log.append(text)
                return True, '\n'.join(log)
    finally:
        sock.close()
    log.append(out.decode(errors='replace') or '(no console output)')
    log.append('no router prompt within %d s' % BOOT_DEADLINE)
    return False, '\n'.join(log)


def check_boot(tap, hv_binary, image, built_image, what):
    if not os.path.isfile(built_image):
        tap.skip(what, 'wirelab-router.elf is not built yet (src/firmware)')
        return
    ok, transcript = boot(hv_binary, image)
    tap.ok(ok, what, transcript[-3000:])


def check_demo_opens(tap, files, at, demo):
    """The installed wirelab --demo copies the installed demo lab and stays up."""
    what = 'installed wirelab --demo opens the installed demo lab'
    if 'wirelab' not in files:
        tap.skip(what, 'built without the GUI')
        return
    if demo != 'demo.wirelab':
        tap.skip(what, 'no data/demo/demo.wirelab in the tree')
        return
    if not (os.environ.get('DISPLAY') or os.environ.get('WAYLAND_DISPLAY')):
        tap.skip(what, 'no display (./wirelab.sh test runs the tests under xvfb-run)')
        return
    bundled = at('datadir', 'wirelab', 'demo', 'demo.wirelab')
    with open(bundled, 'rb') as f:
        want = f.read()
    with tempfile.TemporaryDirectory(prefix='wirelab-demo-') as home:
        env = clean_env()
        env.update(XDG_DATA_HOME=os.path.join(home, 'data'), XDG_CONFIG_HOME=os.path.join(home, 'config'),
                   XDG_CACHE_HOME=os.path.join(home, 'cache'),
                   XDG_DATA_DIRS=at('datadir') + ':/usr/local/share:/usr/share',
                   GSETTINGS_BACKEND='memory', GSETTINGS_SCHEMA_DIR=at('datadir', 'glib-2.0', 'schemas'))
        copied = os.path.join(home, 'data', 'wirelab', 'demo', 'demo.wirelab')
        proc = subprocess.Popen([files['wirelab'], '--demo'], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        ok = False
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and proc.poll() is None:
                if os.path.exists(copied):
                    with open(copied, 'rb') as f:
                        if f.read() == want:
                            break
                time.sleep(0.2)
            time.sleep(3)  # still up once the lab is loaded
            ok = proc.poll() is None and os.path.exists(copied)
        finally:
            if proc.poll() is None:
                proc.terminate()
            try:
                out = proc.communicate(timeout=30)[0]
            except subprocess.TimeoutExpired:
                proc.kill()
                out = proc.communicate()[0]
        tap.ok(ok, what, 'exit status %s, copy %s\n%s' % (
            proc.returncode, 'made' if os.path.exists(copied) else 'not made',
            out.decode(errors='replace')[-2000:]))


def clean_env():
    env = dict(os.environ)
    for key in ('WIRELAB_DATA_DIR', 'WIRELAB_IMAGES_DIR'):
        env.pop(key, None)
    return env


def run_destdir(tap, args):
    opts = buildoptions(args.meson, args.build_root)
    destdir = tempfile.mkdtemp(prefix='wirelab-destdir-')
    try:
        rc, out, err = wlpkg.run([args.meson, 'install', '-C', args.build_root, '--no-rebuild',
                                  '--destdir', destdir], timeout=300)
        if not tap.ok(rc == 0, 'meson install --destdir', (out + err)[-3000:]):
            return
        files, at = layout(opts, destdir, args)
        check_layout(tap, files)
        check_demo(tap, at, args.source_root)
        check_versions(tap, files, args.version)
        for tool, argv in (('desktop-file-validate', [files['desktop file']]),
                           ('glib-compile-schemas', ['--strict', '--dry-run',
                                                     os.path.dirname(files['GSettings schema'])])):
            path = wlpkg.find_tool(tool)
            if path is None:
                tap.skip('%s on the installed file' % tool, '%s not found' % tool)
                continue
            rc, out, err = wlpkg.run([path] + argv)
            tap.ok(rc == 0 and not (out + err).strip(), '%s on the installed file' % tool, out + err)
        check_boot(tap, files['wirelab-hypervisor'], files['router image'],
                   os.path.join(args.build_root, 'src', 'firmware', 'wirelab-router.elf'),
                   'the installed hypervisor boots the installed router image to a prompt')
    finally:
        shutil.rmtree(destdir, ignore_errors=True)


def installed_target_files(meson, build):
    rc, out, err = wlpkg.run([meson, 'introspect', '--targets', build])
    if rc != 0:
        raise RuntimeError(err)
    wanted = []
    probe = None
    for t in json.loads(out):
        if t.get('installed'):
            wanted += t['filename']
        if t['name'] == 'wl-paths-probe':
            probe = t['filename'][0]
    return [os.path.relpath(f, build) for f in wanted], probe


def run_prefix(tap, args):
    nested = os.path.join(args.build_root, 'tests', 'packaging', 'prefix-build')
    prefix = os.path.join(args.build_root, 'tests', 'packaging', 'prefix-root')
    if not os.path.isfile(os.path.join(nested, 'build.ninja')):
        shutil.rmtree(nested, ignore_errors=True)
        rc, out, err = wlpkg.run([args.meson, 'setup', nested, args.source_root, '--prefix=' + prefix,
                                  '-Dgui=%s' % ('true' if args.gui else 'false'),
                                  '-De2e=false', '-Dfuzz=false'], timeout=300)
        if not tap.ok(rc == 0, 'meson setup --prefix=%s' % prefix, (out + err)[-3000:]):
            return
    targets, probe = installed_target_files(args.meson, nested)
    if not tap.ok(probe is not None, 'the second build has wl-paths-probe'):
        return
    ninja = wlpkg.find_tool('ninja') or wlpkg.find_tool('ninja-build')
    rc, out, err = wlpkg.run([ninja, '-C', nested, '-j', '2'] + targets + [os.path.relpath(probe, nested)],
                             timeout=900)
    if not tap.ok(rc == 0, 'the second build builds what it installs', (out + err)[-3000:]):
        return
    shutil.rmtree(prefix, ignore_errors=True)
    rc, out, err = wlpkg.run([args.meson, 'install', '-C', nested, '--no-rebuild'], timeout=300)
    if not tap.ok(rc == 0, 'meson install into the prefix', (out + err)[-3000:]):
        return

    opts = buildoptions(args.meson, nested)
    files, at = layout(opts, None, args)
    check_layout(tap, files)
    demo = check_demo(tap, at, args.source_root)
    check_versions(tap, files, args.version)

    # The probe runs from inside the prefix, like the installed programs.
    probe_copy = os.path.join(prefix, 'libexec', 'wirelab-tests', 'wl-paths-probe')
    os.makedirs(os.path.dirname(probe_copy), exist_ok=True)
    shutil.copy2(probe, probe_copy)
    env = clean_env()
    rc, out, err = wlpkg.run([probe_copy, 'image', 'wirelab-router.elf'], env=env)
    found_image = out.strip()
    tap.ok(rc == 0 and found_image == files['router image'],
           'an installed program finds wirelab-router.elf in the installed images',
           'found %r (rc %d, %s), want %r' % (found_image, rc, err.strip(), files['router image']))
    if demo is None:
        tap.skip('an installed program finds the demo lab', 'no demo lab in data/demo yet')
    else:
        want = at('datadir', 'wirelab', 'demo', demo)
        rc, out, err = wlpkg.run([probe_copy, 'data', 'demo/' + demo], env=env)
        tap.ok(rc == 0 and out.strip() == want, 'an installed program finds the demo lab',
               'found %r (rc %d, %s), want %r' % (out.strip(), rc, err.strip(), want))
    check_demo_opens(tap, files, at, demo)

    # The data directory is compiled in (PKGDATADIR, or PKGDATADIR "/images").
    datadir = at('datadir', 'wirelab').encode()
    files['wirelab-bench'] = at('bindir', 'wirelab-bench')
    for name in ('wirelab', 'wirelab-cli', 'wirelab-bench'):
        if name not in files:
            continue
        with open(files[name], 'rb') as f:
            blob = f.read()
        if b'WIRELAB_IMAGES_DIR\0' not in blob and b'WIRELAB_DATA_DIR\0' not in blob:
            tap.todo('installed %s looks for images and data in %s' % (name, datadir.decode()),
                     '%s does not link the lookup (wirelab_find_image/_data_file) yet' % name)
            continue
        tap.ok(datadir + b'\0' in blob or datadir + b'/images\0' in blob,
               'installed %s looks for images and data in %s' % (name, datadir.decode()),
               '%s never calls wirelab_find_image() or wirelab_find_data_file(), so it cannot '
               'find the installed router image or demo lab' % name)

    langs = linguas(args.source_root)
    if langs:
        english = wlpkg.run([files['wirelab-hypervisor'], '--help'],
                            env=dict(env, LC_ALL='C', LANGUAGE=''))[1]
        local = wlpkg.run([files['wirelab-hypervisor'], '--help'],
                          env=dict(env, LC_ALL='C.UTF-8', LANG='C.UTF-8', LANGUAGE=langs[0]))[1]
        tap.ok(english and local and english != local,
               'installed wirelab-hypervisor --help shows the installed %s translation' % langs[0],
               'is po/%s.po up to date with po/POTFILES.in?\n%s' % (langs[0], local))

    schemas = at('datadir', 'glib-2.0', 'schemas', 'gschemas.compiled')
    tap.ok(os.path.isfile(schemas), 'meson compiled the installed schemas')
    if wlpkg.find_tool('update-mime-database'):
        tap.ok(os.path.isfile(at('datadir', 'mime', 'application', 'x-wirelab-project.xml')),
               'meson updated the installed MIME database')

    check_boot(tap, files['wirelab-hypervisor'], found_image or files['router image'],
               os.path.join(nested, 'src', 'firmware', 'wirelab-router.elf'),
               'the installed hypervisor boots the image the lookup found to a prompt')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('mode', choices=('destdir', 'prefix'))
    parser.add_argument('--meson', required=True)
    parser.add_argument('--source-root', required=True)
    parser.add_argument('--build-root', required=True)
    parser.add_argument('--version', required=True)
    parser.add_argument('--app-id', required=True)
    parser.add_argument('--gui', choices=('true', 'false'), required=True)
    args = parser.parse_args()
    args.gui = args.gui == 'true'

    if wlpkg.in_flatpak_sandbox():
        wlpkg.skip_all('inside a Flatpak build: flatpak-builder itself installs and checks the app')
    tap = wlpkg.Tap()
    if args.mode == 'destdir':
        run_destdir(tap, args)
    else:
        run_prefix(tap, args)
    tap.done()


if __name__ == '__main__':
    main()
