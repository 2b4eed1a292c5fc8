# SPDX-License-Identifier: GPL-3.0-or-later
"""The strategy wizard, walked with the keyboard as a user without a mouse
would: the bakery persona from the first question to the plan, the plan
and guideline still there after a restart, and a wizard left in the middle
resuming where it was."""

import json
import os
import time

import pyatspi

import rzui

PERSONA = os.path.join(rzui.SOURCE_ROOT, "tests", "data", "personas", "bakery.json")
INDUSTRIES = ["crafts", "retail", "food", "hospitality", "health", "care",
              "professional-services", "legal-tax", "manufacturing", "it", "tourism",
              "education", "real-estate", "finance", "nonprofit", "creative", "other"]
GOALS = ["awareness", "customer-service", "sales", "recruiting", "community",
         "expertise", "press"]
STEPS = 8

# X keysyms; letters and digits are their ASCII codes.
KEYSYMS = {"Return": 0xff0d, "Tab": 0xff09, "ISO_Left_Tab": 0xfe20, "Escape": 0xff1b,
           "Left": 0xff51, "Up": 0xff52, "Right": 0xff53, "Down": 0xff54, "space": 0x20}
ALT = 1 << 3
CTRL = 1 << 2
SHIFT = 1 << 0


def persona():
    with open(PERSONA, encoding="utf-8") as f:
        return json.load(f)


def key(name, modifiers=0):
    """Presses and releases one key, with modifiers held."""
    keysym = KEYSYMS.get(name) or ord(name)
    if modifiers:
        pyatspi.Registry.generateKeyboardEvent(modifiers, None, pyatspi.KEY_LOCKMODIFIERS)
    pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)
    if modifiers:
        pyatspi.Registry.generateKeyboardEvent(modifiers, None, pyatspi.KEY_UNLOCKMODIFIERS)
    time.sleep(0.3)


def type_text(text):
    # One character at a time: a burst of XTest events loses some.
    for ch in text:
        pyatspi.Registry.generateKeyboardEvent(0, ch, pyatspi.KEY_STRING)
        time.sleep(0.03)
    time.sleep(0.3)


def states(node):
    try:
        return node.getState()
    except Exception:
        return None


def has_state(node, state):
    s = states(node)
    return s is not None and s.contains(state)


def focused(root):
    """The widget with the keyboard focus. GTK 4.8 marks a list row as
    focused while a widget in it is, so the deepest focused node wins."""
    found = None
    for n in rzui.walk(root):
        if has_state(n, pyatspi.STATE_FOCUSED) and n.getRole() != pyatspi.ROLE_FRAME:
            found = n
    return found


def wait_focus(root, role, name, timeout=5.0):
    """Waits until the keyboard focus is on @role named @name."""
    def check():
        n = focused(root)
        return (n is not None and (role is None or n.getRole() == role) and
                rzui.strip_mnemonic(rzui.text_of(n)) == name)
    try:
        rzui.wait_until(check, timeout=timeout, what="focus on %r" % name)
    except AssertionError:
        n = focused(root)
        raise AssertionError("focus should be on %s %r, is on %s %r" %
                             (pyatspi.Role(role) if role is not None else "a widget", name,
                              n.getRoleName() if n else None, rzui.text_of(n) if n else None))


def text_content(node):
    t = node.queryText()
    return t.getText(0, t.characterCount)


def wait_step(frame, number):
    rzui.find(frame, pyatspi.ROLE_LABEL, "Step %d of %d" % (number, STEPS))
    time.sleep(0.4)


def page(frame, title):
    """The stack page under the heading @title: GTK 4.8 marks widgets of
    hidden stack pages as showing too, so searches stay inside a page."""
    heading = rzui.find(frame, pyatspi.ROLE_HEADING, title)
    node = heading
    while node is not None and rzui.text_of(node) != "GtkStackPage":
        node = node.parent
    assert node is not None, "the heading %r is not on a stack page" % title
    return node


def find_in(root, role, name):
    want = rzui.strip_mnemonic(name)
    for n in rzui.walk(root):
        try:
            if n.getRole() == role and rzui.strip_mnemonic(rzui.text_of(n)) == want:
                return n
        except Exception:
            continue
    raise AssertionError("no %s named %r; there are: %r" %
                         (pyatspi.Role(role), name,
                          [rzui.text_of(n) for n in rzui.walk(root) if n.getRole() == role]))


def texts_in(root):
    return [rzui.text_of(n) for n in rzui.walk(root) if rzui.text_of(n)]


def next_button(frame):
    return rzui.find(frame, pyatspi.ROLE_PUSH_BUTTON, "_Next")


def start_wizard(frame):
    rzui.click(rzui.find(frame, pyatspi.ROLE_PUSH_BUTTON, "_Start Strategy Wizard"))
    wait_step(frame, 1)


