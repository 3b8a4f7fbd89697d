/* veil-cli-accounts.c: `veil exports …`: import platform data exports, see
 * who has your data, search it, forget it, write data-protection requests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-cli"

#include "config.h"

#include <inttypes.h>

#include <stdio.h>

#include <glib/gi18n.h>

#include "veil-core.h"
#include "veil-export.h"
#include "veil-export-request.h"
#include "veil-store.h"
#include "veil-cli-data.h"

#define TOP_N 10

static void
print_exports_usage (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: veil exports SUBCOMMAND [OPTION…]"));
  fprintf (out, "%s\n\n", _("Read the data exports platforms give you, on this computer."));
  fprintf (out, "  %-9s %s\n", "import", _("PATH… — read exports (ZIPs or folders) into the local store"));
  fprintf (out, "  %-9s %s\n", "summary", _("[--json] — who has your data, who tracked you"));
  fprintf (out, "  %-9s %s\n", "search", _("TEXT — search everything the exports showed"));
  fprintf (out, "  %-9s %s\n", "forget", _("ID — delete an imported export from the store"));
  fprintf (out, "  %-9s %s\n", "request", _("--company NAME --kind access|erasure|objection — write a request letter"));
  fprintf (out, "\n%s\n", _("Everything stays on this computer. Veil sends nothing."));
}

static char *
format_day (gint64 ts)
{
  g_autoptr(GDateTime) dt = ts > 0 ? g_date_time_new_from_unix_utc (ts) : NULL;

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d") : g_strdup ("?");
}

static VeilStore *
open_store (void)
{
  g_autoptr(GError) error = NULL;
  VeilStore *store = veil_store_open (NULL, &error);

  if (store == NULL)
    g_printerr ("veil: %s\n", error->message);
  return store;
}

/* ---- import ------------------------------------------------------------- */

static void
on_progress (const char *file,
             guint       done,
             guint       total,
             gpointer    user_data)
{
  if (file != NULL)
    veil_cli_progress (done + 1, total, file);
}

static int
run_import (int argc, char **argv)
{
  g_auto(GStrv) paths = NULL;
  const GOptionEntry entries[] = {
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (N_("PATH… — read platform data exports"));
  g_autoptr(VeilStore) store = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  guint n_failed = 0;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("The parts of a split export (…-1.zip, …-2.zip) are read together as one account."));
  if (!veil_cli_parse (context, &argc, &argv))
    return VEIL_EXIT_USAGE;
  if (paths == NULL || paths[0] == NULL)
    {
      g_printerr (_("veil exports import: name at least one export (ZIP or folder)\n"));
      return VEIL_EXIT_USAGE;
    }
  if ((store = open_store ()) == NULL)
    return VEIL_EXIT_FAILED;

  groups = veil_export_group_paths ((const char * const *) paths);
  for (guint i = 0; i < groups->len; i++)
    {
      GStrv group = g_ptr_array_index (groups, i);
      g_autoptr(GError) error = NULL;
      g_autofree char *base = g_path_get_basename (group[0]);
      VeilExportResult result = { 0 };

      if (!veil_export_import_full (store, (const char * const *) group, on_progress, NULL, NULL, &result, &error))
        {
          veil_cli_progress_end ();
          g_printerr ("veil: %s: %s\n", base, error->message);
          n_failed++;
          continue;
        }
      veil_cli_progress_end ();
      if (result.already_imported)
        printf (_("%s was already imported as export %" PRId64 "; nothing changed\n"), base, result.import_id);
      else if (result.n_skipped > 0)
        printf (g_dngettext (GETTEXT_PACKAGE,
                             "Imported %s as export %" PRId64 ", %u file skipped (see “veil exports summary”)\n",
                             "Imported %s as export %" PRId64 ", %u files skipped (see “veil exports summary”)\n",
                             result.n_skipped), base, result.import_id, result.n_skipped);
      else
        printf (_("Imported %s as export %" PRId64 "\n"), base, result.import_id);
    }
  if (groups->len > n_failed)
    printf ("%s\n", _("Run “veil exports summary” to see what the exports show."));
  return n_failed > 0 ? VEIL_EXIT_FAILED : VEIL_EXIT_OK;
}

