# SPDX-License-Identifier: GPL-3.0-or-later
"""The real window, in English and in German, with screenshots."""

import os

import pyatspi

import pofile
import rzui

PO = pofile.entries(os.path.join(rzui.SOURCE_ROOT, "po", "de.po"))


def german(english):
    return PO[english].replace("_", "")


def english_strings_that_differ():
    """Source strings whose German text is different, so seeing one in a
    German window means a string was not translated."""
    out = set()
    for msgid, msgstr in PO.items():
        a, b = rzui.strip_mnemonic(msgid), rzui.strip_mnemonic(msgstr)
        if a != b and len(a) > 3:
            out.add(a)
    return out


def check_window(language, shot):
    app = rzui.App(language=language)
    try:
        frame = app.wait_for_window(timeout=10.0)
        title = "Welcome to Resonanz" if language == "en" else german("Welcome to Resonanz")
        rzui.find(frame, pyatspi.ROLE_LABEL, title)
        rzui.screenshot(shot)
        return app, frame
    except Exception:
        rzui.log(app.output())
        app.quit()
        raise


def test_window_appears_in_english():
    app, frame = check_window("en", "welcome-en")
    app.quit()


def test_german_window_has_no_english_strings():
    app, frame = check_window("de", "welcome-de")
    try:
        english = english_strings_that_differ()
        assert len(english) > 10, "de.po has too few translations to check against"
        leaks = [t for t in rzui.visible_texts(frame) if rzui.strip_mnemonic(t) in english]
        assert not leaks, "English strings in the German window: %r" % leaks
    finally:
        app.quit()


def check_demo_inbox(language, shot):
    app = rzui.App(args=["--demo"], language=language)
    try:
        frame = app.wait_for_window(timeout=10.0)
        inbox = "Comments waiting for an answer"
        if language == "de":
            inbox = german(inbox)
        rzui.find(frame, pyatspi.ROLE_LIST, inbox, timeout=10.0)
        rzui.wait_until(lambda: len(rzui.visible_texts(frame)) > 20, what="inbox rows")
        rzui.screenshot(shot)
        if language == "de":
            english = english_strings_that_differ()
            leaks = [t for t in rzui.visible_texts(frame) if rzui.strip_mnemonic(t) in english]
            assert not leaks, "English strings in the German inbox: %r" % leaks
    except Exception:
        rzui.log(app.output())
        raise
    finally:
        app.quit()


def test_demo_inbox_english():
    check_demo_inbox("en", "inbox-en")


def test_demo_inbox_german():
    check_demo_inbox("de", "inbox-de")


if __name__ == "__main__":
    rzui.run([test_window_appears_in_english,
              test_german_window_has_no_english_strings,
              test_demo_inbox_english,
              test_demo_inbox_german])
