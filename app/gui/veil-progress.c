/* veil-progress.c: how far a long job is, for a progress bar and a Cancel
 * button.
 *
 * Workers never touch the object's properties themselves: each report is
 * handed to the main context, so notify handlers (which update GTK widgets)
 * run on the main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-progress"

#include "config.h"

#include "veil-progress.h"

struct _VeilProgress
{
  GObject       parent_instance;

  double        fraction;
  char         *text;
  GCancellable *cancellable;
  GMainContext *context;
};

G_DEFINE_FINAL_TYPE (VeilProgress, veil_progress, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FRACTION,
  PROP_TEXT,
  PROP_CANCELLABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
veil_progress_finalize (GObject *object)
{
  VeilProgress *self = (VeilProgress *) object;

  g_clear_pointer (&self->text, g_free);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (veil_progress_parent_class)->finalize (object);
}

static void
veil_progress_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  VeilProgress *self = VEIL_PROGRESS (object);

  switch (prop_id)
    {
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_CANCELLABLE:
      g_value_set_object (value, self->cancellable);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
veil_progress_class_init (VeilProgressClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = veil_progress_finalize;
  object_class->get_property = veil_progress_get_property;

  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CANCELLABLE] =
    g_param_spec_object ("cancellable", NULL, NULL, G_TYPE_CANCELLABLE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
veil_progress_init (VeilProgress *self)
{
  self->cancellable = g_cancellable_new ();
  self->context = g_main_context_ref_thread_default ();
}

VeilProgress *
veil_progress_new (void)
{
  return g_object_new (VEIL_TYPE_PROGRESS, NULL);
}

double
veil_progress_get_fraction (VeilProgress *self)
{
  g_return_val_if_fail (VEIL_IS_PROGRESS (self), 0.0);
  return self->fraction;
}

const char *
veil_progress_get_text (VeilProgress *self)
{
  g_return_val_if_fail (VEIL_IS_PROGRESS (self), NULL);
  return self->text;
}

GCancellable *
veil_progress_get_cancellable (VeilProgress *self)
{
  g_return_val_if_fail (VEIL_IS_PROGRESS (self), NULL);
  return self->cancellable;
}

void
veil_progress_cancel (VeilProgress *self)
{
  g_return_if_fail (VEIL_IS_PROGRESS (self));
  g_cancellable_cancel (self->cancellable);
}

typedef struct {
  VeilProgress *progress;
  double        fraction;
  char         *text;
} Update;

static void
update_free (Update *update)
{
  g_object_unref (update->progress);
  g_free (update->text);
  g_free (update);
}

static gboolean
apply_update (gpointer data)
{
  Update *update = data;
  VeilProgress *self = update->progress;

  if (self->fraction != update->fraction)
    {
      self->fraction = update->fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }
  if (g_strcmp0 (self->text, update->text) != 0)
    {
      g_free (self->text);
      self->text = g_steal_pointer (&update->text);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
    }
  return G_SOURCE_REMOVE;
}

void
veil_progress_report (VeilProgress *self,
                      double        fraction,
                      const char   *text)
{
  Update *update;
  GSource *source;

  g_return_if_fail (VEIL_IS_PROGRESS (self));

  update = g_new0 (Update, 1);
  update->progress = g_object_ref (self);
  update->fraction = CLAMP (fraction, 0.0, 1.0);
  update->text = g_strdup (text);
  /* Always through a source dispatched by the context's own thread: plain
   * g_main_context_invoke () runs the update right here, on the worker,
   * whenever the context happens to be free (ASan caught the race). */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, apply_update, update, (GDestroyNotify) update_free);
  g_source_attach (source, self->context);
  g_source_unref (source);
}
