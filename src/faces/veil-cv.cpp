/* veil-cv.cpp: the only C++ in Veil — a thin shim over OpenCV.
 *
 * Each exported function is extern "C", catches everything OpenCV (or the
 * C++ runtime) may throw and turns it into a VEIL_VISION_ERROR, so no C++
 * exception ever unwinds through C frames.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-cv"

#include "config.h"

#include <exception>
#include <string>
#include <vector>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include <gmodule.h>

#include "veil-cv.h"
#include "veil-cv-module.h"
#include "veil-error.h"

/* One network per input size: OpenCV reallocates every layer's buffers
 * whenever a network's input size changes, and a video's detector
 * alternates between the whole frame and the small-scale canvas. Two sizes
 * in turn then cost no reallocation; a third replaces the older one. */
#define DETECTOR_SIZES 2

struct _VeilFaceDetector {
  std::string                 model_path;
  float                       score_threshold;
  cv::Ptr<cv::FaceDetectorYN> yunet[DETECTOR_SIZES];
  cv::Size                    size[DETECTOR_SIZES];
  unsigned                    next;   /* the slot a new size takes */
};

/* Pictures whose smaller side is below this are padded before detection:
 * YuNet misses faces that fill the whole frame (tight crops). */
#define PAD_BELOW 400
/* Detection runs on a copy at most this large; bigger photos only cost time. */
#define DETECT_MAX_SIDE 1600

static void
set_exception_error (GError **error, const char *what, const char *context)
{
  g_set_error (error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_FAILED,
               _("%s failed: %s"), context, what != NULL ? what : _("unknown error"));
}

#define CV_TRY try {
#define CV_CATCH(context, ret)                                        \
  } catch (const cv::Exception &e) {                                  \
    set_exception_error (error, e.err.c_str (), context);             \
    return ret;                                                       \
  } catch (const std::exception &e) {                                 \
    set_exception_error (error, e.what (), context);                  \
    return ret;                                                       \
  } catch (...) {                                                     \
    set_exception_error (error, NULL, context);                       \
    return ret;                                                       \
  }

static cv::Mat
wrap (const VeilImage *image)
{
  return cv::Mat (image->height, image->width, CV_8UC3, image->data, (size_t) image->stride);
}

static VeilImage *
from_mat (const cv::Mat &m)
{
  VeilImage *image = veil_image_new (m.cols, m.rows);
  cv::Mat dst = wrap (image);

  if (m.channels () == 3)
    m.copyTo (dst);
  else if (m.channels () == 1)
    cv::cvtColor (m, dst, cv::COLOR_GRAY2BGR);
  else
    cv::cvtColor (m, dst, cv::COLOR_BGRA2BGR);
  return image;
}

extern "C" void
veil_cv_init (int n_threads)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      try
        {
          cv::setNumThreads (n_threads);
        }
      catch (...)
        {
        }
      g_once_init_leave (&once, 1);
    }
}

extern "C" VeilImage *
veil_cv_image_load (const char *path,
                    GError    **error)
{
  CV_TRY
    g_autofree char *contents = NULL;
    gsize len = 0;

    /* Read the bytes ourselves: a clear GIO error for a missing file, and
     * the header is checked for size before OpenCV decodes anything. */
    if (!g_file_get_contents (path, &contents, &len, error))
      return NULL;
    std::vector<uchar> buf (contents, contents + len);
    cv::Mat m = cv::imdecode (buf, cv::IMREAD_COLOR);
    if (m.empty ())
      {
        g_set_error (error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_FAILED,
                     _("%s: not a picture Veil can read"), path);
        return NULL;
      }
    if ((guint64) m.cols * m.rows > VEIL_IMAGE_MAX_PIXELS)
      {
        g_set_error (error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_FAILED,
                     _("%s: the picture is too large"), path);
        return NULL;
      }
    return from_mat (m);
  CV_CATCH (_("Reading the picture"), NULL)
}

extern "C" GBytes *
veil_cv_image_encode (const VeilImage *image,
                      const char      *name,
                      int              jpeg_quality,
                      GError         **error)
{
  CV_TRY
    std::vector<int> params;
    std::vector<uchar> buf;
    g_autofree char *lower = g_ascii_strdown (name, -1);
    const char *ext = g_str_has_suffix (lower, ".png") ? ".png" : ".jpg";

    if (g_str_equal (ext, ".jpg"))
      params = { cv::IMWRITE_JPEG_QUALITY, CLAMP (jpeg_quality, 1, 100) };
    else
      params = { cv::IMWRITE_PNG_COMPRESSION, 6 };
    if (!cv::imencode (ext, wrap (image), buf, params) || buf.empty ())
      {
        g_set_error (error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_FAILED,
                     _("%s: the picture could not be encoded"), name);
        return NULL;
      }
    return g_bytes_new (buf.data (), buf.size ());
  CV_CATCH (_("Writing the picture"), NULL)
}

