# SPDX-License-Identifier: GPL-3.0-or-later
"""The window under Xvfb, killed: more rounds of typing into a draft and a
SIGKILL at a random moment (the rounds of tests/ui/test_drafts_kill.py,
RZ_KILL_GUI_ROUNDS of them, 6 by default), and the daily backup the window
makes once the data is open, which "Restore Backup" would use.
"""

import datetime
import glob
import os

import pyatspi

import rzui
import test_drafts_kill

ROUNDS = int(os.environ.get("RZ_KILL_GUI_ROUNDS", "6"))


def test_typing_killed_again_and_again():
    for number in range(1, ROUNDS + 1):
        test_drafts_kill.one_round(number)
    rzui.log("GUI kills survived: %d, nothing typed more than %.0f s before a kill was lost"
             % (ROUNDS, test_drafts_kill.GRACE))


def test_daily_backup_on_start():
    app = rzui.App(args=["--demo"])
    try:
        frame = app.wait_for_window(timeout=15.0)
        rzui.find(frame, pyatspi.ROLE_LIST, "Comments waiting for an answer", timeout=15.0)
        today = datetime.date.today().isoformat()
        pattern = os.path.join(app.data_home, "resonanz", "resonanz.db.daily-%s.bak" % today)
        rzui.wait_until(lambda: glob.glob(pattern), timeout=10.0, what="today's backup")
        assert not glob.glob(pattern + ".tmp"), "a half-written backup was left"
        rzui.log("daily backup: %s" % os.path.basename(glob.glob(pattern)[0]))
    except Exception:
        rzui.log(app.output())
        raise
    finally:
        app.quit()


if __name__ == "__main__":
    rzui.run([test_daily_backup_on_start, test_typing_killed_again_and_again])
