/* veil-cli-apps.c: `veil apps scan|compare` and `veil trackers list|update`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-cli"

#include "config.h"

#include <errno.h>
#include <stdio.h>

#include <glib/gi18n.h>

#include "veil-apps.h"
#include "veil-cli-data.h"

static const char *
evidence_id (VeilTrackerEvidence e)
{
  switch (e)
    {
    case VEIL_TRACKER_EVIDENCE_CODE: return "code";
    case VEIL_TRACKER_EVIDENCE_NETWORK: return "server-name";
    case VEIL_TRACKER_EVIDENCE_FRAMEWORK: return "framework";
    default: return "?";
    }
}

static const char *
first_category (const VeilTrackerInfo *info)
{
  return info->categories != NULL && info->categories[0] != NULL ? info->categories[0] : NULL;
}

static void
print_tracker (const VeilAppTracker *t)
{
  printf ("    %s — %s", t->info->name,
          t->possible ? _("possible")
          : t->info->verified ? _("verified") : _("possible (listed by ETIP, not yet verified by εxodus)"));
  if (t->info->website != NULL)
    printf (" · %s", t->info->website);
  printf ("\n");
  switch (t->evidence)
    {
    case VEIL_TRACKER_EVIDENCE_CODE:
      printf ("      %s %s\n", _("found in the code:"), t->example);
      break;
    case VEIL_TRACKER_EVIDENCE_FRAMEWORK:
      printf ("      %s %s\n", _("embedded framework:"), t->example);
      break;
    case VEIL_TRACKER_EVIDENCE_NETWORK:
      printf ("      %s %s\n", _("only its server name was found, in this text:"), t->example ? t->example : "?");
      break;
    default:
      break;
    }
}

static void
print_trackers (const VeilAppReport *r)
{
  const char *last = "\1";
  guint n = r->n_found, n_possible = r->trackers->len - r->n_found;

  if (n == 0)
    printf ("  %s\n", _("No known tracker found."));
  else
    {
      printf ("  ");
      printf (g_dngettext (GETTEXT_PACKAGE, "%u tracker found", "%u trackers found", n), n);
      printf (" %s\n", _("(for comparison, the median app has 3)"));
    }

  /* The engine lists those found in the code first. */
  for (guint i = 0; i < r->trackers->len; i++)
    {
      const VeilAppTracker *t = r->trackers->pdata[i];
      const char *cat = first_category (t->info);

      if (t->possible)
        continue;
      if (g_strcmp0 (cat, last) != 0)
        {
          printf ("  %s\n", veil_tracker_category_title (cat));
          last = cat;
        }
      print_tracker (t);
    }
  if (n_possible == 0)
    return;
  printf ("  ");
  printf (g_dngettext (GETTEXT_PACKAGE,
                       "%u possible tracker, not counted: only its server name is in the app’s text, not its code",
                       "%u possible trackers, not counted: only their server names are in the app’s text, not "
                       "their code", n_possible), n_possible);
  printf ("\n");
  for (guint i = 0; i < r->trackers->len; i++)
    if (((VeilAppTracker *) r->trackers->pdata[i])->possible)
      print_tracker (r->trackers->pdata[i]);
}

static void
print_permissions (const VeilAppReport *r)
{
  guint sensitive = 0;

  if (r->permissions->len == 0)
    return;
  for (guint i = 0; i < r->permissions->len; i++)
    if (((VeilAppPermission *) r->permissions->pdata[i])->explanation != NULL)
      sensitive++;
  printf ("  ");
  printf (g_dngettext (GETTEXT_PACKAGE, "Asks for %u permission", "Asks for %u permissions", r->permissions->len),
          r->permissions->len);
  printf (g_dngettext (GETTEXT_PACKAGE, ", %u of them sensitive:\n", ", %u of them sensitive:\n", sensitive),
          sensitive);
  for (guint i = 0; i < r->permissions->len; i++)
    {
      const VeilAppPermission *p = r->permissions->pdata[i];
      if (p->explanation != NULL)
        printf ("    %s — %s\n", p->name, p->explanation);
    }
}