def fill_company(frame, p):
    # Focus starts in the first field; Next waits for a valid page.
    wait_focus(frame, pyatspi.ROLE_TEXT, "Company name")
    assert not has_state(next_button(frame), pyatspi.STATE_SENSITIVE), \
        "Next must wait for the company name"
    rzui.find(frame, pyatspi.ROLE_LABEL, "Enter the name of your business to go on.")
    type_text(p["name"])
    rzui.find(frame, pyatspi.ROLE_LABEL, "Choose your industry to go on.")

    # The industry, through its mnemonic and the drop-down's list.
    # GTK 4.8 does not report the focus on the drop-down's button; the
    # choice shows in the combo box below.
    key("i", ALT)
    key("space")
    time.sleep(0.5)
    for _ in range(INDUSTRIES.index(p["industry"]) + 1):
        key("Down")
    key("Return")
    rzui.wait_until(lambda: has_state(next_button(frame), pyatspi.STATE_SENSITIVE),
                    what="Next to become sensitive")
    combo = find_in(page(frame, "Your Business"), pyatspi.ROLE_COMBO_BOX, "Industry")
    assert "Food" in texts_in(combo), texts_in(combo)
    assert p["market"] == "b2c" and p["region"] == "local" and p["languages"] == ["de"], \
        "the test covers the defaults of market, region and language only"


def fill_audiences(frame, p):
    wait_focus(frame, pyatspi.ROLE_TEXT, "Group")
    for i, audience in enumerate(p["audiences"]):
        if i > 0:
            key("a", ALT)            # Add Group, focus goes to its name
            wait_focus(frame, pyatspi.ROLE_TEXT, "Group")
        type_text(audience["label"])
        key("Tab")
        wait_focus(frame, pyatspi.ROLE_PUSH_BUTTON, "Remove “%s”" % audience["label"])
        key("Tab")
        wait_focus(frame, pyatspi.ROLE_SPIN_BUTTON, "Age from")
        type_text(str(audience["age_min"]))
        key("Tab")
        wait_focus(frame, pyatspi.ROLE_SPIN_BUTTON, "Age to")
        type_text(str(audience["age_max"]))
        key("Tab")                   # leaving the spin button commits it


def fill_goals(frame, p):
    wait_focus(frame, pyatspi.ROLE_CHECK_BOX, "Awareness")
    position = 0
    for goal in p["goals"]:
        target = GOALS.index(goal)
        while position < target:
            key("Tab")
            position += 1
        while position > target:
            key("Tab", SHIFT)
            position -= 1
        key("space")
    goals = page(frame, "Your Goals")
    rzui.wait_until(lambda: "Main goal" in texts_in(goals), what="the main goal marked")
    assert "Goal %d" % len(p["goals"]) in texts_in(goals)


def fill_time(frame, p):
    wait_focus(frame, pyatspi.ROLE_SPIN_BUTTON, "Hours a week for social media")
    type_text("%g" % p["hours_per_week"])
    key("Tab")
    wait_focus(frame, pyatspi.ROLE_TEXT, "Responsible person")
    type_text("Anna")
    time_page = page(frame, "Time and People")
    warning = "Someone must answer every day of the year. Name a stand-in for holidays and sick leave."
    assert warning in texts_in(time_page), "no warning without a stand-in"
    key("Tab")
    wait_focus(frame, pyatspi.ROLE_TEXT, "Stand-in")
    type_text("Ben")
    rzui.wait_until(lambda: not any(rzui.text_of(n) == warning and has_state(n, pyatspi.STATE_VISIBLE)
                                    for n in rzui.walk(time_page)),
                    what="the stand-in warning to go")


def walk_to_recommendation(frame, p):
    fill_company(frame, p)
    key("Right", ALT)
    wait_step(frame, 2)
    fill_audiences(frame, p)
    key("Right", ALT)
    wait_step(frame, 3)
    fill_goals(frame, p)
    key("Right", ALT)
    wait_step(frame, 4)
    fill_time(frame, p)
    key("Return")                    # Enter in a field goes on, too
    wait_step(frame, 5)
    wait_focus(frame, pyatspi.ROLE_CHECK_BOX, "Regulated profession or industry")
    key("Right", ALT)
    wait_step(frame, 6)
    formats = page(frame, "What You Can Produce")
    for name, wanted in (("Text", "text"), ("Photos", "photo"), ("Videos", "video")):
        check = find_in(formats, pyatspi.ROLE_CHECK_BOX, name)
        assert has_state(check, pyatspi.STATE_CHECKED) == (wanted in p["formats"]), name
    key("Right", ALT)
    wait_step(frame, 7)
    key("Right", ALT)
    wait_step(frame, 8)


def check_recommendation(frame):
    rec = page(frame, "Our Recommendation")
    for channel in ("Google Business Profile", "Instagram"):
        check = find_in(rec, pyatspi.ROLE_CHECK_BOX, channel)
        assert has_state(check, pyatspi.STATE_CHECKED), channel + " should be recommended"
        # The reasons are on screen and in the check box's description.
        assert "Fits your goal" in (check.description or ""), \
            "%s has no reasons: %r" % (channel, check.description)
    texts = texts_in(rec)
    assert any(t.startswith("Fits your goal") for t in texts), "reasons not shown"
    assert any(t.startswith("Why not:") for t in texts), "no reason against a rejected channel"
    assert find_in(rec, pyatspi.ROLE_LIST, "Things to Watch").childCount > 0
    assert any("hours a week; you have 4" in t for t in texts), "no time budget"
    chart = find_in(rec, pyatspi.ROLE_IMAGE, "Weekly reach by age group")
    assert "Instagram: 14–29" in (chart.description or ""), chart.description
    assert any(t.startswith("Sources: ") for t in texts), "the chart names no sources"
    wait_focus(frame, pyatspi.ROLE_CHECK_BOX, "Google Business Profile")


