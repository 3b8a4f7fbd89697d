/* veil-handlers.c: which formats Veil can inspect and clean.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-handlers"

#include "veil-handler.h"

static const VeilFormatHandler *const handlers[] = {
  &_veil_jpeg_handler,
  &_veil_tiff_handler, &_veil_dng_handler,
  &_veil_png_handler,
  &_veil_webp_handler,
  &_veil_gif_handler,
  &_veil_heif_handler, &_veil_avif_handler, &_veil_mp4_handler, &_veil_mov_handler, &_veil_3gp_handler,
};

const VeilFormatHandler *
_veil_format_handler (VeilFormat format)
{
  for (gsize i = 0; i < G_N_ELEMENTS (handlers); i++)
    if (handlers[i]->format == format)
      return handlers[i];
  return NULL;
}
