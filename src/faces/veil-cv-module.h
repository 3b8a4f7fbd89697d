/* veil-cv-module.h: the table through which the engine reaches OpenCV.
 *
 * OpenCV and the hundred libraries it pulls in are loaded only when a face
 * feature is used: veil-cv.cpp is built as a loadable module (libveil-cv.so)
 * that exports one function, veil_cv_module_get(), returning this table, and
 * veil-cv-loader.c implements veil-cv.h by calling through it. Everything
 * else (cleaning photos, scanning apps, reading exports, and the start-up of
 * every `veil` command) never loads OpenCV.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "veil-cv.h"

G_BEGIN_DECLS

/* Bumped whenever the table changes, so a stale module is refused. */
#define VEIL_CV_MODULE_ABI 2

typedef struct {
  int abi;
  void              (*init)             (int n_threads);
  VeilImage        *(*image_load)       (const char *path, GError **error);
  GBytes           *(*image_encode)     (const VeilImage *image, const char *name,
                                         int jpeg_quality, GError **error);
  VeilImage        *(*jpeg_roundtrip)   (const VeilImage *image, int quality, GError **error);
  VeilImage        *(*resize)           (const VeilImage *image, int width, int height,
                                         GError **error);
  gboolean          (*obscure_region)   (VeilImage *image, int x, int y, int width, int height,
                                         gboolean pixelate, GError **error);
  VeilFaceDetector *(*detector_new)     (const char *model_path, float score_threshold,
                                         GError **error);
  GArray           *(*detector_detect)  (VeilFaceDetector *detector, const VeilImage *image,
                                         GError **error);
  void              (*detector_free)    (VeilFaceDetector *detector);
  float            *(*dnn_forward)      (const char *model_path, const float *input, int channels,
                                         int height, int width, gsize *n_out, GError **error);
  gboolean          (*selftest_throw)   (GError **error);
} VeilCvModule;

typedef const VeilCvModule *(*VeilCvModuleGetFunc) (void);

G_END_DECLS
