#!/usr/bin/python3
# video-leaks.py ORIGINAL COPY TRUTH [MIN_VISIBLE]: counts the face-frames
# of a clip made by tests/data/video/make-fixture.py that the copy leaves
# showing. A face-frame is a face in a frame with at least MIN_VISIBLE
# (default 0.3) of it in view; it leaks when its visible part (the middle
# half of its rows, the middle 70 % of its columns) is left as it was (mean difference below 12 of 255: re-encoding changes
# a picture by 1 to 3).
#
# SPDX-License-Identifier: GPL-3.0-or-later
import sys

import cv2
import numpy as np

orig, copy, truth = sys.argv[1:4]
min_visible = float(sys.argv[4]) if len(sys.argv) > 4 else 0.3
faces = {}
for line in open(truth):
    f, p, x, y, w, h, vis, vx0, vx1 = line.split()
    if float(vis) >= min_visible:
        faces.setdefault(int(f), []).append((int(p), float(x), float(y), int(w), int(h), int(vx0), int(vx1)))
a, b = cv2.VideoCapture(orig), cv2.VideoCapture(copy)
n = total = leaked = 0
who = {}
while True:
    ok1, fa = a.read()
    ok2, fb = b.read()
    if not ok1 or not ok2:
        break
    for p, x, y, w, h, vx0, vx1 in faces.get(n, []):
        x0, y0 = max(vx0, int(x + 0.15 * w)), max(0, int(y + h / 4))
        x1, y1 = min(vx1, int(x + 0.85 * w)), min(fa.shape[0], int(y + 3 * h / 4))
        if x1 - x0 < 4 or y1 <= y0:
            continue
        total += 1
        d = np.abs(fa[y0:y1, x0:x1].astype(np.int16) - fb[y0:y1, x0:x1].astype(np.int16)).mean()
        if d < 12:
            leaked += 1
            who.setdefault(p, []).append(n)
    n += 1
print("%d of %d face-frames leak%s" % (leaked, total, "".join(
    " (person %d: frames %s)" % (p, ",".join(map(str, fr))) for p, fr in sorted(who.items()))))