/* ---- summary ------------------------------------------------------------ */

static void
print_ranked (const char *title,
              GPtrArray  *list)
{
  if (list->len == 0)
    return;
  printf ("\n%s\n", title);
  for (guint i = 0; i < list->len; i++)
    {
      VeilStoreRanked *r = g_ptr_array_index (list, i);
      printf ("  %5u  %s\n", r->count, r->name);
    }
}

/* A count, or "not in this export" when no export of the account holds
 * that kind of data at all. */
static char *
count_text (guint        n,
            guint        holds,
            guint        kind,
            const char  *what)
{
  if (n == 0 && !(holds & kind))
    return g_strdup_printf (_("%s: not in this export"), what);
  return g_strdup_printf ("%u %s", n, what);
}

static void
print_counts (VeilStoreAccount *a)
{
  const struct { guint n; guint kind; const char *what; } counts[] = {
    { a->n_advertisers, VEIL_HOLDS_ADVERTISERS, _("advertisers") },
    { a->n_trackers, VEIL_HOLDS_TRACKERS, _("off-platform trackers") },
    { a->n_events, VEIL_HOLDS_EVENTS, _("events") },
    { a->n_inferences, VEIL_HOLDS_INFERENCES, _("inferences") },
    { a->n_locations, VEIL_HOLDS_LOCATIONS, _("locations") },
    { a->n_logins, VEIL_HOLDS_LOGINS, _("logins") },
    { a->n_contacts, VEIL_HOLDS_CONTACTS, _("contacts") },
    { a->n_others, VEIL_HOLDS_OTHERS, _("other names") },
  };

  printf ("      ");
  for (gsize i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      g_autofree char *text = count_text (counts[i].n, a->holds, counts[i].kind, counts[i].what);
      printf ("%s%s", i > 0 ? ", " : " ", text);
    }
  printf ("\n");
}

static void
print_export (VeilStoreExport *e)
{
  g_autofree char *imported = format_day (e->imported_at);
  g_autofree char *made = format_day (e->generated_at);

  printf (_("       export %" G_GINT64_FORMAT ": %s, made %s, imported %s"), e->id, e->label,
          e->generated_at != 0 ? made : _("on an unknown date"), imported);
  printf (g_dngettext (GETTEXT_PACKAGE, "; %u file not read", "; %u files not read", e->unread->len),
          e->unread->len);
  if (e->n_skipped > 0)
    printf (g_dngettext (GETTEXT_PACKAGE, " (%u could not be read)", " (%u could not be read)", e->n_skipped),
            e->n_skipped);
  printf ("\n");
  for (guint u = 0; u < e->unread->len; u++)
    {
      VeilStoreUnread *f = g_ptr_array_index (e->unread, u);
      g_autofree char *size = f->size >= 0 ? g_format_size ((guint64) f->size) : g_strdup ("?");

      printf ("         %s (%s): %s\n", f->file, size, f->reason);
    }
}

