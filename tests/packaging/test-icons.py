#!/usr/bin/env python3
# test-icons.py: the app icon and the symbolic icon are well-formed SVG of
# the hicolor sizes, the symbolic one recolourable, and both render
#
# Copyright 2026 The Wirelab authors
#
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Usage: test-icons.py APP_ICON SYMBOLIC_ICON

import os
import re
import struct
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wlpkg  # noqa: E402

SVG = '{http://www.w3.org/2000/svg}'


def check_svg(tap, path, size):
    name = os.path.basename(path)
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        tap.ok(False, '%s is well-formed XML' % name, str(e))
        return None
    tap.ok(root.tag == SVG + 'svg', '%s is SVG' % name)
    tap.ok(root.get('viewBox') == '0 0 %d %d' % (size, size) and
           root.get('width') == str(size) and root.get('height') == str(size),
           '%s is %dx%d' % (name, size, size))
    hrefs = [el for el in root.iter() if el.get('{http://www.w3.org/1999/xlink}href', '')
             .startswith(('http', 'file', '/')) or el.get('href', '').startswith(('http', 'file', '/'))]
    tap.ok(not hrefs and root.find('.//' + SVG + 'image') is None and
           root.find('.//' + SVG + 'text') is None,
           '%s has no external references, raster images or text' % name)
    return root


def render(tap, thumbnailer, path, px):
    name = os.path.basename(path)
    if thumbnailer is None:
        tap.skip('%s renders' % name, 'gdk-pixbuf-thumbnailer not found (libgdk-pixbuf2.0-bin)')
        return
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, 'icon.png')
        rc, o, e = wlpkg.run([thumbnailer, '-s', str(px), path, out])
        ok = rc == 0 and os.path.exists(out)
        if ok:
            with open(out, 'rb') as f:
                head = f.read(24)
            ok = head[:8] == b'\x89PNG\r\n\x1a\n' and struct.unpack('>II', head[16:24]) == (px, px)
        tap.ok(ok, '%s renders at %dpx through gdk-pixbuf' % (name, px), o + e)


def main():
    app_icon, symbolic = sys.argv[1:3]
    tap = wlpkg.Tap()
    check_svg(tap, app_icon, 128)
    root = check_svg(tap, symbolic, 16)
    if root is not None:
        colours = set()
        strokes = []
        for el in root.iter():
            for attr in ('fill', 'stroke'):
                v = el.get(attr)
                if v and v != 'none':
                    colours.add(v.lower())
            style = el.get('style', '')
            colours.update(c.lower() for c in re.findall(r'#[0-9a-fA-F]{3,6}', style))
            if el.get('stroke') not in (None, 'none') or 'stroke:' in style:
                strokes.append(el.tag)
        tap.ok(len(colours) == 1, 'the symbolic icon uses one colour (GTK recolours it)',
               'colours: %s' % sorted(colours))
        tap.ok(not strokes, 'the symbolic icon is drawn with fills only', 'strokes on %s' % strokes)
    thumbnailer = wlpkg.find_tool('gdk-pixbuf-thumbnailer')
    render(tap, thumbnailer, app_icon, 128)
    render(tap, thumbnailer, symbolic, 16)
    tap.done()


if __name__ == '__main__':
    main()
