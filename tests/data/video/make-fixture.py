#!/usr/bin/python3
# make-fixture.py OUTDIR [WIDTH HEIGHT SECONDS]: writes test videos with
# moving faces, made at test time (never committed: the face crops in
# ../shared/faces are TV stills, research use only).
#
#   OUTDIR/faces.mp4      landscape, H.264 + AAC, a GPS location in the container
#   OUTDIR/portrait.mov   the same scene stored turned (coded 360×640 with a
#                         90° display matrix), as phones store their videos
#   OUTDIR/truth.txt      one line per face per frame where it shows:
#                         "frame person x y w h visible vx0 vx1" (landscape
#                         pixels; visible = fraction of the face not hidden or
#                         cut off; vx0..vx1 = the widest run of its columns
#                         in view)
#
# The people: 1 runs fast back and forth across the frame and behind the
# post; 2 walks out of the frame and comes back in; 3 walks slowly behind
# the post; 4 stands still (the one the tests keep visible); 5 is small
# (about 24 px).
#
# Exit 77 (skip) when ../shared/faces, python3-opencv or ffmpeg is missing.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import shutil
import subprocess
import sys

try:
    import cv2
    import numpy as np
except ImportError:
    print("skip: python3-opencv and python3-numpy are needed", file=sys.stderr)
    sys.exit(77)

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get("VEIL_SHARED_DIR", os.path.join(HERE, "..", "..", "..", "..", "shared"))
FACES = os.path.join(SHARED, "faces")

out_dir = sys.argv[1]
W = int(sys.argv[2]) if len(sys.argv) > 2 else 640
H = int(sys.argv[3]) if len(sys.argv) > 3 else 360
SECONDS = float(sys.argv[4]) if len(sys.argv) > 4 else 4.0
FPS = 30
N = int(SECONDS * FPS)
S = W / 640.0  # everything is laid out for 640×360 and scaled

if not os.path.isdir(FACES):
    print("skip: %s is absent" % FACES, file=sys.stderr)
    sys.exit(77)
if shutil.which("ffmpeg") is None:
    print("skip: ffmpeg is not installed", file=sys.stderr)
    sys.exit(77)
os.makedirs(out_dir, exist_ok=True)

rng = np.random.default_rng(16)
# A textured background (so that the quality away from faces means
# something): smooth colour blobs plus fine grain.
small = rng.integers(40, 215, size=(9, 16, 3)).astype(np.uint8)
background = cv2.resize(small, (W, H), interpolation=cv2.INTER_CUBIC)
background = cv2.add(background, rng.integers(0, 18, size=(H, W, 3)).astype(np.uint8))
POST = (int(300 * S), int(340 * S))  # the occluder, a post across the frame


def load(name, size):
    face = cv2.imread(os.path.join(FACES, name))
    if face is None:
        print("skip: cannot read %s" % name, file=sys.stderr)
        sys.exit(77)
    return cv2.resize(face, (size, size), interpolation=cv2.INTER_AREA)


def triangle(t, period):
    p = (t / period) % 1.0
    return 2 * p if p < 0.5 else 2 - 2 * p


def positions(t):
    """(person, image name, size, x, y, squeeze, blur) of each face at time
    t: squeeze < 1 narrows the face as when the head turns away; blur is
    the length of the motion blur in pixels (fast motion)."""
    yield 1, "sheldon_1.png", 80, 20 + triangle(t, 3.0) * 540, 18, 1.0, 14
    if t < 1.3:
        x2 = 450 + t * 160
    elif t < 2.3:
        x2 = 10000  # out of the frame
    else:
        x2 = 640 - (t - 2.3) * 120
    yield 2, "penny_2.png", 70, x2, 262, 1.0, 4
    # turns his head now and then while walking behind the post
    yield 3, "leonard_1.png", 86, 170 + t * 70, 130, 0.3 + 0.7 * abs(np.cos(np.pi * t / 1.7)), 0
    yield 4, "amy_1.png", 70, 548, 140, 1.0, 0
    yield 5, "raj_1.png", 30, 40, 200, 1.0, 0


crops = {}
mask_cache = {}


