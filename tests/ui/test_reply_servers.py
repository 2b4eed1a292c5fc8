# SPDX-License-Identifier: GPL-3.0-or-later
"""A comment written on the server reaches the inbox, and the answer typed
in Resonanz reaches the server as a reply to it, exactly once.

The AT Protocol reference network (PLC, PDS and AppView on 127.0.0.1,
tests/servers/with-servers.sh atproto) with two test accounts: the café,
connected in Resonanz with an app password, and a customer who answers
the café's post on the server. tests/servers/delay-proxy.py stands in
front of the PDS only so that the AppView Resonanz asks for (Bluesky's)
is the test network's. The keyring is gnome-keyring-daemon.

As a user would: connect the account, fetch with Ctrl+R, find the
customer's comment in the inbox, open it, type the answer and send it.
Afterwards the café's repository on the PDS holds exactly one reply with
that text, whose parent is the customer's comment and whose thread root
is the café's post. The same for a comment on a WordPress blog (with
tests/servers/with-servers.sh wordpress), whose reply must have the
comment as its parent."""

import base64
import json
import os
import tempfile
import time
import urllib.request

import pyatspi

import rzui
from rzui import CTRL, key, select_tab
from test_accounts import Keyring, set_text, texts_with
from test_post_servers import (BlueskyAccount, Proxy, close_preferences, connect_bluesky,
                               local_appview, sign_in_with_form, xrpc)

POST = "Ab Montag backen wir auch sonntags. Was wünscht ihr euch?"
QUESTION = "Gibt es dann auch Laugenbrezeln? 🥨"
ANSWER = "Ja, ab 8 Uhr frisch aus dem Ofen! Bis Sonntag."


def control(path):
    request = urllib.request.Request(os.environ["RZ_ATPROTO_CONTROL_URL"] + path, data=b"", method="POST")
    urllib.request.urlopen(request, timeout=60).read()


def create_post(author, text, parent=None):
    """Posts as @author on the PDS; a reply to @parent ({"uri", "cid"}),
    itself no reply, when given."""
    record = {"$type": "app.bsky.feed.post", "text": text,
              "createdAt": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())}
    if parent is not None:
        record["reply"] = {"root": parent, "parent": parent}
    made = xrpc("POST", "com.atproto.repo.createRecord",
                {"repo": author.did, "collection": "app.bsky.feed.post", "record": record},
                token=author.access)
    return {"uri": made["uri"], "cid": made["cid"]}


def wait_indexed(viewer, uri):
    """Until the AppView shows @uri: a reply made before its parent is
    indexed can lose its notification."""
    def seen():
        control("/process-all")
        posts = xrpc("GET", "app.bsky.feed.getPosts", token=viewer.access,
                     query={"uris": uri}, proxy_header=local_appview())
        return len(posts["posts"]) == 1
    rzui.wait_until(seen, timeout=20.0, what="the AppView to index %s" % uri)


def inbox_list(frame):
    return rzui.find(frame, pyatspi.ROLE_LIST, "Comments waiting for an answer", timeout=15.0)


def select_comment(frame, text):
    """Selects the inbox row that shows @text."""
    inbox = inbox_list(frame)

    def row_index():
        for i, row in enumerate(rzui.children(inbox)):
            if any(text in t for t in rzui.visible_texts(row)):
                return i + 1  # 0 would read as "not found"
        return None
    index = rzui.wait_until(row_index, timeout=15.0, what="the comment's row in the inbox") - 1
    inbox.querySelection().selectChild(index)


def answer_field(frame):
    """The reply pane's text: named "Your answer"."""
    return rzui.find(frame, pyatspi.ROLE_TEXT, "Your answer", timeout=15.0)


