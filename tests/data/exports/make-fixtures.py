#!/usr/bin/env python3
# Writes the synthetic export fixtures in this folder (CC0, written for
# Veil). The shapes follow the public descriptions collected in
# shared/exports/FORMATS.md; names and values are invented. Run from this
# folder; the outputs are committed, so tests do not need Python.
#
# SPDX-License-Identifier: CC0-1.0
import json
import os
import struct
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))


def moji(text):
    """Meta's mojibake: each UTF-8 byte written as its own code point."""
    return text.encode('utf-8').decode('latin-1')


def write_zip(name, files, compression=zipfile.ZIP_DEFLATED, made=(2024, 5, 1, 12, 0, 0)):
    with zipfile.ZipFile(os.path.join(HERE, name), 'w', compression) as z:
        for path, data in files.items():
            if isinstance(data, (dict, list)):
                data = json.dumps(data, indent=1)
            if isinstance(data, str):
                data = data.encode('utf-8')
            info = zipfile.ZipInfo(path, date_time=made)
            info.compress_type = compression
            z.writestr(info, data)


def google_fr():
    ads = [
        {"header": "Solutions publicitaires", "title": "A consulté https://www.boutique-exemple.fr/soldes",
         "titleUrl": "https://www.google.com/url?q=https://www.boutique-exemple.fr/soldes&usg=AOvVaw",
         "time": "2022-05-15T16:46:57.232Z", "products": ["Solutions publicitaires"],
         "details": [{"name": "Issu de Google Ads"}], "activityControls": ["Activité sur le Web et les applications"]},
        {"header": "Solutions publicitaires", "title": "A consulté https://shop.example.com/",
         "titleUrl": "https://www.google.com/url?q=https://shop.example.com/&usg=AOvVaw",
         "time": "2022-06-01T08:00:00.000Z", "products": ["Solutions publicitaires"]},
        {"header": "Solutions publicitaires", "title": "A consulté https://www.boutique-exemple.fr/",
         "titleUrl": "https://www.google.com/url?q=https://www.boutique-exemple.fr/&usg=AOvVaw",
         "time": "2022-06-02T08:00:00Z", "products": ["Solutions publicitaires"]},
    ]
    search = [
        {"header": "Recherche", "title": "A recherché château de Chillon", "time": "2022-05-10T10:00:00Z",
         "products": ["Recherche"]},
        {"header": "Recherche", "title": "A recherché météo Lausanne", "time": "2022-05-11T10:00:00Z",
         "products": ["Recherche"]},
    ]
    records = {"locations": [
        {"latitudeE7": 465213184, "longitudeE7": 66331340, "accuracy": 14, "altitude": 553, "source": "WIFI",
         "deviceTag": 330475684, "platformType": "ANDROID", "timestamp": "2022-05-15T16:00:00.000Z",
         "locationMetadata": [{"wifiScan": {"accessPoints": [{"mac": "00:00:5e:00:53:01", "strength": -49}]}}]},
        {"latitudeE7": 465200000, "longitudeE7": 66300000, "accuracy": 20, "source": "GPS",
         "timestamp": "2022-05-15T17:00:00Z"},
        {"latitudeE7": 462000000, "longitudeE7": 61500000, "accuracy": 30, "timestampMs": "1596000000000"},
        {"latitudeE7": 462100000, "longitudeE7": 61600000, "timestamp": "2022-05-16T09:30:00+02:00",
         "activity": [{"activity": [{"type": "STILL", "confidence": 100}]}]},
    ]}
    semantic = {"timelineObjects": [
        {"placeVisit": {"location": {"latitudeE7": 464336000, "longitudeE7": 69128000, "placeId": "ChIJ-fake",
                                     "address": "Avenue de Chillon 21, 1820 Veytaux", "name": "Château de Chillon"},
                        "duration": {"startTimestamp": "2022-05-14T09:00:00Z", "endTimestamp": "2022-05-14T11:00:00Z"}}},
        {"activitySegment": {"startLocation": {"latitudeE7": 465200000, "longitudeE7": 66300000},
                             "endLocation": {"latitudeE7": 464336000, "longitudeE7": 69128000},
                             "duration": {"startTimestampMs": "1652511600000", "endTimestampMs": "1652515200000"},
                             "distance": 24000, "activityType": "IN_TRAIN", "confidence": "HIGH"}},
    ]}
    part1 = {
        "Takeout/archive_browser.html": "<html></html>",
        "Takeout/Mon activité/Solutions publicitaires/MonActivité.json": ads,
        "Takeout/Mon activité/Recherche/MonActivité.json": search,
        "Takeout/Mon activité/Recherche/MonActivité.html": "<html></html>",
    }
    part2 = {
        "Takeout/Historique des positions/Records.json": records,
        "Takeout/Historique des positions/Settings.json": {"createdTime": "2015-01-01T00:00:00Z"},
        "Takeout/Historique des positions/Semantic Location History/2022/2022_MAY.json": semantic,
    }
    write_zip('google-takeout-fr.zip', {**part1, **part2})
    # The same export as Takeout splits it: two parts, one account.
    write_zip('takeout-20240501T120000Z-001.zip', part1)
    write_zip('takeout-20240501T120000Z-002.zip', part2)


