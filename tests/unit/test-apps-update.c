/* test-apps-update.c: `veil trackers update` against a loopback HTTP server
 * (GSocketService) started by the test (127.0.0.1, random port): good list, bad JSON, wrong
 * shape, too large, dropped connection. A failure must leave the old
 * database byte for byte as it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <sys/stat.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "veil-apps.h"
#include "veil-error.h"
#include "veil-test-utils.h"

typedef enum { GOOD, BAD_JSON, WRONG_SHAPE, TOO_LARGE, DROPPED, NOT_FOUND, EMPTY, DEEP } Mode;

static const char good_json[] =
  "{\"trackers\":{"
  "\"1\":{\"id\":1,\"name\":\"Teemo\",\"description\":\"\",\"creation_date\":\"2017-09-24\","
  "\"code_signature\":\"com.databerries.|com.geolocstation.\",\"network_signature\":\"databerries\\\\.com\","
  "\"website\":\"https://www.teemo.co\",\"categories\":[\"Analytics\"],\"documentation\":[]},"
  "\"2\":{\"id\":2,\"name\":\"Test Ads\",\"code_signature\":\"org.veiltest.ads.\",\"network_signature\":\"\","
  "\"website\":\"https://example.org\",\"categories\":[\"Advertisement\"],\"documentation\":[]}}}";

static gboolean
on_incoming (GSocketService *service, GSocketConnection *conn, GObject *source, gpointer user_data)
{
  Mode mode = GPOINTER_TO_INT (user_data);
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (conn));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (conn));
  char request[4096];
  g_autofree char *body = NULL;
  g_autofree char *head = NULL;
  gsize body_len;

  /* The request fits in one read for this client. */
  g_input_stream_read (in, request, sizeof request, NULL, NULL);
  switch (mode)
    {
    case GOOD: body = g_strdup (good_json); break;
    case BAD_JSON: body = g_strdup ("{\"trackers\": {\"1\": {\"name\": "); break;
    case WRONG_SHAPE: body = g_strdup ("{\"trackers\": [1, 2, 3]}"); break;
    case DROPPED: body = g_strdup (good_json); break;
    case NOT_FOUND: body = g_strdup ("not here"); break;
    case EMPTY: body = g_strdup (""); break;
    case DEEP:
      /* 200 KB nested 100,000 deep: json-glib would recurse once per level. */
      body = g_malloc (200001);
      memset (body, '[', 100000);
      memset (body + 100000, ']', 100000);
      body[200000] = '\0';
      break;
    case TOO_LARGE:
      body = g_malloc (17 << 20);
      memset (body, ' ', 17 << 20);
      body[(17 << 20) - 1] = '\0';
      break;
    }
  body_len = strlen (body);
  head = g_strdup_printf ("HTTP/1.1 %s\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
                          "Connection: close\r\n\r\n", mode == NOT_FOUND ? "404 Not Found" : "200 OK", body_len);
  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
  /* Dropped: half the promised body, then the connection goes away. */
  g_output_stream_write_all (out, body, mode == DROPPED ? body_len / 2 : body_len, NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);
  return TRUE;
}

/* The server runs in its own thread and main context, because the code
 * under test blocks the test's thread while it downloads. */
typedef struct {
  Mode          mode;
  GMutex        lock;
  GCond         cond;
  guint16       port;
  GMainLoop    *loop;
  GMainContext *context;
} Server;

