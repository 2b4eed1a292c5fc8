/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

/* Waiting for an asynchronous call in a test or benchmark: pass
 * rz_test_store_result with the address of a NULL GAsyncResult pointer as
 * its callback, then rz_test_wait_for() iterates the thread-default main
 * context until the result is there (and returns it; the slot owns it). */

static inline void
rz_test_store_result (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static inline GAsyncResult *
rz_test_wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}