def google_timelines():
    android = {"semanticSegments": [
        {"startTime": "2024-06-01T08:00:00.000+02:00", "endTime": "2024-06-01T09:00:00.000+02:00",
         "visit": {"hierarchyLevel": 0, "probability": 0.9,
                   "topCandidate": {"placeId": "ChIJ-fake", "semanticType": "HOME", "probability": 0.8,
                                    "placeLocation": {"latLng": "48.8566°, 2.3522°"}}}},
        {"startTime": "2024-06-01T09:00:00.000+02:00", "endTime": "2024-06-01T09:30:00.000+02:00",
         "activity": {"start": {"latLng": "48.8566°, 2.3522°"}, "end": {"latLng": "48.8738°, 2.2950°"},
                      "distanceMeters": 5200, "topCandidate": {"type": "IN_PASSENGER_VEHICLE", "probability": 0.9}}},
        {"startTime": "2024-06-01T09:00:00.000+02:00", "endTime": "2024-06-01T11:00:00.000+02:00",
         "timelinePath": [{"point": "48.8600°, 2.3400°", "time": "2024-06-01T09:10:00.000+02:00"},
                          {"point": "48.8700°, 2.3000°", "time": "2024-06-01T09:20:00.000+02:00"}]},
    ], "rawSignals": [
        {"position": {"LatLng": "48.8738°, 2.2950°", "accuracyMeters": 12, "altitudeMeters": 40,
                      "source": "GPS", "timestamp": "2024-06-01T09:31:00.000+02:00"}},
        {"wifiScan": {"deliveryTime": "2024-06-01T09:31:00.000+02:00", "devicesRecords": []}},
    ], "userLocationProfile": {"frequentPlaces": [{"placeId": "ChIJ-fake", "label": "HOME"}]}}
    ios = [
        {"startTime": "2024-06-02T08:00:00.000+02:00", "endTime": "2024-06-02T09:00:00.000+02:00",
         "visit": {"hierarchyLevel": "0", "topCandidate": {"semanticType": "Work", "placeID": "ChIJ-fake",
                                                          "placeLocation": "geo:48.8924,2.2369"}}},
        {"startTime": "2024-06-02T09:00:00.000+02:00", "endTime": "2024-06-02T09:20:00.000+02:00",
         "activity": {"start": "geo:48.8924,2.2369", "end": "geo:48.8566,2.3522", "distanceMeters": "9000",
                      "topCandidate": {"type": "walking"}}},
        {"startTime": "2024-06-02T09:00:00.000+02:00", "endTime": "2024-06-02T11:00:00.000+02:00",
         "timelinePath": [{"point": "geo:48.8700,2.3000", "durationMinutesOffsetFromStartTime": "10"}]},
    ]
    for folder, data in (("google-timeline-android", android), ("google-timeline-ios", ios)):
        os.makedirs(os.path.join(HERE, folder), exist_ok=True)
        with open(os.path.join(HERE, folder, "Timeline.json"), "w", encoding="utf-8") as f:
            json.dump(data, f, indent=1, ensure_ascii=False)


