window.YTD.ad_impressions.part0 = [
 {
  "ad": {
   "adsUserData": {
    "adImpressions": {
     "impressions": [
      {
       "deviceInfo": {
        "osType": "Desktop",
        "deviceId": "ZmFrZS1kZXZpY2U="
       },
       "displayLocation": "TimelineHome",
       "promotedTweetInfo": {
        "tweetId": "1",
        "tweetText": "Buy now",
        "urls": [],
        "mediaUrls": []
       },
       "advertiserInfo": {
        "advertiserName": "Crypto.com",
        "screenName": "@cryptocom"
       },
       "matchedTargetingCriteria": [
        {
         "targetingType": "Follower look-alikes",
         "targetingValue": "@jack"
        },
        {
         "targetingType": "Locations",
         "targetingValue": "Switzerland"
        }
       ],
       "impressionTime": "2021-04-15 19:51:50"
      },
      {
       "deviceInfo": {
        "osType": "Desktop",
        "deviceId": "ZmFrZS1kZXZpY2U="
       },
       "displayLocation": "TimelineHome",
       "promotedTweetInfo": {
        "tweetId": "1",
        "tweetText": "Buy now",
        "urls": [],
        "mediaUrls": []
       },
       "advertiserInfo": {
        "advertiserName": "Crypto.com",
        "screenName": "@cryptocom"
       },
       "matchedTargetingCriteria": [
        {
         "targetingType": "Locations",
         "targetingValue": "Switzerland"
        }
       ],
       "impressionTime": "2021-04-16 10:00:00"
      },
      {
       "deviceInfo": {
        "osType": "Desktop",
        "deviceId": "ZmFrZS1kZXZpY2U="
       },
       "displayLocation": "TimelineHome",
       "promotedTweetInfo": {
        "tweetId": "1",
        "tweetText": "Buy now",
        "urls": [],
        "mediaUrls": []
       },
       "advertiserInfo": {
        "advertiserName": "Acme Shoes",
        "screenName": "@acmeshoes"
       },
       "matchedTargetingCriteria": [
        {
         "targetingType": "Age",
         "targetingValue": "25 to 34"
        }
       ],
       "impressionTime": "2021-05-01 12:00:00"
      }
     ]
    }
   }
  }
 }
]