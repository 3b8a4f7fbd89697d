#!/usr/bin/env python3
# Writes a synthetic Facebook export of about SIZE_MB (default 1024) into a
# ZIP: one large off-Facebook activity file (OFF_MB, default 300), a single
# JSON array of advertisers of ADV_MB (default 500; names from a pool of
# 50,000, so it zips small as such lists do), the other ad files, and many
# "media" and message files, as real exports have. Random ids and times keep the JSON about as compressible as
# real data (a repetitive file would look like a zip bomb).
#
# usage: exports-gen.py OUT.zip [SIZE_MB] [OFF_MB] [ADV_MB]
# SPDX-License-Identifier: CC0-1.0
import json
import os
import random
import sys
import zipfile

out = sys.argv[1]
size_mb = int(sys.argv[2]) if len(sys.argv) > 2 else 1024
off_mb = int(sys.argv[3]) if len(sys.argv) > 3 else 300
adv_mb = int(sys.argv[4]) if len(sys.argv) > 4 else 500
rnd = random.Random(42)
root = "facebook-bench-2024/"
types = ["ACTIVATE_APP", "COMPLETE_REGISTRATION", "CONTACT", "CUSTOM", "LEAD", "LEVEL_ACHIEVED",
         "PAGE_VIEW", "PURCHASE", "SEARCH", "TUTORIAL_COMPLETION", "VIEW_CONTENT"]
total = 0


def info(name, method=zipfile.ZIP_DEFLATED):
    i = zipfile.ZipInfo(root + name, date_time=(2024, 5, 1, 12, 0, 0))
    i.compress_type = method
    return i


with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1, allowZip64=True) as z:
    # The big one, streamed: {"off_facebook_activity_v2": [{name, events: […]}, …]}
    with z.open(info("apps_and_websites_off_of_facebook/your_activity_off_meta_technologies.json"), "w",
                force_zip64=True) as f:
        f.write(b'{\n  "off_facebook_activity_v2": [\n')
        written = 0
        company = 0
        while written < off_mb * 1024 * 1024:
            events = []
            for _ in range(rnd.randint(200, 4000)):
                events.append('        {\n          "id": %d,\n          "type": "%s",\n          "timestamp": %d\n        }'
                              % (rnd.randrange(10**14, 10**16), rnd.choice(types), rnd.randrange(1500000000, 1720000000)))
            block = ('%s    {\n      "name": "Company %d \\u00c3\\u00a9tude %x",\n      "events": [\n%s\n      ]\n    }'
                     % (",\n" if company else "", company, rnd.getrandbits(32), ",\n".join(events))).encode()
            f.write(block)
            written += len(block)
            company += 1
        f.write(b"\n  ]\n}\n")
        total += written
    # The single big array of advertisers, streamed.
    with z.open(info("ads_information/advertisers_using_your_activity_or_information.json"), "w",
                force_zip64=True) as f:
        f.write(b'{\n  "custom_audiences_all_types_v2": [\n')
        written = 0
        i = 0
        while written < adv_mb * 1024 * 1024 or i < 5000:
            item = ('%s    {\n      "advertiser_name": "Advertiser %d",\n      "has_data_file_custom_audience": %s,\n'
                    '      "has_remarketing_custom_audience": %s,\n      "has_in_person_store_visit": %s\n    }'
                    % (",\n" if i else "", rnd.randrange(50000), "true" if i % 2 else "false",
                       "true" if i % 3 else "false", "true" if i % 5 == 0 else "false")).encode()
            f.write(item)
            written += len(item)
            i += 1
        f.write(b"\n  ]\n}\n")
        total += written
    z.writestr(info("ads_information/other_categories_used_to_reach_you.json"),
               json.dumps({"bcts": ["Category %d" % i for i in range(200)]}))
    z.writestr(info("logged_information/other_logged_information/ads_interests.json"),
               json.dumps({"topics_v2": ["Topic %d" % i for i in range(2000)]}))
    # Many message threads (JSON the reader skips) …
    n = 0
    while total < size_mb * 1024 * 1024 * 0.35:
        thread = {"participants": [{"name": "Friend %d" % n}], "messages": [
            {"sender_name": "Friend %d" % n, "timestamp_ms": rnd.randrange(1500000000000, 1720000000000),
             "content": "%x" % rnd.getrandbits(256)} for _ in range(300)]}
        data = json.dumps(thread, indent=2).encode()
        z.writestr(info("your_facebook_activity/messages/inbox/friend_%d/message_1.json" % n), data)
        total += len(data)
        n += 1
    # … and photos (random bytes, stored as Facebook does).
    n = 0
    while total < size_mb * 1024 * 1024:
        data = os.urandom(rnd.randint(1, 4) * 1024 * 1024)
        z.writestr(info("your_facebook_activity/posts/media/photo_%d.jpg" % n, zipfile.ZIP_STORED), data)
        total += len(data)
        n += 1
print("wrote %s: %d MB uncompressed, %d MB on disk" % (out, total // 2**20, os.path.getsize(out) // 2**20))
