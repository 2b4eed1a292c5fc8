/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Placeholder until the network core lands. */
#include "config.h"

#include <glib.h>

void rz_net_placeholder (void);

void
rz_net_placeholder (void)
{
}
