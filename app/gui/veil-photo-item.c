/* veil-photo-item.c: one photo in the Photos list and what it gives away.
 *
 * Inspection and thumbnails run in GTask threads that see only plain data
 * (a path in, a report or a pixbuf out); the item itself and every GTK object
 * are touched on the main thread only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-photo-item"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <glib/gstdio.h>

#include "veil-app-enums.h"
#include "veil-error-text.h"
#include "veil-photo-item.h"

/* Row thumbnails: 48 logical pixels, sharp on a 2× screen. */
#define THUMBNAIL_SIZE 96

struct _VeilPhotoItem
{
  GObject         parent_instance;

  GFile          *file;
  char           *path;
  char           *name;
  char           *relative;
  VeilPhotoState  state;
  VeilFormat      format;
  VeilReport     *report;
  char           *message;
  char           *detail;         /* the engine's own words, for experts */
  char           *cleaned_path;
  gboolean        faces_protected;   /* its cleaned copy is a protected one */
  GdkPaintable   *thumbnail;
  gboolean        thumbnail_requested;
  gboolean        name_collides;
};

G_DEFINE_FINAL_TYPE (VeilPhotoItem, veil_photo_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FILE,
  PROP_RELATIVE,
  PROP_NAME,
  PROP_STATE,
  PROP_N_FINDINGS,
  PROP_MESSAGE,
  PROP_CLEANED_PATH,
  PROP_THUMBNAIL,
  PROP_NAME_COLLIDES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

char *
veil_plain_error_message (const char *message,
                          const char *path)
{
  const char *start = message;
  char *plain;

  if (message == NULL)
    return g_strdup (_("Something went wrong."));
  if (path != NULL && g_str_has_prefix (message, path) &&
      g_str_has_prefix (message + strlen (path), ": "))
    start = message + strlen (path) + 2;
  plain = g_strdup (start);
  if (g_ascii_islower (plain[0]))
    plain[0] = g_ascii_toupper (plain[0]);
  return plain;
}

static void
veil_photo_item_finalize (GObject *object)
{
  VeilPhotoItem *self = (VeilPhotoItem *) object;

  g_clear_object (&self->file);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->relative, g_free);
  g_clear_pointer (&self->report, veil_report_free);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->detail, g_free);
  g_clear_pointer (&self->cleaned_path, g_free);
  g_clear_object (&self->thumbnail);

  G_OBJECT_CLASS (veil_photo_item_parent_class)->finalize (object);
}

