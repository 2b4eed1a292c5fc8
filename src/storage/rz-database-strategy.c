/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The strategy as core objects: what the wizard and the Plan section use.
 * The JSON documents underneath are the core's own formats. */
#include "config.h"

#include "rz-database-private.h"
#include "rz-plan.h"
#include "rz-profile.h"

gboolean
rz_database_save_profile (RzDatabase  *self,
                          RzProfile   *profile,
                          int          wizard_step,
                          const char  *wizard_state_json,
                          GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(JsonNode) node = NULL;
  gint64 profile_id = 0;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (RZ_IS_PROFILE (profile), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  node = rz_profile_to_node (profile);

  /* Profile and wizard progress in one transaction: a crash between them
   * must not resume the wizard on a step the profile does not match. */
  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  if (!rz_database_begin (self, error))
    return FALSE;

  if (!rz_database_write_profile (self, json_node_get_object (node), FALSE, &profile_id, error) ||
      !rz_database_write_wizard_progress (self, profile_id, wizard_step, wizard_state_json, error) ||
      !rz_database_commit (self, error))
    {
      rz_database_rollback (self);
      return FALSE;
    }

  return TRUE;
}

RzProfile *
rz_database_dup_profile (RzDatabase  *self,
                         int         *wizard_step,
                         char       **wizard_state_json,
                         GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *state = NULL;
  RzProfile *profile;
  int step = 0;

  g_return_val_if_fail (RZ_IS_DATABASE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_rec_mutex_locker_new (rz_database_get_lock (self));
  if (!rz_database_get_wizard_progress (self, &step, &state, error))
    return NULL;
  if (wizard_step != NULL)
    *wizard_step = step;
  if (wizard_state_json != NULL)
    *wizard_state_json = g_strdup (state);

  json = rz_database_dup_profile_json (self, NULL, &local_error);
  if (json == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  profile = rz_profile_new_from_json (json, -1, NULL, &local_error);
  if (profile == NULL)
    {
      /* A wizard that is still running may have stored only the first
       * answers; its state document carries the rest. */
      if (step != RZ_DATABASE_WIZARD_FINISHED)
        return NULL;
      g_set_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_CORRUPT,
                   "%s", local_error->message);
      return NULL;
    }

  return profile;
}

gboolean
rz_database_save_plan (RzDatabase  *self,
                       RzPlan      *plan,
                       GError     **error)
{
  g_autofree char *json = NULL;

  g_return_val_if_fail (RZ_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (RZ_IS_PLAN (plan), FALSE);

  json = rz_plan_to_json (plan);
  return rz_database_save_plan_json (self, json, error);
}

RzPlan *
rz_database_dup_plan (RzDatabase  *self,
                      GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *json = NULL;
  RzPlan *plan;

  g_return_val_if_fail (RZ_IS_DATABASE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  json = rz_database_dup_plan_json (self, error);
  if (json == NULL)
    return NULL;

  plan = rz_plan_new_from_json (json, -1, &local_error);
  if (plan == NULL)
    g_set_error (error, RZ_STORAGE_ERROR, RZ_STORAGE_ERROR_CORRUPT,
                 "%s", local_error->message);
  return plan;
}
