/* test-faces-models.c: the model list and the downloader, against a
 * loopback HTTP server this test starts (no other network).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "veil-core.h"
#include "veil-test-utils.h"
#include "veil-models.h"

typedef struct {
  GSocketListener *listener;
  GCancellable    *cancel;
  GThread         *thread;
  guint16          port;
  GBytes          *body;      /* what /good serves */
  GBytes          *big;       /* /real: a file from ../shared, if any */
} Server;

static void
serve_one (Server *s, GSocketConnection *conn)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (conn));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (conn));
  char req[4096];
  gsize got = 0;
  g_autofree char *head = NULL;
  const guint8 *data;
  gsize len, send;
  g_autofree guint8 *copy = NULL;

  /* read up to the end of the request head */
  while (got < sizeof req - 1)
    {
      gssize n = g_input_stream_read (in, req + got, sizeof req - 1 - got, NULL, NULL);
      if (n <= 0)
        return;
      got += (gsize) n;
      req[got] = '\0';
      if (strstr (req, "\r\n\r\n"))
        break;
    }
  data = g_bytes_get_data (s->body, &len);
  send = len;
  if (g_str_has_prefix (req, "GET /corrupt "))
    {
      copy = g_memdup2 (data, len);
      copy[len / 2] ^= 0xff;
      data = copy;
    }
  else if (g_str_has_prefix (req, "GET /truncated "))
    send = len / 2;   /* promise len, send half, hang up */
  else if (g_str_has_prefix (req, "GET /real ") && s->big != NULL)
    {
      data = g_bytes_get_data (s->big, &len);
      send = len;
    }
  else if (!g_str_has_prefix (req, "GET /good "))
    {
      const char *nf = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
      g_output_stream_write_all (out, nf, strlen (nf), NULL, NULL, NULL);
      return;
    }
  head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n", len);
  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
  g_output_stream_write_all (out, data, send, NULL, NULL, NULL);
}

static gpointer
server_thread (gpointer data)
{
  Server *s = data;

  for (;;)
    {
      g_autoptr(GSocketConnection) conn = g_socket_listener_accept (s->listener, NULL, s->cancel, NULL);
      if (conn == NULL)
        break;
      serve_one (s, conn);
      g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);
    }
  return NULL;
}

static guint16
bind_loopback (GSocketListener *listener)
{
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  g_socket_listener_add_address (listener, addr, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &effective, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
}

static void
server_start (Server *s)
{
  guint8 body[50000];

  for (gsize i = 0; i < sizeof body; i++)
    body[i] = (guint8) (i * 7 + (i >> 8));
  s->body = g_bytes_new (body, sizeof body);
  s->listener = g_socket_listener_new ();
  s->cancel = g_cancellable_new ();
  s->port = bind_loopback (s->listener);
  s->thread = g_thread_new ("http", server_thread, s);
}

static void
server_stop (Server *s)
{
  g_cancellable_cancel (s->cancel);
  g_thread_join (s->thread);
  g_socket_listener_close (s->listener);
  g_clear_object (&s->listener);
  g_clear_object (&s->cancel);
  g_clear_pointer (&s->body, g_bytes_unref);
  g_clear_pointer (&s->big, g_bytes_unref);
}

static VeilKnownModel *
entry_for (GBytes *body, const char *url, const char *file)
{
  VeilKnownModel *m = g_new0 (VeilKnownModel, 1);

  m->name = g_strdup ("test");
  m->file = g_strdup (file);
  m->url = g_strdup (url);
  m->size = (gint64) g_bytes_get_size (body);
  m->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, body);
  m->license = g_strdup ("test data");
  return m;
}

/* Only the expected file, or nothing: never a temporary left behind. */
static void
assert_dir_holds (const char *dir, const char *only)
{
  g_auto(GStrv) names = veil_test_list_dir (dir);

  if (only == NULL)
    g_assert_cmpuint (g_strv_length (names), ==, 0);
  else
    {
      g_assert_cmpuint (g_strv_length (names), ==, 1);
      g_assert_cmpstr (names[0], ==, only);
    }
}