static void
veil_photo_item_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  VeilPhotoItem *self = VEIL_PHOTO_ITEM (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_RELATIVE:
      g_value_set_string (value, self->relative);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_N_FINDINGS:
      g_value_set_uint (value, veil_photo_item_get_n_findings (self));
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_CLEANED_PATH:
      g_value_set_string (value, self->cleaned_path);
      break;
    case PROP_NAME_COLLIDES:
      g_value_set_boolean (value, self->name_collides);
      break;
    case PROP_THUMBNAIL:
      g_value_set_object (value, veil_photo_item_get_thumbnail (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
veil_photo_item_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  VeilPhotoItem *self = VEIL_PHOTO_ITEM (object);

  switch (prop_id)
    {
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      self->path = g_file_get_path (self->file);
      self->name = g_file_get_basename (self->file);
      break;
    case PROP_RELATIVE:
      self->relative = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
veil_photo_item_constructed (GObject *object)
{
  VeilPhotoItem *self = VEIL_PHOTO_ITEM (object);

  G_OBJECT_CLASS (veil_photo_item_parent_class)->constructed (object);

  /* Only local files can be cleaned; a non-native GFile (from a drop of a
   * remote location) reports that plainly instead of failing later. */
  if (self->path == NULL)
    {
      self->path = g_file_get_uri (self->file);
      self->state = VEIL_PHOTO_STATE_ERROR;
      self->message = g_strdup (_("Only files on this computer can be checked. Copy it here first."));
    }
  if (self->relative == NULL)
    self->relative = g_strdup (self->name);
}

static void
veil_photo_item_class_init (VeilPhotoItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = veil_photo_item_finalize;
  object_class->get_property = veil_photo_item_get_property;
  object_class->set_property = veil_photo_item_set_property;
  object_class->constructed = veil_photo_item_constructed;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RELATIVE] =
    g_param_spec_string ("relative", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, VEIL_TYPE_PHOTO_STATE, VEIL_PHOTO_STATE_CHECKING,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_FINDINGS] =
    g_param_spec_uint ("n-findings", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CLEANED_PATH] =
    g_param_spec_string ("cleaned-path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_THUMBNAIL] =
    g_param_spec_object ("thumbnail", NULL, NULL, GDK_TYPE_PAINTABLE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NAME_COLLIDES] =
    g_param_spec_boolean ("name-collides", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
veil_photo_item_init (VeilPhotoItem *self)
{
  self->state = VEIL_PHOTO_STATE_CHECKING;
}

VeilPhotoItem *
veil_photo_item_new (GFile      *file,
                     const char *relative)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return g_object_new (VEIL_TYPE_PHOTO_ITEM, "file", file, "relative", relative, NULL);
}

GFile *
veil_photo_item_get_file (VeilPhotoItem *self)
{
  g_return_val_if_fail (VEIL_IS_PHOTO_ITEM (self), NULL);
  return self->file;
}

const char *
veil_photo_item_get_path (VeilPhotoItem *self)
{
  g_return_val_if_fail (VEIL_IS_PHOTO_ITEM (self), NULL);
  return self->path;
}

const char *
veil_photo_item_get_name (VeilPhotoItem *self)
{
  g_return_val_if_fail (VEIL_IS_PHOTO_ITEM (self), NULL);
  return self->name;
}

gboolean
veil_photo_item_get_name_collides (VeilPhotoItem *self)
{
  g_return_val_if_fail (VEIL_IS_PHOTO_ITEM (self), FALSE);
  return self->name_collides;
}

void
veil_photo_item_set_name_collides (VeilPhotoItem *self,
                                   gboolean       collides)
{
  g_return_if_fail (VEIL_IS_PHOTO_ITEM (self));

  collides = !!collides;
  if (self->name_collides == collides)
    return;
  self->name_collides = collides;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME_COLLIDES]);
}

char *
veil_photo_item_get_folder_display (VeilPhotoItem *self)
{
  g_autofree char *dir = NULL;
  const char *home = g_get_home_dir ();

  g_return_val_if_fail (VEIL_IS_PHOTO_ITEM (self), NULL);

  dir = g_path_get_dirname (self->path);
  /* ~/Pictures/2023 rather than /home/name/Pictures/2023: shorter, and
   * the end, which tells two folders apart, survives ellipsizing. */
  if (home != NULL && g_str_has_prefix (dir, home) &&
      (dir[strlen (home)] == '/' || dir[strlen (home)] == '\0'))
    return g_strconcat ("~", dir + strlen (home), NULL);
  return g_filename_display_name (dir);
}

const char *
veil_photo_item_get_relative (VeilPhotoItem *self)
{
  g_return_val_if_fail (VEIL_IS_PHOTO_ITEM (self), NULL);
  return self->relative;
}

VeilPhotoState
veil_photo_item_get_state (VeilPhotoItem *self)
{
  g_return_val_if_fail (VEIL_IS_PHOTO_ITEM (self), VEIL_PHOTO_STATE_ERROR);
  return self->state;
}

VeilFormat
veil_photo_item_get_format (VeilPhotoItem *self)
{
  g_return_val_if_fail (VEIL_IS_PHOTO_ITEM (self), VEIL_FORMAT_UNKNOWN);
  return self->format;
}

const VeilReport *
veil_photo_item_get_report (VeilPhotoItem *self)
{
  g_return_val_if_fail (VEIL_IS_PHOTO_ITEM (self), NULL);
  return self->report;
}

guint
veil_photo_item_get_n_findings (VeilPhotoItem *self)
{
  g_return_val_if_fail (VEIL_IS_PHOTO_ITEM (self), 0);
  return self->report != NULL ? veil_report_count_removable (self->report) : 0;
}

const char *
veil_photo_item_get_detail (VeilPhotoItem *self)
{
  g_return_val_if_fail (VEIL_IS_PHOTO_ITEM (self), NULL);
  return self->detail;
}

const char *
veil_photo_item_get_message (VeilPhotoItem *self)
{
  g_return_val_if_fail (VEIL_IS_PHOTO_ITEM (self), NULL);
  return self->message;
}

const char *
veil_photo_item_get_cleaned_path (VeilPhotoItem *self)
{
  g_return_val_if_fail (VEIL_IS_PHOTO_ITEM (self), NULL);
  return self->cleaned_path;
}

/* Files with nothing to remove are cleaned too: the point of the cleaned
 * folder is that everything in it is safe to upload. */
gboolean
veil_photo_item_get_can_clean (VeilPhotoItem *self)
{
  g_return_val_if_fail (VEIL_IS_PHOTO_ITEM (self), FALSE);
  return self->state == VEIL_PHOTO_STATE_FOUND || self->state == VEIL_PHOTO_STATE_CLEAN;
}

static void
set_state (VeilPhotoItem  *self,
           VeilPhotoState  state)
{
  /* Everything else has been updated by now, so one notification is enough
   * for a row to redraw itself. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FINDINGS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* Inspection ------------------------------------------------------------ */

typedef struct {
  VeilFormat  format;
  VeilReport *report;       /* NULL when not inspected */
  char       *message;      /* why not, for the user */
  char       *detail;       /* the engine's technical text */
  gboolean    unsupported;
} InspectResult;

static void
inspect_result_free (InspectResult *result)
{
  g_clear_pointer (&result->report, veil_report_free);
  g_free (result->message);
  g_free (result->detail);
  g_free (result);
}

static void
inspect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  const char *path = task_data;
  InspectResult *result = g_new0 (InspectResult, 1);
  VeilFormat format;
  g_autoptr(GError) error = NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      inspect_result_free (result);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  result->report = veil_inspect_file_full (path, &format, &error);
  if (result->report != NULL)
    result->format = result->report->format;
  else if (g_error_matches (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_UNSUPPORTED))
    {
      /* The engine names the format it found, so the file is not read again. */
      result->unsupported = TRUE;
      result->format = format;
      if (result->format == VEIL_FORMAT_UNKNOWN)
        result->message = g_strdup (_("This is not a photo or video format Veil knows, so Veil leaves it alone."));
      else
        /* Translators: %s is a file format such as "HEIF". */
        result->message = g_strdup_printf (_("Veil cannot clean %s files yet, so it leaves this one alone."),
                                           veil_format_name (result->format));
    }
  else
    {
      result->message = veil_error_sentence (error, path);
      result->detail = veil_error_detail (error->message, path);
    }
  g_task_return_pointer (task, result, (GDestroyNotify) inspect_result_free);
}

static void
inspect_done (GObject      *object,
              GAsyncResult *res,
              gpointer      user_data)
{
  VeilPhotoItem *self = VEIL_PHOTO_ITEM (object);
  InspectResult *result;
  g_autoptr(GError) error = NULL;

  result = g_task_propagate_pointer (G_TASK (res), &error);
  if (result == NULL)
    return;  /* cancelled: the list is going away */

  self->format = result->format;
  g_clear_pointer (&self->report, veil_report_free);
  self->report = g_steal_pointer (&result->report);
  g_free (self->message);
  self->message = g_steal_pointer (&result->message);
  g_free (self->detail);
  self->detail = g_steal_pointer (&result->detail);

  if (self->report != NULL)
    set_state (self, veil_report_count_removable (self->report) > 0 ? VEIL_PHOTO_STATE_FOUND
                                                                   : VEIL_PHOTO_STATE_CLEAN);
  else
    set_state (self, result->unsupported ? VEIL_PHOTO_STATE_UNSUPPORTED : VEIL_PHOTO_STATE_ERROR);
  inspect_result_free (result);
}

void
veil_photo_item_inspect (VeilPhotoItem *self,
                         GCancellable  *cancellable)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (VEIL_IS_PHOTO_ITEM (self));

  /* A remote file already says why it cannot be checked. */
  if (!g_file_is_native (self->file))
    return;

  if (self->state != VEIL_PHOTO_STATE_CHECKING)
    set_state (self, VEIL_PHOTO_STATE_CHECKING);
  task = g_task_new (self, cancellable, inspect_done, NULL);
  g_task_set_source_tag (task, veil_photo_item_inspect);
  g_task_set_task_data (task, g_strdup (self->path), g_free);
  g_task_run_in_thread (task, inspect_thread);
}

void
veil_photo_item_set_cleaned (VeilPhotoItem *self,
                             const char    *cleaned_path)
{
  g_return_if_fail (VEIL_IS_PHOTO_ITEM (self));

  g_free (self->cleaned_path);
  self->cleaned_path = g_strdup (cleaned_path);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->detail, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLEANED_PATH]);
  set_state (self, VEIL_PHOTO_STATE_CLEANED);
}

