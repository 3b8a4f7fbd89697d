/* veil-export-request.c: filling Datenanfragen.de's request templates
 * (CC0) with a company's contact and the evidence from the exports.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-exports"

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "veil-error.h"
#include "veil-export-link.h"
#include "veil-export-private.h"
#include "veil-export-request.h"

struct _VeilRequest {
  char *company;
  char *recipient;
  char *subject;
  char *text;
};

/* The letter's language is the recipient's, not the interface's, so these
 * are tables rather than gettext strings. */
typedef struct {
  const char *lang;
  const char *subject[3];
  const char *evidence_intro;
  const char *name_label;
  const char *email_label;
  const char *address_label;
  const char *events;    /* platform, count, from, to */
  const char *relations[9][2];
} LetterStrings;

static const LetterStrings letters[] = {
  { "en",
    { "Request for access to personal data according to Art. 15 GDPR",
      "Request for erasure of personal data according to Art. 17 GDPR",
      "Objection to the processing of personal data according to Art. 21(2) GDPR" },
    "My data exports from online platforms show the following about you:",
    "Name", "Email", "Address",
    "- %s: %u recorded events between %s and %s.",
    { { VEIL_REL_UPLOADED_LIST, "- %s: you uploaded a customer list containing my data." },
      { VEIL_REL_USES_ACTIVITY, "- %s: you used my activity or information to show me ads (remarketing)." },
      { VEIL_REL_STORE_VISIT, "- %s: you matched me to a visit to one of your stores." },
      { VEIL_REL_AUDIENCE, "- %s: you included me in your tailored audiences." },
      { VEIL_REL_DATA_PARTNER, "- %s: you provided the platform with data about me." },
      { VEIL_REL_TARGETED, "- %s: you targeted your ads at me." },
      { VEIL_REL_INTERACTED, "- %s: I interacted with your ads." },
      { VEIL_REL_TRACKED, "- %s: you reported my activity in your apps or on your websites to the platform." },
      { VEIL_REL_CONNECTED_APP, "- %s: your app is connected to my account there." } } },
  { "de",
    { "Anfrage auf Auskunft gemäß Art. 15 DSGVO",
      "Antrag auf Löschung gemäß Art. 17 DSGVO",
      "Widerspruch gemäß Art. 21 Abs. 2 DSGVO" },
    "Meine Datenexporte von Online-Plattformen zeigen über Sie Folgendes:",
    "Name", "E-Mail", "Adresse",
    "- %s: %u erfasste Ereignisse zwischen %s und %s.",
    { { VEIL_REL_UPLOADED_LIST, "- %s: Sie haben eine Kundenliste mit meinen Daten hochgeladen." },
      { VEIL_REL_USES_ACTIVITY, "- %s: Sie haben meine Aktivitäten oder Informationen genutzt, um mir Werbung zu zeigen (Remarketing)." },
      { VEIL_REL_STORE_VISIT, "- %s: Sie haben mich einem Besuch in einem Ihrer Geschäfte zugeordnet." },
      { VEIL_REL_AUDIENCE, "- %s: Sie haben mich in Ihre Zielgruppen aufgenommen." },
      { VEIL_REL_DATA_PARTNER, "- %s: Sie haben der Plattform Daten über mich übermittelt." },
      { VEIL_REL_TARGETED, "- %s: Sie haben Ihre Werbung gezielt an mich ausgespielt." },
      { VEIL_REL_INTERACTED, "- %s: Ich habe mit Ihrer Werbung interagiert." },
      { VEIL_REL_TRACKED, "- %s: Sie haben der Plattform meine Aktivitäten in Ihren Apps oder auf Ihren Websites gemeldet." },
      { VEIL_REL_CONNECTED_APP, "- %s: Ihre App ist mit meinem dortigen Konto verbunden." } } },
  { "fr",
    { "Demande d’accès aux données personnelles (article 15 du RGPD)",
      "Demande d’effacement des données personnelles (article 17 du RGPD)",
      "Opposition au traitement des données personnelles (article 21(2) du RGPD)" },
    "Les exports de mes données des plateformes en ligne montrent ce qui suit à votre sujet :",
    "Nom", "E-mail", "Adresse",
    "- %s : %u événements enregistrés entre le %s et le %s.",
    { { VEIL_REL_UPLOADED_LIST, "- %s : vous avez téléversé une liste de clients contenant mes données." },
      { VEIL_REL_USES_ACTIVITY, "- %s : vous avez utilisé mon activité ou mes informations pour me montrer des publicités (reciblage)." },
      { VEIL_REL_STORE_VISIT, "- %s : vous m’avez associé(e) à une visite dans l’un de vos magasins." },
      { VEIL_REL_AUDIENCE, "- %s : vous m’avez inclus(e) dans vos audiences personnalisées." },
      { VEIL_REL_DATA_PARTNER, "- %s : vous avez fourni à la plateforme des données me concernant." },
      { VEIL_REL_TARGETED, "- %s : vous avez ciblé vos publicités sur moi." },
      { VEIL_REL_INTERACTED, "- %s : j’ai interagi avec vos publicités." },
      { VEIL_REL_TRACKED, "- %s : vous avez signalé à la plateforme mon activité dans vos applications ou sur vos sites web." },
      { VEIL_REL_CONNECTED_APP, "- %s : votre application est connectée à mon compte sur cette plateforme." } } },
};

