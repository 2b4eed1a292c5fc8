# SPDX-License-Identifier: GPL-3.0-or-later
"""The daily reply window: the owner narrows the inbox down to what hurts,
to one channel, and finds comments by a word."""

import json
import os
import time

import pyatspi

import rzui


def demo_comments():
    with open(os.path.join(rzui.SOURCE_ROOT, "data", "demo.json"), encoding="utf-8") as f:
        return json.load(f)["comments"]


def shown_demo_texts(frame, texts):
    # List rows exist only while shown: they are what the user sees.
    return set(t for t in rzui.visible_texts(frame) if t in texts)


def listed_demo_texts(frame, texts):
    # Only the list's rows, not the comment the reply pane shows in full.
    def find_list():
        for n in rzui.walk(frame):
            try:
                if rzui.is_showing(n) and "Comments waiting for an answer" in rzui.names(n):
                    return n
            except Exception:
                continue
        return None
    view = rzui.wait_until(find_list, what="the list of comments")
    return set(t for t in rzui.visible_texts(view) if t in texts)


def find_entry(frame, name):
    def look():
        for n in rzui.walk(frame):
            try:
                if (n.getRole() in (pyatspi.ROLE_TEXT, pyatspi.ROLE_ENTRY) and
                        rzui.is_showing(n) and name in rzui.names(n)):
                    return n
            except Exception:
                continue
        return None
    return rzui.wait_until(look, what="the entry %r" % name)


def key(keysym):
    pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)
    time.sleep(0.3)


def find_toggle(frame, name):
    # GTK 4.8 gives toggle buttons the push button role (4.10: toggle button).
    try:
        return rzui.find(frame, pyatspi.ROLE_PUSH_BUTTON, name, timeout=3.0)
    except AssertionError:
        return rzui.find(frame, pyatspi.ROLE_TOGGLE_BUTTON, name)


def choose_channel(frame, index):
    # Opens the channel drop-down and picks its entry @index (0: All
    # Channels) with the keyboard, as a user would.
    combo = rzui.find(frame, pyatspi.ROLE_COMBO_BOX, "Channel")
    button = next((n for n in rzui.walk(combo)
                   if n.getRole() in (pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON)), combo)
    rzui.click(button)
    time.sleep(1.0)
    key(0xff50)  # Home: the first entry
    for _ in range(index):
        key(0xff54)  # Down
    key(0xff0d)  # Return
    time.sleep(0.5)


