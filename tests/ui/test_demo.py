# SPDX-License-Identifier: GPL-3.0-or-later
"""A newcomer clicks "Explore with Sample Data" and sees the inbox fill."""

import json
import os

import pyatspi

import rzui


def demo_comment_texts():
    with open(os.path.join(rzui.SOURCE_ROOT, "data", "demo.json"), encoding="utf-8") as f:
        demo = json.load(f)
    return [c["text"] for c in demo["comments"]]


def test_explore_with_sample_data_fills_the_inbox():
    app = rzui.App()
    try:
        frame = app.wait_for_window()
        button = rzui.find(frame, pyatspi.ROLE_PUSH_BUTTON, "_Explore with Sample Data")
        rzui.click(button)

        texts = set(t.replace("\n", " ") for t in demo_comment_texts())
        assert len(texts) >= 30, "the demo should have about 40 comments"

        def shown():
            return [t for t in rzui.visible_texts(frame) if t in texts]
        found = rzui.wait_until(lambda: len(shown()) >= 5 and shown(), timeout=10.0,
                                what="demo comments in the inbox")
        rzui.log("%d demo comments visible, e.g. %r" % (len(found), found[0][:60]))

        # The sample data is marked as such and can be removed in one click.
        # List rows exist only while the inbox shows them, and the toast only
        # while it is up: both are what the user sees.
        banner_button = rzui.find(frame, pyatspi.ROLE_PUSH_BUTTON, "_Remove Sample Data")
        rzui.click(banner_button)
        rzui.find(frame, pyatspi.ROLE_LABEL, "Sample data removed")
        rzui.wait_until(lambda: not shown(), what="the demo comments to go")

        # Undo brings the sample back.
        rzui.click(rzui.find(frame, pyatspi.ROLE_PUSH_BUTTON, "_Undo"))
        rzui.wait_until(lambda: len(shown()) >= 5, what="the demo comments to return")
    except Exception:
        rzui.log(app.output())
        raise
    finally:
        app.quit()


if __name__ == "__main__":
    rzui.run([test_explore_with_sample_data_fills_the_inbox])
