#!/usr/bin/python3
# make-fixtures.py: writes the synthetic app packages Veil's tests use.
#
# Every file is built from scratch here (CC0): minimal but valid DEX 035
# (checksum and SHA-1 signature correct, accepted by Debian's dexdump),
# binary-XML manifests, ZIPs of them, and hostile variants. Run it from
# anywhere; it writes next to itself. `--bench OUT.apk` writes the large
# benchmark APK instead (3 DEX files, 60,000 classes).
#
# SPDX-License-Identifier: CC0-1.0
import hashlib
import io
import os
import struct
import sys
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
DATE = (2026, 1, 1, 0, 0, 0)


# ---------------------------------------------------------------- DEX

def uleb128(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def dex(classes, strings=(), corrupt=None):
    """classes: slash names ("com/example/A"); strings: extra constants."""
    descs = ["L%s;" % c for c in classes]
    obj = "Ljava/lang/Object;"
    all_strings = sorted(set(descs) | {obj} | set(strings))
    sidx = {s: i for i, s in enumerate(all_strings)}
    types = sorted({sidx[d] for d in descs} | {sidx[obj]})
    tidx = {s: i for i, s in enumerate(types)}
    ns, nt, nc = len(all_strings), len(types), len(descs)

    string_ids_off = 0x70
    type_ids_off = string_ids_off + 4 * ns
    class_defs_off = type_ids_off + 4 * nt
    data_off = class_defs_off + 32 * nc
    sdata = bytearray()
    soffs = []
    for s in all_strings:
        soffs.append(data_off + len(sdata))
        b = s.encode("utf-8")
        sdata += uleb128(len(s)) + b + b"\0"
    map_off = data_off + len(sdata)
    pad = (-map_off) % 4
    map_off += pad
    items = [(0x0000, 1, 0), (0x0001, ns, string_ids_off), (0x0002, nt, type_ids_off)]
    if nc:
        items.append((0x0006, nc, class_defs_off))
    items += [(0x2002, ns, data_off), (0x1000, 1, map_off)]
    maplist = struct.pack("<I", len(items)) + b"".join(
        struct.pack("<HHII", t, 0, n, o) for t, n, o in items)
    file_size = map_off + len(maplist)

    body = bytearray()
    body += b"".join(struct.pack("<I", o) for o in soffs)
    body += b"".join(struct.pack("<I", s) for s in types)
    for d in descs:
        body += struct.pack("<IIIIIIII", tidx[sidx[d]], 1, tidx[sidx[obj]], 0,
                            0xFFFFFFFF, 0, 0, 0)
    body += sdata + b"\0" * pad + maplist

    sizes = [0, 0, map_off, ns, string_ids_off, nt, type_ids_off, 0, 0, 0, 0,
             0, 0, nc, class_defs_off if nc else 0, file_size - data_off, data_off]
    if corrupt == "string_ids_off":
        sizes[4] = 0x7FFFFFF0
    if corrupt == "string_data_off":
        body[0:4] = struct.pack("<I", 0xFFFFFF00)
    if corrupt == "type_idx":
        body[4 * ns:4 * ns + 4] = struct.pack("<I", 0xFFFF)
    header = struct.pack("<II", file_size, 0x70) + struct.pack("<I", 0x12345678)
    header += struct.pack("<" + "I" * len(sizes), *sizes)
    out = bytearray(b"dex\n035\0" + b"\0" * 24 + header) + body
    assert len(out) == file_size, (len(out), file_size)
    out[12:32] = hashlib.sha1(out[32:]).digest()
    out[8:12] = struct.pack("<I", zlib.adler32(bytes(out[12:])))
    return bytes(out)


# ---------------------------------------------------------------- AXML

ANDROID_NS = "http://schemas.android.com/apk/res/android"
RES_IDS = {"versionCode": 0x0101021B, "versionName": 0x0101021C, "name": 0x01010003}


def axml(package, version_code, version_name, permissions, utf8=True):
    strings = ["versionCode", "versionName", "name", "android", ANDROID_NS,
               "manifest", "package", "uses-permission", version_name, package] + permissions
    idx = {s: i for i, s in enumerate(strings)}

    offs, data = [], bytearray()
    for s in strings:
        offs.append(len(data))
        if utf8:
            b = s.encode("utf-8")
            data += bytes([len(s), len(b)]) + b + b"\0"
        else:
            data += struct.pack("<H", len(s)) + s.encode("utf-16-le") + b"\0\0"
    data += b"\0" * ((-len(data)) % 4)
    strings_start = 28 + 4 * len(strings)
    pool = struct.pack("<HHIIIIII", 1, 28, strings_start + len(data), len(strings), 0,
                       (1 << 8) if utf8 else 0, strings_start, 0)
    pool += b"".join(struct.pack("<I", o) for o in offs) + data

    ids = [RES_IDS["versionCode"], RES_IDS["versionName"], RES_IDS["name"]]
    resmap = struct.pack("<HHI", 0x180, 8, 8 + 4 * len(ids)) + b"".join(struct.pack("<I", i) for i in ids)
    NONE = 0xFFFFFFFF

    def ns_chunk(t):
        return struct.pack("<HHIIIII", t, 16, 24, 1, NONE, idx["android"], idx[ANDROID_NS])

    def attr(ns, name, raw, dtype, value):
        return struct.pack("<IIIHBBI", ns, name, raw, 8, 0, dtype, value)

    def start(name, attrs):
        body = struct.pack("<IIHHHHHH", NONE, idx[name], 20, 20, len(attrs), 0, 0, 0) + b"".join(attrs)
        return struct.pack("<HHIII", 0x102, 16, 16 + len(body), 1, NONE) + body

    def end(name):
        return struct.pack("<HHIIIII", 0x103, 16, 24, 1, NONE, NONE, idx[name])

    a_ns = idx[ANDROID_NS]
    chunks = ns_chunk(0x100)
    chunks += start("manifest", [
        attr(a_ns, idx["versionCode"], NONE, 0x10, version_code),
        attr(a_ns, idx["versionName"], idx[version_name], 0x03, idx[version_name]),
        attr(NONE, idx["package"], idx[package], 0x03, idx[package]),
    ])
    for p in permissions:
        chunks += start("uses-permission", [attr(a_ns, idx["name"], idx[p], 0x03, idx[p])])
        chunks += end("uses-permission")
    chunks += end("manifest") + ns_chunk(0x101)
    body = pool + resmap + chunks
    return struct.pack("<HHI", 3, 8, 8 + len(body)) + body


# ---------------------------------------------------------------- ZIP

def zipped(members, compress=zipfile.ZIP_DEFLATED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, DATE)
            info.compress_type = compress
            z.writestr(info, data)
    return buf.getvalue()


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


PERMS = ["android.permission.INTERNET", "android.permission.CAMERA",
         "android.permission.ACCESS_FINE_LOCATION", "com.google.android.gms.permission.AD_ID",
         "android.permission.READ_CONTACTS"]


def android_fixtures():
    manifest = axml("org.example.veil.multidex", 42, "1.4.2", PERMS)
    write("multidex-manifest.apk", zipped([
        ("AndroidManifest.xml", manifest),
        ("classes.dex", dex(["org/example/veil/Main", "com/adjust/sdk/Adjust"],
                            ["https://app.adjust.com/session"])),
        ("classes2.dex", dex(["com/onesignal/OneSignal", "org/example/veil/Util"])),
        ("classes3.dex", dex(["com/google/firebase/analytics/FirebaseAnalytics"],
                             ["app-measurement.com"])),
        ("res/raw/notes.txt", b"not code\n"),
    ]))
    write("manifest-utf16.apk", zipped([
        ("AndroidManifest.xml", axml("org.example.veil.utf16", 7, "0.7", PERMS[:2], utf8=False)),
        ("classes.dex", dex(["org/example/veil/Utf16"])),
    ]))
    write("truncated-axml.apk", zipped([
        ("AndroidManifest.xml", manifest[:len(manifest) // 2]),
        ("classes.dex", dex(["org/example/veil/Main", "io/sentry/Sentry"])),
    ]))
    base = zipped([("AndroidManifest.xml", axml("org.example.veil.bundle", 3, "3.0", PERMS[1:3])),
                   ("classes.dex", dex(["org/example/veil/Bundle", "com/appsflyer/AppsFlyerLib"]))])
    split = zipped([("classes.dex", dex(["com/facebook/ads/AdView"]))])
    write("bundle.xapk", zipped([("manifest.json", b'{"package_name":"org.example.veil.bundle"}'),
                                 ("org.example.veil.bundle.apk", base),
                                 ("config.arm64_v8a.apk", split)]))

    def nest(levels):
        inner = zipped([("classes.dex", dex(["org/example/deep/Leaf", "com/google/ads/AdRequest"]))])
        for _ in range(levels):
            inner = zipped([("inner.apk", inner)], zipfile.ZIP_STORED)
        return inner
    write("nested-depth10.apk", nest(10))
    write("nested-depth11.apk", nest(11))

    write("dex-bad-strings-offset.apk", zipped([("classes.dex", dex(["a/b/C"], corrupt="string_ids_off"))]))
    write("dex-bad-string-data.apk", zipped([("classes.dex", dex(["a/b/C"], corrupt="string_data_off"))]))
    write("dex-bad-type-index.apk", zipped([("classes.dex", dex(["a/b/C"], corrupt="type_idx"))]))
    write("dex-truncated.apk", zipped([("classes.dex", dex(["a/b/C", "com/appsflyer/X"])[:150])]))
    # 32 MiB of zeros packs into ~32 KB: the tests scan it with an 8 MiB cap.
    write("zip-bomb.apk", zipped([("classes.dex", b"\0" * (32 << 20))]))
    write("not-a-package.apk", b"This is a text file, not a ZIP.\n" * 4)
    # Google's measurement endpoint as the only ad server name, no AdMob
    # code: εxodus does not report AdMob for it, Veil says "possible".
    write("admob-string-only.apk", zipped([
        ("classes.dex", dex(["org/example/veil/Stats"],
                            ["https://pagead2.googlesyndication.com/pagead/gen_204?id=gmob-apps"])),
    ]))


# ---------------------------------------------------------------- iOS

def macho(classes, cryptid=None, bits64=True):
    """A minimal Mach-O: one __TEXT segment with __objc_classname, and an
    LC_ENCRYPTION_INFO(_64) when cryptid is given."""
    names = b"".join(c.encode() + b"\0" for c in classes)
    if bits64:
        hdr_size, seg_size, sec_size = 32, 72, 80
    else:
        hdr_size, seg_size, sec_size = 28, 56, 68
    enc_size = 24 if bits64 else 20
    ncmds = 1 + (cryptid is not None)
    cmds_size = seg_size + sec_size + (enc_size if cryptid is not None else 0)
    data_off = hdr_size + cmds_size
    if bits64:
        out = struct.pack("<IiiIIIII", 0xFEEDFACF, 0x0100000C, 0, 2, ncmds, cmds_size, 0, 0)
        seg = struct.pack("<II16sQQQQiiII", 0x19, seg_size + sec_size, b"__TEXT", 0, len(names),
                          data_off, len(names), 5, 5, 1, 0)
        sec = struct.pack("<16s16sQQIIIIIIII", b"__objc_classname", b"__TEXT", 0, len(names),
                          data_off, 0, 0, 0, 2, 0, 0, 0)
    else:
        out = struct.pack("<IiiIIII", 0xFEEDFACE, 12, 0, 2, ncmds, cmds_size, 0)
        seg = struct.pack("<II16sIIIIiiII", 0x1, seg_size + sec_size, b"__TEXT", 0, len(names),
                          data_off, len(names), 5, 5, 1, 0)
        sec = struct.pack("<16s16sIIIIIIIII", b"__objc_classname", b"__TEXT", 0, len(names),
                          data_off, 0, 0, 0, 2, 0, 0)
    out += seg + sec
    if cryptid is not None:
        if bits64:
            out += struct.pack("<IIIIII", 0x2C, enc_size, data_off, len(names), cryptid, 0)
        else:
            out += struct.pack("<IIIII", 0x21, enc_size, data_off, len(names), cryptid)
    return out + names


def fat(*slices):
    out = struct.pack(">II", 0xCAFEBABE, len(slices))
    off = 4096
    body = b""
    for sl in slices:
        out += struct.pack(">iiIII", 12, 0, off + len(body), len(sl), 12)
        body += sl + b"\0" * ((-len(sl)) % 4096)
    return out + b"\0" * (off - len(out)) + body


def ios_fixtures():
    import plistlib
    info = {"CFBundleIdentifier": "org.example.veil.ios", "CFBundleShortVersionString": "2.1",
            "CFBundleVersion": "210", "CFBundleDisplayName": "Veil Fixture", "CFBundleExecutable": "VeilFixture"}
    privacy_sdk = {"NSPrivacyTracking": True, "NSPrivacyTrackingDomains": ["ads.example-sdk.test"],
                   "NSPrivacyCollectedDataTypes": [{
                       "NSPrivacyCollectedDataType": "NSPrivacyCollectedDataTypeDeviceID",
                       "NSPrivacyCollectedDataTypeLinked": False, "NSPrivacyCollectedDataTypeTracking": True,
                       "NSPrivacyCollectedDataTypePurposes": ["NSPrivacyCollectedDataTypePurposeThirdPartyAdvertising"]}],
                   "NSPrivacyAccessedAPITypes": [{"NSPrivacyAccessedAPIType": "NSPrivacyAccessedAPICategoryUserDefaults",
                                                  "NSPrivacyAccessedAPITypeReasons": ["CA92.1"]}]}
    privacy_app = {"NSPrivacyTracking": False, "NSPrivacyCollectedDataTypes": [],
                   "NSPrivacyAccessedAPITypes": []}
    app = "Payload/VeilFixture.app/"
    common = [
        (app + "PrivacyInfo.xcprivacy", plistlib.dumps(privacy_app)),
        (app + "Frameworks/FBSDKCoreKit.framework/Info.plist", plistlib.dumps({"CFBundleName": "FBSDKCoreKit"})),
        (app + "Frameworks/FBSDKCoreKit.framework/FBSDKCoreKit", macho(["FBSDKAppEvents"], cryptid=0)),
        (app + "Frameworks/FBSDKCoreKit.framework/PrivacyInfo.xcprivacy", plistlib.dumps(privacy_sdk)),
        (app + "Frameworks/Helpers.framework/Helpers", macho(["HLPString"], cryptid=0)),
    ]
    # Unencrypted (ad-hoc) build, binary Info.plist, fat binary: classes readable.
    write("ios-adhoc.ipa", zipped([
        (app + "VeilFixture", fat(macho(["AppDelegate", "GADMobileAds", "Mixpanel"], cryptid=0),
                                  macho(["AppDelegate", "GADMobileAds", "Mixpanel"], cryptid=0, bits64=False))),
        (app + "Info.plist", plistlib.dumps(info, fmt=plistlib.FMT_BINARY)),
    ] + common))
    # App Store build: XML Info.plist, main binary encrypted.
    write("ios-encrypted.ipa", zipped([
        (app + "Info.plist", plistlib.dumps(info)),
        (app + "VeilFixture", macho(["AppDelegate", "GADMobileAds"], cryptid=1)),
    ] + common))
    # Hostile property lists.
    bp = bytearray(plistlib.dumps({"a": [1, 2]}, fmt=plistlib.FMT_BINARY))
    write("plist-cycle.bplist", bplist_cycle())
    bad = bytearray(bp)
    bad[-8:] = struct.pack(">Q", len(bp) + 1000)   # offset table past the end
    write("plist-bad-offset.bplist", bytes(bad))
    write("ios-bad-plist.ipa", zipped([
        (app + "Info.plist", bytes(bad)),
        (app + "VeilFixture", macho(["AppDelegate"], cryptid=0)),
    ]))


def bplist_cycle():
    """An array whose only element is itself."""
    objs = [b"\xa1\x00"]                    # array of 1 ref: object 0
    offsets = [8]
    body = b"bplist00" + objs[0]
    table = len(body)
    body += bytes(offsets)
    trailer = b"\0" * 6 + bytes([1, 1]) + struct.pack(">QQQ", 1, 0, table)
    return body + trailer


def bench(path, n_classes=60000, n_dex=3):
    import random
    rnd = random.Random(1)
    words = ["core", "util", "net", "data", "view", "model", "io", "ui", "cache", "auth",
             "sync", "media", "store", "event", "task", "graph", "json", "http", "log", "db"]
    real = ["com/facebook/appevents/AppEventsLogger", "com/google/firebase/analytics/FirebaseAnalytics",
            "com/appsflyer/AppsFlyerLib", "io/sentry/Sentry", "com/google/android/gms/ads/AdView"]
    members = []
    per = n_classes // n_dex
    for d in range(n_dex):
        names = set()
        while len(names) < per:
            pkg = "/".join(rnd.choice(words) for _ in range(rnd.randint(2, 4)))
            names.add("com/example/bench/%s/%s%d" % (pkg, rnd.choice(words).title(), rnd.randint(0, 99999)))
        names = sorted(names)[:per - 2] + real[d::n_dex][:2]
        members.append(("classes.dex" if d == 0 else "classes%d.dex" % (d + 1), dex(names)))
    with open(path, "wb") as f:
        f.write(zipped(members))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--bench":
        bench(sys.argv[2])
    else:
        android_fixtures()
        ios_fixtures()
