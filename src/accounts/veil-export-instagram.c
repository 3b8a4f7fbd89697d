/* veil-export-instagram.c: Instagram's data download (JSON). The files are
 * shared with Facebook; see veil-export-meta.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "veil-exports"

#include "config.h"

#include <string.h>

#include "veil-export-private.h"

/* Folders only Instagram exports have: 2021–22 (ads_and_businesses,
 * information_about_you, ads_and_topics) and 2024+ (instagram_ads_and_businesses,
 * your_instagram_activity, apps_and_websites_off_of_instagram). */
static const char *const markers[] = {
  "ads_and_businesses",
  "information_about_you",
  "ads_and_topics",
  "instagram_ads_and_businesses",
  "your_instagram_activity",
  "apps_and_websites_off_of_instagram",
  "followers_and_following",
  NULL,
};

static int
detect (GPtrArray *names)
{
  int score = 0;

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *low = g_ascii_strdown (name, -1);

      if (_veil_path_has_component (name, markers) || strstr (low, "instagram") != NULL)
        score += 2;
    }
  return score;
}

/* Instagram writes string_map_data's labels in the user's language, the
 * account's name too ("Nom d’utilisateur" in a French export), while the
 * file keeps its English name in every language and layout (2022:
 * account_information/, 2024+: personal_information/personal_information/).
 * Any label is read, and the one naming the username picked from this
 * table; guessing from the values instead would merge different people's
 * accounts (a gender "unspecified" looks like a username too). An export in
 * a language missing here names no account and stays one of its own. */
static const char *const username_labels[] = {
  "Username",                 /* en */
  "Nom d'utilisateur",        /* fr */
  "Benutzername",             /* de */
  "Nombre de usuario",        /* es */
  "Nome utente",              /* it */
  "Nome de usuário",          /* pt-BR */
  "Nome de utilizador",       /* pt-PT */
  "Gebruikersnaam",           /* nl */
  "Nazwa użytkownika",        /* pl */
  "Användarnamn",             /* sv */
  "Brugernavn",               /* da */
  "Brukernavn",               /* nb */
  "Käyttäjätunnus",           /* fi */
  "Kullanıcı adı",            /* tr */
  "Nume de utilizator",       /* ro */
  "Uživatelské jméno",        /* cs */
  "Felhasználónév",           /* hu */
  "Nama pengguna",            /* id, ms */
  "Имя пользователя",         /* ru */
  "Ім'я користувача",         /* uk */
  "Όνομα χρήστη",             /* el */
  "ユーザーネーム",             /* ja */
  "사용자 이름",               /* ko */
  "用户名",                    /* zh-Hans */
  "用戶名稱",                  /* zh-Hant */
  NULL,
};

static const VeilExportAccountFile account_file = {
  .basenames = (const char *const[]) { "personal_information.json", NULL },
  .patterns = (const char *const[]) { "profile_user[].string_map_data.*", NULL },
  .member = "value",
  .labels = username_labels,
};

const VeilExportReader _veil_export_instagram_reader = {
  .platform = VEIL_PLATFORM_INSTAGRAM,
  .detect = detect,
  .wants = _veil_export_meta_wants,
  .read = _veil_export_meta_read,
  .account_file = &account_file,
};
