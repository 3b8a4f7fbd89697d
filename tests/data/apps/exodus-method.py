#!/usr/bin/python3
# exodus-method.py: the εxodus static analysis, re-implemented from its
# description (exodus-core static_analysis.py, AGPL-3.0; not copied): dexdump
# every classes*.dex (recursing into *.apk members up to depth 10), collect
# re.findall(r'[A-Z]+((?:\w+\/)+\w+)') over the output, then search every
# tracker's code signature (a Python regex, unanchored; signatures of 3
# characters or fewer skipped) in each class name.
#
# Usage: exodus-method.py SIGNATURES.json APK…   → one JSON line per APK:
#   {"apk": …, "trackers": [names…], "classes": N, "seconds": …}
# SPDX-License-Identifier: GPL-3.0-or-later
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile

CLASS_RE = re.compile(r'[A-Z]+((?:\w+\/)+\w+)')


def classes_of(zf, depth, tmp):
    names = set()
    for info in zf.infolist():
        if re.match(r'.*\.apk', info.filename) and depth < 10:
            with zipfile.ZipFile(io.BytesIO(zf.read(info))) as inner:
                names |= classes_of(inner, depth + 1, tmp)
        elif re.match(r'classes.*\.dex', info.filename):
            path = os.path.join(tmp, 'x.dex')
            with open(path, 'wb') as f:
                f.write(zf.read(info))
            out = subprocess.run(['dexdump', path], capture_output=True, text=True,
                                 errors='replace').stdout
            names |= set(CLASS_RE.findall(out))
    return names


def main():
    with open(sys.argv[1]) as f:
        db = json.load(f)
    sigs = [(t['name'], re.compile('|'.join(t['code_signatures'])))
            for t in db['trackers'] if len('|'.join(t['code_signatures'])) > 3]
    for apk in sys.argv[2:]:
        start = time.monotonic()
        with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(apk) as zf:
            names = classes_of(zf, 0, tmp)
        found = sorted({n for n, r in sigs if any(r.search(c) for c in names)})
        print(json.dumps({'apk': apk, 'trackers': found, 'classes': len(names),
                          'seconds': time.monotonic() - start}))


if __name__ == '__main__':
    main()