static const struct {
  const char *id;
  const char *name;
} platform_names[] = {
  { "facebook", "Facebook" }, { "instagram", "Instagram" }, { "google", "Google" },
  { "twitter", "X (Twitter)" }, { "tiktok", "TikTok" }, { "linkedin", "LinkedIn" },
  { "snapchat", "Snapchat" },
};

gboolean
veil_request_kind_from_string (const char      *text,
                               VeilRequestKind *kind)
{
  if (g_strcmp0 (text, "access") == 0)
    *kind = VEIL_REQUEST_ACCESS;
  else if (g_strcmp0 (text, "erasure") == 0)
    *kind = VEIL_REQUEST_ERASURE;
  else if (g_strcmp0 (text, "objection") == 0)
    *kind = VEIL_REQUEST_OBJECTION;
  else
    return FALSE;
  return TRUE;
}

void
veil_request_free (VeilRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->company);
  g_free (request->recipient);
  g_free (request->subject);
  g_free (request->text);
  g_free (request);
}

static const char *
platform_name (const char *id)
{
  for (gsize i = 0; i < G_N_ELEMENTS (platform_names); i++)
    if (g_strcmp0 (platform_names[i].id, id) == 0)
      return platform_names[i].name;
  return id;
}

static char *
day (gint64 ts)
{
  g_autoptr(GDateTime) dt = ts > 0 ? g_date_time_new_from_unix_utc (ts) : NULL;

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d") : g_strdup ("?");
}

/* [flag>text] blocks and {placeholders}, as in Datenanfragen's templates;
 * <italic> markup is dropped, since the letter is plain text. */
static char *
render_template (const char *tpl,
                 GHashTable *flags,
                 GHashTable *values)
{
  GString *out = g_string_new (NULL);
  GArray *stack = g_array_new (FALSE, FALSE, sizeof (gboolean));
  gboolean shown = TRUE;

  for (const char *p = tpl; *p; )
    {
      if (*p == '[')
        {
          const char *gt = p + 1;

          while (g_ascii_isalnum (*gt) || *gt == '_')
            gt++;
          if (*gt == '>' && gt > p + 1)
            {
              g_autofree char *flag = g_strndup (p + 1, (gsize) (gt - p - 1));

              g_array_append_val (stack, shown);
              shown = shown && g_hash_table_contains (flags, flag);
              p = gt + 1;
              continue;
            }
        }
      if (*p == ']' && stack->len > 0)
        {
          shown = g_array_index (stack, gboolean, stack->len - 1);
          g_array_set_size (stack, stack->len - 1);
          p++;
          continue;
        }
      if (*p == '{')
        {
          const char *close = strchr (p, '}');
          if (close != NULL)
            {
              g_autofree char *key = g_strndup (p + 1, (gsize) (close - p - 1));
              const char *v = g_hash_table_lookup (values, key);

              if (shown && v != NULL)
                g_string_append (out, v);
              p = close + 1;
              continue;
            }
        }
      if (g_str_has_prefix (p, "<italic>") || g_str_has_prefix (p, "</italic>"))
        {
          p = strchr (p, '>') + 1;
          continue;
        }
      if (shown)
        g_string_append_c (out, *p);
      p++;
    }
  g_array_unref (stack);
  return g_string_free (out, FALSE);
}