static gpointer
server_thread (gpointer data)
{
  Server *srv = data;
  GSocketService *service;
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (srv->context);
  service = g_socket_service_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (service), addr, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &bound, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (on_incoming), GINT_TO_POINTER (srv->mode));
  g_socket_service_start (service);

  g_mutex_lock (&srv->lock);
  srv->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_cond_signal (&srv->cond);
  g_mutex_unlock (&srv->lock);

  g_main_loop_run (srv->loop);
  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
  g_object_unref (service);
  g_main_context_pop_thread_default (srv->context);
  return NULL;
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
run_case_message (Mode mode, GQuark domain, int code, const char *message_has)
{
  g_autofree char *dir = veil_test_mkdtemp ();
  g_autofree char *dest = g_build_filename (dir, "trackers.db", NULL);
  g_autofree char *bundled = veil_tracker_db_bundled_path ();
  g_autofree char *old = NULL, *after = NULL;
  gsize old_len = 0, after_len = 0;
  Server srv = { .mode = mode };
  GThread *thread;
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;
  gboolean ok;

  /* Start from a copy of the bundled list as "the one in use". */
  g_assert_true (g_file_get_contents (bundled, &old, &old_len, NULL));
  g_assert_true (g_file_set_contents (dest, old, old_len, NULL));

  srv.context = g_main_context_new ();
  srv.loop = g_main_loop_new (srv.context, FALSE);
  g_mutex_init (&srv.lock);
  g_cond_init (&srv.cond);
  g_mutex_lock (&srv.lock);
  thread = g_thread_new ("http", server_thread, &srv);
  while (srv.port == 0)
    g_cond_wait (&srv.cond, &srv.lock);
  g_mutex_unlock (&srv.lock);
  url = g_strdup_printf ("http://127.0.0.1:%u/api/trackers", srv.port);

  ok = veil_tracker_db_update (url, dest, &n, NULL, &error);
  g_main_context_invoke (srv.context, quit_loop, srv.loop);
  g_thread_join (thread);
  g_main_loop_unref (srv.loop);
  g_main_context_unref (srv.context);
  g_mutex_clear (&srv.lock);
  g_cond_clear (&srv.cond);

  if (mode == GOOD)
    {
      g_autoptr(VeilTrackerDb) db = NULL;
      GPtrArray *all;
      gboolean teemo = FALSE, sentry_possible = FALSE, ios = FALSE;
      GStatBuf st;

      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_cmpuint (n, ==, 2);
      g_assert_cmpint (g_stat (dest, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
      db = veil_tracker_db_open (dest, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (veil_tracker_db_get_meta (db, "source"), ==, "exodus-api");
      all = veil_tracker_db_get_trackers (db);
      for (guint i = 0; i < all->len; i++)
        {
          const VeilTrackerInfo *t = all->pdata[i];
          if (g_str_equal (t->name, "Teemo") && t->platform == VEIL_APP_PLATFORM_ANDROID)
            teemo = t->verified && g_strcmp0 (t->categories[0], "Analytics") == 0 &&
                    g_strcmp0 (t->network_signature, "databerries\\.com") == 0;
          if (g_str_equal (t->name, "Sentry") && t->platform == VEIL_APP_PLATFORM_ANDROID)
            sentry_possible = !t->verified;     /* ETIP-only rows are kept */
          if (t->platform == VEIL_APP_PLATFORM_IOS)
            ios = TRUE;                         /* and so are the iOS ones */
        }
      g_assert_true (teemo);
      g_assert_true (sentry_possible);
      g_assert_true (ios);
    }
  else
    {
      g_test_message ("mode %d: %s", mode, error ? error->message : "(none)");
      g_assert_false (ok);
      g_assert_error (error, domain, code);
      if (message_has != NULL)
        g_assert_nonnull (strstr (error->message, message_has));
      g_assert_true (g_file_get_contents (dest, &after, &after_len, NULL));
      g_assert_cmpmem (after, after_len, old, old_len);
    }
  /* No temporary file left behind. */
  {
    g_auto(GStrv) names = veil_test_list_dir (dir);
    g_assert_cmpuint (g_strv_length (names), ==, 1);
  }
  veil_test_rmdir (dir);
}

static void
run_case (Mode mode, GQuark domain, int code)
{
  run_case_message (mode, domain, code, NULL);
}

static void test_good (void) { run_case (GOOD, 0, 0); }
static void test_bad_json (void) { run_case (BAD_JSON, VEIL_NETWORK_ERROR, VEIL_NETWORK_ERROR_INVALID); }
static void test_wrong_shape (void) { run_case (WRONG_SHAPE, VEIL_NETWORK_ERROR, VEIL_NETWORK_ERROR_INVALID); }
static void test_too_large (void) { run_case (TOO_LARGE, VEIL_NETWORK_ERROR, VEIL_NETWORK_ERROR_TOO_LARGE); }
static void test_dropped (void) { run_case (DROPPED, VEIL_NETWORK_ERROR, VEIL_NETWORK_ERROR_FAILED); }
static void test_not_found (void) { run_case (NOT_FOUND, VEIL_NETWORK_ERROR, VEIL_NETWORK_ERROR_FAILED); }

/* An empty 200 answer once left the error unset (json-glib asserts on a
 * NULL buffer), so callers printed a stale errno. */
static void
test_empty (void)
{
  run_case_message (EMPTY, VEIL_NETWORK_ERROR, VEIL_NETWORK_ERROR_INVALID, "the tracker list is empty");
}

static void
test_deep (void)
{
  run_case_message (DEEP, VEIL_NETWORK_ERROR, VEIL_NETWORK_ERROR_INVALID, "nested more than 512 levels");
}

static void
test_unreachable (void)
{
  g_autofree char *dir = veil_test_mkdtemp ();
  g_autofree char *dest = g_build_filename (dir, "trackers.db", NULL);
  g_autoptr(GError) error = NULL;

  /* Port 1 on loopback: nothing listens there. */
  g_assert_false (veil_tracker_db_update ("http://127.0.0.1:1/api/trackers", dest, NULL, NULL, &error));
  g_assert_error (error, VEIL_NETWORK_ERROR, VEIL_NETWORK_ERROR_FAILED);
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
  veil_test_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/apps/update/good", test_good);
  g_test_add_func ("/apps/update/bad-json", test_bad_json);
  g_test_add_func ("/apps/update/wrong-shape", test_wrong_shape);
  g_test_add_func ("/apps/update/too-large", test_too_large);
  g_test_add_func ("/apps/update/dropped-connection", test_dropped);
  g_test_add_func ("/apps/update/not-found", test_not_found);
  g_test_add_func ("/apps/update/unreachable", test_unreachable);
  g_test_add_func ("/apps/update/empty-answer", test_empty);
  g_test_add_func ("/apps/update/deep-nesting", test_deep);
  return g_test_run ();
}