static void
print_privacy (const VeilAppReport *r)
{
  for (guint i = 0; i < r->privacy->len; i++)
    {
      const VeilPrivacyManifest *m = r->privacy->pdata[i];

      printf ("  %s %s\n", _("Privacy manifest"), m->path);
      if (m->tracking == 1)
        printf ("    %s\n", _("Declares that it tracks you (NSPrivacyTracking)."));
      else if (m->tracking == 0)
        printf ("    %s\n", _("Declares no tracking."));
      if (m->tracking_domains != NULL && m->tracking_domains[0] != NULL)
        {
          g_autofree char *list = g_strjoinv (", ", m->tracking_domains);
          printf ("    %s %s\n", _("Tracking servers:"), list);
        }
      for (guint j = 0; j < m->collected->len; j++)
        {
          const VeilPrivacyCollected *c = m->collected->pdata[j];
          g_autofree char *purposes = g_strjoinv (", ", c->purposes);
          printf ("    %s %s%s%s — %s\n", _("Collects"), c->type,
                  c->linked ? _(", linked to you") : "", c->tracking ? _(", used to track you") : "",
                  *purposes ? purposes : _("no purpose given"));
        }
      for (guint j = 0; j < m->accessed_apis->len; j++)
        {
          const VeilPrivacyApi *a = m->accessed_apis->pdata[j];
          g_autofree char *reasons = g_strjoinv (", ", a->reasons);
          printf ("    %s %s (%s)\n", _("Uses"), a->type, reasons);
        }
    }
}

static void
print_report_text (const VeilAppReport *r)
{
  printf ("%s — %s", r->path, r->platform == VEIL_APP_PLATFORM_IOS ? _("iOS app") : _("Android app"));
  if (r->app_name != NULL)
    printf (" “%s”", r->app_name);
  if (r->package != NULL)
    printf (" %s", r->package);
  if (r->version_name != NULL || r->version_code != NULL)
    printf (_(" (version %s%s%s)"), r->version_name ? r->version_name : "?",
            r->version_code ? _(", build ") : "", r->version_code ? r->version_code : "");
  printf ("\n");
  print_trackers (r);
  print_permissions (r);
  if (r->frameworks->len > 0)
    {
      printf ("  ");
      printf (g_dngettext (GETTEXT_PACKAGE, "%u embedded framework\n", "%u embedded frameworks\n",
                           r->frameworks->len), r->frameworks->len);
    }
  print_privacy (r);
  if (r->encrypted)
    printf ("  %s\n", _("The app’s code is encrypted by the App Store, so its classes could not be read; "
                         "the results come from framework names and privacy manifests only."));
  printf ("  ");
  {
    /* The same size words as the app ("1.1 kB"), not "0.0 MB". */
    g_autofree char *size = g_format_size (r->code_bytes);
    printf (_("Read %u code files, %u class names, %s of code."), r->code_files->len, r->n_classes, size);
  }
  printf ("\n");
  for (guint i = 0; i < r->notes->len; i++)
    printf ("  %s %s\n", _("Note:"), (char *) r->notes->pdata[i]);
}

static void
add_string (JsonBuilder *b, const char *member, const char *value)
{
  json_builder_set_member_name (b, member);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_strv (JsonBuilder *b, const char *member, char **values)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (b, values[i]);
  json_builder_end_array (b);
}

