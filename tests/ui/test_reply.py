# SPDX-License-Identifier: GPL-3.0-or-later
"""The reply composer: the owner opens a sample comment (the cake
complaint, first in the inbox), sees what it answers, starts from a saved
reply, is told that it sounds automated, makes it personal, and logs the
answer given on Facebook with its link; the answer then shows under
"Already Answered"."""

import json
import os
import time

import pyatspi

import rzui

WARNING = "Sounds automated: this is almost exactly a saved template. Make it personal."
PERSONAL = ("Liebe Frau Wagner, dass die Torte zum Geburtstag Ihres Sohnes so ankam, ärgert uns "
            "sehr. Bitte kommen Sie diese Woche bei Maria im Laden vorbei: Wir backen Ihnen eine "
            "neue, und den Kaufpreis bekommen Sie zurück.")
LINK = "https://facebook.example/baeckerei/posts/19?comment=1"


def demo():
    with open(os.path.join(rzui.SOURCE_ROOT, "data", "demo.json"), encoding="utf-8") as f:
        return json.load(f)


def press(node):
    """Clicks @node, or, for a GTK 4.8 menu button (a named box around a
    toggle button), the button inside."""
    for n in rzui.walk(node):
        try:
            if n.queryAction().nActions > 0:
                rzui.click(n)
                return
        except NotImplementedError:
            continue
    raise AssertionError("nothing to press in %r" % rzui.text_of(node))


def texts_with(root, part):
    return [t for t in rzui.visible_texts(root) if part in t]


def find_button(root, name, timeout=10.0):
    # GTK 4.8 gives toggle and menu buttons the push button role (4.10:
    # toggle button).
    try:
        return rzui.find(root, pyatspi.ROLE_PUSH_BUTTON, name, timeout=timeout)
    except AssertionError:
        return rzui.find(root, pyatspi.ROLE_TOGGLE_BUTTON, name, timeout=2.0)


def select_comment(frame, text):
    inbox = rzui.find(frame, pyatspi.ROLE_LIST, "Comments waiting for an answer", timeout=15.0)

    def row_index():
        for i, row in enumerate(rzui.children(inbox)):
            if any(text in t for t in rzui.visible_texts(row)):
                return i + 1  # 0 would read as "not found"
        return None
    index = rzui.wait_until(row_index, timeout=15.0, what="the comment's row in the inbox") - 1
    inbox.querySelection().selectChild(index)


def text_of_field(node):
    t = node.queryText()
    return t.getText(0, t.characterCount)


def test_saved_reply_warning_and_logged_answer():
    data = demo()
    comment = next(c for c in data["comments"] if c["remote_id"] == "demo-fb-019")
    template = next(t for t in data["reply_templates"] if t["title"] == "Entschuldigung")

    app = rzui.App()
    try:
        frame = app.wait_for_window()
        rzui.click(rzui.find(frame, pyatspi.ROLE_PUSH_BUTTON, "_Explore with Sample Data"))

        # The inbox header: how fast answers came in the last 7 days; the
        # details per channel open from it, with a chart that screen
        # readers get as figures.
        line = rzui.wait_until(lambda: next((t for t in rzui.visible_texts(frame)
                                             if t.startswith("Median ") and "within" in t), None),
                               what="the response-time line")
        rzui.log("response times: " + line)
        press(find_button(frame, "Response times, last 7 days: " + line))
        rzui.find(app.app, pyatspi.ROLE_LABEL, "Time to the First Answer")
        rzui.find(app.app, pyatspi.ROLE_LABEL, "All channels")
        rzui.find(app.app, pyatspi.ROLE_LABEL, "Facebook")
        rzui.click(find_button(app.app, "Last _30 Days"))

        def chart_description():
            for n in rzui.walk(app.app):
                try:
                    if n.getRole() == pyatspi.ROLE_IMAGE and n.name == "Time to the first answer per channel":
                        return n.description
                except Exception:
                    continue
            return None
        description = rzui.wait_until(lambda: (chart_description() or "") if "Facebook: " in (chart_description() or "")
                                      else None, what="the chart's figures")
        assert "within target" in description, description
        rzui.screenshot("reply-response-times-en")
        rzui.key(0xff1b)  # Escape closes the details

        select_comment(frame, comment["text"][:40])

        # The detail: who, where it was written, the post it answers, and
        # that the answer is given on Facebook and logged here.
        answer = rzui.find(frame, pyatspi.ROLE_TEXT, "Your answer", timeout=15.0)
        rzui.wait_until(lambda: texts_with(frame, comment["author"]), what="the author")
        rzui.wait_until(lambda: texts_with(frame, "On: " + comment["context"]), what="the post it answers")
        rzui.wait_until(lambda: texts_with(frame, "Resonanz does not send to Facebook"),
                        what="the note that answers are logged")

        # A saved reply as the starting point: the warning follows.
        press(find_button(frame, "Saved _Replies"))
        rzui.click(rzui.find(app.app, pyatspi.ROLE_PUSH_BUTTON, template["title"]))
        rzui.wait_until(lambda: template["text"][:30] in text_of_field(answer),
                        what="the saved reply in the answer")
        rzui.wait_until(lambda: texts_with(frame, WARNING), what="the canned-reply warning")
        rzui.screenshot("reply-canned-en")

        # Made personal, the warning goes.
        answer.queryEditableText().setTextContents(PERSONAL)
        rzui.wait_until(lambda: not texts_with(frame, "Sounds automated"), what="the warning to go")
        time.sleep(0.5)
        assert not texts_with(frame, "Sounds automated"), "the warning came back"

        # Logged with the link to the answer on Facebook: it shows under
        # "Already Answered" with its link.
        link = rzui.find(frame, pyatspi.ROLE_TEXT, "Link to your answer")
        link.queryEditableText().setTextContents(LINK)
        rzui.click(rzui.find(frame, pyatspi.ROLE_PUSH_BUTTON, "_Log Answer"))
        rzui.find(frame, pyatspi.ROLE_LABEL, "Answer logged.", timeout=15.0)
        rzui.wait_until(lambda: texts_with(frame, "Already Answered"), what="the answered section")
        rzui.wait_until(lambda: texts_with(frame, PERSONAL[:40]), what="the logged answer in the thread")
        rzui.wait_until(lambda: texts_with(frame, "View on Facebook"), what="the link to the answer")
        assert text_of_field(answer) == "", "the answer field should be empty after logging"
        rzui.screenshot("reply-answered-en")

        # Sending the same words again would sound automated too.
        answer.queryEditableText().setTextContents(PERSONAL)
        rzui.wait_until(lambda: texts_with(frame, "you sent almost the same reply before"),
                        what="the warning about a reply sent before")
    except Exception:
        rzui.log(app.output())
        raise
    finally:
        app.quit()