/* Protect Faces wrote `protected_path`, a copy with no metadata: that is
 * the photo's cleaned copy now. The state leaves "can clean", so Clean All
 * never writes the unprotected face beside it. */
void
veil_photo_item_set_protected (VeilPhotoItem *self,
                               const char    *protected_path)
{
  g_return_if_fail (VEIL_IS_PHOTO_ITEM (self));

  self->faces_protected = TRUE;
  veil_photo_item_set_cleaned (self, protected_path);
}

gboolean
veil_photo_item_get_protected (VeilPhotoItem *self)
{
  g_return_val_if_fail (VEIL_IS_PHOTO_ITEM (self), FALSE);
  return self->faces_protected;
}

void
veil_photo_item_set_clean_error (VeilPhotoItem *self,
                                 const char    *message)
{
  g_return_if_fail (VEIL_IS_PHOTO_ITEM (self));

  g_free (self->message);
  self->message = g_strdup (message);
  g_clear_pointer (&self->detail, g_free);
  set_state (self, VEIL_PHOTO_STATE_ERROR);
}

/* Pictures -------------------------------------------------------------- */

static void
load_picture_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  const char *path = task_data;
  int size = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "size"));
  gboolean square = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "square"));
  int width = size, height = size;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkPixbuf) oriented = NULL;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  /* A square crop needs the short side to fill the square: read the size
   * from the header first. */
  if (square && gdk_pixbuf_get_file_info (path, &width, &height) != NULL && width > 0 && height > 0)
    {
      double scale = (double) size / MIN (width, height);
      width = MAX (1, (int) (width * scale + 0.5));
      height = MAX (1, (int) (height * scale + 0.5));
    }
  else
    width = height = size;
  /* The JPEG loader decodes at a reduced scale when asked for a small
   * size, so this stays cheap for large photos. */
  pixbuf = gdk_pixbuf_new_from_file_at_scale (path, width, height, TRUE, &error);
  if (pixbuf == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  oriented = gdk_pixbuf_apply_embedded_orientation (pixbuf);
  if (square)
    {
      int w = gdk_pixbuf_get_width (oriented);
      int h = gdk_pixbuf_get_height (oriented);
      int side = MIN (w, h);
      g_autoptr(GdkPixbuf) middle = gdk_pixbuf_new_subpixbuf (oriented, (w - side) / 2, (h - side) / 2,
                                                               side, side);
      g_task_return_pointer (task, gdk_pixbuf_copy (middle), g_object_unref);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&oriented), g_object_unref);
}

