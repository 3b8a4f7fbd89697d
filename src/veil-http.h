/* veil-http.h: Veil's one way of fetching something from the network, used
 * only when the user asks for it (a tracker list update, a model download).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Takes the next piece of the body; returns FALSE with error set to stop. */
typedef gboolean (*VeilHttpSink)     (const guint8  *data,
                                      gsize          len,
                                      gpointer       user_data,
                                      GError       **error);
typedef void     (*VeilHttpProgress) (gint64         received,
                                      gpointer       user_data);

/* GETs url (http or https; redirects to https only; TLS verified) and hands
 * the body to sink as it arrives. Fails, naming url, on a body larger than
 * max_size (VEIL_NETWORK_ERROR_TOO_LARGE, stopped as soon as that is
 * known), an HTTP error, a connection that fails or stalls for a minute
 * (VEIL_NETWORK_ERROR_FAILED), a sink error, or cancellation. progress and
 * cancellable may be NULL. */
gboolean veil_http_get (const char        *url,
                        gint64             max_size,
                        VeilHttpSink       sink,
                        gpointer           sink_data,
                        VeilHttpProgress   progress,
                        gpointer           progress_data,
                        GCancellable      *cancellable,
                        GError           **error);

G_END_DECLS
