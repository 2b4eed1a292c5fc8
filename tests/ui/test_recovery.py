# SPDX-License-Identifier: GPL-3.0-or-later
"""A damaged database: a clear dialog, and nothing is deleted."""

import glob
import os
import re
import sqlite3
import time

import pyatspi

import rzui


def db_path(data_home):
    return os.path.join(data_home, "resonanz", "resonanz.db")


def damage(path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(b"This is not a database, it is a shopping list: flour, yeast, salt.\n" * 200)


def test_damaged_file_start_fresh_keeps_it():
    data_home = rzui.new_data_home()
    path = db_path(data_home)
    damage(path)
    with open(path, "rb") as f:
        damaged = f.read()

    app = rzui.App(data_home=data_home)
    try:
        frame = app.wait_for_window()
        desktop_app = app.app
        rzui.find(desktop_app, pyatspi.ROLE_LABEL, "Your Data File Is Damaged")
        rzui.screenshot("damaged-en")
        rzui.click(rzui.find(desktop_app, pyatspi.ROLE_PUSH_BUTTON, "_Start Fresh"))
        rzui.find(frame, pyatspi.ROLE_LABEL, "Welcome to Resonanz")

        kept = rzui.wait_until(lambda: glob.glob(path + ".damaged-*"), what="the kept file")
        kept = [k for k in kept if not k.endswith(("-wal", "-shm"))]
        assert len(kept) == 1, kept
        with open(kept[0], "rb") as f:
            assert f.read() == damaged, "the damaged file was changed"
        # The fresh database works.
        rzui.wait_until(lambda: os.path.exists(path), what="a new database")
    except Exception:
        rzui.log(app.output())
        raise
    finally:
        app.quit()
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()


def test_damaged_file_restore_backup():
    data_home = rzui.new_data_home()
    path = db_path(data_home)

    # A first run with the sample data leaves a good database ...
    app = rzui.App(args=["--demo"], data_home=data_home)
    try:
        frame = app.wait_for_window()
        rzui.find(frame, pyatspi.ROLE_LIST, "Comments waiting for an answer")
        rzui.wait_until(lambda: len(rzui.visible_texts(frame)) > 40, what="inbox rows")
    finally:
        app.quit()

    # ... which becomes the backup, and then the file is damaged.
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    backup = path + ".daily-2026-11-24.bak"
    with open(path, "rb") as src, open(backup, "wb") as dst:
        dst.write(src.read())
    damage(path)
    for suffix in ("-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)

    app = rzui.App(data_home=data_home)
    try:
        app.wait_for_window()
        rzui.find(app.app, pyatspi.ROLE_LABEL, "Your Data File Is Damaged")
        rzui.click(rzui.find(app.app, pyatspi.ROLE_PUSH_BUTTON, "_Restore Backup"))
        frame = app.wait_for_window()
        # The restored inbox shows the sample comments again.
        rzui.wait_until(lambda: any("Geburtstagstorte" in t for t in rzui.visible_texts(frame)),
                        what="restored comments")
        assert glob.glob(path + ".damaged-*"), "the damaged file was not kept"
    except Exception:
        rzui.log(app.output())
        raise
    finally:
        app.quit()


def backups(path):
    return sorted(os.path.basename(b) for b in glob.glob(path + ".daily-*.bak"))


def test_backup_days_in_preferences():
    """Preferences → Your Data sets how many daily backups are kept; it is
    remembered, and the next start keeps only that many."""
    data_home = rzui.new_data_home()
    path = db_path(data_home)
    config_home = os.path.join(data_home, "config")
    keyfile = os.path.join(config_home, "glib-2.0", "settings", "keyfile")
    env = {"GSETTINGS_BACKEND": "keyfile", "XDG_CONFIG_HOME": config_home}
    today = "resonanz.db.daily-%s.bak" % time.strftime("%Y-%m-%d")

    app = rzui.App(env=env, data_home=data_home)
    try:
        app.wait_for_window()
        rzui.wait_until(lambda: today in backups(path), what="today's backup")
        rzui.key(ord(","), rzui.CTRL)
        prefs = rzui.window_named(app, "Preferences")
        rzui.select_tab(prefs, "Your Data")
        spin = rzui.spin_named(prefs, "ackups to keep")
        assert spin.queryValue().currentValue == 7, spin.queryValue().currentValue
        spin.queryValue().currentValue = 2

        def stored():
            with open(keyfile) as f:
                return re.search(r"^backup-days=(uint32 )?2$", f.read(), re.M) is not None
        rzui.wait_until(lambda: os.path.exists(keyfile) and stored(), what="the setting stored")
        rzui.screenshot("preferences-backups-en")
        # Nothing is deleted at once.
        assert backups(path) == [today], backups(path)
    except Exception:
        rzui.log(app.output())
        raise
    finally:
        app.quit()

    # Four older days, as after four days of use ...
    for day in range(1, 5):
        with open(path, "rb") as src, open(path + ".daily-2026-01-0%d.bak" % day, "wb") as dst:
            dst.write(src.read())
    assert len(backups(path)) == 5

    # ... and the next start keeps the two newest.
    app = rzui.App(env=env, data_home=data_home)
    try:
        app.wait_for_window()
        rzui.wait_until(lambda: backups(path) == ["resonanz.db.daily-2026-01-04.bak", today],
                        what="the two newest backups kept")
    except Exception:
        rzui.log(app.output())
        raise
    finally:
        app.quit()


if __name__ == "__main__":
    rzui.run([test_damaged_file_start_fresh_keeps_it,
              test_damaged_file_restore_backup,
              test_backup_days_in_preferences])