static void
add_report_json (JsonBuilder *b, const VeilAppReport *r)
{
  add_string (b, "platform", r->platform == VEIL_APP_PLATFORM_IOS ? "ios" : "android");
  add_string (b, "package", r->package);
  add_string (b, "app_name", r->app_name);
  add_string (b, "version_name", r->version_name);
  add_string (b, "version_code", r->version_code);
  json_builder_set_member_name (b, "trackers_found");
  json_builder_add_int_value (b, r->n_found);
  json_builder_set_member_name (b, "trackers");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->trackers->len; i++)
    {
      const VeilAppTracker *t = r->trackers->pdata[i];
      json_builder_begin_object (b);
      add_string (b, "name", t->info->name);
      add_strv (b, "categories", t->info->categories);
      add_string (b, "website", t->info->website);
      json_builder_set_member_name (b, "verified");
      json_builder_add_boolean_value (b, t->info->verified);
      /* Only a server name among the strings: not counted in trackers_found. */
      json_builder_set_member_name (b, "possible");
      json_builder_add_boolean_value (b, t->possible);
      add_string (b, "evidence", evidence_id (t->evidence));
      add_string (b, "example", t->example);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "permissions");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->permissions->len; i++)
    {
      const VeilAppPermission *p = r->permissions->pdata[i];
      json_builder_begin_object (b);
      add_string (b, "name", p->name);
      add_string (b, "explanation", p->explanation);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "code_files");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->code_files->len; i++)
    json_builder_add_string_value (b, r->code_files->pdata[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "frameworks");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->frameworks->len; i++)
    json_builder_add_string_value (b, r->frameworks->pdata[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "privacy_manifests");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->privacy->len; i++)
    {
      const VeilPrivacyManifest *m = r->privacy->pdata[i];
      json_builder_begin_object (b);
      add_string (b, "path", m->path);
      json_builder_set_member_name (b, "tracking");
      if (m->tracking < 0)
        json_builder_add_null_value (b);
      else
        json_builder_add_boolean_value (b, m->tracking == 1);
      add_strv (b, "tracking_domains", m->tracking_domains);
      json_builder_set_member_name (b, "collected");
      json_builder_begin_array (b);
      for (guint j = 0; j < m->collected->len; j++)
        {
          const VeilPrivacyCollected *c = m->collected->pdata[j];
          json_builder_begin_object (b);
          add_string (b, "type", c->type);
          json_builder_set_member_name (b, "linked");
          json_builder_add_boolean_value (b, c->linked);
          json_builder_set_member_name (b, "tracking");
          json_builder_add_boolean_value (b, c->tracking);
          add_strv (b, "purposes", c->purposes);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "accessed_apis");
      json_builder_begin_array (b);
      for (guint j = 0; j < m->accessed_apis->len; j++)
        {
          const VeilPrivacyApi *a = m->accessed_apis->pdata[j];
          json_builder_begin_object (b);
          add_string (b, "type", a->type);
          add_strv (b, "reasons", a->reasons);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "encrypted");
  json_builder_add_boolean_value (b, r->encrypted);
  json_builder_set_member_name (b, "class_names");
  json_builder_add_int_value (b, r->n_classes);
  json_builder_set_member_name (b, "notes");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->notes->len; i++)
    json_builder_add_string_value (b, r->notes->pdata[i]);
  json_builder_end_array (b);
}

static VeilTrackerDb *
open_db (void)
{
  g_autoptr(GError) error = NULL;
  VeilTrackerDb *db = veil_tracker_db_open_default (&error);

  if (db == NULL)
    g_printerr ("veil: %s\n", error->message);
  return db;
}

static int
apps_scan (int argc, char **argv)
{
  gboolean json = FALSE;
  g_auto(GStrv) paths = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the results as JSON"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new (N_("PATH… — show the trackers and permissions inside app packages (APK, XAPK, APKS, IPA)"));
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(VeilTrackerDb) db = NULL;
  guint n_failed = 0;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Everything is read on this computer; nothing is uploaded. Exit status: 0 all scanned, "
      "1 some failed, 2 usage error."));
  if (!veil_cli_parse (context, &argc, &argv))
    return VEIL_EXIT_USAGE;
  if (paths == NULL || paths[0] == NULL)
    {
      g_printerr (_("veil apps scan: name at least one app package\n"));
      return VEIL_EXIT_USAGE;
    }
  if ((db = open_db ()) == NULL)
    return VEIL_EXIT_FAILED;

  json_builder_begin_array (builder);
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VeilAppReport) report = veil_app_scan_file (db, paths[i], NULL, NULL, &error);

      if (json)
        {
          json_builder_begin_object (builder);
          add_string (builder, "path", paths[i]);
          if (report != NULL)
            add_report_json (builder, report);
          else
            add_string (builder, "error", error->message);
          json_builder_end_object (builder);
        }
      else if (report != NULL)
        print_report_text (report);
      if (report == NULL)
        {
          if (!json)
            g_printerr ("veil: %s\n", error->message);
          n_failed++;
        }
    }
  json_builder_end_array (builder);
  if (json)
    veil_cli_print_json (builder);
  return n_failed > 0 ? VEIL_EXIT_FAILED : VEIL_EXIT_OK;
}