def ytd(name, data):
    return "window.YTD.%s.part0 = %s" % (name, json.dumps(data, indent=1))


def impression(advertiser, screen, criteria, when):
    return {"deviceInfo": {"osType": "Desktop", "deviceId": "ZmFrZS1kZXZpY2U="},
            "displayLocation": "TimelineHome",
            "promotedTweetInfo": {"tweetId": "1", "tweetText": "Buy now", "urls": [], "mediaUrls": []},
            "advertiserInfo": {"advertiserName": advertiser, "screenName": screen},
            "matchedTargetingCriteria": [{"targetingType": t, "targetingValue": v} for t, v in criteria],
            "impressionTime": when}


def twitter():
    imps = [impression("Crypto.com", "@cryptocom", [("Follower look-alikes", "@jack"), ("Locations", "Switzerland")],
                       "2021-04-15 19:51:50"),
            impression("Crypto.com", "@cryptocom", [("Locations", "Switzerland")], "2021-04-16 10:00:00"),
            impression("Acme Shoes", "@acmeshoes", [("Age", "25 to 34")], "2021-05-01 12:00:00")]
    engagement = {"impressionAttributes": impression("Acme Shoes", "@acmeshoes",
                                                     [("Conversation topics", "Running")], "2021-05-02 12:00:00"),
                  "engagementAttributes": [{"engagementTime": "2021-05-02 12:00:05", "engagementType": "ChargeableImpression"},
                                           {"engagementTime": "2021-05-02 12:00:09", "engagementType": "VideoContent1secView"}]}
    conversion = {"attributedConversionType": "PostEngagement", "conversionEvent": "PURCHASE",
                  "conversionTime": "2021-05-03 18:00:00", "conversionValue": "0",
                  "advertiserInfo": {"advertiserName": "Acme Shoes", "screenName": "@acmeshoes"}}
    p13n = [{"p13nData": {
        "demographics": {"languages": [{"language": "French", "isDisabled": False}], "genderInfo": {"gender": "female"}},
        "interests": {"interests": [{"name": "Running", "isDisabled": False}, {"name": "Cryptocurrencies", "isDisabled": False},
                                    {"name": "Café culture", "isDisabled": False}],
                      "partnerInterests": [],
                      "audienceAndAdvertisers": {"numAudiences": "1137", "advertisers": ["@brand1", "@brand2"],
                                                 "lookalikeAdvertisers": ["@brand3"]},
                      "shows": []},
        "locationHistory": ["Switzerland"],
        "inferredAgeInfo": {"age": ["13-54"], "birthDate": ""}}}]
    write_zip('twitter-archive.zip', {
        "Your archive.html": "<html></html>",
        "data/manifest.js": "window.__THAR_CONFIG = {}",
        "data/ad-impressions.js": ytd("ad_impressions", [{"ad": {"adsUserData": {"adImpressions": {"impressions": imps}}}}]),
        "data/ad-impressions-part1.js": "window.YTD.ad_impressions.part1 = " + json.dumps(
            [{"ad": {"adsUserData": {"adImpressions": {"impressions": [
                impression("Globex", "@globex", [("Keywords", "running shoes")], "2021-06-01 09:00:00")]}}}}]),
        "data/ad-engagements.js": ytd("ad_engagements", [{"ad": {"adsUserData": {"adEngagements": {"engagements": [engagement]}}}}]),
        "data/ad-online-conversions-attributed.js": ytd("ad_online_conversions_attributed",
                                                        [{"ad": {"adsUserData": {"attributedOnlineConversions": {"conversions": [conversion]}}}}]),
        "data/personalization.js": ytd("personalization", p13n),
        "data/ip-audit.js": ytd("ip_audit", [{"ipAudit": {"accountId": "1", "createdAt": "2023-01-01T00:00:00.000Z", "loginIp": "203.0.113.1"}},
                                             {"ipAudit": {"accountId": "1", "createdAt": "2023-01-02T00:00:00.000Z", "loginIp": "203.0.113.2"}}]),
        "data/device-token.js": ytd("device_token", [{"deviceToken": {"clientApplicationId": "258901", "token": "fake",
                                                                      "createdAt": "2022-01-01T00:00:00.000Z",
                                                                      "lastSeenAt": "2023-01-01T00:00:00.000Z",
                                                                      "clientApplicationName": "Twitter for Android"}}]),
        "data/connected-application.js": ytd("connected_application", [{"connectedApplication": {
            "organization": {"name": "Example Apps Ltd", "url": "https://apps.example"}, "name": "Example Scheduler",
            "description": "", "permissions": ["read"], "approvedAt": "2020-01-01T00:00:00.000Z", "id": "42"}}]),
        "data/tweets.js": ytd("tweets", []),
    })