extern "C" VeilImage *
veil_cv_jpeg_roundtrip (const VeilImage *image,
                        int              quality,
                        GError         **error)
{
  CV_TRY
    std::vector<uchar> buf;
    std::vector<int> params = { cv::IMWRITE_JPEG_QUALITY, CLAMP (quality, 1, 100) };

    cv::imencode (".jpg", wrap (image), buf, params);
    cv::Mat m = cv::imdecode (buf, cv::IMREAD_COLOR);
    if (m.empty ())
      {
        g_set_error (error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_FAILED,
                     _("JPEG re-save failed"));
        return NULL;
      }
    return from_mat (m);
  CV_CATCH (_("JPEG re-save"), NULL)
}

extern "C" VeilImage *
veil_cv_resize (const VeilImage *image,
                int              width,
                int              height,
                GError         **error)
{
  CV_TRY
    cv::Mat out;
    int interp = (width < image->width) ? cv::INTER_AREA : cv::INTER_LINEAR;

    cv::resize (wrap (image), out, cv::Size (width, height), 0, 0, interp);
    return from_mat (out);
  CV_CATCH (_("Resizing the picture"), NULL)
}

extern "C" gboolean
veil_cv_obscure_region (VeilImage *image,
                        int        x,
                        int        y,
                        int        width,
                        int        height,
                        gboolean   pixelate,
                        GError   **error)
{
  CV_TRY
    cv::Mat m = wrap (image);
    cv::Rect r = cv::Rect (x, y, width, height) & cv::Rect (0, 0, image->width, image->height);
    cv::Mat roi, obscured, mask;

    if (r.width < 2 || r.height < 2)
      return TRUE;
    roi = m (r);
    if (pixelate)
      {
        /* About 8 blocks across a face: enough to hide who it is. */
        int bw = MAX (1, r.width / 8), bh = MAX (1, r.height / 8);
        cv::Mat small;
        cv::resize (roi, small, cv::Size (bw, bh), 0, 0, cv::INTER_AREA);
        cv::resize (small, obscured, roi.size (), 0, 0, cv::INTER_NEAREST);
      }
    else
      {
        double sigma = MAX (r.width, r.height) / 6.0;
        cv::GaussianBlur (roi, obscured, cv::Size (0, 0), sigma, sigma);
      }
    mask = cv::Mat::zeros (roi.size (), CV_8UC1);
    cv::ellipse (mask, cv::Point (r.width / 2, r.height / 2), cv::Size (r.width / 2, r.height / 2),
                 0, 0, 360, cv::Scalar (255), cv::FILLED);
    obscured.copyTo (roi, mask);
    return TRUE;
  CV_CATCH (_("Blurring the face"), FALSE)
}

extern "C" VeilFaceDetector *
veil_face_detector_new (const char *model_path,
                        float       score_threshold,
                        GError    **error)
{
  CV_TRY
    VeilFaceDetector *d;

    if (!g_file_test (model_path, G_FILE_TEST_IS_REGULAR))
      {
        g_set_error (error, VEIL_VISION_ERROR, VEIL_VISION_ERROR_MODEL,
                     _("The face detector model %s is missing"), model_path);
        return NULL;
      }
    d = new VeilFaceDetector ();
    d->model_path = model_path;
    d->score_threshold = score_threshold;
    d->next = 0;
    try
      {
        /* Loaded now, so that a broken model fails here, not mid-video. */
        d->size[0] = cv::Size (320, 320);
        d->yunet[0] = cv::FaceDetectorYN::create (model_path, "", d->size[0],
                                                  score_threshold, 0.3f, 5000);
      }
    catch (...)
      {
        delete d;
        throw;
      }
    return d;
  CV_CATCH (_("Loading the face detector"), NULL)
}

