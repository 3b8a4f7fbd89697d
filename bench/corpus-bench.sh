#!/bin/bash
# corpus-bench.sh: cleaning the whole developer corpus (every format, every
# subfolder) with Veil, exiftool and mat2, in one run on the same machine.
#
#   bench/corpus-bench.sh [-v] [CORPUS_DIR] [VEIL_BINARY]
#
# Defaults: ../shared/corpus (167 files in one subfolder per format, see its
# SOURCES.md) and _build/app/veil. RUNS (default 3) sets how many timed runs
# Veil and exiftool get (the best counts); mat2 runs once (it is slow).
#
# How each tool is run:
#   Veil      veil clean -q -o OUT CORPUS     (one call; it mirrors subfolders)
#   exiftool  exiftool -q -all= -o OUT/DIR/ CORPUS/DIR   (one call per folder;
#             it keeps the file name and writes nothing for what it refuses)
#   mat2      mat2 FILE... on copies          (one call; it writes
#             NAME.cleaned.EXT beside each copy and prints "[-] …" for what it
#             refuses; without ffmpeg it cannot clean video)
#
# Per format (folder, or folder/extension where a folder mixes formats) it
# prints what each tool did and the identifying tags left in its outputs,
# counted with `exiftool -a -G1 -s` and the classification in identifying()
# below. -v lists those residual tags per tool and format.
#
# Times: wall-clock and CPU (user+sys of the tool's processes) for the whole
# mix, and files/s = files in the corpus / wall seconds; then wall-clock per
# format, each tool run again on just that format's files. The machine this
# runs on is often shared and busy; CPU time is the steadier figure.
set -euo pipefail
verbose=0
if [ "${1:-}" = "-v" ]; then verbose=1; shift; fi
here=$(cd "$(dirname "$0")/.." && pwd)
corpus=$(cd "${1:-$here/../shared/corpus}" 2>/dev/null && pwd) || { echo "no corpus (it lives in ../shared)"; exit 2; }
veil=$(realpath "${2:-$here/_build/app/veil}")
runs=${RUNS:-3}

[ -x "$veil" ] || { echo "build Veil first: $veil"; exit 2; }
command -v exiftool >/dev/null || { echo "needs exiftool (apt-get install libimage-exiftool-perl)"; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/veil-corpus-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT

# The corpus: every file in a subfolder (SOURCES.md and .manifest.tsv at the
# top are not media).
(cd "$corpus" && find . -mindepth 2 -type f ! -name '.*' | sed 's|^\./||' | LC_ALL=C sort) > "$work/files"
n=$(wc -l < "$work/files")
dirs=$(cut -d/ -f1 "$work/files" | LC_ALL=C sort -u)

# timed LABEL CMD...: runs CMD, appends "LABEL wall cpu" to $work/times.
# Bash's `time` counts the CPU of all child processes the command waited for.
timed () {
  local label=$1 t; shift
  t=$( { TIMEFORMAT='%R %U %S'; time "$@" >>"$work/$label.err" 2>&1; } 2>&1 ) || true
  t=$(echo "$t" | tail -1)
  echo "$label $(echo "$t" | awk '{ printf "%.3f %.3f", $1, $2 + $3 }')" >> "$work/times"
}

run_veil () { "$veil" clean -q -o "$1" "$corpus" || true; }
run_exiftool () {
  local d
  for d in $dirs; do exiftool -q -all= -o "$1/$d/" "$corpus/$d" || true; done
}
run_mat2 () { local list; mapfile -t list < "$work/files"; (cd "$1" && mat2 "${list[@]}") || true; }

echo "corpus: $corpus ($n files in $(echo "$dirs" | wc -l) folders, $(du -sh "$corpus" | cut -f1))"
echo "tools: $("$veil" --version 2>/dev/null | head -1 || echo veil), exiftool $(exiftool -ver)$(command -v mat2 >/dev/null && echo ", $(mat2 --version)")$(command -v ffmpeg >/dev/null || echo ' (no ffmpeg)')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $runs timed runs for Veil and exiftool (best counts), 1 for mat2"

# Warm the page cache so the first tool does not pay for reading the disk.
cat $(sed "s|^|$corpus/|" "$work/files") > /dev/null

: > "$work/times"
for r in $(seq "$runs"); do
  rm -rf "$work/veil"; timed veil run_veil "$work/veil"
  rm -rf "$work/exiftool"; mkdir -p "$work/exiftool"; timed exiftool run_exiftool "$work/exiftool"
done
if command -v mat2 >/dev/null; then
  mkdir -p "$work/mat2"
  (cd "$corpus" && cp --parents $(cat "$work/files") "$work/mat2/")
  chmod -R u+w "$work/mat2"
  timed mat2 run_mat2 "$work/mat2"
fi

# Per format (the same grouping as the table: a folder, or folder/extension
# where a folder mixes formats), each tool is timed again on just those
# files: the best of $runs runs for Veil and exiftool, one for mat2.
awk -F/ '{ n = split($NF, p, "."); e = tolower(p[n]); if (e == "jpeg") e = "jpg"; if (e == "tif") e = "tiff";
           print $1 "\t" e "\t" $0 }' "$work/files" > "$work/ext"