def tiktok_2023():
    data = {
        "Your Activity": {
            "Login History": {"LoginHistoryList": [
                {"Date": "2023-03-01 10:00:00", "IP": "198.51.100.20", "DeviceModel": "Pixel 7", "DeviceSystem": "Android 14",
                 "NetworkType": "Wi-Fi", "Carrier": "Swisscom"},
                {"Date": "2023-03-02 11:00:00", "IP": "198.51.100.21", "DeviceModel": "Pixel 7", "DeviceSystem": "Android 14",
                 "NetworkType": "4G", "Carrier": ""}]},
            "Watch History": {"VideoList": [{"Date": "2023-03-01 10:05:00", "Link": "https://www.tiktokv.com/share/video/1/"}]},
            "Searches": {"SearchList": None},
        },
        "Ads and data": {
            "Ad Interests": {"AdInterestCategories": "Sports | Travel | Cooking"},
            "Ads Based On Data Received From Partners": {"DataPartnerList": ["LiveRamp"], "AdvertiserList": "Acme Shoes|Globex"},
            "Off TikTok Activity": {"OffTikTokActivityDataList": [
                {"TimeStamp": "2023-03-01 12:00:00", "Source": "shop.example", "Event": "AddToCart"},
                {"TimeStamp": "2023-03-01 12:05:00", "Source": "shop.example", "Event": "Purchase"},
                {"TimeStamp": "2023-03-04 20:00:00", "Source": "Game Co", "Event": "LaunchAPP"}]},
        },
        "Profile And Settings": {"Off TikTok Activity": {"OffTikTokActivityDataList": None}},
        "Likes and Favorites": {"Like List": {"ItemFavoriteList": ""}},
    }
    write_zip('tiktok-2023.zip', {"TikTok_Data_1700000000/user_data_tiktok.json": data})


def snapchat():
    write_zip('mydata~1700000000.zip', {
        "mydata~1700000000/index.html": "<html></html>",
        "mydata~1700000000/html/index.html": "<html></html>",
        "mydata~1700000000/json/account.json": {
            "Basic Information": {"Username": "jdoe", "Name": "J Doe", "Creation Date": "2020-01-01 10:00:00 UTC"},
            "Device Information": {"Make": "Google", "Model ID": "Pixel 7"},
            "Login History": [
                {"IP": "203.0.113.5", "Country": "CH", "Created": "2022-01-01 12:00:00 UTC", "Status": "success", "Device": "Pixel 7"},
                {"IP": "203.0.113.6", "Country": "FR", "Created": "2022-02-01 12:00:00 UTC", "Status": "failure", "Device": "Pixel 7"}]},
        "mydata~1700000000/json/location_history.json": {
            "Frequent Locations": [{"City": "Lausanne", "Country": "CH", "Region": "Vaud"}],
            "Location History": [
                {"Time": "2022-01-01 12:00:00 UTC", "Latitude, Longitude": "46.52 ± 10 meters, 6.63 ± 10 meters"},
                {"Time": "2022-01-02 12:00:00 UTC", "Latitude, Longitude": "46.2044, 6.1432"}],
            "Home & Work": {"Home": "Lausanne"},
            "Businesses and public places you may have visited": [
                {"Date": "2022-02-02 10:00:00 UTC", "Name": "Café du Coin", "Address": "Rue Centrale 1, Lausanne"}]},
        "mydata~1700000000/json/user_profile.json": {
            "App Profile": {"Country": "CH"},
            "Interest Categories": ["Sports", "Travel"],
            "Content Categories": ["Comedy"],
            "Ads You Interacted With": ["Acme Shoes"]},
        "mydata~1700000000/json/friends.json": {"Friends": []},
    })


