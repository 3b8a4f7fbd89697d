/* veil-video-codec.c: decoding, re-encoding and muxing with FFmpeg's
 * libraries, built into the loadable module libveil-video.so (see
 * veil-video-codec.h for why it is a module).
 *
 * Only the picture is re-encoded. Audio packets go from the original to the
 * copy untouched (their bytes are the same), and nothing of the original's
 * metadata (tags, location, chapters, data tracks) is carried over; the
 * rotation is, as the display matrix of the video track.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-video"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <gmodule.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/display.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>

#include "veil-video-codec.h"

/* The same quark as VEIL_VISION_ERROR (veil-error.c), which this module
 * cannot link against. */
#define VIDEO_ERROR (g_quark_from_static_string ("veil-vision-error-quark"))
#define VIDEO_ERROR_FAILED 0

/* High quality: visually lossless away from the hidden faces. */
#define X264_CRF "17"
#define X265_CRF "18"
#define IO_BUFFER_SIZE (256 * 1024)

typedef struct {
  AVFormatContext *fmt;
  AVCodecContext  *dec;
  AVStream        *video;
  int              video_index;
  AVPacket        *pkt;
  AVFrame         *frame;
  struct SwsContext *to_bgr;
  guint            n_frames;
} Input;

static void
set_av_error (GError **error, const char *path, const char *what, int code)
{
  char buf[AV_ERROR_MAX_STRING_SIZE] = "";

  av_strerror (code, buf, sizeof buf);
  g_set_error (error, VIDEO_ERROR, VIDEO_ERROR_FAILED, "%s: %s (%s)", path, what, buf);
}

static void
input_close (Input *in)
{
  sws_freeContext (in->to_bgr);
  av_frame_free (&in->frame);
  av_packet_free (&in->pkt);
  avcodec_free_context (&in->dec);
  avformat_close_input (&in->fmt);
}

static int
stream_rotation (AVStream *st)
{
  const int32_t *matrix = (const int32_t *) av_stream_get_side_data (st, AV_PKT_DATA_DISPLAYMATRIX, NULL);
  double degrees;
  int r;

  if (matrix == NULL)
    return 0;
  /* av_display_rotation_get() is counter-clockwise; players turn clockwise
   * by its negation. */
  degrees = -av_display_rotation_get (matrix);
  if (isnan (degrees))
    return 0;
  r = ((int) lround (degrees / 90.0) * 90) % 360;
  return r < 0 ? r + 360 : r;
}

static gboolean
input_open (Input *in, const char *path, GError **error)
{
  const AVCodec *codec = NULL;
  int ret;

  memset (in, 0, sizeof *in);
  ret = avformat_open_input (&in->fmt, path, NULL, NULL);
  if (ret < 0)
    {
      set_av_error (error, path, _("not a video Veil can read"), ret);
      return FALSE;
    }
  if ((ret = avformat_find_stream_info (in->fmt, NULL)) < 0)
    {
      set_av_error (error, path, _("the video's streams could not be read"), ret);
      return FALSE;
    }
  in->video_index = av_find_best_stream (in->fmt, AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0);
  if (in->video_index < 0 || codec == NULL)
    {
      g_set_error (error, VIDEO_ERROR, VIDEO_ERROR_FAILED,
                   _("%s: no video stream Veil can decode"), path);
      return FALSE;
    }
  in->video = in->fmt->streams[in->video_index];
  in->dec = avcodec_alloc_context3 (codec);
  avcodec_parameters_to_context (in->dec, in->video->codecpar);
  in->dec->pkt_timebase = in->video->time_base;
  in->dec->thread_count = 2;
  if ((ret = avcodec_open2 (in->dec, codec, NULL)) < 0)
    {
      set_av_error (error, path, _("the video decoder could not be opened"), ret);
      return FALSE;
    }
  in->pkt = av_packet_alloc ();
  in->frame = av_frame_alloc ();
  return TRUE;
}

