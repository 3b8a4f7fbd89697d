/* veil-error-text.c: engine errors in words a person can act on.
 *
 * The engine's messages are precise but written for the person who knows
 * the format ("the file is cut short inside a segment", libarchive's
 * "Unrecognized archive format"); they stay, as the detail, and a sentence
 * chosen by error code comes first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-error-text"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <string.h>

#include "veil-core.h"
#include "veil-error-text.h"

VeilErrorEntry *
veil_error_entry_new (const char *title,
                      const char *sentence,
                      const char *detail)
{
  VeilErrorEntry *entry = g_new0 (VeilErrorEntry, 1);

  entry->title = g_strdup (title);
  entry->sentence = g_strdup (sentence);
  entry->detail = g_strdup (detail);
  return entry;
}

void
veil_error_entry_free (VeilErrorEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->title);
  g_free (entry->sentence);
  g_free (entry->detail);
  g_free (entry);
}

static const char *
io_sentence (int code)
{
  switch (code)
    {
    case G_IO_ERROR_NOT_FOUND:
      return _("The file is gone: it was moved, renamed or deleted. Add it again from where it is now.");
    case G_IO_ERROR_PERMISSION_DENIED:
      return _("Veil is not allowed to read this file or write beside it. Check its permissions in Files.");
    case G_IO_ERROR_NO_SPACE:
      return _("The disk is full. Free some space, then try again.");
    case G_IO_ERROR_IS_DIRECTORY:
      return _("This is a folder. Open the files in it instead.");
    case G_IO_ERROR_READ_ONLY:
      return _("This folder cannot be written to. Choose another folder for the copies in Preferences.");
    default:
      return NULL;
    }
}

static const char *
file_sentence (int code)
{
  switch (code)
    {
    case G_FILE_ERROR_NOENT:
      return io_sentence (G_IO_ERROR_NOT_FOUND);
    case G_FILE_ERROR_ACCES:
    case G_FILE_ERROR_PERM:
      return io_sentence (G_IO_ERROR_PERMISSION_DENIED);
    case G_FILE_ERROR_NOSPC:
      return io_sentence (G_IO_ERROR_NO_SPACE);
    case G_FILE_ERROR_ISDIR:
      return io_sentence (G_IO_ERROR_IS_DIRECTORY);
    case G_FILE_ERROR_ROFS:
      return io_sentence (G_IO_ERROR_READ_ONLY);
    default:
      return NULL;
    }
}

static const char *
metadata_sentence (int code)
{
  switch (code)
    {
    case VEIL_METADATA_ERROR_TRUNCATED:
      return _("This file is cut short, perhaps by an unfinished download or copy. Veil did not change it. Copy it again from where it came from.");
    case VEIL_METADATA_ERROR_MALFORMED:
      return _("This file is damaged, or is not what its name says. Veil did not change it.");
    case VEIL_METADATA_ERROR_UNSUPPORTED:
      return _("Veil cannot clean this kind of file yet, so it leaves it alone.");
    case VEIL_METADATA_ERROR_RESIDUE:
      return _("Veil could not remove everything from this file, so it kept no copy. The original is unchanged.");
    case VEIL_METADATA_ERROR_TOO_LARGE:
      return _("This file is larger than Veil reads safely. It was not changed.");
    default:
      return NULL;
    }
}

static const char *
apps_sentence (int code)
{
  switch (code)
    {
    case VEIL_APPS_ERROR_MALFORMED:
      return _("This app file is damaged or cut short. Download it again from where it came from.");
    case VEIL_APPS_ERROR_TOO_LARGE:
    case VEIL_APPS_ERROR_TOO_DEEP:
      return _("This package is larger, or holds more packages inside each other, than Veil unpacks safely. It was not read to the end.");
    case VEIL_APPS_ERROR_UNSUPPORTED:
      return _("This is not an app Veil can read: not an APK, XAPK, APKS or IPA file, or a kind Veil does not know yet.");
    default:
      return NULL;
    }
}

static const char *
export_sentence (int code)
{
  switch (code)
    {
    case VEIL_EXPORT_ERROR_MALFORMED:
      return _("This export is damaged or cut short. Download it again from the platform.");
    case VEIL_EXPORT_ERROR_TOO_LARGE:
      return _("A file in this export is larger than Veil reads safely. Nothing from this export was added.");
    case VEIL_EXPORT_ERROR_UNSAFE_PATH:
      return _("This archive holds file names that point outside it, which real exports never do. Nothing from it was added.");
    /* UNKNOWN_PLATFORM and HTML_EXPORT: the engine already says, in plain
     * words, what to request instead. */
    default:
      return NULL;
    }
}