def test_preferences_reminder_and_saved_replies():
    """The daily reminder: on by default at 09:00; the time is set in
    Preferences and can only be set while the reminder is on. Saved replies
    are managed there as well."""
    app = rzui.App()
    try:
        app.wait_for_window()
        rzui.key(ord(","), rzui.CTRL)
        prefs = rzui.window_named(app, "Preferences")
        # The row's title joins the name of the widget it activates.
        hour = rzui.spin_named(prefs, "Reminder hour")
        minute = rzui.spin_named(prefs, "Reminder minute")
        assert hour.queryValue().currentValue == 9, hour.queryValue().currentValue
        assert minute.queryValue().currentValue == 0
        rzui.wait_until(lambda: text_of_field(hour) == "09", what="the hour shown as 09")

        hour.queryValue().currentValue = 7
        minute.queryValue().currentValue = 30
        rzui.wait_until(lambda: text_of_field(hour) == "07" and text_of_field(minute) == "30",
                        what="the new time")

        # Off: the time cannot be changed.
        # GTK 4.8 gives a switch the check box role.
        switch = rzui.find(prefs, pyatspi.ROLE_CHECK_BOX, "Remind Me Daily")
        row = rzui.find(prefs, pyatspi.ROLE_LIST_ITEM, "Remind Me At")
        assert switch.getState().contains(pyatspi.STATE_CHECKED), "the reminder is on by default"
        assert row.getState().contains(pyatspi.STATE_SENSITIVE)
        rzui.click(switch)
        rzui.wait_until(lambda: not switch.getState().contains(pyatspi.STATE_CHECKED),
                        what="the reminder to be off")
        rzui.wait_until(lambda: not row.getState().contains(pyatspi.STATE_SENSITIVE),
                        what="the time to be off with the reminder")

        # Saved replies are added (and edited, deleted) here too.
        rzui.click(rzui.find(prefs, pyatspi.ROLE_PUSH_BUTTON, "_Add…"))
        dialog = rzui.wait_until(lambda: next((c for c in rzui.children(app.app)
                                               if "New Saved Reply" in rzui.visible_texts(c)), None),
                                 what="the new saved reply dialog")
        rzui.find(dialog, pyatspi.ROLE_TEXT, "Name of the saved reply").queryEditableText() \
            .setTextContents("Opening hours")
        rzui.find(dialog, pyatspi.ROLE_TEXT, "Text of the saved reply").queryEditableText() \
            .setTextContents("Hello {name}, we open at 6:30 every weekday.")
        rzui.click(rzui.find(dialog, pyatspi.ROLE_PUSH_BUTTON, "_Save"))
        rzui.wait_until(lambda: texts_with(prefs, "Hello {name}, we open at 6:30 every weekday."),
                        what="the saved reply in Preferences")
        rzui.find(prefs, pyatspi.ROLE_PUSH_BUTTON, "Edit “Opening hours”")
    except Exception:
        rzui.log(app.output())
        raise
    finally:
        app.quit()


if __name__ == "__main__":
    rzui.run([test_saved_reply_warning_and_logged_answer, test_preferences_reminder_and_saved_replies])