/* The network set up for input of this size (see DETECTOR_SIZES). */
static cv::FaceDetectorYN &
detector_for_size (VeilFaceDetector *d, cv::Size size)
{
  unsigned slot;

  for (unsigned i = 0; i < DETECTOR_SIZES; i++)
    if (!d->yunet[i].empty () && d->size[i] == size)
      return *d->yunet[i];
  slot = d->next;
  d->next = (d->next + 1) % DETECTOR_SIZES;
  if (d->yunet[slot].empty ())
    d->yunet[slot] = cv::FaceDetectorYN::create (d->model_path, "", size, d->score_threshold, 0.3f, 5000);
  else
    d->yunet[slot]->setInputSize (size);
  d->size[slot] = size;
  return *d->yunet[slot];
}

extern "C" void
veil_face_detector_free (VeilFaceDetector *detector)
{
  delete detector;
}

static gint
compare_area (gconstpointer a, gconstpointer b)
{
  const VeilFace *fa = (const VeilFace *) a, *fb = (const VeilFace *) b;
  float aa = fa->width * fa->height, ab = fb->width * fb->height;

  return aa < ab ? 1 : aa > ab ? -1 : 0;
}

extern "C" GArray *
veil_face_detector_detect (VeilFaceDetector *detector,
                           const VeilImage  *image,
                           GError          **error)
{
  CV_TRY
    cv::Mat m = wrap (image), input, faces;
    double scale = 1.0;
    int pad = 0;
    g_autoptr(GArray) out = g_array_new (FALSE, TRUE, sizeof (VeilFace));

    if (MAX (image->width, image->height) > DETECT_MAX_SIDE)
      {
        scale = (double) DETECT_MAX_SIDE / MAX (image->width, image->height);
        cv::resize (m, input, cv::Size (), scale, scale, cv::INTER_AREA);
      }
    else
      input = m;
    if (MIN (input.cols, input.rows) < PAD_BELOW)
      {
        pad = MAX (input.cols, input.rows) / 2;
        cv::copyMakeBorder (input, input, pad, pad, pad, pad, cv::BORDER_CONSTANT, cv::Scalar (0, 0, 0));
      }
    detector_for_size (detector, input.size ()).detect (input, faces);
    for (int i = 0; i < faces.rows; i++)
      {
        const float *row = faces.ptr<float> (i);
        VeilFace f;

        f.x = (float) ((row[0] - pad) / scale);
        f.y = (float) ((row[1] - pad) / scale);
        f.width = (float) (row[2] / scale);
        f.height = (float) (row[3] / scale);
        for (int k = 0; k < 10; k++)
          f.landmarks[k] = (float) ((row[4 + k] - pad) / scale);
        f.score = row[14];
        g_array_append_val (out, f);
      }
    g_array_sort (out, compare_area);
    return (GArray *) g_steal_pointer (&out);
  CV_CATCH (_("Face detection"), NULL)
}

extern "C" gboolean
veil_cv_selftest_throw (GError **error)
{
  CV_TRY
    cv::Mat a (2, 2, CV_8UC1), b (3, 3, CV_8UC1), c;
    cv::add (a, b, c);   /* sizes differ: OpenCV throws */
    return TRUE;
  CV_CATCH (_("Self-test"), FALSE)
}

extern "C" float *
veil_cv_dnn_forward (const char  *model_path,
                     const float *input,
                     int          channels,
                     int          height,
                     int          width,
                     gsize       *n_out,
                     GError     **error)
{
  CV_TRY
    cv::dnn::Net net = cv::dnn::readNetFromONNX (model_path);
    int sizes[4] = { 1, channels, height, width };
    cv::Mat blob (4, sizes, CV_32F, (void *) input);
    cv::Mat out;

    net.setInput (blob.clone ());
    out = net.forward ();
    out = out.reshape (1, 1);
    if (out.type () != CV_32F)
      out.convertTo (out, CV_32F);
    *n_out = out.total ();
    return (float *) g_memdup2 (out.ptr<float> (), out.total () * sizeof (float));
  CV_CATCH (_("Running the model with OpenCV"), NULL)
}

/* The one symbol the module exports (everything else is built with hidden
 * visibility): the table veil-cv-loader.c calls through. */
extern "C" G_MODULE_EXPORT const VeilCvModule *
veil_cv_module_get (void)
{
  static const VeilCvModule module = {
    VEIL_CV_MODULE_ABI,
    veil_cv_init,
    veil_cv_image_load,
    veil_cv_image_encode,
    veil_cv_jpeg_roundtrip,
    veil_cv_resize,
    veil_cv_obscure_region,
    veil_face_detector_new,
    veil_face_detector_detect,
    veil_face_detector_free,
    veil_cv_dnn_forward,
    veil_cv_selftest_throw,
  };
  return &module;
}