static void
test_fetch (void)
{
  Server s = { 0 };
  g_autofree char *dir = veil_test_mkdtemp ();
  g_autofree char *url = NULL, *dest = NULL;
  g_autoptr(VeilKnownModel) m = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *got = NULL;
  gsize got_len;
  GStatBuf st;

  server_start (&s);

  /* good: saved, identical, mode 0600 */
  url = g_strdup_printf ("http://127.0.0.1:%u/good", s.port);
  m = entry_for (s.body, url, "good.onnx");
  g_assert_true (veil_models_fetch (m, dir, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  dest = g_build_filename (dir, "good.onnx", NULL);
  g_assert_true (g_file_get_contents (dest, &got, &got_len, NULL));
  g_assert_cmpmem (got, got_len, g_bytes_get_data (s.body, NULL), g_bytes_get_size (s.body));
  g_assert_cmpint (g_stat (dest, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_unlink (dest);
  g_clear_pointer (&m, veil_known_model_free);
  g_clear_pointer (&url, g_free);

  /* corrupted: hash mismatch, nothing kept */
  url = g_strdup_printf ("http://127.0.0.1:%u/corrupt", s.port);
  m = entry_for (s.body, url, "corrupt.onnx");
  g_assert_false (veil_models_fetch (m, dir, NULL, NULL, NULL, &error));
  g_assert_error (error, VEIL_NETWORK_ERROR, VEIL_NETWORK_ERROR_HASH_MISMATCH);
  g_clear_error (&error);
  assert_dir_holds (dir, NULL);
  g_clear_pointer (&m, veil_known_model_free);
  g_clear_pointer (&url, g_free);

  /* truncated: connection dropped half way */
  url = g_strdup_printf ("http://127.0.0.1:%u/truncated", s.port);
  m = entry_for (s.body, url, "truncated.onnx");
  g_assert_false (veil_models_fetch (m, dir, NULL, NULL, NULL, &error));
  g_assert_error (error, VEIL_NETWORK_ERROR, VEIL_NETWORK_ERROR_FAILED);
  g_clear_error (&error);
  assert_dir_holds (dir, NULL);
  g_clear_pointer (&m, veil_known_model_free);

  /* larger than the list says: refused before it is all read */
  m = entry_for (s.body, url, "big.onnx");
  g_free (m->url);
  m->url = g_strdup_printf ("http://127.0.0.1:%u/good", s.port);
  m->size = 1000;
  g_assert_false (veil_models_fetch (m, dir, NULL, NULL, NULL, &error));
  g_assert_error (error, VEIL_NETWORK_ERROR, VEIL_NETWORK_ERROR_TOO_LARGE);
  g_clear_error (&error);
  assert_dir_holds (dir, NULL);
  g_clear_pointer (&m, veil_known_model_free);
  g_clear_pointer (&url, g_free);

  /* the real model, when ../shared has it, through the shipped list entry */
  {
    g_autofree char *real = g_getenv ("VEIL_SHARED_DIR") ?
      g_build_filename (g_getenv ("VEIL_SHARED_DIR"), "models", "mobilefacenet_upstream.onnx", NULL) : NULL;
    g_autoptr(GPtrArray) list = veil_models_load_list (NULL, &error);
    g_autofree char *contents = NULL;
    gsize len;

    g_assert_no_error (error);
    g_assert_cmpuint (list->len, >=, 1);
    if (real != NULL && g_file_get_contents (real, &contents, &len, NULL))
      {
        VeilKnownModel *shipped = g_ptr_array_index (list, 0);
        g_autofree char *orig_url = shipped->url;

        s.big = g_bytes_new_take (g_steal_pointer (&contents), len);
        shipped->url = g_strdup_printf ("http://127.0.0.1:%u/real", s.port);
        g_assert_true (veil_models_fetch (shipped, dir, NULL, NULL, NULL, &error));
        g_assert_no_error (error);
        assert_dir_holds (dir, shipped->file);
        g_free (shipped->url);
        shipped->url = g_steal_pointer (&orig_url);
      }
  }
  server_stop (&s);

  /* no server: connection refused */
  {
    GSocketListener *l = g_socket_listener_new ();
    guint16 port = bind_loopback (l);
    g_autoptr(VeilKnownModel) none = NULL;
    g_autofree char *dir2 = veil_test_mkdtemp ();

    g_socket_listener_close (l);
    g_object_unref (l);
    url = g_strdup_printf ("http://127.0.0.1:%u/good", port);
    {
      g_autoptr(GBytes) b = g_bytes_new_static ("x", 1);
      none = entry_for (b, url, "none.onnx");
    }
    g_assert_false (veil_models_fetch (none, dir2, NULL, NULL, NULL, &error));
    g_assert_error (error, VEIL_NETWORK_ERROR, VEIL_NETWORK_ERROR_FAILED);
    g_test_message ("%s", error->message);
    assert_dir_holds (dir2, NULL);
    veil_test_rmdir (dir2);
  }
  veil_test_rmdir (dir);
}

static void
test_list_malformed (void)
{
  g_autofree char *dir = veil_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "list.json", NULL);
  const char *bad[] = {
    "not json",
    "{\"models\": 3}",
    "{\"models\": [{\"name\": \"x\", \"file\": \"../evil\", \"url\": \"https://a/b\", \"size\": 3, "
      "\"sha256\": \"0c9ad2a83969fc82155706f7020e6926b4a1a90a5476fff4a5588dfe207f64a4\"}]}",
    "{\"models\": [{\"name\": \"x\", \"file\": \"a.onnx\", \"url\": \"file:///etc/passwd\", \"size\": 3, "
      "\"sha256\": \"0c9ad2a83969fc82155706f7020e6926b4a1a90a5476fff4a5588dfe207f64a4\"}]}",
    "{\"models\": [{\"name\": \"x\", \"file\": \"a.onnx\", \"url\": \"https://a/b\", \"size\": 3, "
      "\"sha256\": \"short\"}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) list = NULL;

      g_assert_true (g_file_set_contents (path, bad[i], -1, NULL));
      list = veil_models_load_list (path, &error);
      g_assert_null (list);
      g_assert_nonnull (error);
    }
  veil_test_rmdir (dir);
}

/* Shipped by path; downloaded only when name and SHA-256 are the listed
 * ones; anything else, a look-alike name included, was added. */
static void
test_origin (void)
{
  g_autofree char *dir = veil_test_mkdtemp ();
  g_autofree char *shipped = g_build_filename (dir, "shipped.onnx", NULL);
  g_autofree char *listed_path = g_build_filename (dir, "listed.onnx", NULL);
  g_autofree char *other = g_build_filename (dir, "mine.onnx", NULL);
  g_autoptr(GBytes) body = g_bytes_new_static ("listed model bytes", 18);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) veil_known_model_free);
  const VeilKnownModel *listed = NULL;

  g_ptr_array_add (list, entry_for (body, "https://example.org/m.onnx", "listed.onnx"));
  g_assert_true (g_file_set_contents (shipped, "shipped", -1, NULL));
  g_assert_true (g_file_set_contents (listed_path, "listed model bytes", -1, NULL));
  g_assert_true (g_file_set_contents (other, "listed model bytes", -1, NULL));
  g_setenv ("VEIL_SHIPPED_MODEL", shipped, TRUE);

  g_assert_cmpint (veil_models_origin (list, shipped, &listed), ==, VEIL_MODEL_ORIGIN_SHIPPED);
  g_assert_null (listed);
  g_assert_cmpint (veil_models_origin (list, listed_path, &listed), ==, VEIL_MODEL_ORIGIN_DOWNLOADED);
  g_assert_true (listed == list->pdata[0]);
  /* the same bytes under another name: not the listed file */
  g_assert_cmpint (veil_models_origin (list, other, &listed), ==, VEIL_MODEL_ORIGIN_ADDED);
  g_assert_null (listed);
  /* the listed name with other bytes */
  g_assert_true (g_file_set_contents (listed_path, "something else", -1, NULL));
  g_assert_cmpint (veil_models_origin (list, listed_path, &listed), ==, VEIL_MODEL_ORIGIN_ADDED);
  g_assert_null (listed);
  g_assert_cmpint (veil_models_origin (NULL, other, NULL), ==, VEIL_MODEL_ORIGIN_ADDED);

  g_unsetenv ("VEIL_SHIPPED_MODEL");
  veil_test_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vision/models/fetch", test_fetch);
  g_test_add_func ("/vision/models/list-malformed", test_list_malformed);
  g_test_add_func ("/vision/models/origin", test_origin);
  return g_test_run ();
}