char *
veil_error_detail (const char *message,
                   const char *path)
{
  const char *start = message;
  GString *s;

  if (message == NULL)
    return NULL;
  if (path != NULL && g_str_has_prefix (message, path) && g_str_has_prefix (message + strlen (path), ": "))
    start = message + strlen (path) + 2;
  s = g_string_new (start);
  if (s->len > 0 && g_ascii_islower (s->str[0]))
    s->str[0] = g_ascii_toupper (s->str[0]);
  if (s->len > 0 && strchr (".!?", s->str[s->len - 1]) == NULL)
    g_string_append_c (s, '.');
  return g_string_free (s, FALSE);
}

static gboolean
is_empty_file (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 && S_ISREG (st.st_mode) && st.st_size == 0;
}

char *
veil_error_sentence (const GError *error,
                     const char   *path)
{
  const char *sentence = NULL;

  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == G_IO_ERROR)
    sentence = io_sentence (error->code);
  else if (error->domain == G_FILE_ERROR)
    sentence = file_sentence (error->code);
  else if (g_error_matches (error, VEIL_METADATA_ERROR, VEIL_METADATA_ERROR_TRUNCATED) &&
           path != NULL && is_empty_file (path))
    /* Cut short at nothing: a placeholder, or a copy that never started. */
    sentence = _("This file is empty: there is nothing in it to check or clean.");
  else if (error->domain == VEIL_METADATA_ERROR)
    sentence = metadata_sentence (error->code);
  else if (error->domain == VEIL_APPS_ERROR)
    sentence = apps_sentence (error->code);
  else if (error->domain == VEIL_EXPORT_ERROR)
    sentence = export_sentence (error->code);
  if (sentence != NULL)
    return g_strdup (sentence);
  /* Messages the engine writes for people already: keep them. */
  return veil_error_detail (error->message, path);
}

static GtkWidget *
wrapped_label (const char *text,
               const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

GtkWidget *
veil_error_row_new (const char *title,
                    const char *sentence,
                    const char *detail)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *hbox = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *vbox = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (title);
  GtkWidget *badge = gtk_label_new (_("Error"));

  /* The same parts, in the same order, as a photo or app row in error:
   * the name, the sentence, the detail in small dim type, the badge. */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "error-row");
  gtk_widget_set_margin_top (hbox, 8);
  gtk_widget_set_margin_bottom (hbox, 8);
  gtk_widget_set_margin_start (hbox, 12);
  gtk_widget_set_margin_end (hbox, 12);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (name, "heading");
  gtk_widget_set_hexpand (vbox, TRUE);
  gtk_box_append (GTK_BOX (vbox), name);
  gtk_box_append (GTK_BOX (vbox), wrapped_label (sentence, NULL));
  if (detail != NULL && g_strcmp0 (detail, sentence) != 0)
    {
      GtkWidget *small = wrapped_label (detail, "caption");

      gtk_widget_add_css_class (small, "dim-label");
      gtk_widget_add_css_class (small, "error-detail");
      gtk_label_set_selectable (GTK_LABEL (small), TRUE);
      gtk_box_append (GTK_BOX (vbox), small);
    }

  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (badge, "badge");
  gtk_widget_add_css_class (badge, "error");
  gtk_box_append (GTK_BOX (hbox), vbox);
  gtk_box_append (GTK_BOX (hbox), badge);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), hbox);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  return row;
}
