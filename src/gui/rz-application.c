/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rz-application.h"

struct _RzApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (RzApplication, rz_application, ADW_TYPE_APPLICATION)

static void
rz_application_class_init (RzApplicationClass *klass)
{
}

static void
rz_application_init (RzApplication *self)
{
}

RzApplication *
rz_application_new (void)
{
  return g_object_new (RZ_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       NULL);
}