void
veil_load_picture_async (const char          *path,
                         int                  size,
                         gboolean             square,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, veil_load_picture_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_object_set_data (G_OBJECT (task), "size", GINT_TO_POINTER (size));
  g_object_set_data (G_OBJECT (task), "square", GINT_TO_POINTER (square));
  g_task_run_in_thread (task, load_picture_thread);
}

GdkPaintable *
veil_load_picture_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_autoptr(GdkPixbuf) pixbuf = g_task_propagate_pointer (G_TASK (result), error);

  if (pixbuf == NULL)
    return NULL;
  /* Textures are made here, on the main thread. */
  return GDK_PAINTABLE (gdk_texture_new_for_pixbuf (pixbuf));
}

static void
thumbnail_loaded (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(VeilPhotoItem) self = user_data;
  g_autoptr(GError) error = NULL;
  GdkPaintable *paintable = veil_load_picture_finish (result, &error);

  /* No thumbnail (a format gdk-pixbuf cannot read) is fine: the row shows
   * a generic icon. */
  if (paintable == NULL)
    {
      g_debug ("No thumbnail for %s: %s", self->path, error->message);
      return;
    }
  g_set_object (&self->thumbnail, paintable);
  g_object_unref (paintable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THUMBNAIL]);
}

GdkPaintable *
veil_photo_item_get_thumbnail (VeilPhotoItem *self)
{
  g_return_val_if_fail (VEIL_IS_PHOTO_ITEM (self), NULL);

  if (!self->thumbnail_requested && g_file_is_native (self->file))
    {
      self->thumbnail_requested = TRUE;
      veil_load_picture_async (self->path, THUMBNAIL_SIZE, TRUE, NULL, thumbnail_loaded,
                               g_object_ref (self));
    }
  return self->thumbnail;
}