static GPtrArray *
matching_names (VeilStore   *store,
                const char  *company,
                GError     **error)
{
  g_autoptr(GPtrArray) all = veil_store_companies (store, error);
  g_autofree char *want = veil_company_normalize (company);
  GPtrArray *names;

  if (all == NULL)
    return NULL;
  names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < all->len; i++)
    {
      g_autofree char *key = veil_company_normalize (g_ptr_array_index (all, i));
      if (g_str_equal (key, want) || g_ascii_strcasecmp (g_ptr_array_index (all, i), company) == 0)
        g_ptr_array_add (names, g_strdup (g_ptr_array_index (all, i)));
    }
  return names;
}

static void
append_evidence (GString             *out,
                 const LetterStrings *ls,
                 GPtrArray           *evidence)
{
  g_string_append_printf (out, "%s\n", ls->evidence_intro);
  for (guint i = 0; i < evidence->len; i++)
    {
      VeilStoreEvidence *e = g_ptr_array_index (evidence, i);
      const char *platform = platform_name (e->platform);

      if (g_str_equal (e->relation, "events"))
        {
          g_autofree char *from = day (e->first_ts);
          g_autofree char *to = day (e->last_ts);
          g_string_append_printf (out, ls->events, platform, e->count, from, to);
          g_string_append_c (out, '\n');
          continue;
        }
      for (gsize r = 0; r < G_N_ELEMENTS (ls->relations); r++)
        if (g_strcmp0 (ls->relations[r][0], e->relation) == 0)
          {
            g_string_append_printf (out, ls->relations[r][1], platform);
            g_string_append_c (out, '\n');
          }
    }
}

static gboolean
has_relation (GPtrArray  *evidence,
              const char *relation)
{
  for (guint i = 0; i < evidence->len; i++)
    if (g_str_equal (((VeilStoreEvidence *) g_ptr_array_index (evidence, i))->relation, relation))
      return TRUE;
  return FALSE;
}

