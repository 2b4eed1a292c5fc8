/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rz-database.h"
#include "rz-window.h"

G_BEGIN_DECLS

struct _RzWindow
{
  AdwApplicationWindow  parent_instance;

  RzContext            *context;
  GSettings            *settings;
  GCancellable         *cancellable;
  RzBackupSchedule     *backup_schedule;
  GtkWidget            *banner;
  gboolean              has_demo;
  gboolean              busy;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwViewSwitcherTitle *switcher_title;
  GtkBox               *banner_slot;
  GtkStack             *main_stack;
  AdwViewStack         *view_stack;
  AdwViewSwitcherBar   *switcher_bar;
  AdwStatusPage        *error_page;
  GtkWidget            *inbox_page;
  GtkWidget            *drafts_page;
  GtkWidget            *plan_page;

  /* The strategy wizard while it is shown, and the page it came from. */
  GtkWidget            *wizard;
  char                 *page_before_wizard;
  gboolean              wizard_resume_checked;
};

/* rz-window-actions.c */
void rz_window_class_install_actions (GtkWidgetClass *widget_class);
void rz_window_update_actions        (RzWindow       *self);
void rz_window_load_demo             (RzWindow       *self);

/* rz-window.c */
void rz_window_open_database         (RzWindow       *self);
void rz_window_refresh               (RzWindow       *self);
void rz_window_set_demo_banner       (RzWindow       *self,
                                      gboolean        visible);
void rz_window_show_wizard           (RzWindow       *self);

G_END_DECLS
