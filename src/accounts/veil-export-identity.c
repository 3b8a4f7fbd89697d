/* veil-export-identity.c: what makes an export the same export again (a
 * hash of its archives) and whose account it is (a name the platform
 * writes into it), so that importing it twice changes nothing and a newer
 * export of the same account adds to it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-exports"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "veil-export-private.h"

#if HAVE_LIBCRYPTO
#include <openssl/evp.h>
#endif

#define CHUNK ((gsize) 1024 * 1024)

/* SHA-256, through OpenSSL where the build has it: it uses the CPU's SHA
 * instructions, and a 1 GB export's archive is hashed on every import. The
 * digests are the same either way, so stores stay comparable. */
typedef struct {
#if HAVE_LIBCRYPTO
  EVP_MD_CTX *ctx;
#else
  GChecksum  *sum;
#endif
} Sha256;

static void
sha256_init (Sha256 *h)
{
#if HAVE_LIBCRYPTO
  h->ctx = EVP_MD_CTX_new ();
  if (h->ctx == NULL || EVP_DigestInit_ex (h->ctx, EVP_sha256 (), NULL) != 1)
    g_error ("OpenSSL cannot compute SHA-256");
#else
  h->sum = g_checksum_new (G_CHECKSUM_SHA256);
#endif
}

static void
sha256_update (Sha256       *h,
               const guint8 *data,
               gsize         len)
{
#if HAVE_LIBCRYPTO
  EVP_DigestUpdate (h->ctx, data, len);
#else
  g_checksum_update (h->sum, data, (gssize) len);
#endif
}

/* The digest in lower-case hex; frees h. */
static char *
sha256_finish (Sha256 *h)
{
#if HAVE_LIBCRYPTO
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  GString *hex = g_string_sized_new (64);

  EVP_DigestFinal_ex (h->ctx, md, &len);
  EVP_MD_CTX_free (h->ctx);
  for (unsigned int i = 0; i < len; i++)
    g_string_append_printf (hex, "%02x", md[i]);
  return g_string_free (hex, FALSE);
#else
  char *hex = g_strdup (g_checksum_get_string (h->sum));

  g_checksum_free (h->sum);
  return hex;
#endif
}

static gboolean
hash_file (Sha256        *sum,
           const char    *path,
           guint8        *buf,
           GCancellable  *cancellable,
           GError       **error)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  gssize n;

  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot open %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  while ((n = read (fd, buf, CHUNK)) != 0)
    {
      if (n < 0)
        {
          int saved = errno;
          if (saved == EINTR)
            continue;
          close (fd);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Cannot read %s: %s"), path, g_strerror (saved));
          return FALSE;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          close (fd);
          return FALSE;
        }
      sha256_update (sum, buf, (gsize) n);
    }
  close (fd);
  return TRUE;
}

gboolean
_veil_export_digest (const char * const *paths,
                     GCancellable       *cancellable,
                     char              **digest,
                     GError            **error)
{
  Sha256 sum;
  g_autofree guint8 *buf = NULL;
  g_autofree char *hex = NULL;

  *digest = NULL;
  for (guint i = 0; paths[i] != NULL; i++)
    if (g_file_test (paths[i], G_FILE_TEST_IS_DIR))
      return TRUE;
  buf = g_malloc (CHUNK);
  sha256_init (&sum);
  for (guint i = 0; paths[i] != NULL; i++)
    {
      /* Part boundaries count: two parts are not their concatenation. */
      sha256_update (&sum, (const guint8 *) "\0part\0", 6);
      if (!hash_file (&sum, paths[i], buf, cancellable, error))
        {
          g_free (sha256_finish (&sum));
          return FALSE;
        }
    }
  *digest = sha256_finish (&sum);
  return TRUE;
}

typedef struct {
  const VeilExportAccountFile *file;
  char                        *account;
} Identify;

static gboolean
names_account (const VeilExportAccountFile *file,
               const char                  *name)
{
  const char *base = _veil_path_basename (name);

  for (guint i = 0; file->basenames[i] != NULL; i++)
    if (g_ascii_strcasecmp (base, file->basenames[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
want_identity (const VeilExportEntry *entry,
               gpointer               user_data)
{
  Identify *id = user_data;

  return id->account == NULL && names_account (id->file, entry->name);
}

/* A label folded for comparison: case, and the typographic apostrophe
 * (U+2019, as Instagram writes "Nom d’utilisateur") as the ASCII one. */
static char *
fold_label (const char *label)
{
  g_autofree char *folded = g_utf8_casefold (label, -1);
  g_auto(GStrv) parts = g_strsplit (folded, "\u2019", -1);

  return g_strjoinv ("'", parts);
}

static gboolean
label_names_account (const VeilExportAccountFile *file,
                     const char                  *label)
{
  g_autofree char *folded = NULL;

  if (file->labels == NULL)
    return TRUE;
  if (label == NULL)
    return FALSE;
  folded = fold_label (label);
  for (guint i = 0; file->labels[i] != NULL; i++)
    {
      g_autofree char *want = fold_label (file->labels[i]);

      if (g_str_equal (folded, want))
        return TRUE;
    }
  return FALSE;
}

static gboolean
on_account (const char * const *path,
            guint               n_path,
            JsonNode           *node,
            gpointer            user_data,
            GError            **error)
{
  Identify *id = user_data;
  const char *name = _veil_json_string (_veil_json_node_object (node), id->file->member);

  if (name == NULL || *name == '\0' || !label_names_account (id->file, n_path > 0 ? path[n_path - 1] : NULL))
    return TRUE;
  id->account = g_strdup (name);
  /* Found: the rest of the file is not needed. */
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "found");
  return FALSE;
}

static gboolean
read_identity (const VeilExportEntry *entry,
               VeilExportStream      *stream,
               gpointer               user_data,
               GError               **error)
{
  Identify *id = user_data;
  VeilJsonStreamOptions options = {
    .patterns = id->file->patterns,
    .fix_mojibake = TRUE,
    .javascript = id->file->javascript,
  };

  g_autoptr(GError) local = NULL;

  /* A file that cannot be read names no account, and the import says why;
   * but a damaged archive or a bomb stops here, with its own reason. */
  if (!veil_json_stream_parse (stream, entry->name, &options, on_account, id, NULL, &local) &&
      veil_export_stream_is_broken (stream))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

gboolean
_veil_export_identify (const VeilExportReader *reader,
                       VeilExportContext      *ctx,
                       const char * const     *paths,
                       GPtrArray              *names,
                       GError                **error)
{
  Identify id = { reader->account_file, NULL };
  gboolean present = FALSE;

  if (id.file == NULL)
    return TRUE;
  for (guint i = 0; i < names->len && !present; i++)
    present = names_account (id.file, g_ptr_array_index (names, i));
  if (!present)
    return TRUE;
  /* Only the one small file is read; the walk passes over the rest. */
  for (guint i = 0; paths[i] != NULL && id.account == NULL; i++)
    if (!veil_export_walk (paths[i], want_identity, read_identity, &id, ctx->cancellable, error))
      {
        g_free (id.account);
        return FALSE;
      }
  if (id.account != NULL && *g_strstrip (id.account) == '\0')
    g_clear_pointer (&id.account, g_free);
  ctx->account = id.account;
  return TRUE;
}