static int
apps_compare (int argc, char **argv)
{
  g_autofree char *label = NULL;
  gboolean json = FALSE;
  g_auto(GStrv) paths = NULL;
  const GOptionEntry entries[] = {
    { "label", 'l', 0, G_OPTION_ARG_FILENAME, &label,
      N_("App Store privacy label (JSON) or Google Play data-safety record (JSON)"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the mismatches as JSON"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new (N_("--label FILE PATH — compare what an app declares with what it contains"));
  g_autoptr(VeilTrackerDb) db = NULL;
  g_autoptr(VeilDisclosure) disclosure = NULL;
  g_autoptr(VeilAppReport) report = NULL;
  g_autoptr(GPtrArray) mismatches = NULL;
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!veil_cli_parse (context, &argc, &argv))
    return VEIL_EXIT_USAGE;
  if (label == NULL || paths == NULL || paths[0] == NULL || paths[1] != NULL)
    {
      g_printerr (_("veil apps compare: give --label FILE and exactly one app package\n"));
      return VEIL_EXIT_USAGE;
    }
  if ((db = open_db ()) == NULL)
    return VEIL_EXIT_FAILED;
  if ((disclosure = veil_disclosure_load (label, &error)) == NULL ||
      (report = veil_app_scan_file (db, paths[0], NULL, NULL, &error)) == NULL ||
      (mismatches = veil_disclosure_compare (disclosure, report, &error)) == NULL)
    {
      g_printerr ("veil: %s\n", error->message);
      return VEIL_EXIT_FAILED;
    }

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      json_builder_begin_object (b);
      add_string (b, "path", paths[0]);
      add_string (b, "label", label);
      add_string (b, "label_kind", veil_disclosure_kind (disclosure));
      if (veil_disclosure_platform_warning (disclosure, report) != NULL)
        add_string (b, "warning", veil_disclosure_platform_warning (disclosure, report));
      json_builder_set_member_name (b, "mismatches");
      json_builder_begin_array (b);
      for (guint i = 0; i < mismatches->len; i++)
        json_builder_add_string_value (b, mismatches->pdata[i]);
      json_builder_end_array (b);
      json_builder_end_object (b);
      veil_cli_print_json (b);
      return VEIL_EXIT_OK;
    }

  printf (_("%s compared with its %s:\n"), paths[0],
          g_str_equal (veil_disclosure_kind (disclosure), "apple") ? _("App Store privacy label")
                                                                    : _("Google Play data-safety section"));
  /* A label of the other platform's store: say so before anything else. */
  if (veil_disclosure_platform_warning (disclosure, report) != NULL)
    printf ("  ! %s\n", veil_disclosure_platform_warning (disclosure, report));
  if (mismatches->len == 0)
    printf ("  %s\n", report->n_found == 0
                        ? _("No tracker found, and nothing contradicts the label.")
                        : _("The label covers what the trackers found are known to collect."));
  for (guint i = 0; i < mismatches->len; i++)
    printf ("  • %s\n", (char *) mismatches->pdata[i]);
  printf ("  %s\n", _("A label is the developer’s claim; these are differences worth asking the developer about."));
  return VEIL_EXIT_OK;
}

int
veil_cli_apps (int argc, char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "scan"))
    return apps_scan (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "compare"))
    return apps_compare (argc - 1, argv + 1);
  g_printerr ("%s\n", _("Usage: veil apps scan [--json] PATH…\n"
                        "       veil apps compare --label FILE PATH"));
  return (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))) ? VEIL_EXIT_OK
                                                                                          : VEIL_EXIT_USAGE;
}

