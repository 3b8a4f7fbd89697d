/* veil-cv.h: the plain C face of the OpenCV shim (veil-cv.cpp).
 *
 * Only C types cross this line: paths, 8-bit BGR pixel buffers with width,
 * height and stride, arrays of VeilFace, and GError. Every function catches
 * whatever OpenCV throws and reports it as VEIL_VISION_ERROR.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An 8-bit, 3-channel picture in OpenCV's BGR order. */
typedef struct {
  int     width;
  int     height;
  int     stride;   /* bytes per row, >= 3 * width */
  guint8 *data;
} VeilImage;

/* A detected face: box, five landmarks (right eye, left eye, nose tip,
 * right and left mouth corner as seen in the picture, YuNet's order, which
 * is also the order of the ArcFace alignment template) and a score 0..1. */
typedef struct {
  float x, y, width, height;
  float landmarks[10];   /* x0, y0, x1, y1, … */
  float score;
} VeilFace;

typedef struct _VeilFaceDetector VeilFaceDetector;

/* Largest pictures we decode: 100 megapixels. */
#define VEIL_IMAGE_MAX_PIXELS (100u * 1000 * 1000)

VeilImage *veil_image_new  (int              width,
                            int              height);
VeilImage *veil_image_copy (const VeilImage *image);
/* A copy of rect (x, y, width, height), which must lie inside image. */
VeilImage *veil_image_crop (const VeilImage *image,
                            const int        rect[4]);
void       veil_image_free (VeilImage       *image);

/* Sets OpenCV's thread count once per process (later calls do nothing), so
 * its pool does not fight the app's worker threads. */
void       veil_cv_init             (int              n_threads);

VeilImage *veil_cv_image_load       (const char      *path,
                                     GError         **error);
/* Encodes in memory; the format follows name's extension: PNG (lossless),
 * else JPEG at `quality`. */
GBytes    *veil_cv_image_encode     (const VeilImage *image,
                                     const char      *name,
                                     int              jpeg_quality,
                                     GError         **error);
/* JPEG round trip in memory, as a photo site would re-save it. */
VeilImage *veil_cv_jpeg_roundtrip   (const VeilImage *image,
                                     int              quality,
                                     GError         **error);
/* Resizes with area averaging (downscale) or bilinear (upscale). */
VeilImage *veil_cv_resize           (const VeilImage *image,
                                     int              width,
                                     int              height,
                                     GError         **error);
/* Blurs or pixelates the ellipse inside a box, in place. */
gboolean   veil_cv_obscure_region   (VeilImage       *image,
                                     int              x,
                                     int              y,
                                     int              width,
                                     int              height,
                                     gboolean         pixelate,
                                     GError         **error);

VeilFaceDetector *veil_face_detector_new    (const char       *model_path,
                                             float             score_threshold,
                                             GError          **error);
/* Faces, largest first, in picture coordinates. */
GArray           *veil_face_detector_detect (VeilFaceDetector *detector,
                                             const VeilImage  *image,
                                             GError          **error);
void              veil_face_detector_free   (VeilFaceDetector *detector);

/* Runs an ONNX model with OpenCV's own importer (cv::dnn), as a reference
 * for Veil's evaluator in tests and benchmarks: input is planar 1×C×H×W
 * float; returns the flattened first output (n_out floats, g_free). */
float            *veil_cv_dnn_forward       (const char      *model_path,
                                             const float     *input,
                                             int              channels,
                                             int              height,
                                             int              width,
                                             gsize           *n_out,
                                             GError         **error);

/* For tests: throws a cv::Exception inside the shim and returns what the
 * caller sees (FALSE and an error). */
gboolean          veil_cv_selftest_throw    (GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilImage, veil_image_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilFaceDetector, veil_face_detector_free)

G_END_DECLS