def test_comment_on_server_answered_from_inbox_once():
    tmp = tempfile.mkdtemp(prefix="reply-servers-", dir=os.environ.get("RZ_UI_TMP"))
    keyring = Keyring(tmp)
    proxy = Proxy(tmp)
    cafe = BlueskyAccount("cafe")
    kundin = BlueskyAccount("kundin")
    ours = create_post(cafe, POST)
    app = rzui.App(env={"G_MESSAGES_DEBUG": "all"})
    try:
        frame = app.wait_for_window(timeout=15.0)
        prefs = connect_bluesky(app, cafe, proxy.url)
        rzui.wait_until(lambda: texts_with(prefs, "Connected"), timeout=20.0,
                        what="the account to be connected")
        close_preferences(app)

        # The customer answers the café's post on the server.
        wait_indexed(kundin, ours["uri"])
        question = create_post(kundin, QUESTION, parent=ours)
        wait_indexed(cafe, question["uri"])
        control("/process-all")

        # Ctrl+R fetches it into the inbox.
        key(ord("r"), CTRL)
        select_tab(frame, "Inbox")
        rzui.wait_until(lambda: texts_with(frame, QUESTION), timeout=30.0,
                        what="the customer's comment in the inbox")
        rzui.screenshot("reply-servers-inbox")

        # Open it, answer it.
        select_comment(frame, QUESTION)
        answer = answer_field(frame)
        set_text(answer, ANSWER)
        rzui.wait_until(lambda: texts_with(frame, "%d / 300" % len(ANSWER)), what="the counter to count")
        rzui.click(rzui.find(frame, pyatspi.ROLE_PUSH_BUTTON, "_Send"))
        rzui.find(frame, pyatspi.ROLE_LABEL, "Answer sent.", timeout=30.0)
        rzui.screenshot("reply-servers-sent")
        # A second fetch brings nothing twice and sends nothing again.
        key(ord("r"), CTRL)
        time.sleep(3)
    except Exception:
        rzui.log(app.output())
        rzui.screenshot("%s-failed" % os.path.basename(__file__)[5:-3])
        raise
    finally:
        app.quit()
        proxy.stop()
        keyring.stop()

    # Exactly one reply on the server, to the customer's comment, in the
    # thread of the café's post.
    replies = [r for r in cafe.records() if r["value"].get("reply")]
    assert len(replies) == 1, replies
    reply = replies[0]["value"]
    assert reply["text"] == ANSWER, reply
    assert reply["reply"]["parent"] == question, reply
    assert reply["reply"]["root"] == ours, reply
    assert [r["value"]["text"] for r in cafe.records()].count(ANSWER) == 1


# --- WordPress -------------------------------------------------------------

WP_QUESTION = "Backt ihr am Feiertag auch? Wir wollen 30 Brezeln bestellen."
WP_ANSWER = "Ja, am Feiertag von 7 bis 12 Uhr. Bestellen Sie gern bis Mittwoch!"


def wordpress(method, route, user, password, body=None):
    url = "%s/wp-json/%s" % (os.environ["RZ_WORDPRESS_URL"], route)
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Authorization", "Basic " + base64.b64encode(
        ("%s:%s" % (user, password)).encode()).decode())
    if data is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())


def test_blog_comment_answered_from_inbox_once():
    """The same with WordPress: the customer comments on the café's blog
    post through the REST API, as a reader would; the café answers in
    Resonanz; the site then has exactly one reply by the café with that
    comment as its parent."""
    if not os.environ.get("RZ_WORDPRESS_URL"):
        raise AssertionError("run this test with tests/servers/with-servers.sh wordpress")
    env = os.environ
    cafe_password = env["RZ_WORDPRESS_PASSWORD"]
    post = int(env["RZ_WORDPRESS_OPEN_POST"])
    tmp = tempfile.mkdtemp(prefix="reply-wordpress-", dir=env.get("RZ_UI_TMP"))
    keyring = Keyring(tmp)
    app = rzui.App(env={"G_MESSAGES_DEBUG": "all"})
    try:
        frame = app.wait_for_window(timeout=15.0)
        prefs = sign_in_with_form(app, "WordPress", [("Site Address", env["RZ_WORDPRESS_URL"]),
                                                     ("User Name", env["RZ_WORDPRESS_USER"]),
                                                     ("Application Password", cafe_password)])
        rzui.wait_until(lambda: texts_with(prefs, "Connected"), timeout=20.0,
                        what="the blog to be connected")
        close_preferences(app)

        question = wordpress("POST", "wp/v2/comments", env["RZ_WORDPRESS_CUSTOMER"],
                             env["RZ_WORDPRESS_CUSTOMER_PASSWORD"],
                             {"post": post, "content": WP_QUESTION})["id"]

        key(ord("r"), CTRL)
        select_tab(frame, "Inbox")
        rzui.wait_until(lambda: texts_with(frame, WP_QUESTION), timeout=30.0,
                        what="the blog comment in the inbox")
        select_comment(frame, WP_QUESTION)
        set_text(answer_field(frame), WP_ANSWER)
        rzui.click(rzui.find(frame, pyatspi.ROLE_PUSH_BUTTON, "_Send"))
        rzui.find(frame, pyatspi.ROLE_LABEL, "Answer sent.", timeout=30.0)
        rzui.screenshot("reply-servers-wordpress-sent")
        key(ord("r"), CTRL)
        time.sleep(3)
    except Exception:
        rzui.log(app.output())
        rzui.screenshot("reply_servers-wordpress-failed")
        raise
    finally:
        app.quit()
        keyring.stop()

    replies = wordpress("GET", "wp/v2/comments?parent=%d&status=all&context=edit&per_page=100" % question,
                        env["RZ_WORDPRESS_USER"], cafe_password)
    assert len(replies) == 1, replies
    reply = replies[0]
    assert reply["post"] == post and reply["parent"] == question, reply
    assert reply["author"] == int(env["RZ_WORDPRESS_USER_ID"]), reply
    assert WP_ANSWER in reply["content"]["raw"], reply


if __name__ == "__main__":
    rzui.run([test_comment_on_server_answered_from_inbox_once,
              test_blog_comment_answered_from_inbox_once])
