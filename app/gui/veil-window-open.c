/* veil-window-open.c: every file opened with Veil (`veil-app FILE…`, "Open
 * With" in Files) or dropped on any section goes to the section that
 * handles it, decided by its content (veil_route_for_path), not by where
 * it was dropped: a photo dropped on Apps is cleaned in Photos, an APK
 * opened from Files is scanned in Apps, an export goes to Accounts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-window"

#include "config.h"

#include <glib/gi18n.h>

#include "veil-route.h"
#include "veil-window-private.h"

typedef struct {
  GPtrArray *files;           /* GFile, in the order given */
  VeilRoute *routes;          /* one per file, filled by the worker */
} RouteJob;

static void
route_job_free (RouteJob *job)
{
  g_ptr_array_unref (job->files);
  g_free (job->routes);
  g_free (job);
}

static void
route_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  RouteJob *job = task_data;

  for (guint i = 0; i < job->files->len; i++)
    {
      g_autofree char *path = g_file_get_path (job->files->pdata[i]);

      /* Files that are not on this computer go where they were dropped,
       * and that section says why it cannot read them. */
      job->routes[i] = path != NULL ? veil_route_for_path (path, cancellable) : VEIL_ROUTE_UNKNOWN;
    }
  g_task_return_boolean (task, !g_cancellable_is_cancelled (cancellable));
}

/* The section shown now: files no section recognises go there, so a drop
 * is answered where it happened. */
static VeilRoute
visible_route (VeilWindow *self)
{
  GtkWidget *child = adw_view_stack_get_visible_child (self->stack);

  if (child == GTK_WIDGET (self->accounts_page))
    return VEIL_ROUTE_ACCOUNTS;
  if (child == GTK_WIDGET (self->apps_page))
    return VEIL_ROUTE_APPS;
  return VEIL_ROUTE_PHOTOS;
}

static GtkWidget *
page_for_route (VeilWindow *self,
                VeilRoute   route)
{
  switch (route)
    {
    case VEIL_ROUTE_ACCOUNTS:
      return GTK_WIDGET (self->accounts_page);
    case VEIL_ROUTE_APPS:
      return GTK_WIDGET (self->apps_page);
    case VEIL_ROUTE_PHOTOS:
    case VEIL_ROUTE_UNKNOWN:
    default:
      return GTK_WIDGET (self->photos_page);
    }
}

static void
add_to_page (VeilWindow *self,
             VeilRoute   route,
             GPtrArray  *files)
{
  GFile **pdata = (GFile **) files->pdata;

  switch (route)
    {
    case VEIL_ROUTE_ACCOUNTS:
      veil_accounts_page_add_files (self->accounts_page, pdata, files->len);
      break;
    case VEIL_ROUTE_APPS:
      veil_apps_page_add_files (self->apps_page, pdata, files->len);
      break;
    case VEIL_ROUTE_PHOTOS:
    case VEIL_ROUTE_UNKNOWN:
    default:
      veil_photos_page_add_files (self->photos_page, pdata, files->len);
      break;
    }
}

static void dispatch (VeilWindow *self, GPtrArray *by_route[], VeilRoute first, guint n_sections);

static void
route_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  VeilWindow *self = VEIL_WINDOW (object);
  RouteJob *job = g_task_get_task_data (G_TASK (result));
  VeilRoute fallback = GPOINTER_TO_UINT (user_data);
  GPtrArray *by_route[VEIL_ROUTE_ACCOUNTS + 1] = { NULL };
  VeilRoute first = VEIL_ROUTE_UNKNOWN;
  guint n_sections = 0;

  self->n_routing--;
  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    return;

  for (guint i = 0; i < job->files->len; i++)
    {
      VeilRoute route = job->routes[i] != VEIL_ROUTE_UNKNOWN ? job->routes[i] : fallback;

      if (by_route[route] == NULL)
        {
          by_route[route] = g_ptr_array_new ();
          n_sections++;
          if (first == VEIL_ROUTE_UNKNOWN)
            first = route;
        }
      g_ptr_array_add (by_route[route], job->files->pdata[i]);
    }
  if (first != VEIL_ROUTE_UNKNOWN)
    dispatch (self, by_route, first, n_sections);
  for (VeilRoute route = VEIL_ROUTE_PHOTOS; route <= VEIL_ROUTE_ACCOUNTS; route++)
    g_clear_pointer (&by_route[route], g_ptr_array_unref);
}

static void
dispatch (VeilWindow *self,
          GPtrArray  *by_route[],
          VeilRoute   first,
          guint       n_sections)
{
  /* Show the section of the first file, where the person looks next. */
  adw_view_stack_set_visible_child (self->stack, page_for_route (self, first));
  for (VeilRoute route = VEIL_ROUTE_PHOTOS; route <= VEIL_ROUTE_ACCOUNTS; route++)
    if (by_route[route] != NULL)
      add_to_page (self, route, by_route[route]);

  if (n_sections > 1)
    {
      /* Say where the others went, so no file seems lost. */
      g_autoptr(GString) where = g_string_new (NULL);
      AdwToast *toast;

      for (VeilRoute route = VEIL_ROUTE_PHOTOS; route <= VEIL_ROUTE_ACCOUNTS; route++)
        if (by_route[route] != NULL && route != first)
          {
            AdwViewStackPage *page = adw_view_stack_get_page (self->stack, page_for_route (self, route));
            g_autofree char *part = NULL;

            /* Translators: "2 files went to Apps"; %u is a number, %s a section name. */
            part = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u file went to %s", "%u files went to %s",
                                                 by_route[route]->len),
                                    by_route[route]->len, adw_view_stack_page_get_title (page));
            if (where->len > 0)
              g_string_append (where, "; ");
            g_string_append (where, part);
          }
      toast = adw_toast_new (where->str);
      /* Kept for the tests, which cannot read a toast off the overlay. */
      g_object_set_data_full (G_OBJECT (self), "veil-route-toast", g_object_ref (toast), g_object_unref);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
}

static void
route_files (VeilWindow  *self,
             GFile      **files,
             guint        n_files)
{
  RouteJob *job;
  g_autoptr(GTask) task = NULL;

  if (n_files == 0)
    return;
  job = g_new0 (RouteJob, 1);
  job->files = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n_files; i++)
    g_ptr_array_add (job->files, g_object_ref (files[i]));
  job->routes = g_new0 (VeilRoute, n_files);

  self->n_routing++;
  task = g_task_new (self, self->cancellable, route_done, GUINT_TO_POINTER (visible_route (self)));
  g_task_set_source_tag (task, route_files);
  g_task_set_task_data (task, job, (GDestroyNotify) route_job_free);
  g_task_run_in_thread (task, route_thread);
}

void
veil_window_open_files (VeilWindow  *self,
                        GFile      **files,
                        guint        n_files)
{
  g_return_if_fail (VEIL_IS_WINDOW (self));

  route_files (self, files, n_files);
}

gboolean
veil_window_get_routing (VeilWindow *self)
{
  g_return_val_if_fail (VEIL_IS_WINDOW (self), FALSE);
  return self->n_routing > 0;
}

/* win.open-uris: what a drop on any section activates (veil-drop-area.c). */
void
_veil_window_open_uris_cb (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  VeilWindow *self = VEIL_WINDOW (widget);
  g_autofree const char **uris = g_variant_get_strv (parameter, NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; uris[i] != NULL; i++)
    g_ptr_array_add (files, g_file_new_for_uri (uris[i]));
  route_files (self, (GFile **) files->pdata, files->len);
}