def facebook_2024():
    off = {"off_facebook_activity_v2": [
        {"title": moji("café-exemple.fr"), "label_values": [
            {"label": "Events", "vec": [
                {"dict": [{"label": "ID", "value": "123"}, {"label": "Type", "value": "PAGE_VIEW"},
                          {"label": "Received on", "timestamp_value": 1717000000}]},
                {"dict": [{"label": "ID", "value": "124"}, {"label": "Type", "value": "PURCHASE"},
                          {"label": "Received on", "timestamp_value": 1717100000}]}]}]},
        {"title": "Game Co", "label_values": [{"label": "Received on", "timestamp_value": 1716000000}]}]}
    advertisers = {"label_values": [
        {"label": "Advertisers using a list containing entries", "vec": [
            {"value": moji("Société Générale S.A.")}, {"value": "Acme Shoes"}]},
        {"label": "Advertisers with interactions", "vec": [{"value": "Globex"}]},
        {"label": "Advertisers with in-store visits", "vec": [{"value": "Acme Shoes"}]}]}
    root = "facebook-jdoe-2024-05-01-AbCdEf/"
    write_zip('facebook-2024.zip', {
        root + "ads_information/advertisers_using_your_activity_or_information.json": advertisers,
        root + "ads_information/other_categories_used_to_reach_you.json": {"bcts": ["Frequent travellers"]},
        root + "ads_information/advertisers_you've_interacted_with.json": '{"history_v2": [{"title": "Cut sh',
        root + "apps_and_websites_off_of_facebook/your_activity_off_meta_technologies.json": off,
        root + "apps_and_websites_off_of_facebook/your_activity_off_meta_technologies_settings.json": {"label_values": []},
        root + "logged_information/other_logged_information/ads_interests.json": {"topics_v2": [moji("Café"), moji("🔥 Fire")]},
        root + "security_and_login_information/account_activity.json": {"account_activity_v2": [
            {"action": "Login", "timestamp": 1717000000, "ip_address": "198.51.100.7", "user_agent": "Mozilla/5.0",
             "datr_cookie": "fake", "city": moji("Zürich"), "region": "ZH", "country": "CH"}]},
        root + "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json": [],
    })


def html_and_unknown():
    write_zip('facebook-html.zip', {
        "facebook-jdoe/index.html": "<html></html>",
        "facebook-jdoe/your_facebook_activity/posts/album/0.html": "<html></html>",
        "facebook-jdoe/ads_information/advertisers_using_your_activity_or_information.html": "<html></html>",
    })
    write_zip('unknown.zip', {"notes/readme.txt": "nothing here", "photos/a.txt": "x"})