static void
print_summary_text (VeilStoreSummary *s)
{
  g_autofree char *from = format_day (s->first_ts);
  g_autofree char *to = format_day (s->last_ts);

  if (s->accounts->len == 0)
    {
      printf ("%s\n", _("No exports imported yet. Run “veil exports import PATH”."));
      return;
    }
  printf (g_dngettext (GETTEXT_PACKAGE, "%u advertiser has or used your data.\n",
                       "%u advertisers have or used your data.\n", s->n_advertisers), s->n_advertisers);
  printf (g_dngettext (GETTEXT_PACKAGE, "%u app or site reported what you did outside the platform.\n",
                       "%u apps and sites reported what you did outside the platform.\n", s->n_trackers),
          s->n_trackers);
  if (s->first_ts != 0)
    printf (_("The exports cover %s to %s.\n"), from, to);

  printf ("\n%s\n", _("Accounts:"));
  for (guint i = 0; i < s->accounts->len; i++)
    {
      VeilStoreAccount *a = g_ptr_array_index (s->accounts, i);
      g_autofree char *a_from = format_day (a->first_ts);
      g_autofree char *a_to = format_day (a->last_ts);

      printf ("  [%" G_GINT64_FORMAT "] %s — %s", a->id, a->platform, *a->name != '\0' ? a->name : a->label);
      if (a->first_ts != 0)
        printf (" (%s – %s)", a_from, a_to);
      printf ("\n");
      print_counts (a);
      for (guint e = 0; e < a->exports->len; e++)
        print_export (g_ptr_array_index (a->exports, e));
    }
  print_ranked (_("Advertisers seen most (accounts × ways they had your data):"), s->top_advertisers);
  print_ranked (_("Apps and sites that tracked you most (events):"), s->top_trackers);
  print_ranked (_("What they think you are interested in:"), s->top_inferences);
}

static void
add_ranked_json (JsonBuilder *b,
                 const char  *member,
                 GPtrArray   *list)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; i < list->len; i++)
    {
      VeilStoreRanked *r = g_ptr_array_index (list, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, r->name);
      json_builder_set_member_name (b, "count");
      json_builder_add_int_value (b, r->count);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_int (JsonBuilder *b, const char *name, gint64 v)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, v);
}

static void
add_count (JsonBuilder *b, const char *name, guint n, guint held)
{
  json_builder_set_member_name (b, name);
  if (n == 0 && !held)
    json_builder_add_null_value (b);
  else
    json_builder_add_int_value (b, n);
}