static double
frame_time (Input *in, const AVFrame *frame)
{
  gint64 pts = frame->best_effort_timestamp;
  gint64 start = in->video->start_time != AV_NOPTS_VALUE ? in->video->start_time : 0;

  if (pts == AV_NOPTS_VALUE)
    return in->n_frames * (av_q2d (av_inv_q (in->video->avg_frame_rate)));
  return MAX (0.0, (pts - start) * av_q2d (in->video->time_base));
}

static gboolean
video_probe (const char *path, VeilVideoInfo *info, GError **error)
{
  Input in;
  gboolean ok = FALSE;

  memset (info, 0, sizeof *info);
  if (input_open (&in, path, error))
    {
      info->width = in.dec->width;
      info->height = in.dec->height;
      info->rotation = stream_rotation (in.video);
      if (in.video->duration != AV_NOPTS_VALUE)
        info->duration = in.video->duration * av_q2d (in.video->time_base);
      else if (in.fmt->duration != AV_NOPTS_VALUE)
        info->duration = in.fmt->duration / (double) AV_TIME_BASE;
      if (in.video->avg_frame_rate.den > 0)
        info->frame_rate = av_q2d (in.video->avg_frame_rate);
      info->n_frames = in.video->nb_frames;
      info->has_audio = av_find_best_stream (in.fmt, AVMEDIA_TYPE_AUDIO, -1, -1, NULL, 0) >= 0;
      g_strlcpy (info->codec, avcodec_get_name (in.dec->codec_id), sizeof info->codec);
      ok = info->width > 0 && info->height > 0;
      if (!ok)
        g_set_error (error, VIDEO_ERROR, VIDEO_ERROR_FAILED, _("%s: the video has no picture size"), path);
    }
  input_close (&in);
  return ok;
}

/* Sends one packet (NULL: the end) and hands every frame that comes out to
 * on_frame. */
typedef gboolean (*FrameFunc) (Input *in, AVFrame *frame, gpointer data, GError **error);

static gboolean
decode_packet (Input *in, const char *path, AVPacket *pkt, FrameFunc on_frame, gpointer data, GError **error)
{
  int ret = avcodec_send_packet (in->dec, pkt);

  /* A damaged packet in the middle of a phone clip: skip it, as players do. */
  if (ret < 0 && ret != AVERROR (EAGAIN) && ret != AVERROR_EOF && pkt != NULL)
    return TRUE;
  for (;;)
    {
      ret = avcodec_receive_frame (in->dec, in->frame);
      if (ret == AVERROR (EAGAIN) || ret == AVERROR_EOF)
        return TRUE;
      if (ret < 0)
        {
          set_av_error (error, path, _("the video could not be decoded"), ret);
          return FALSE;
        }
      if (!on_frame (in, in->frame, data, error))
        {
          av_frame_unref (in->frame);
          return FALSE;
        }
      av_frame_unref (in->frame);
      in->n_frames++;
    }
}

/* libswscale's vector code writes whole 16- or 32-byte blocks: rows
 * aligned to 64 bytes and a spare row keep it inside the buffer whatever
 * the width (a 360-pixel-wide portrait clip has rows of 1080 bytes). */
static VeilImage *
new_padded_image (int width, int height)
{
  VeilImage *image = g_new0 (VeilImage, 1);

  image->width = width;
  image->height = height;
  image->stride = FFALIGN (3 * width, 64);
  image->data = g_malloc ((gsize) image->stride * (height + 1));
  return image;
}

typedef struct {
  guint              every;
  VeilVideoImageFunc func;
  gpointer           user_data;
} DecodeJob;

