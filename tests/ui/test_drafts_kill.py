# SPDX-License-Identifier: GPL-3.0-or-later
"""Never lose a word: type into a new draft, kill the app with SIGKILL at a
random moment, start it again on the same data, and find everything that
was typed more than a second before the kill.

Typing goes through the X server (AT-SPI generates the key events), so the
text takes the same way as a user's: key press, GtkTextView, autosave, the
database worker, SQLite.
"""

import random
import time

import pyatspi

import rzui

ROUNDS = 3
# Lower case and spaces only: a keysym of an upper-case letter would need
# the shift key, which generateKeyboardEvent does not press.
TEXT = ("ab samstag gibt es wieder kuerbiskernbroetchen nur am wochenende "
        "und nur solange der teig reicht wer vorbestellen will ruft an ") * 3
GRACE = 1.0


def open_drafts(frame):
    rzui.click(rzui.find(frame, pyatspi.ROLE_PAGE_TAB, "Drafts"))


def new_draft_button(frame):
    """The toolbar's button; the empty state has one too, hidden here."""
    def find():
        for n in rzui.walk(frame):
            try:
                if n.getRole() == pyatspi.ROLE_PUSH_BUTTON and n.name == "New Draft":
                    return n
            except Exception:
                continue
        return None
    return rzui.wait_until(find, what="the New Draft button")


def message_view(frame, timeout=10.0):
    return rzui.find(frame, pyatspi.ROLE_TEXT, "Message", timeout=timeout)


def text_of_view(view):
    t = view.queryText()
    return t.getText(0, t.characterCount)


def type_until_killed(app, view, kill_after):
    """Types TEXT one key at a time; returns [(monotonic time, typed so far)]
    up to the kill, which comes @kill_after seconds after the first key."""
    typed = []
    start = time.monotonic()
    so_far = ""
    for ch in TEXT:
        if time.monotonic() - start >= kill_after:
            break
        pyatspi.Registry.generateKeyboardEvent(ord(ch), None, pyatspi.KEY_SYM)
        so_far += ch
        typed.append((time.monotonic(), so_far))
        # A typist, not a machine gun: 40 to 120 ms between keys.
        time.sleep(random.uniform(0.04, 0.12))
    killed_at = time.monotonic()
    app.proc.kill()
    app.proc.wait()
    return typed, killed_at


def one_round(number):
    rng_delay = random.uniform(1.5, 5.0)
    first = rzui.App(args=["--demo"])
    data_home = first.data_home
    try:
        frame = first.wait_for_window(timeout=15.0)
        # The sample bakery opens on the inbox.
        rzui.find(frame, pyatspi.ROLE_LIST, "Comments waiting for an answer", timeout=15.0)
        open_drafts(frame)
        # Loaded: the most recent sample draft opens by itself.
        view = message_view(frame)
        rzui.wait_until(lambda: text_of_view(view) != "", timeout=15.0,
                        what="the drafts to load")
        rzui.click(new_draft_button(frame))
        rzui.wait_until(lambda: text_of_view(view) == "", what="an empty new draft")
        # A new draft opens with the keyboard focus in its text (GTK 4.8
        # cannot be told to focus over AT-SPI).
        rzui.wait_until(lambda: view.getState().contains(pyatspi.STATE_FOCUSED),
                        what="the message to have the keyboard focus")

        typed, killed_at = type_until_killed(first, view, rng_delay)
    except Exception:
        rzui.log(first.output())
        first.quit()
        raise
    first.quit()

    assert typed, "nothing was typed"
    must_have = ""
    for when, so_far in typed:
        if when <= killed_at - GRACE:
            must_have = so_far
    rzui.log("round %d: typed %d characters in %.1f s, killed; %d were typed more than %.0f s before"
             % (number, len(typed[-1][1]), killed_at - typed[0][0], len(must_have), GRACE))

    second = rzui.App(data_home=data_home)
    try:
        frame = second.wait_for_window(timeout=15.0)
        open_drafts(frame)
        # The most recent draft opens by itself: the one typed into.
        view = message_view(frame, timeout=15.0)
        rzui.wait_until(lambda: len(text_of_view(view)) >= max(len(must_have), 1),
                        timeout=10.0, what="the typed text after the restart")
        found = text_of_view(view)
        rzui.log("round %d: %d characters back after the restart" % (number, len(found)))
        assert typed[-1][1].startswith(found), \
            "the restored text is not what was typed: %r" % found[:80]
        assert found.startswith(must_have), \
            "lost more than the last second: had %d characters, %d were typed more than %.0f s before the kill" \
            % (len(found), len(must_have), GRACE)
        if number == 1:
            rzui.screenshot("drafts-after-kill")
    except Exception:
        rzui.log(second.output())
        raise
    finally:
        second.quit()


# Keycodes of the modifier keys on Xvfb's default keymap (KEY_PRESS and
# KEY_RELEASE take keycodes, not keysyms).
CONTROL_L = 37
SHIFT_L = 50


def press(keysym, *modifiers):
    for m in modifiers:
        pyatspi.Registry.generateKeyboardEvent(m, None, pyatspi.KEY_PRESS)
    pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)
    for m in reversed(modifiers):
        pyatspi.Registry.generateKeyboardEvent(m, None, pyatspi.KEY_RELEASE)


def test_undo_redo_and_search_shortcut():
    app = rzui.App(args=["--demo"])
    try:
        frame = app.wait_for_window(timeout=15.0)
        rzui.find(frame, pyatspi.ROLE_LIST, "Comments waiting for an answer", timeout=15.0)
        open_drafts(frame)
        view = message_view(frame)
        rzui.wait_until(lambda: text_of_view(view) != "", timeout=15.0, what="the drafts to load")
        rzui.click(new_draft_button(frame))
        rzui.wait_until(lambda: text_of_view(view) == "", what="an empty new draft")
        rzui.wait_until(lambda: view.getState().contains(pyatspi.STATE_FOCUSED),
                        what="the message to have the keyboard focus")
        for ch in "hallo welt":
            press(ord(ch))
            time.sleep(0.05)
        rzui.wait_until(lambda: text_of_view(view) == "hallo welt", what="the typed text")

        # Ctrl+Z takes the last word back, Ctrl+Shift+Z brings it again.
        press(ord("z"), CONTROL_L)
        rzui.wait_until(lambda: text_of_view(view) != "hallo welt", what="Ctrl+Z to undo")
        assert "hallo welt".startswith(text_of_view(view)), text_of_view(view)
        press(ord("Z"), CONTROL_L, SHIFT_L)
        rzui.wait_until(lambda: text_of_view(view) == "hallo welt", what="Ctrl+Shift+Z to redo")

        # Ctrl+F searches drafts and posts.
        press(ord("f"), CONTROL_L)
        entry = rzui.find(frame, pyatspi.ROLE_ENTRY, "Search drafts and posts")
        rzui.wait_until(lambda: entry.getState().contains(pyatspi.STATE_FOCUSED),
                        what="Ctrl+F to focus the search")
    except Exception:
        rzui.log(app.output())
        raise
    finally:
        app.quit()


def test_typing_survives_sigkill():
    for number in range(1, ROUNDS + 1):
        one_round(number)


if __name__ == "__main__":
    rzui.run([test_undo_redo_and_search_shortcut, test_typing_survives_sigkill])