static void
add_exports_json (JsonBuilder *b,
                  GPtrArray   *exports)
{
  json_builder_set_member_name (b, "exports");
  json_builder_begin_array (b);
  for (guint e = 0; e < exports->len; e++)
    {
      VeilStoreExport *x = g_ptr_array_index (exports, e);

      json_builder_begin_object (b);
      add_int (b, "id", x->id);
      json_builder_set_member_name (b, "label");
      json_builder_add_string_value (b, x->label);
      json_builder_set_member_name (b, "source");
      json_builder_add_string_value (b, x->source);
      add_int (b, "imported", x->imported_at);
      add_int (b, "made", x->generated_at);
      add_int (b, "first", x->first_ts);
      add_int (b, "last", x->last_ts);
      add_int (b, "skipped", x->n_skipped);
      json_builder_set_member_name (b, "unread");
      json_builder_begin_array (b);
      for (guint u = 0; u < x->unread->len; u++)
        {
          VeilStoreUnread *f = g_ptr_array_index (x->unread, u);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "file");
          json_builder_add_string_value (b, f->file);
          add_int (b, "size", f->size);
          json_builder_set_member_name (b, "reason");
          json_builder_add_string_value (b, f->reason);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
print_summary_json (VeilStoreSummary *s)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_int (b, "advertisers", s->n_advertisers);
  add_int (b, "trackers", s->n_trackers);
  add_int (b, "first", s->first_ts);
  add_int (b, "last", s->last_ts);
  json_builder_set_member_name (b, "accounts");
  json_builder_begin_array (b);
  for (guint i = 0; i < s->accounts->len; i++)
    {
      VeilStoreAccount *a = g_ptr_array_index (s->accounts, i);

      json_builder_begin_object (b);
      add_int (b, "id", a->id);
      json_builder_set_member_name (b, "platform");
      json_builder_add_string_value (b, a->platform);
      json_builder_set_member_name (b, "label");
      json_builder_add_string_value (b, a->label);
      add_int (b, "first", a->first_ts);
      add_int (b, "last", a->last_ts);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, a->name);
      /* null: the account's exports hold no data of that kind at all. */
      add_count (b, "advertisers", a->n_advertisers, a->holds & VEIL_HOLDS_ADVERTISERS);
      add_count (b, "trackers", a->n_trackers, a->holds & VEIL_HOLDS_TRACKERS);
      add_count (b, "events", a->n_events, a->holds & VEIL_HOLDS_EVENTS);
      add_count (b, "inferences", a->n_inferences, a->holds & VEIL_HOLDS_INFERENCES);
      add_count (b, "locations", a->n_locations, a->holds & VEIL_HOLDS_LOCATIONS);
      add_count (b, "logins", a->n_logins, a->holds & VEIL_HOLDS_LOGINS);
      add_count (b, "contacts", a->n_contacts, a->holds & VEIL_HOLDS_CONTACTS);
      add_count (b, "others", a->n_others, a->holds & VEIL_HOLDS_OTHERS);
      add_exports_json (b, a->exports);
      json_builder_set_member_name (b, "not_read");
      json_builder_begin_array (b);
      for (guint n = 0; n < a->notes->len; n++)
        json_builder_add_string_value (b, g_ptr_array_index (a->notes, n));
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  add_ranked_json (b, "top_advertisers", s->top_advertisers);
  add_ranked_json (b, "top_trackers", s->top_trackers);
  add_ranked_json (b, "top_inferences", s->top_inferences);
  json_builder_end_object (b);

  veil_cli_print_json (b);
}

static int
run_summary (int argc, char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the summary as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (N_("— who has your data, who tracked you"));
  g_autoptr(VeilStore) store = NULL;
  g_autoptr(VeilStoreSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!veil_cli_parse (context, &argc, &argv))
    return VEIL_EXIT_USAGE;
  if (argc > 1)
    {
      g_printerr (_("veil exports summary: unexpected argument “%s”\n"), argv[1]);
      return VEIL_EXIT_USAGE;
    }
  if ((store = open_store ()) == NULL)
    return VEIL_EXIT_FAILED;
  summary = veil_store_summary (store, TOP_N, &error);
  if (summary == NULL)
    {
      g_printerr ("veil: %s\n", error->message);
      return VEIL_EXIT_FAILED;
    }
  if (json)
    print_summary_json (summary);
  else
    print_summary_text (summary);
  return VEIL_EXIT_OK;
}

/* ---- search, forget ------------------------------------------------------ */

static int
run_search (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("TEXT — search everything the exports showed"));
  g_autoptr(VeilStore) store = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!veil_cli_parse (context, &argc, &argv))
    return VEIL_EXIT_USAGE;
  if (argc < 2)
    {
      g_printerr (_("veil exports search: say what to search for\n"));
      return VEIL_EXIT_USAGE;
    }
  text = g_strjoinv (" ", argv + 1);
  if ((store = open_store ()) == NULL)
    return VEIL_EXIT_FAILED;
  hits = veil_store_search (store, text, 200, &error);
  if (hits == NULL)
    {
      g_printerr ("veil: %s\n", error->message);
      return VEIL_EXIT_FAILED;
    }
  for (guint i = 0; i < hits->len; i++)
    {
      VeilStoreHit *h = g_ptr_array_index (hits, i);
      printf ("[%" G_GINT64_FORMAT "] %-9s %-10s %s\n", h->import_id, h->platform, h->kind, h->text);
    }
  if (hits->len == 0)
    printf ("%s\n", _("Nothing found."));
  return VEIL_EXIT_OK;
}

static int
run_forget (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("ID — delete an imported export"));
  g_autoptr(VeilStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint64 id = 0;

  if (!veil_cli_parse (context, &argc, &argv))
    return VEIL_EXIT_USAGE;
  if (argc != 2 || !g_ascii_string_to_unsigned (argv[1], 10, 1, G_MAXINT64, &id, NULL))
    {
      g_printerr (_("veil exports forget: give the number of one export (see “veil exports summary”)\n"));
      return VEIL_EXIT_USAGE;
    }
  if ((store = open_store ()) == NULL)
    return VEIL_EXIT_FAILED;
  if (!veil_store_forget (store, (gint64) id, &error))
    {
      g_printerr ("veil: %s\n", error->message);
      return VEIL_EXIT_FAILED;
    }
  printf (_("Forgot export %" PRIu64 "; nothing of it is left in the store.\n"), id);
  return VEIL_EXIT_OK;
}