static int
trackers_list (int argc, char **argv)
{
  gboolean json = FALSE;
  g_autofree char *platform = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the list as JSON"), NULL },
    { "platform", 0, 0, G_OPTION_ARG_STRING, &platform, N_("Only “android” or “ios”"), N_("NAME") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (N_("— list the trackers Veil knows"));
  g_autoptr(VeilTrackerDb) db = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  GPtrArray *trackers;
  guint shown = 0;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!veil_cli_parse (context, &argc, &argv))
    return VEIL_EXIT_USAGE;
  if (argc > 1 || (platform != NULL && !g_str_equal (platform, "android") && !g_str_equal (platform, "ios")))
    {
      g_printerr (_("veil trackers list: unexpected argument\n"));
      return VEIL_EXIT_USAGE;
    }
  if ((db = open_db ()) == NULL)
    return VEIL_EXIT_FAILED;
  trackers = veil_tracker_db_get_trackers (db);
  json_builder_begin_array (b);
  for (guint i = 0; i < trackers->len; i++)
    {
      const VeilTrackerInfo *t = trackers->pdata[i];
      const char *plat = t->platform == VEIL_APP_PLATFORM_IOS ? "ios" : "android";

      if (platform != NULL && !g_str_equal (platform, plat))
        continue;
      shown++;
      if (json)
        {
          json_builder_begin_object (b);
          add_string (b, "name", t->name);
          add_string (b, "platform", plat);
          add_strv (b, "categories", t->categories);
          add_string (b, "website", t->website);
          json_builder_set_member_name (b, "verified");
          json_builder_add_boolean_value (b, t->verified);
          add_string (b, "code_signature", t->code_signature);
          add_string (b, "network_signature", t->network_signature);
          json_builder_end_object (b);
        }
      else
        printf ("%-8s %-9s %-40s %s\n", plat, t->verified ? _("verified") : _("possible"), t->name,
                first_category (t) ? veil_tracker_category_title (first_category (t)) : "");
    }
  json_builder_end_array (b);
  if (json)
    veil_cli_print_json (b);
  else
    fprintf (stderr, _("%u trackers from %s\n"), shown, veil_tracker_db_get_path (db));
  return VEIL_EXIT_OK;
}

static int
trackers_update (int argc, char **argv)
{
  g_autofree char *url = NULL;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &url, N_("Download from URL instead of the εxodus API"), N_("URL") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    g_option_context_new (N_("— download the current εxodus tracker list (the only network use of this command)"));
  g_autoptr(GError) error = NULL;
  g_autofree char *dest = veil_tracker_db_user_path ();
  g_autofree char *dir = g_path_get_dirname (dest);
  guint n = 0;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!veil_cli_parse (context, &argc, &argv))
    return VEIL_EXIT_USAGE;
  if (argc > 1)
    {
      g_printerr (_("veil trackers update: unexpected argument\n"));
      return VEIL_EXIT_USAGE;
    }
  /* errno means something only right after the call that failed. */
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_printerr (_("veil: cannot create the folder %s: %s\n"), dir, g_strerror (saved));
      g_printerr ("%s\n", _("The tracker list in use was not changed."));
      return VEIL_EXIT_FAILED;
    }
  if (!veil_tracker_db_update (url, dest, &n, NULL, &error))
    {
      g_printerr ("veil: %s\n", error->message);
      g_printerr ("%s\n", _("The tracker list in use was not changed."));
      return VEIL_EXIT_FAILED;
    }
  printf (_("Updated: %u trackers saved to %s\n"), n, dest);
  return VEIL_EXIT_OK;
}

int
veil_cli_trackers (int argc, char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "list"))
    return trackers_list (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "update"))
    return trackers_update (argc - 1, argv + 1);
  g_printerr ("%s\n", _("Usage: veil trackers list [--platform android|ios] [--json]\n"
                        "       veil trackers update [--from URL]"));
  return (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))) ? VEIL_EXIT_OK
                                                                                          : VEIL_EXIT_USAGE;
}
