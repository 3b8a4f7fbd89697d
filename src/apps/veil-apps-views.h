/* veil-apps-views.h: plain words for what the Apps views show, and store
 * labels filled in by hand.
 *
 * GTK-free, so the app and the command line can share it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "veil-apps.h"

G_BEGIN_DECLS

/* One category of a store's privacy label, with its data types as the
 * store writes them in English (they are the label's vocabulary; translate
 * them for display with veil_label_type_title()). */
typedef struct {
  const char         *id;     /* Apple: "IDENTIFIERS"; Google: "Device or other IDs" */
  const char         *title;  /* untranslated; use veil_label_category_title() */
  const char *const  *types;  /* NULL-terminated */
} VeilLabelCategory;

typedef enum {
  VEIL_LABEL_APPLE,        /* App Store "App Privacy" */
  VEIL_LABEL_GOOGLE_PLAY,  /* Google Play "Data safety" */
} VeilLabelStore;

const VeilLabelCategory *veil_label_categories      (VeilLabelStore  store,
                                                     guint          *n_categories);
const char              *veil_label_category_title  (const VeilLabelCategory *category);
const char              *veil_label_type_title      (const char      *type);

/* A label filled in by hand. Items are "CATEGORY_ID/Type". Apple: first =
 * data used to track you, second = data collected. Google Play: first =
 * data shared, second = data collected. */
char           *veil_label_build_json         (VeilLabelStore      store,
                                               const char *const  *first,
                                               const char *const  *second);
/* Reads a label from JSON text (the shapes veil_disclosure_load reads). */
VeilDisclosure *veil_disclosure_load_text     (const char         *json,
                                               gsize               len,
                                               GError            **error);

/* "android.permission.CAMERA" → "CAMERA"; other names unchanged. */
const char *veil_permission_short_name        (const char *name);
/* Privacy manifest keys in plain words: "NSPrivacyCollectedDataTypeDeviceID"
 * → "Device ID". Unknown keys come back as they are. */
const char *veil_privacy_data_type_title      (const char *type);
const char *veil_privacy_purpose_title        (const char *purpose);
const char *veil_privacy_api_title            (const char *api);

/* "https://firebase.google.com/docs/" → "firebase.google.com" (newly
 * allocated), or NULL when it is not an http(s) address. */
char       *veil_tracker_website_host         (const char *website);

G_END_DECLS