static gboolean
decode_one (Input *in, AVFrame *frame, gpointer data, GError **error)
{
  DecodeJob *job = data;
  g_autoptr(VeilImage) image = NULL;

  if (in->n_frames % job->every == 0)
    {
      uint8_t *dst[4] = { NULL };
      int dst_stride[4] = { 0 };

      in->to_bgr = sws_getCachedContext (in->to_bgr, frame->width, frame->height, frame->format,
                                         frame->width, frame->height, AV_PIX_FMT_BGR24,
                                         SWS_BILINEAR, NULL, NULL, NULL);
      if (in->to_bgr == NULL)
        {
          g_set_error (error, VIDEO_ERROR, VIDEO_ERROR_FAILED, _("unsupported picture format"));
          return FALSE;
        }
      image = new_padded_image (frame->width, frame->height);
      dst[0] = image->data;
      dst_stride[0] = image->stride;
      sws_scale (in->to_bgr, (const uint8_t * const *) frame->data, frame->linesize, 0,
                 frame->height, dst, dst_stride);
    }
  return job->func (in->n_frames, frame_time (in, frame), image, job->user_data, error);
}

static gboolean
video_decode (const char *path, guint every, VeilVideoImageFunc func, gpointer user_data, GError **error)
{
  Input in;
  DecodeJob job = { MAX (every, 1), func, user_data };
  gboolean ok;

  if (!input_open (&in, path, error))
    {
      input_close (&in);
      return FALSE;
    }
  ok = TRUE;
  while (ok && av_read_frame (in.fmt, in.pkt) >= 0)
    {
      if (in.pkt->stream_index == in.video_index)
        ok = decode_packet (&in, path, in.pkt, decode_one, &job, error);
      av_packet_unref (in.pkt);
    }
  if (ok)
    ok = decode_packet (&in, path, NULL, decode_one, &job, error);
  input_close (&in);
  return ok;
}

/* ---- writing ---- */

typedef struct {
  Input            in;
  const char      *path;
  AVFormatContext *out;
  AVCodecContext  *enc;
  AVStream        *out_video;
  int             *stream_map;    /* input stream → output stream, or -1 */
  AVFrame         *converted;     /* when the encoder needs another format */
  struct SwsContext *convert;
  AVPacket        *enc_pkt;
  VeilVideoPlanesFunc func;
  gpointer         user_data;
  int              fd;
} Transcode;

static int
fd_write (void *opaque, uint8_t *buf, int size)
{
  Transcode *t = opaque;
  int done = 0;

  while (done < size)
    {
      ssize_t n = write (t->fd, buf + done, (size_t) (size - done));
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return AVERROR (errno ? errno : EIO);
      done += (int) n;
    }
  return done;
}

static int64_t
fd_seek (void *opaque, int64_t offset, int whence)
{
  Transcode *t = opaque;
  struct stat st;

  if (whence & AVSEEK_SIZE)
    return fstat (t->fd, &st) == 0 ? st.st_size : AVERROR (errno);
  whence &= ~AVSEEK_FORCE;
  return lseek (t->fd, offset, whence);
}

static gboolean
is_planar_yuv (enum AVPixelFormat format)
{
  const AVPixFmtDescriptor *d = av_pix_fmt_desc_get (format);

  return d != NULL && (d->flags & AV_PIX_FMT_FLAG_PLANAR) && !(d->flags & AV_PIX_FMT_FLAG_RGB) &&
         !(d->flags & AV_PIX_FMT_FLAG_ALPHA) && d->nb_components == 3 && d->comp[0].depth <= 16 &&
         d->comp[0].plane == 0 && d->comp[1].plane == 1 && d->comp[2].plane == 2;
}

static gboolean
encoder_supports (const AVCodec *codec, enum AVPixelFormat format)
{
  if (codec->pix_fmts == NULL)
    return TRUE;
  for (const enum AVPixelFormat *p = codec->pix_fmts; *p != AV_PIX_FMT_NONE; p++)
    if (*p == format)
      return TRUE;
  return FALSE;
}

static const AVCodec *
pick_encoder (enum AVCodecID input, VeilVideoContainer container)
{
  const AVCodec *codec = NULL;

  /* HEVC stays HEVC (phones record 10-bit HDR in it) where the container
   * takes it; everything else becomes H.264, which every site accepts. */
  if (input == AV_CODEC_ID_HEVC && container != VEIL_VIDEO_CONTAINER_3GP)
    codec = avcodec_find_encoder_by_name ("libx265");
  if (codec == NULL)
    codec = avcodec_find_encoder_by_name ("libx264");
  if (codec == NULL)
    codec = avcodec_find_encoder (AV_CODEC_ID_H264);
  return codec;
}