/* ---- request ---------------------------------------------------------------- */

static int
run_request (int argc, char **argv)
{
  g_autofree char *company = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *lang = NULL;
  g_autofree char *output = NULL;
  g_autofree char *name = NULL;
  g_autofree char *email = NULL;
  gboolean mailto = FALSE;
  const GOptionEntry entries[] = {
    { "company", 0, 0, G_OPTION_ARG_STRING, &company, N_("The company, as the export names it"), N_("NAME") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("access, erasure or objection"), N_("KIND") },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &lang, N_("Language of the letter: en, de or fr"), N_("LANG") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the letter to FILE"), N_("FILE") },
    { "mailto", 0, 0, G_OPTION_ARG_NONE, &mailto, N_("Print a mailto: link instead of the letter"), NULL },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Your name, to identify you"), N_("NAME") },
    { "email", 0, 0, G_OPTION_ARG_STRING, &email, N_("Your email address, to identify you"), N_("ADDRESS") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (N_("— write a data-protection request"));
  g_autoptr(VeilStore) store = NULL;
  g_autoptr(VeilRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  VeilRequestKind request_kind;
  VeilRequestIdentity who = { 0 };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Veil only writes the letter; sending it is up to you."));
  if (!veil_cli_parse (context, &argc, &argv))
    return VEIL_EXIT_USAGE;
  if (company == NULL || kind == NULL || !veil_request_kind_from_string (kind, &request_kind))
    {
      g_printerr (_("veil exports request: give --company NAME and --kind access, erasure or objection\n"));
      return VEIL_EXIT_USAGE;
    }
  if (lang != NULL && !g_str_equal (lang, "en") && !g_str_equal (lang, "de") && !g_str_equal (lang, "fr"))
    {
      g_printerr (_("veil exports request: --lang must be en, de or fr\n"));
      return VEIL_EXIT_USAGE;
    }
  if ((store = open_store ()) == NULL)
    return VEIL_EXIT_FAILED;
  who.name = name;
  who.email = email;
  request = veil_request_new (store, company, request_kind, lang != NULL ? lang : "en", &who, &error);
  if (request == NULL)
    {
      g_printerr ("veil: %s\n", error->message);
      return VEIL_EXIT_FAILED;
    }
  if (mailto)
    {
      g_autofree char *uri = veil_request_to_mailto (request);
      if (uri == NULL)
        {
          g_printerr (_("veil: no email address is known for %s; write the letter to a file and send it by post or web form\n"),
                      company);
          return VEIL_EXIT_FAILED;
        }
      printf ("%s\n", uri);
      return VEIL_EXIT_OK;
    }
  if (output != NULL)
    {
      if (!veil_request_save (request, output, &error))
        {
          g_printerr ("veil: %s\n", error->message);
          return VEIL_EXIT_FAILED;
        }
      printf (_("Wrote the letter to %s. Veil sent nothing.\n"), output);
      return VEIL_EXIT_OK;
    }
  printf ("%s", veil_request_get_text (request));
  return VEIL_EXIT_OK;
}

int
veil_cli_exports (int argc, char **argv)
{
  static const struct {
    const char *name;
    int (*run) (int argc, char **argv);
  } subcommands[] = {
    { "import", run_import },
    { "summary", run_summary },
    { "search", run_search },
    { "forget", run_forget },
    { "request", run_request },
  };

  if (argc < 2)
    {
      print_exports_usage (stderr);
      return VEIL_EXIT_USAGE;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_exports_usage (stdout);
      return VEIL_EXIT_OK;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (subcommands); i++)
    if (g_str_equal (argv[1], subcommands[i].name))
      return subcommands[i].run (argc - 1, argv + 1);
  g_printerr (_("veil exports: unknown subcommand “%s”\n\n"), argv[1]);
  print_exports_usage (stderr);
  return VEIL_EXIT_USAGE;
}