: > "$work/fmt-times"
for d in $dirs; do
  n_ext=$(awk -F'\t' -v d="$d" '$1 == d { print $2 }' "$work/ext" | sort -u | wc -l)
  for e in $(awk -F'\t' -v d="$d" '$1 == d { print $2 }' "$work/ext" | sort -u); do
    fmt=$d; [ "$n_ext" -gt 1 ] && fmt="$d/$e"
    mapfile -t group < <(awk -F'\t' -v d="$d" -v e="$e" -v c="$corpus/" '$1 == d && $2 == e { print c $3 }' "$work/ext")
    for r in $(seq "$runs"); do
      rm -rf "$work/fmt"; mkdir -p "$work/fmt"
      t0=$(date +%s%N); "$veil" clean -q -o "$work/fmt" "${group[@]}" >/dev/null 2>&1 || true; t1=$(date +%s%N)
      echo "$fmt veil $(( (t1 - t0) / 1000 ))" >> "$work/fmt-times"
      rm -rf "$work/fmt"; mkdir -p "$work/fmt"
      t0=$(date +%s%N); exiftool -q -all= -o "$work/fmt/" "${group[@]}" >/dev/null 2>&1 || true; t1=$(date +%s%N)
      echo "$fmt exiftool $(( (t1 - t0) / 1000 ))" >> "$work/fmt-times"
    done
    if command -v mat2 >/dev/null; then
      rm -rf "$work/fmt"; mkdir -p "$work/fmt"; cp "${group[@]}" "$work/fmt/"; chmod -R u+w "$work/fmt"
      t0=$(date +%s%N); (cd "$work/fmt" && mat2 ./* >/dev/null 2>&1) || true; t1=$(date +%s%N)
      echo "$fmt mat2 $(( (t1 - t0) / 1000 ))" >> "$work/fmt-times"
    fi
  done
done
rm -rf "$work/fmt"

# A folder walk skips formats Veil does not know without a word: ask it
# about each file it wrote nothing for (untimed), to tell refusals from
# failures.
while read -r f; do
  [ -e "$work/veil/$f" ] || "$veil" clean -q -o "$work/veil-probe" "$corpus/$f" >/dev/null 2>>"$work/veil.err" || true
done < "$work/files"

# Every output, and each original for comparison, read once by exiftool.
{
  sed "s|^|$corpus/|" "$work/files"
  find "$work/veil" "$work/exiftool" -type f 2>/dev/null
  [ -d "$work/mat2" ] && find "$work/mat2" -type f -name '*.cleaned.*'
} > "$work/to-read"
exiftool -a -G1 -s -@ "$work/to-read" > "$work/tags" 2>/dev/null || true

python3 - "$work" "$corpus" "$n" "$verbose" <<'PY'
import collections, filecmp, os, re, sys

work, corpus, n, verbose = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1"

# ---------------------------------------------------------------------------
# What counts as an identifying tag. exiftool -G1 names the group a tag was
# found in; three kinds of group:
#
# 1. STRUCTURE: only how the file is stored, or exiftool's own view of it
#    (file name, size, pixel format, colour profile, derived Composite tags).
#    Never counted.
STRUCTURE = {
    "ExifTool", "System", "File", "Composite", "JFIF", "Adobe",
    "ICC-header", "ICC_Profile", "ICC-view", "ICC-meas", "ICC-chrm",
    "PNG-pHYs",
}
# 2. MIXED: containers whose headers describe the picture or the tracks
#    (size, codec, frame rate, time scale, screen size, TIFF strip layout)
#    but can also carry who/where/when. A tag here counts only when its name
#    says it is a date, a place, a device, software, a person, a comment or
#    a thumbnail (IDENTIFYING_NAME), and a date only when it is not zero
#    (cleaners set QuickTime dates to 0000:00:00 00:00:00 rather than
#    delete the fields the format requires).
MIXED = re.compile(r"^(IFD0|SubIFD\d*|PNG|RIFF|GIF|QuickTime|Track\d+|Jpeg2000|"
                   r"Matroska|ASF|SVG|Meta|BMP|Photoshop|JXL|PPM)$")
IDENTIFYING_NAME = re.compile(
    r"Date|TimeStamp|CreationTime|TimeCreated|TimeZone|OffsetTime"      # when
    r"|GPS|Location|Latitude|Longitude|Altitude|Geo|Coordinates|ModelTiePoint"
    r"|PixelScale|City|Country|Province|Sublocation"                    # where
    r"|Make|Model|Serial|Lens|Vendor|Firmware|Camera"                   # device
    r"|Software|Encoder|HostComputer|Writer|Producer|Tool"               # software
    r"|Artist|Author|Creator|Owner|Copyright|Rights|Contact|By-line"    # who
    r"|Comment|Description|Title|Keyword|Subject|Caption|Label|Note"    # words
    r"|DocumentName|PageName|Text"
    r"|MuxingApp|WritingApp"
    r"|Thumbnail|Preview|XMP|IPTC|MakerNote|UserData", re.I)
# Names that match the above but are playback structure (QuickTime movie
# header times are offsets into the movie, not dates).
# Photoshop's GlobalAltitude is the angle of its lighting effects.
STRUCTURE_NAME = re.compile(r"^(Preview(Time|Duration)|PosterTime|Selection(Time|Duration)"
                            r"|CurrentTime|.*TimeScale|.*Duration|GlobalAltitude)$")
ZERO_DATE = re.compile(r"^[0:\s.+\-Z]*$")
# Required fields that a cleaner may keep with a neutral value, like the
# zero dates: a DNG must name a camera model (Veil writes "Camera").
NEUTRAL = {("UniqueCameraModel", "Camera")}
# exiftool calls IFD0's own pixels "ThumbnailTIFF" when IFD0 is marked as a
# reduced-resolution image (a DNG's preview, rendered from the raw data the
# file keeps): that is picture, not a metadata block, like the main image.
PICTURE = {("IFD0", "ThumbnailTIFF")}
# 3. Every other group is metadata by nature and counts in full: EXIF
#    (ExifIFD, GPS, IFD1 thumbnail, InteropIFD), XMP-*, IPTC, Photoshop IRB
#    in JPEG, maker notes (Canon, Nikon, Apple, …), MPF, FlashPix, QuickTime
#    Keys/ItemList/UserData, vendor segments. An unknown group counts: a
#    tag is treated as identifying unless it is known not to be.
def identifying(group, tag, value):
    if group in STRUCTURE or (group, tag) in PICTURE or (tag, value) in NEUTRAL:
        return False
    if MIXED.match(group):
        if not IDENTIFYING_NAME.search(tag) or STRUCTURE_NAME.match(tag):
            return False
        if re.search(r"Date|Time", tag) and ZERO_DATE.match(value):
            return False
        return True
    return True
# The orientation EXIF tag that Veil keeps on purpose (IFD0:Orientation) is
# not identifying by rule 2: its name matches nothing above.
# ---------------------------------------------------------------------------

tags = collections.defaultdict(list)   # path -> [(group, tag, value)]
current = None
with open(os.path.join(work, "tags"), errors="replace") as f:
    for line in f:
        if line.startswith("======== "):
            current = os.path.normpath(line[9:].rstrip("\n"))
            continue
        m = re.match(r"^\[([^\]]+)\]\s+(\S+)\s*: ?(.*)$", line.rstrip("\n"))
        if m and current is not None:
            tags[current].append(m.groups())

def residue(path):
    return [(g, t, v) for g, t, v in tags.get(os.path.normpath(path), []) if identifying(g, t, v)]

files = open(os.path.join(work, "files")).read().split()
by_dir = collections.Counter(f.split("/")[0] for f in files)
exts_in = collections.defaultdict(set)
SAME_EXT = {".jpeg": ".jpg", ".tif": ".tiff"}
def ext_of(f):
    e = os.path.splitext(f)[1].lower()
    return SAME_EXT.get(e, e)
for f in files:
    exts_in[f.split("/")[0]].add(ext_of(f))
def fmt_of(f):
    d = f.split("/")[0]
    return d if len(exts_in[d]) == 1 else d + "/" + ext_of(f).lstrip(".")

def read_errors(name):
    try:
        return open(os.path.join(work, name + ".err"), errors="replace").read()
    except OSError:
        return ""
veil_err = read_errors("veil")
mat2_err = read_errors("mat2")
have_mat2 = os.path.isdir(os.path.join(work, "mat2"))

rows = collections.OrderedDict()
listing = collections.defaultdict(list)   # (tool, fmt) -> residual tag lines
def row(fmt):
    return rows.setdefault(fmt, collections.Counter())

for f in sorted(files, key=fmt_of):
    fmt, r = fmt_of(f), row(fmt_of(f))
    src = os.path.join(corpus, f)
    r["files"] += 1
    r["orig"] += len(residue(src))

    out = os.path.join(work, "veil", f)
    if os.path.exists(out):
        r["v_clean"] += 1
        res = residue(out)
        r["v_res"] += len(res); r["v_resf"] += bool(res)
        listing[("veil", fmt)] += ["%s: [%s] %s: %s" % (os.path.basename(f), *x) for x in res]
    elif re.search(re.escape(src) + r": (.*not supported yet|not a photo or video format)", veil_err):
        r["v_refused"] += 1
    else:
        r["v_failed"] += 1

    out = os.path.join(work, "exiftool", f)
    if os.path.exists(out):
        r["e_written"] += 1
        res = residue(out)
        r["e_res"] += len(res); r["e_resf"] += bool(res)
        listing[("exiftool", fmt)] += ["%s: [%s] %s: %s" % (os.path.basename(f), *x) for x in res]
    else:
        r["e_refused"] += 1

    if have_mat2:
        base, ext = os.path.splitext(os.path.join(work, "mat2", f))
        out = base + ".cleaned" + ext
        if not os.path.exists(out):
            r["m_refused"] += 1
        else:
            same = filecmp.cmp(src, out, shallow=False)
            r["m_unchanged" if same else "m_clean"] += 1
            res = residue(out)
            r["m_res"] += len(res); r["m_resf"] += bool(res)
            listing[("mat2", fmt)] += ["%s: [%s] %s: %s" % (os.path.basename(f), *x) for x in res]

print("\nResidual = identifying tags left in the outputs, \"tags/files\" (files with any);")
print("orig = the same count on the originals. Veil c/r/f = cleaned/refused (not supported)/failed (damaged);")
print("exiftool w/r = written/refused; mat2 c/u/r = cleaned/unchanged (byte-identical)/refused.\n")
hdr = "%-11s %5s %6s | %-9s %9s | %-6s %9s | %-8s %9s" % (
    "format", "files", "orig", "Veil c/r/f", "residual", "exif w/r", "residual", "mat2 c/u/r", "residual")
print(hdr); print("-" * len(hdr))
total = collections.Counter()
for fmt, r in rows.items():
    total.update(r)
for fmt, r in list(rows.items()) + [("TOTAL", total)]:
    if fmt == "TOTAL":
        print("-" * len(hdr))
    print("%-11s %5d %6d | %-10s %8s | %-8s %8s | %-10s %8s" % (
        fmt, r["files"], r["orig"],
        "%d/%d/%d" % (r["v_clean"], r["v_refused"], r["v_failed"]), "%d/%d" % (r["v_res"], r["v_resf"]),
        "%d/%d" % (r["e_written"], r["e_refused"]), "%d/%d" % (r["e_res"], r["e_resf"]),
        ("%d/%d/%d" % (r["m_clean"], r["m_unchanged"], r["m_refused"])) if have_mat2 else "-",
        ("%d/%d" % (r["m_res"], r["m_resf"])) if have_mat2 else "-"))

fmt_times = collections.defaultdict(list)   # (fmt, tool) -> [µs]
for line in open(os.path.join(work, "fmt-times")):
    fmt, tool, us = line.split()
    fmt_times[(fmt, tool)].append(int(us))
print("\nTime per format, ms (each tool run on just those files; best of the timed runs, mat2 once):")
print("%-11s %5s | %9s %9s %9s | %s" % ("format", "files", "Veil", "exiftool", "mat2", "exiftool/Veil"))
for fmt, r in rows.items():
    v, e, m = (min(fmt_times[(fmt, t)]) / 1000 if fmt_times[(fmt, t)] else None for t in ("veil", "exiftool", "mat2"))
    print("%-11s %5d | %9s %9s %9s | %s" % (
        fmt, r["files"], "%.1f" % v if v is not None else "-", "%.1f" % e if e is not None else "-",
        "%.1f" % m if m is not None else "-", "%.0fx" % (e / v) if v and e else "-"))

times = collections.defaultdict(list)
for line in open(os.path.join(work, "times")):
    label, wall, cpu = line.split()
    times[label].append((float(wall), float(cpu)))
best = {k: (min(w for w, _ in v), min(c for _, c in v)) for k, v in times.items()}
print("\n%-9s %9s %9s %9s %11s" % ("tool", "wall s", "CPU s", "files/s", "files/CPU-s"))
for k in ("veil", "exiftool", "mat2"):
    if k in best:
        w, c = best[k]
        print("%-9s %9.3f %9.3f %9.1f %11.1f" % (k, w, c, n / w, n / c if c else float("inf")))
        if len(times[k]) > 1:
            print("%-9s walls: %s" % ("", " ".join("%.3f" % w for w, _ in times[k])))
if "veil" in best and "exiftool" in best:
    print("\nVeil files/s / exiftool files/s: %.1f by wall time, %.1f by CPU time  (goal >= 8)" % (
        best["exiftool"][0] / best["veil"][0], best["exiftool"][1] / best["veil"][1]))
if "veil" in best and "mat2" in best:
    print("Veil files/s / mat2 files/s:     %.1f by wall time, %.1f by CPU time" % (
        best["mat2"][0] / best["veil"][0], best["mat2"][1] / best["veil"][1]))

failed = [l for l in veil_err.splitlines() if l.startswith("veil:") and not re.search("not supported yet|not a photo or video format", l)]
if failed:
    print("\nVeil failures (not refusals):")
    for l in sorted(set(failed)):
        print("  " + l.replace(corpus + "/", ""))
if verbose:
    print("\nmat2 messages:")
    for l in sorted(set(l for l in mat2_err.splitlines() if l.strip())):
        print("  " + l.replace(os.path.join(work, "mat2") + "/", ""))
    for tool in ("veil", "exiftool", "mat2"):
        for fmt in rows:
            if listing[(tool, fmt)]:
                print("\nresidual %s, %s:" % (tool, fmt))
                for l in listing[(tool, fmt)]:
                    print("  " + l[:160])
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