VeilRequest *
veil_request_new_full (VeilStore                 *store,
                       const char                *company,
                       VeilRequestKind            kind,
                       const char                *lang,
                       const VeilRequestIdentity *who,
                       const char                *data_dir,
                       GError                   **error)
{
  g_autoptr(VeilRequest) request = g_new0 (VeilRequest, 1);
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) evidence = NULL;
  g_autoptr(VeilLinker) linker = NULL;
  g_autoptr(GHashTable) flags = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GString) id_data = g_string_new (NULL);
  g_autoptr(GString) letter = g_string_new (NULL);
  g_autoptr(GString) proof = g_string_new (NULL);
  g_autofree char *tpl_path = NULL;
  g_autofree char *tpl = NULL;
  g_autofree char *body = NULL;
  g_autofree char *relative = NULL;
  g_autofree char *today = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  const VeilCompanyContact *contact;
  const LetterStrings *ls = &letters[0];
  const char *tpl_name;
  char *split;

  for (gsize i = 0; i < G_N_ELEMENTS (letters); i++)
    if (g_strcmp0 (letters[i].lang, lang) == 0)
      ls = &letters[i];

  names = matching_names (store, company, error);
  if (names == NULL)
    return NULL;
  if (names->len == 0)
    {
      g_set_error (error, VEIL_EXPORT_ERROR, VEIL_EXPORT_ERROR_UNKNOWN_PLATFORM,
                   _("No imported export mentions “%s”; check the spelling with “veil exports search”"),
                   company);
      return NULL;
    }
  g_ptr_array_add (names, NULL);
  evidence = veil_store_evidence (store, (const char * const *) names->pdata, error);
  if (evidence == NULL)
    return NULL;
  linker = veil_linker_new (data_dir, error);
  if (linker == NULL)
    return NULL;
  contact = veil_linker_find_contact (linker, company);

  switch (kind)
    {
    case VEIL_REQUEST_ACCESS:
      tpl_name = has_relation (evidence, VEIL_REL_TRACKED) ? "access-tracking" : "access-default";
      g_hash_table_add (flags, "data_portability");
      break;
    case VEIL_REQUEST_ERASURE:
      tpl_name = "erasure-default";
      g_hash_table_add (flags, "erase_all");
      break;
    case VEIL_REQUEST_OBJECTION:
    default:
      tpl_name = "objection-default";
      break;
    }
  relative = g_strdup_printf ("gdpr/templates/%s/%s.txt", ls->lang, tpl_name);
  tpl_path = _veil_export_find_data (data_dir, relative);
  if (tpl_path == NULL || !g_file_get_contents (tpl_path, &tpl, NULL, error))
    {
      if (tpl_path == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("The request template %s is not installed"), relative);
      return NULL;
    }

  if (who != NULL && who->name != NULL)
    g_string_append_printf (id_data, "%s: %s\n", ls->name_label, who->name);
  if (who != NULL && who->email != NULL)
    g_string_append_printf (id_data, "%s: %s\n", ls->email_label, who->email);
  if (who != NULL && who->address != NULL)
    g_string_append_printf (id_data, "%s: %s\n", ls->address_label, who->address);
  if (id_data->len > 0)
    g_hash_table_add (flags, "has_fields");
  g_hash_table_insert (values, "id_data", g_strdup (id_data->str));
  if (contact != NULL && contact->runs != NULL)
    {
      g_hash_table_add (flags, "runs");
      g_hash_table_insert (values, "runs_list", g_strjoinv (", ", contact->runs));
    }
  g_hash_table_insert (values, "erasure_data", g_strdup (""));
  g_hash_table_insert (values, "objection_reason", g_strdup (""));
  body = render_template (tpl, flags, values);

  request->company = g_strdup (contact != NULL ? contact->name : company);
  request->recipient = contact != NULL ? g_strdup (contact->email) : NULL;
  request->subject = g_strdup (ls->subject[kind]);

  /* Heading: recipient, date, subject. */
  g_string_append_printf (letter, "%s\n", request->company);
  if (contact != NULL && contact->address != NULL)
    g_string_append_printf (letter, "%s\n", contact->address);
  if (contact != NULL && contact->email != NULL)
    g_string_append_printf (letter, "%s\n", contact->email);
  else if (contact != NULL && contact->webform != NULL)
    g_string_append_printf (letter, "%s\n", contact->webform);
  today = g_date_time_format (now, "%Y-%m-%d");
  g_string_append_printf (letter, "\n%s\n\n%s\n\n", today, request->subject);

  /* The evidence goes right after the opening request paragraph. */
  append_evidence (proof, ls, evidence);
  split = strstr (body, "\n\n");
  if (split != NULL)
    split = strstr (split + 2, "\n\n");
  if (split != NULL)
    {
      g_string_append_len (letter, body, split - body);
      g_string_append_printf (letter, "\n\n%s%s", proof->str, split + 1);
    }
  else
    g_string_append_printf (letter, "%s\n\n%s", body, proof->str);
  if (letter->str[letter->len - 1] != '\n')
    g_string_append_c (letter, '\n');
  if (who != NULL && who->name != NULL)
    g_string_append_printf (letter, "%s\n", who->name);

  request->text = g_string_free (g_steal_pointer (&letter), FALSE);
  return g_steal_pointer (&request);
}

VeilRequest *
veil_request_new (VeilStore                 *store,
                  const char                *company,
                  VeilRequestKind            kind,
                  const char                *lang,
                  const VeilRequestIdentity *who,
                  GError                   **error)
{
  return veil_request_new_full (store, company, kind, lang, who, NULL, error);
}

const char *
veil_request_get_text (VeilRequest *request)
{
  return request->text;
}

const char *
veil_request_get_subject (VeilRequest *request)
{
  return request->subject;
}

const char *
veil_request_get_recipient (VeilRequest *request)
{
  return request->recipient;
}

const char *
veil_request_get_company (VeilRequest *request)
{
  return request->company;
}

/* RFC 6068: CRLF line breaks, everything outside unreserved characters
 * percent-encoded (UTF-8). */
static char *
mailto_escape (const char *text)
{
  g_autoptr(GString) crlf = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    {
      if (*p == '\n' && (p == text || p[-1] != '\r'))
        g_string_append_c (crlf, '\r');
      g_string_append_c (crlf, *p);
    }
  return g_uri_escape_string (crlf->str, NULL, FALSE);
}

char *
veil_request_to_mailto (VeilRequest *request)
{
  g_autofree char *to = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;

  if (request->recipient == NULL || *request->recipient == '\0')
    return NULL;
  to = g_uri_escape_string (request->recipient, "@", FALSE);
  subject = mailto_escape (request->subject);
  body = mailto_escape (request->text);
  return g_strdup_printf ("mailto:%s?subject=%s&body=%s", to, subject, body);
}

gboolean
veil_request_save (VeilRequest  *request,
                   const char   *path,
                   GError      **error)
{
  return g_file_set_contents_full (path, request->text, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0600, error);
}