def hostile():
    write_zip('hostile-traversal.zip', {
        "Facebook/other_logged_information/ads_interests.json": {"topics_v2": ["A"]},
        "../../../tmp/veil-evil.json": {"topics_v2": ["B"]},
    })
    # 100 MB of JSON whitespace deflates about a thousand to one.
    with zipfile.ZipFile(os.path.join(HERE, 'hostile-bomb.zip'), 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        info = zipfile.ZipInfo('user_data.json', date_time=(2024, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, 'w') as f:
            f.write(b'{"Activity": ')
            chunk = b' ' * (1 << 20)
            for _ in range(100):
                f.write(chunk)
            f.write(b'{}}')
    # Truncated: the Facebook sample cut in the middle.
    src = os.path.join(HERE, 'hestia-facebook-fake-2022.zip')
    with open(src, 'rb') as f:
        data = f.read()
    with open(os.path.join(HERE, 'hostile-truncated.zip'), 'wb') as f:
        f.write(data[:len(data) * 6 // 10])
    # Declares a 2 GB entry in both headers while holding a few bytes.
    small = b'{"Activity": {"Login History": {"LoginHistoryList": []}}}'
    path = os.path.join(HERE, 'hostile-huge-declared.zip')
    write_zip('hostile-huge-declared.zip', {"user_data.json": small}, compression=zipfile.ZIP_STORED)
    with open(path, 'rb') as f:
        blob = bytearray(f.read())
    huge = 0x7ff00000
    lh = blob.find(b'PK\x03\x04')
    struct.pack_into('<II', blob, lh + 18, huge, huge)
    cd = blob.find(b'PK\x01\x02')
    struct.pack_into('<II', blob, cd + 20, huge, huge)
    with open(path, 'wb') as f:
        f.write(blob)
    # Invalid UTF-8 inside strings.
    bad = (b'{"Activity": {"Login History": {"LoginHistoryList": ['
           b'{"Date": "2022-01-01 10:00:00 UTC", "IP": "203.0.113.9", "DeviceModel": "Pixel\xc3\x28 \xff\xfe"},'
           b'{"Date": "2022-01-02 10:00:00 UTC", "IP": "\xed\xa0\x80", "DeviceModel": "ok"}]}}}')
    write_zip('hostile-invalid-utf8.zip', {"user_data.json": bad})
    # 100,000 nested arrays where a login list should be.
    deep = b'{"Activity": {"Login History": {"LoginHistoryList": [' + b'[' * 100000 + b']' * 100000 + b']}}}'
    write_zip('hostile-deep.zip', {"user_data.json": deep})


def twitter_history():
    """Two exports of one X account a year apart: the newer repeats most of
    the older (same impressions, same logins) and adds its own, splits its
    impressions into -part1, gives one advertiser by name in impressions and
    by @handle in personalization, and holds one file nested 100,000 deep."""
    account = ytd("account", [{"account": {"email": "sample@example.com", "createdVia": "web",
                                           "username": "veil_sample", "accountId": "1001",
                                           "createdAt": "2019-01-01T00:00:00.000Z", "accountDisplayName": "Veil Sample"}}])
    old_imps = [impression("Crypto.com", "@cryptocom", [("Locations", "Switzerland")], "2022-04-15 19:51:50"),
                impression("Acme Shoes", "@acmeshoes", [("Age", "25 to 34")], "2022-05-01 12:00:00")]
    new_imps = old_imps + [impression("Globex", "@globex", [("Keywords", "running shoes")], "2023-03-01 09:00:00")]
    logins = [{"ipAudit": {"accountId": "1001", "createdAt": "2022-06-01T00:00:00.000Z", "loginIp": "203.0.113.10"}}]
    devices = [{"deviceToken": {"clientApplicationId": "1", "token": "x", "createdAt": "2021-01-01T00:00:00.000Z",
                                "lastSeenAt": "2022-06-01T00:00:00.000Z", "clientApplicationName": "X for iPhone"}}]
    p13n = [{"p13nData": {"interests": {"interests": [{"name": "Running", "isDisabled": False}],
                                        "audienceAndAdvertisers": {"numAudiences": "3",
                                                                   "advertisers": ["@cryptocom", "@otherbrand"]}}}}]
    write_zip('twitter-history-2022.zip', {
        "data/account.js": account,
        "data/ad-impressions.js": ytd("ad_impressions", [{"ad": {"adsUserData": {"adImpressions": {"impressions": old_imps}}}}]),
        "data/ip-audit.js": ytd("ip_audit", logins),
        "data/device-token.js": ytd("device_token", devices),
        "data/personalization.js": ytd("personalization", p13n),
        "data/tweets.js": ytd("tweets", []),
    }, made=(2022, 7, 1, 12, 0, 0))
    deep = "window.YTD.ad_engagements.part0 = " + "[" * 100000 + "]" * 100000
    write_zip('twitter-history-2023.zip', {
        "data/account.js": account,
        "data/ad-impressions.js": ytd("ad_impressions", [{"ad": {"adsUserData": {"adImpressions": {"impressions": new_imps[:2]}}}}]),
        "data/ad-impressions-part1.js": "window.YTD.ad_impressions.part1 = " + json.dumps(
            [{"ad": {"adsUserData": {"adImpressions": {"impressions": new_imps[2:]}}}}]),
        "data/ad-engagements.js": deep,
        "data/ip-audit.js": ytd("ip_audit", logins + [
            {"ipAudit": {"accountId": "1001", "createdAt": "2023-02-01T00:00:00.000Z", "loginIp": "203.0.113.11"}}]),
        "data/device-token.js": ytd("device_token", devices),
        "data/personalization.js": ytd("personalization", p13n),
        "data/tweets.js": ytd("tweets", []),
        "data/follower.js": ytd("follower", [{"follower": {"accountId": "7", "userLink": "https://twitter.com/intent/user?user_id=7"}}]),
    }, made=(2023, 7, 1, 12, 0, 0))


def coverage():
    """One small export per platform fix: files Veil reads, files it lists as
    unread, names the generic reader keeps."""
    ads = [
        {"header": "Ads", "title": "Visited https://www.kenshoo-client.example/",
         "titleUrl": "https://www.google.com/url?q=https://2100.xg4ken.com/trk/v1?prof%3D1%26url%3Dhttps://shop.example.org/&usg=x",
         "time": "2023-01-10T10:00:00Z", "products": ["Ads"]},
        {"header": "Ads", "title": "Visited https://ad.atdmt.com/c/go",
         "titleUrl": "https://www.google.com/url?q=https://ad.atdmt.com/c/go%3Fa%3D1&usg=x",
         "time": "2023-01-11T10:00:00Z", "products": ["Ads"]},
        {"header": "Ads", "title": "Visited https://clickserve.dartsearch.net/link/click",
         "titleUrl": "https://www.google.com/url?q=https://clickserve.dartsearch.net/link/click%3Fds_dest_url%3Dhttps://www.hotel.example.com/&usg=x",
         "time": "2023-01-12T10:00:00Z", "products": ["Ads"]},
        {"header": "Ads", "title": "Visited https://www.bakery.example/",
         "titleUrl": "https://www.google.com/url?q=https://www.bakery.example/&usg=x",
         "time": "2023-01-13T10:00:00Z", "products": ["Ads"]},
    ]
    youtube = [{"header": "YouTube", "title": "Watched Sourdough for beginners",
                "titleUrl": "https://www.youtube.com/watch?v=x", "time": "2023-01-14T10:00:00Z", "products": ["YouTube"]}]
    write_zip('google-ad-redirects.zip', {
        "Takeout/archive_browser.html": "<html></html>",
        "Takeout/My Activity/Ads/MyActivity.json": ads,
        "Takeout/My Activity/YouTube/MyActivity.json": youtube,
        "Takeout/YouTube and YouTube Music/subscriptions/subscriptions.csv":
            "Channel Id,Channel Url,Channel Title\nUC1,http://www.youtube.com/channel/UC1,Bread Channel\n",
    }, made=(2023, 2, 1, 9, 0, 0))
    write_zip('instagram-ads-clicked.zip', {
        "ads_and_topics/ads_clicked.json": {"impressions_history_ads_clicked": [
            {"title": moji("🔥🔥🔥🔥"), "string_list_data": [{"href": "", "value": "", "timestamp": 1675000000}]}]},
        "ads_and_topics/ads_viewed.json": {"impressions_history_ads_seen": [
            {"string_map_data": {"Author": {"value": "acme.shoes"}, "Time": {"timestamp": 1675000100}}}]},
        "your_topics/your_reels_topics.json": {"topics_your_reels_topics": [
            {"string_map_data": {"Name": {"value": "Baking"}}}]},
        "your_topics/your_reels_sentiments.json": {"topics_your_reels_sentiments": [
            {"string_map_data": {"Name": {"value": "Dogs"}}}]},
    }, made=(2023, 2, 1, 9, 0, 0))
    write_zip('linkedin-inferences.zip', {
        "Inferences_about_you.csv": "Category,Type of inference,Description,Inference\n"
                                    "Career inferences,Recruiter,Whether you are a recruiter,No\n"
                                    "Career inferences,Job seeker,Whether you are looking for a job,Yes\n"
                                    "Demographic inferences,Age,Your age range,25-34\n",
        "Connections.csv": "Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\n\n"
                           "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                           "Ada,Lovelace,https://www.linkedin.com/in/x,,Analytical Engines Ltd,Engineer,01 Jan 2023\n",
        "Profile.csv": "First Name,Last Name,Headline\nVeil,Sample,Tester\n",
    }, made=(2023, 2, 1, 9, 0, 0))


def instagram_languages():
    """One Instagram account downloaded in English, then French (2022
    layout), then German (2024+ layout): labels in string_map_data are in
    the user's language, Meta's mojibake on keys too; file names are not
    translated. The ads overlap so a merge shows no duplicates."""
    def profile(labels, username):
        email, user, name, gender = labels
        return {"profile_user": [{"title": "", "media_map_data": {}, "string_map_data": {
            moji(email): {"href": "", "value": "veil@example.org", "timestamp": 0},
            moji(gender): {"href": "", "value": "unspecified", "timestamp": 0},
            moji(name): {"href": "", "value": "Veil Sample", "timestamp": 0},
            moji(user): {"href": "", "value": username, "timestamp": 0},
        }}]}

    def seen(author_label, time_label, ads):
        return {"impressions_history_ads_seen": [
            {"string_map_data": {moji(author_label): {"value": a}, moji(time_label): {"timestamp": t}}}
            for a, t in ads]}

    write_zip('instagram-account-en.zip', {
        "account_information/personal_information.json":
            profile(("Email", "Username", "Name", "Gender"), "veil.sample"),
        "ads_and_topics/ads_viewed.json":
            seen("Author", "Time", [("acme.shoes", 1675000100), ("globex", 1675000200)]),
    }, made=(2023, 3, 1, 9, 0, 0))
    write_zip('instagram-account-fr.zip', {
        "account_information/personal_information.json":
            profile(("Adresse e-mail", "Nom d’utilisateur", "Nom", "Genre"), "veil.sample"),
        "ads_and_topics/ads_viewed.json":
            seen("Auteur", "Heure", [("globex", 1675000200), ("initech", 1690000000)]),
    }, made=(2023, 9, 1, 9, 0, 0))
    write_zip('instagram-account-de.zip', {
        "personal_information/personal_information/personal_information.json":
            profile(("E-Mail-Adresse", "Benutzername", "Name", "Geschlecht"), "veil.sample"),
        "ads_information/ads_and_topics/ads_viewed.json":
            seen("Autor", "Zeit", [("initech", 1690000000), ("umbrella", 1700000000)]),
    }, made=(2024, 2, 1, 9, 0, 0))
    # Another person, in Spanish: a different account, not merged.
    write_zip('instagram-account-es-other.zip', {
        "account_information/personal_information.json":
            profile(("Correo electrónico", "Nombre de usuario", "Nombre", "Sexo"), "someone.else"),
        "ads_and_topics/ads_viewed.json":
            seen("Autor", "Hora", [("globex", 1675000200)]),
    }, made=(2023, 9, 1, 9, 0, 0))


if __name__ == '__main__':
    twitter_history()
    coverage()
    google_fr()
    google_timelines()
    twitter()
    tiktok_2023()
    snapchat()
    facebook_2024()
    html_and_unknown()
    hostile()
    instagram_languages()