def check_plan(frame, p):
    channels = rzui.find(frame, pyatspi.ROLE_LIST, "Your Channels", timeout=10.0)
    names = rzui.wait_until(lambda: [rzui.text_of(n) for n in rzui.walk(channels)
                                     if n.getRole() == pyatspi.ROLE_LIST_ITEM and rzui.text_of(n)] or None,
                            what="channels in the plan")
    for channel in ("Google Business Profile", "Instagram"):
        assert any(channel in n for n in names), "%s not in the plan: %r" % (channel, names)
    guideline = rzui.find(frame, pyatspi.ROLE_TEXT, "Guideline for Your Team")
    text = rzui.wait_until(lambda: text_content(guideline) or None, what="the guideline")
    assert "Social media guideline of %s" % p["name"] in text, text[:200]
    assert "Responsible: Anna" in text and "Stand-in: Ben" in text


def quit_app(app):
    key("q", CTRL)
    try:
        app.proc.wait(10)
    except Exception:
        pass
    app.quit()


def test_bakery_walks_the_wizard_to_a_plan():
    p = persona()
    app = rzui.App()
    try:
        frame = app.wait_for_window()
        start_wizard(frame)
        rzui.screenshot("wizard-1-company")
        walk_to_recommendation(frame, p)
        check_recommendation(frame)
        rzui.screenshot("wizard-8-recommendation")

        key("Right", ALT)            # Create Plan
        check_plan(frame, p)
        rzui.screenshot("plan-after-wizard")
    except Exception:
        rzui.log(app.output())
        app.quit()
        raise
    quit_app(app)

    # The same data after a restart.
    again = rzui.App(data_home=app.data_home)
    try:
        frame = again.wait_for_window()
        key("1", ALT)                # the Plan section
        check_plan(frame, p)
        assert not any(rzui.text_of(n) == "Step 1 of %d" % STEPS for n in rzui.walk(frame)), \
            "a finished wizard must not come back"
    except Exception:
        rzui.log(again.output())
        raise
    finally:
        again.quit()


def test_wizard_resumes_after_quitting_in_the_middle():
    p = persona()
    app = rzui.App()
    try:
        frame = app.wait_for_window()
        start_wizard(frame)
        fill_company(frame, p)
        key("Right", ALT)
        wait_step(frame, 2)
        wait_focus(frame, pyatspi.ROLE_TEXT, "Group")
        type_text(p["audiences"][0]["label"])
        # No Next: typing alone is saved after a short pause.
        time.sleep(1.5)
    except Exception:
        rzui.log(app.output())
        app.quit()
        raise
    quit_app(app)

    again = rzui.App(data_home=app.data_home)
    try:
        frame = again.wait_for_window()
        wait_step(frame, 2)
        wait_focus(frame, pyatspi.ROLE_TEXT, "Group")
        group = focused(frame)
        assert text_content(group) == p["audiences"][0]["label"], text_content(group)
        rzui.screenshot("wizard-resumed")

        key("Left", ALT)             # back to the company
        wait_step(frame, 1)
        wait_focus(frame, pyatspi.ROLE_TEXT, "Company name")
        assert text_content(focused(frame)) == p["name"]
        company = page(frame, "Your Business")
        assert "Food" in texts_in(company), "the industry was not kept"
        key("Escape")                # Escape is Back too; nothing before step 1
        wait_step(frame, 1)
    except Exception:
        rzui.log(again.output())
        raise
    finally:
        again.quit()


def test_cancel_goes_back_and_keeps_the_answers():
    p = persona()
    app = rzui.App()
    try:
        frame = app.wait_for_window()
        start_wizard(frame)
        wait_focus(frame, pyatspi.ROLE_TEXT, "Company name")
        type_text(p["name"])
        rzui.click(rzui.find(frame, pyatspi.ROLE_PUSH_BUTTON, "Cancel"))
        rzui.wait_until(lambda: not any(rzui.text_of(n).startswith("Step 1 of")
                                        for n in rzui.walk(frame)),
                        what="the wizard to close")
        time.sleep(0.5)

        # Started again, it has what was typed, and nothing it was not told.
        start_wizard(frame)
        wait_focus(frame, pyatspi.ROLE_TEXT, "Company name")
        assert text_content(focused(frame)) == p["name"]
        rzui.find(frame, pyatspi.ROLE_LABEL, "Choose your industry to go on.")
    except Exception:
        rzui.log(app.output())
        raise
    finally:
        app.quit()


if __name__ == "__main__":
    rzui.run([test_bakery_walks_the_wizard_to_a_plan,
              test_wizard_resumes_after_quitting_in_the_middle,
              test_cancel_goes_back_and_keeps_the_answers])