def paste(frame, name, size, x, y, squeeze=1.0, blur=0):
    key = (name, size)
    if key not in crops:
        crops[key] = load(name, size)
        m = np.zeros((size, size), np.float32)
        cv2.ellipse(m, (size // 2, size // 2), (int(size * 0.47), int(size * 0.5)), 0, 0, 360, 1.0, -1)
        mask_cache[key] = cv2.GaussianBlur(m, (0, 0), size * 0.04 + 0.5)
    face, m = crops[key], mask_cache[key]
    if squeeze < 0.99:
        nw = max(2, int(size * squeeze))
        pad = (size - nw) // 2
        face = cv2.copyMakeBorder(cv2.resize(face, (nw, size)), 0, 0, pad, size - nw - pad, cv2.BORDER_CONSTANT)
        m = cv2.copyMakeBorder(cv2.resize(m, (nw, size)), 0, 0, pad, size - nw - pad, cv2.BORDER_CONSTANT)
    if blur > 1:
        k = np.full((1, int(blur)), 1.0 / int(blur), np.float32)
        face, m = cv2.filter2D(face, -1, k), cv2.filter2D(m, -1, k)
    m = m[:, :, None]
    x0, y0 = int(round(x)), int(round(y))
    fx0, fy0 = max(0, -x0), max(0, -y0)
    fx1, fy1 = min(size, W - x0), min(size, H - y0)
    if fx1 <= fx0 or fy1 <= fy0:
        return 0.0
    region = frame[y0 + fy0:y0 + fy1, x0 + fx0:x0 + fx1].astype(np.float32)
    f = face[fy0:fy1, fx0:fx1].astype(np.float32)
    mm = m[fy0:fy1, fx0:fx1]
    frame[y0 + fy0:y0 + fy1, x0 + fx0:x0 + fx1] = (region * (1 - mm) + f * mm).astype(np.uint8)
    return (fx1 - fx0) * (fy1 - fy0) / float(size * size)


def render(i, truth):
    t = i / FPS
    frame = background.copy()
    # a little sensor noise, as in any real clip
    frame = cv2.add(frame, rng.integers(0, 4, size=(H, W, 3)).astype(np.uint8))
    for person, name, size, x, y, squeeze, blur in positions(t):
        size = max(8, int(size * S))
        x, y = x * S, y * S
        inside = paste(frame, name, size, x, y, squeeze, blur * S)
        if inside <= 0:
            continue
        # the part behind the post is hidden
        x0, x1 = max(x, 0), min(x + size, W)
        behind = max(0.0, min(x1, POST[1]) - max(x0, POST[0])) / max(1.0, x1 - x0)
        visible = inside * (1 - behind)
        # the widest run of the face's columns that shows (left or right of the post)
        left = (x0, min(x1, POST[0]))
        right = (max(x0, POST[1]), x1)
        span = max(left, right, key=lambda r: r[1] - r[0])
        if truth is not None and visible > 0:
            truth.write("%d %d %.1f %.1f %d %d %.2f %d %d\n"
                        % (i, person, x, y, size, size, visible, span[0], span[1]))
    frame[:, POST[0]:POST[1]] = (90, 96, 100)
    return frame


def encode(frames, path, extra_in, extra_out, size):
    cmd = ["ffmpeg", "-loglevel", "error", "-y",
           "-f", "rawvideo", "-pix_fmt", "bgr24", "-s", "%dx%d" % size, "-r", str(FPS), "-i", "-",
           "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=%g" % SECONDS]
    cmd += extra_in
    cmd += ["-map", "0:v", "-map", "1:a", "-c:v", "libx264", "-preset", "veryfast", "-crf", "16",
            "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "96k", "-shortest",
            "-metadata", "location=+48.8584+002.2945/",
            "-metadata", "location-eng=+48.8584+002.2945/",
            "-metadata", "make=Veil Test Phone", "-metadata", "model=Fixture 1",
            "-metadata", "creation_time=2024-05-01T12:00:00Z"]
    cmd += extra_out + [path]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE)
    for f in frames:
        proc.stdin.write(f.tobytes())
    proc.stdin.close()
    if proc.wait() != 0:
        print("ffmpeg failed for %s" % path, file=sys.stderr)
        sys.exit(1)


def set_rotation_90(path, coded_height):
    """Writes a 90° clockwise display matrix into the video track's tkhd
    (FFmpeg 5.1's command line cannot set one)."""
    import struct
    with open(path, "r+b") as f:
        data = f.read()
        at = data.find(b"tkhd")  # the first track is the video
        if at < 0 or data[at + 4] != 0:
            sys.exit("no version-0 tkhd in %s" % path)
        matrix = struct.pack(">9I", 0, 0x10000, 0, 0xFFFF0000, 0, 0, coded_height << 16, 0, 0x40000000)
        f.seek(at - 4 + 48)
        f.write(matrix)


with open(os.path.join(out_dir, "truth.txt"), "w") as truth:
    frames = [render(i, truth) for i in range(N)]
encode(frames, os.path.join(out_dir, "faces.mp4"), [], ["-movflags", "+use_metadata_tags"], (W, H))

if W == 640:
    # A phone's way: the picture stored turned a quarter counter-clockwise
    # (360×640 as coded) with a display matrix that turns it back; shown, it
    # is the same scene as faces.mp4, so truth.txt holds for both.
    coded = [np.ascontiguousarray(cv2.rotate(f, cv2.ROTATE_90_COUNTERCLOCKWISE)) for f in frames]
    portrait = os.path.join(out_dir, "portrait.mov")
    encode(coded, portrait, [], [], (H, W))
    set_rotation_90(portrait, H)
print("wrote %s (%d frames)" % (out_dir, N))