static gboolean
open_encoder (Transcode *t, VeilVideoContainer container, GError **error)
{
  AVCodecContext *dec = t->in.dec;
  const AVCodec *codec = pick_encoder (dec->codec_id, container);
  enum AVPixelFormat format = dec->pix_fmt;
  AVDictionary *opts = NULL;
  const char *preset = g_getenv ("VEIL_VIDEO_PRESET");
  int ret;

  if (codec == NULL)
    {
      g_set_error (error, VIDEO_ERROR, VIDEO_ERROR_FAILED, _("no H.264 encoder is available"));
      return FALSE;
    }
  if (!is_planar_yuv (format) || !encoder_supports (codec, format))
    format = AV_PIX_FMT_YUV420P;
  t->enc = avcodec_alloc_context3 (codec);
  t->enc->width = dec->width;
  t->enc->height = dec->height;
  t->enc->pix_fmt = format;
  t->enc->sample_aspect_ratio = dec->sample_aspect_ratio;
  t->enc->color_range = dec->color_range;
  t->enc->color_primaries = dec->color_primaries;
  t->enc->color_trc = dec->color_trc;
  t->enc->colorspace = dec->colorspace;
  t->enc->chroma_sample_location = dec->chroma_sample_location;
  /* The original's own clock: every frame keeps its time, so a variable
   * frame rate clip stays in sync with its sound. */
  t->enc->time_base = t->in.video->time_base;
  t->enc->framerate = t->in.video->avg_frame_rate;
  t->enc->thread_count = 2;
  if (t->out->oformat->flags & AVFMT_GLOBALHEADER)
    t->enc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  if (g_str_equal (codec->name, "libx264"))
    {
      av_dict_set (&opts, "crf", X264_CRF, 0);
      av_dict_set (&opts, "preset", preset != NULL ? preset : "veryfast", 0);
    }
  else if (g_str_equal (codec->name, "libx265"))
    {
      av_dict_set (&opts, "crf", X265_CRF, 0);
      av_dict_set (&opts, "preset", preset != NULL ? preset : "veryfast", 0);
      av_dict_set (&opts, "x265-params", "log-level=error", 0);
      t->enc->codec_tag = MKTAG ('h', 'v', 'c', '1');   /* what Apple players need */
    }
  else
    t->enc->bit_rate = (int64_t) dec->width * dec->height * 8;
  ret = avcodec_open2 (t->enc, codec, &opts);
  av_dict_free (&opts);
  if (ret < 0)
    {
      set_av_error (error, t->path, _("the video encoder could not be opened"), ret);
      return FALSE;
    }
  if (format != dec->pix_fmt)
    {
      t->converted = av_frame_alloc ();
      t->converted->format = format;
      t->converted->width = dec->width;
      t->converted->height = dec->height;
      if (av_frame_get_buffer (t->converted, 0) < 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
open_output (Transcode *t, VeilVideoContainer container, GError **error)
{
  static const char *names[] = { "mp4", "mov", "3gp" };
  AVFormatContext *in = t->in.fmt;
  guint8 *buffer;
  size_t matrix_size = 0;
  const guint8 *matrix;
  int ret;

  ret = avformat_alloc_output_context2 (&t->out, NULL, names[container], NULL);
  if (ret < 0)
    {
      set_av_error (error, t->path, _("the container could not be written"), ret);
      return FALSE;
    }
  buffer = av_malloc (IO_BUFFER_SIZE);
  t->out->pb = avio_alloc_context (buffer, IO_BUFFER_SIZE, 1, t, NULL, fd_write, fd_seek);
  t->out->flags |= AVFMT_FLAG_CUSTOM_IO | AVFMT_FLAG_BITEXACT;
  if (!open_encoder (t, container, error))
    return FALSE;

  t->stream_map = g_new (int, in->nb_streams);
  for (unsigned i = 0; i < in->nb_streams; i++)
    {
      AVStream *ist = in->streams[i], *ost;

      t->stream_map[i] = -1;
      if ((int) i == t->in.video_index)
        {
          ost = t->out_video = avformat_new_stream (t->out, NULL);
          avcodec_parameters_from_context (ost->codecpar, t->enc);
          ost->time_base = t->enc->time_base;
          ost->avg_frame_rate = ist->avg_frame_rate;
          ost->sample_aspect_ratio = ist->sample_aspect_ratio;
          matrix = av_stream_get_side_data (ist, AV_PKT_DATA_DISPLAYMATRIX, &matrix_size);
          if (matrix != NULL && matrix_size > 0)
            {
              guint8 *copy = av_stream_new_side_data (ost, AV_PKT_DATA_DISPLAYMATRIX, matrix_size);
              if (copy != NULL)
                memcpy (copy, matrix, matrix_size);
            }
        }
      /* Sound is copied packet for packet; data tracks (timed location,
       * camera motion), subtitles and cover pictures are left out. */
      else if (ist->codecpar->codec_type == AVMEDIA_TYPE_AUDIO &&
               avformat_query_codec (t->out->oformat, ist->codecpar->codec_id, FF_COMPLIANCE_NORMAL) == 1)
        {
          ost = avformat_new_stream (t->out, NULL);
          avcodec_parameters_copy (ost->codecpar, ist->codecpar);
          ost->codecpar->codec_tag = 0;
          ost->time_base = ist->time_base;
          ost->disposition = ist->disposition;
        }
      else
        continue;
      t->stream_map[i] = ost->index;
    }
  if ((ret = avformat_write_header (t->out, NULL)) < 0)
    {
      set_av_error (error, t->path, _("the container could not be written"), ret);
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_encoded (Transcode *t, GError **error)
{
  for (;;)
    {
      int ret = avcodec_receive_packet (t->enc, t->enc_pkt);

      if (ret == AVERROR (EAGAIN) || ret == AVERROR_EOF)
        return TRUE;
      if (ret < 0)
        {
          set_av_error (error, t->path, _("the video could not be encoded"), ret);
          return FALSE;
        }
      av_packet_rescale_ts (t->enc_pkt, t->enc->time_base, t->out_video->time_base);
      t->enc_pkt->stream_index = t->out_video->index;
      if ((ret = av_interleaved_write_frame (t->out, t->enc_pkt)) < 0)
        {
          set_av_error (error, t->path, _("the copy could not be written"), ret);
          return FALSE;
        }
    }
}

static gboolean
transcode_one (Input *in, AVFrame *frame, gpointer data, GError **error)
{
  Transcode *t = data;
  const AVPixFmtDescriptor *d;
  VeilVideoPlanes planes = { 0 };
  AVFrame *out = frame;
  int ret;

  /* The decoder may still refer to this picture: change a copy. */
  if (t->converted != NULL)
    {
      if (av_frame_make_writable (t->converted) < 0)
        return FALSE;
      t->convert = sws_getCachedContext (t->convert, frame->width, frame->height, frame->format,
                                         frame->width, frame->height, t->converted->format,
                                         SWS_BICUBIC | SWS_ACCURATE_RND, NULL, NULL, NULL);
      sws_scale (t->convert, (const uint8_t * const *) frame->data, frame->linesize, 0,
                 frame->height, t->converted->data, t->converted->linesize);
      av_frame_copy_props (t->converted, frame);
      out = t->converted;
    }
  else if ((ret = av_frame_make_writable (frame)) < 0)
    {
      set_av_error (error, t->path, _("out of memory"), ret);
      return FALSE;
    }
  d = av_pix_fmt_desc_get (out->format);
  planes.width = out->width;
  planes.height = out->height;
  planes.n_planes = 3;
  for (int p = 0; p < 3; p++)
    {
      planes.data[p] = out->data[p];
      planes.stride[p] = out->linesize[p];
    }
  planes.shift_x = d->log2_chroma_w;
  planes.shift_y = d->log2_chroma_h;
  planes.depth = d->comp[0].depth;
  planes.bytes_per_sample = planes.depth > 8 ? 2 : 1;
  if (!t->func (in->n_frames, frame_time (in, frame), &planes, t->user_data, error))
    return FALSE;

  out->pts = frame->best_effort_timestamp;
  out->pict_type = AV_PICTURE_TYPE_NONE;
  if ((ret = avcodec_send_frame (t->enc, out)) < 0)
    {
      set_av_error (error, t->path, _("the video could not be encoded"), ret);
      return FALSE;
    }
  return write_encoded (t, error);
}

static gboolean
copy_packet (Transcode *t, AVPacket *pkt, GError **error)
{
  int target = t->stream_map[pkt->stream_index];
  AVStream *ist = t->in.fmt->streams[pkt->stream_index];
  int ret;

  if (target < 0)
    return TRUE;
  av_packet_rescale_ts (pkt, ist->time_base, t->out->streams[target]->time_base);
  pkt->stream_index = target;
  pkt->pos = -1;
  if ((ret = av_interleaved_write_frame (t->out, pkt)) < 0)
    {
      set_av_error (error, t->path, _("the copy could not be written"), ret);
      return FALSE;
    }
  return TRUE;
}

static gboolean
video_transcode (const char *path, VeilVideoContainer container, int out_fd,
                 VeilVideoPlanesFunc func, gpointer user_data, GError **error)
{
  Transcode t = { .path = path, .func = func, .user_data = user_data, .fd = out_fd };
  gboolean ok = input_open (&t.in, path, error) && open_output (&t, container, error);
  int ret;

  t.enc_pkt = av_packet_alloc ();
  while (ok && av_read_frame (t.in.fmt, t.in.pkt) >= 0)
    {
      if (t.in.pkt->stream_index == t.in.video_index)
        ok = decode_packet (&t.in, path, t.in.pkt, transcode_one, &t, error);
      else
        ok = copy_packet (&t, t.in.pkt, error);
      av_packet_unref (t.in.pkt);
    }
  if (ok)
    ok = decode_packet (&t.in, path, NULL, transcode_one, &t, error);
  if (ok && (ret = avcodec_send_frame (t.enc, NULL)) < 0)
    {
      set_av_error (error, path, _("the video could not be encoded"), ret);
      ok = FALSE;
    }
  if (ok)
    ok = write_encoded (&t, error);
  if (ok && (ret = av_write_trailer (t.out)) < 0)
    {
      set_av_error (error, path, _("the copy could not be written"), ret);
      ok = FALSE;
    }
  if (t.out != NULL && t.out->pb != NULL)
    {
      avio_flush (t.out->pb);
      if (ok && t.out->pb->error < 0)
        {
          set_av_error (error, path, _("the copy could not be written"), t.out->pb->error);
          ok = FALSE;
        }
      av_freep (&t.out->pb->buffer);
      avio_context_free (&t.out->pb);
    }
  avformat_free_context (t.out);
  av_packet_free (&t.enc_pkt);
  sws_freeContext (t.convert);
  av_frame_free (&t.converted);
  avcodec_free_context (&t.enc);
  g_free (t.stream_map);
  input_close (&t.in);
  if (!ok && error != NULL && *error == NULL)
    g_set_error (error, VIDEO_ERROR, VIDEO_ERROR_FAILED, _("%s: the video could not be re-encoded"), path);
  return ok;
}

/* The one symbol the module exports. */
G_MODULE_EXPORT const VeilVideoModule *veil_video_module_get (void);

G_MODULE_EXPORT const VeilVideoModule *
veil_video_module_get (void)
{
  static const VeilVideoModule module = {
    VEIL_VIDEO_MODULE_ABI,
    video_probe,
    video_decode,
    video_transcode,
  };
  /* Errors come back as GErrors; FFmpeg's own log would only repeat them. */
  av_log_set_level (g_getenv ("VEIL_VIDEO_DEBUG") != NULL ? AV_LOG_VERBOSE : AV_LOG_QUIET);
  return &module;
}