def test_filters_and_search():
    comments = demo_comments()
    texts = {c["text"].replace("\n", " "): c for c in comments}
    critical = set(t for t, c in texts.items() if c["sentiment"] == "critical")
    cake = next(t for t in texts if "Geburtstagstorte" in t)
    assert cake in critical

    app = rzui.App()
    try:
        frame = app.wait_for_window()
        rzui.click(rzui.find(frame, pyatspi.ROLE_PUSH_BUTTON, "_Explore with Sample Data"))
        rzui.wait_until(lambda: len(shown_demo_texts(frame, texts)) >= 5, timeout=10.0,
                        what="demo comments in the inbox")
        rzui.screenshot("inbox-en")

        # Critical only: every row left is a critical one.
        toggle = find_toggle(frame, "_Critical Only")
        rzui.click(toggle)
        rzui.wait_until(lambda: (shown_demo_texts(frame, texts) and
                                 shown_demo_texts(frame, texts) <= critical),
                        what="only critical comments")
        rzui.log("critical only: %d rows" % len(shown_demo_texts(frame, texts)))
        rzui.click(toggle)
        rzui.wait_until(lambda: shown_demo_texts(frame, texts) - critical,
                        what="all comments again")

        # Critical comments the state filter leaves out are counted aloud.
        hidden = sum(1 for c in comments if c["sentiment"] == "critical" and c["state"] != "open")
        assert hidden > 0
        notice = "%d critical comments are hidden by the filter" % hidden
        rzui.wait_until(lambda: notice in rzui.visible_texts(frame), what=repr(notice))

        # The channel filter: Facebook only (the channels come sorted by id:
        # All Channels, Facebook, Google Business Profile, Instagram). The
        # critical comments of the other channels are counted aloud too.
        choose_channel(frame, 1)
        facebook = set(t for t, c in texts.items() if c["account"] == "fb" and c["state"] == "open")
        rzui.wait_until(lambda: (listed_demo_texts(frame, texts) and
                                 listed_demo_texts(frame, texts) <= facebook),
                        what="only Facebook's open comments")
        rzui.log("Facebook: %d rows" % len(listed_demo_texts(frame, texts)))
        hidden_fb = sum(1 for c in comments if c["sentiment"] == "critical" and
                        (c["state"] != "open" or c["account"] != "fb"))
        notice_fb = "%d critical comments are hidden by the filter" % hidden_fb
        rzui.wait_until(lambda: notice_fb in rzui.visible_texts(frame), what=repr(notice_fb))
        rzui.screenshot("inbox-channel-en")
        choose_channel(frame, 0)
        rzui.wait_until(lambda: listed_demo_texts(frame, texts) - facebook,
                        what="all channels again")
        rzui.wait_until(lambda: notice in rzui.visible_texts(frame), what=repr(notice))

        # j selects the first comment (the cake complaint comes first: critical
        # and oldest), e marks it done and it leaves the open comments; Undo
        # brings it back.
        # The keyboard focus goes where a user puts it (GTK 4.8 cannot be told
        # to focus over AT-SPI): opening the search focuses its entry, and
        # Escape closes it and leaves the focus in the list.
        toggle = find_toggle(frame, "Search")
        rzui.click(toggle)
        find_entry(frame, "Search comments")

        def checked():
            states = toggle.getState()
            return states.contains(pyatspi.STATE_CHECKED) or states.contains(pyatspi.STATE_PRESSED)
        rzui.wait_until(checked, what="the search bar to open")
        # Under load the entry may take the focus only after a first Escape
        # arrived: repeat Escape until the search bar is really closed, so
        # the next key goes to the list and not into the search entry.
        for _ in range(5):
            time.sleep(1.0)
            key(0xff1b)
            if not checked():
                break
        rzui.wait_until(lambda: not checked(), what="Escape to close the search")
        time.sleep(1.0)
        key(ord("j"))
        time.sleep(1.0)
        rzui.screenshot("inbox-selected-en")
        key(ord("e"))
        rzui.find(frame, pyatspi.ROLE_LABEL, "Marked as done")
        # The toast goes after a few seconds: hold on to its button.
        undo = rzui.find(frame, pyatspi.ROLE_PUSH_BUTTON, "_Undo")
        # The reply pane still shows the comment; the list no longer does,
        # so one more critical comment is hidden by the filter.
        more = "%d critical comments are hidden by the filter" % (hidden + 1)
        rzui.wait_until(lambda: more in rzui.visible_texts(frame),
                        what="the done comment to leave the open comments")
        rzui.click(undo)
        rzui.wait_until(lambda: notice in rzui.visible_texts(frame),
                        what="Undo to bring the comment back")

        # Ignoring asks first and says why it backfires; Cancel keeps it open.
        rzui.click(rzui.find(frame, pyatspi.ROLE_PUSH_BUTTON, "_Ignore…"))
        rzui.find(app.app, pyatspi.ROLE_LABEL, "Ignore This Comment?")
        rzui.click(rzui.find(app.app, pyatspi.ROLE_PUSH_BUTTON, "_Cancel"))
        time.sleep(0.5)
        assert notice in rzui.visible_texts(frame), "Cancel must not ignore the comment"

        # The search goes through the full-text index: the beginnings of
        # words, in any case, with or without umlauts.
        rzui.click(find_toggle(frame, "Search"))
        entry = find_entry(frame, "Search comments")
        entry.queryEditableText().setTextContents("brotchen")
        rzui.wait_until(lambda: (listed_demo_texts(frame, texts) and
                                 all("rötchen" in t for t in listed_demo_texts(frame, texts))),
                        what="the search to find Brötchen without the umlaut")
        rzui.log("brotchen: %d rows" % len(listed_demo_texts(frame, texts)))
        entry.queryEditableText().setTextContents("GEBURTSTAG")
        rzui.wait_until(lambda: (cake in listed_demo_texts(frame, texts) and
                                 all("eburtstag" in t for t in listed_demo_texts(frame, texts))),
                        what="the search to find the cake complaint")
        rzui.screenshot("inbox-search-en")
    except Exception:
        rzui.log(app.output())
        raise
    finally:
        app.quit()


if __name__ == "__main__":
    rzui.run([test_filters_and_search])
