# SPDX-License-Identifier: GPL-3.0-or-later
"""A draft goes to Mastodon and Bluesky exactly once, also when the first
attempt to each times out.

Real servers on 127.0.0.1: the Mastodon contract server
(tests/mastodon-contract-serve, its first posted status answered only after
40 s, later than the app waits) and the AT Protocol reference network's PDS
(tests/servers/with-servers.sh atproto), behind tests/servers/delay-proxy.py,
which holds the first post's request back for 35 s, so that Bluesky makes
the post only after the app gave up. The keyring is gnome-keyring-daemon.

As a user would: connect both accounts in Preferences (Mastodon with the
browser, Bluesky with an app password), write a draft, add both channels,
post it, see Bluesky fail with a timeout while Mastodon gets through, retry
the failed one, and open both posts from the outbox. Afterwards each server
has the post exactly once, and the links the app opened are those posts."""

import json
import os
import random
import string
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request

import pyatspi

import rzui
from rzui import CTRL, key, select_tab, window_gone, window_named
from test_accounts import SERVE, Keyring, button_starting, opened_urls, set_text, texts_with

PROXY = os.path.join(rzui.SOURCE_ROOT, "tests", "servers", "delay-proxy.py")
BLUESKY_APPVIEW = "did:web:api.bsky.app#bsky_appview"
# Resonanz waits 30 s for an answer (rz-http-client.c).
APP_TIMEOUT = 30
MASTODON_ANSWER_DELAY = 40
BLUESKY_REQUEST_DELAY = 35

# The test's web browser: it follows pages on this computer (the Mastodon
# sign-in comes back to Resonanz that way) and only notes any other
# address, such as a post on bsky.app: nothing leaves 127.0.0.1.
BROWSER = """#!/usr/bin/python3
import sys
import urllib.parse
import urllib.request

url = sys.argv[2]
with open(sys.argv[1] + ".log", "a") as log:
    log.write(url + "\\n")
if urllib.parse.urlsplit(url).hostname in ("127.0.0.1", "localhost"):
    with urllib.request.urlopen(url, timeout=10) as page:
        page.read()
"""


def install_browser(tmp, data_home, config_home):
    program = os.path.join(tmp, "test-browser")
    with open(program, "w") as f:
        f.write(BROWSER)
    os.chmod(program, 0o755)
    apps = os.path.join(data_home, "applications")
    os.makedirs(apps, exist_ok=True)
    with open(os.path.join(apps, "rz-test-browser.desktop"), "w") as f:
        f.write("[Desktop Entry]\nType=Application\nName=Test Browser\n"
                "Exec=%s %s %%u\nMimeType=x-scheme-handler/http;x-scheme-handler/https;\n"
                "NoDisplay=true\n" % (program, program))
    os.makedirs(config_home, exist_ok=True)
    with open(os.path.join(config_home, "mimeapps.list"), "w") as f:
        f.write("[Default Applications]\n"
                "x-scheme-handler/http=rz-test-browser.desktop\n"
                "x-scheme-handler/https=rz-test-browser.desktop\n")
    return program + ".log"


# --- the AT Protocol network, directly ------------------------------------

def pds_url():
    url = os.environ.get("RZ_ATPROTO_PDS_URL")
    if not url:
        raise AssertionError("run this test with tests/servers/with-servers.sh atproto")
    return url


def xrpc(method, nsid, body=None, token=None, query=None, base=None, proxy_header=None):
    url = "%s/xrpc/%s" % (base or pds_url(), nsid)
    if query:
        url += "?" + urllib.parse.urlencode(query)
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    if proxy_header:
        request.add_header("atproto-proxy", proxy_header)
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read() or b"{}")


def local_appview():
    return os.environ["RZ_ATPROTO_APPVIEW_DID"] + "#bsky_appview"


class BlueskyAccount:
    """An account on the test PDS with an app password for Resonanz."""

    def __init__(self, prefix):
        label = prefix + "".join(random.choice(string.ascii_lowercase + string.digits) for _ in range(6))
        self.handle = label + ".test"
        self.password = "main-%s-password" % label
        made = xrpc("POST", "com.atproto.server.createAccount",
                    {"handle": self.handle, "email": label + "@example.com", "password": self.password})
        self.did = made["did"]
        self.access = made["accessJwt"]
        self.app_password = xrpc("POST", "com.atproto.server.createAppPassword",
                                 {"name": "Resonanz"}, token=self.access)["password"]

    def records(self, collection="app.bsky.feed.post"):
        listed = xrpc("GET", "com.atproto.repo.listRecords",
                      query={"repo": self.did, "collection": collection, "limit": 100})
        return listed["records"]


class Proxy:
    """tests/servers/delay-proxy.py in front of the PDS; the AppView the
    app asks for (Bluesky's own) is the test network's."""

    def __init__(self, tmp):
        self.log = open(os.path.join(tmp, "proxy.log"), "w")
        self.proc = subprocess.Popen(
            ["/usr/bin/python3", PROXY, pds_url(),
             "--rewrite-header", "atproto-proxy=%s=%s" % (BLUESKY_APPVIEW, local_appview())],
            stdout=subprocess.PIPE, stderr=self.log, text=True)
        self.url = "http://127.0.0.1:%d" % int(self.proc.stdout.readline().split()[1])

    def delay(self, nsid, mode, seconds):
        query = urllib.parse.urlencode({"path": "/xrpc/" + nsid, "mode": mode, "seconds": seconds})
        urllib.request.urlopen(urllib.request.Request(self.url + "/_proxy/delay?" + query, data=b"",
                                                      method="POST"), timeout=10).read()

    def events(self, nsid):
        with urllib.request.urlopen(self.url + "/_proxy/events", timeout=10) as answer:
            return [e for e in json.loads(answer.read()) if e["path"] == "/xrpc/" + nsid]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        self.log.close()


class Mastodon:
    """tests/mastodon-contract-serve; stop() returns the statuses posted."""

    def __init__(self, tmp, args=()):
        self.log = open(os.path.join(tmp, "mastodon.log"), "w")
        self.proc = subprocess.Popen([SERVE, *args], stdout=subprocess.PIPE, stderr=self.log, text=True)
        self.port = int(self.proc.stdout.readline().split()[1])
        self.mention = self.proc.stdout.readline().split()[1]
        self.url = "http://127.0.0.1:%d" % self.port
        self.posted = None

    def stop(self):
        if self.posted is None:
            self.proc.terminate()
            out, _ = self.proc.communicate(timeout=10)
            self.log.close()
            self.posted = [json.loads(line[len("POSTED "):]) for line in out.splitlines()
                           if line.startswith("POSTED ")]
        return self.posted


# --- the app -------------------------------------------------------------

def open_add_account(app):
    """Preferences → Accounts → Add Account."""
    prefs = next((f for f, n in rzui.windows(app) if n == "Preferences"), None)
    if prefs is None:
        key(ord(","), CTRL)
        prefs = window_named(app, "Preferences")
        select_tab(prefs, "Accounts")
    rzui.click(rzui.find(prefs, pyatspi.ROLE_PUSH_BUTTON, "_Add Account"))
    return prefs, window_named(app, "Add Account")


def wait_dialog_closed(app, timeout=20.0):
    window_gone(app, "Add Account", timeout)


def connect_mastodon(app, server, browser_log):
    prefs, dialog = open_add_account(app)
    rzui.click(button_starting(dialog, "Connect a Mastodon account"))
    rzui.find(dialog, pyatspi.ROLE_PUSH_BUTTON, "Back")
    time.sleep(0.5)  # the page slides in
    set_text(field(dialog, "Server Address"), server.url)
    sign_in = rzui.find(dialog, pyatspi.ROLE_PUSH_BUTTON, "Sign In with _Browser")
    rzui.wait_until(lambda: sign_in.getState().contains(pyatspi.STATE_SENSITIVE),
                    what="Sign In with Browser to be enabled")
    rzui.click(sign_in)
    rzui.wait_until(lambda: opened_urls(browser_log), timeout=15.0, what="the browser to be opened")
    wait_dialog_closed(app)
    rzui.wait_until(lambda: texts_with(prefs, "@laden@127.0.0.1"), what="the Mastodon account row")
    return prefs


def field(root, name):
    """The text field named @name (an entry row's title names it)."""
    def find():
        for n in rzui.walk(root):
            try:
                if (n.getRole() in (pyatspi.ROLE_TEXT, pyatspi.ROLE_PASSWORD_TEXT, pyatspi.ROLE_ENTRY)
                        and n.name == name and rzui.is_showing(n)):
                    return n
            except Exception:
                continue
        return None
    return rzui.wait_until(find, what="the field %r" % name)


def button_near(node, name):
    """The button named @name in the same form as @node: every network's
    form has its own Sign In."""
    parent = node.parent
    while parent is not None:
        for n in rzui.walk(parent):
            try:
                if n.getRole() == pyatspi.ROLE_PUSH_BUTTON and name in rzui.names(n):
                    return n
            except Exception:
                continue
        parent = parent.parent
    raise AssertionError("no button %r near %r" % (name, rzui.text_of(node)))


def sign_in_with_form(app, network, fields):
    """Add Account → @network's form, filled in and sent."""
    prefs, dialog = open_add_account(app)
    rzui.click(button_starting(dialog, "Connect a %s account" % network))
    rzui.find(dialog, pyatspi.ROLE_PUSH_BUTTON, "Back")
    time.sleep(0.5)
    first = None
    for name, value in fields:
        entry = field(dialog, name)
        set_text(entry, value)
        first = first or entry
    sign_in = button_near(first, "Sign In")
    rzui.wait_until(lambda: sign_in.getState().contains(pyatspi.STATE_SENSITIVE),
                    what="Sign In to be enabled")
    rzui.click(sign_in)
    wait_dialog_closed(app)
    return prefs


def connect_bluesky(app, account, server_url):
    prefs = sign_in_with_form(app, "Bluesky", [("Handle or E-Mail Address", account.handle),
                                               ("App Password", account.app_password),
                                               ("Own Server (Optional)", server_url)])
    rzui.wait_until(lambda: texts_with(prefs, account.handle), what="the Bluesky account row")
    return prefs


def close_preferences(app):
    key(0xff1b)  # Escape
    window_gone(app, "Preferences")


def new_draft(frame):
    """Drafts → New Draft: on a fresh start the empty page's button (the
    toolbar's is hidden with the list then)."""
    select_tab(frame, "Drafts")
    if texts_with(frame, "No Drafts Yet"):
        button = rzui.find(frame, pyatspi.ROLE_PUSH_BUTTON, "_New Draft")
    else:
        button = rzui.wait_until(lambda: next((n for n in rzui.walk(frame)
                                               if n.getRole() == pyatspi.ROLE_PUSH_BUTTON
                                               and n.name == "New Draft"), None),
                                 what="the New Draft button")
    rzui.click(button)
    view = rzui.find(frame, pyatspi.ROLE_TEXT, "Message")
    rzui.wait_until(lambda: view_text(view) == "", what="an empty new draft")
    # A new draft opens with the keyboard focus in its text.
    rzui.wait_until(lambda: view.getState().contains(pyatspi.STATE_FOCUSED),
                    what="the new draft's message to have the keyboard focus")
    return view


def view_text(view):
    t = view.queryText()
    return t.getText(0, t.characterCount)


def type_text(text):
    """Types @text key by key, as the user would (a burst of XTest events
    loses some)."""
    for ch in text:
        pyatspi.Registry.generateKeyboardEvent(0, ch, pyatspi.KEY_STRING)
        time.sleep(0.03)


TAB, SPACE, DOWN, RETURN = 0xff09, 0x20, 0xff54, 0xff0d


def press(keysym):
    pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)
    time.sleep(0.15)


def focused(root, roles=None):
    for n in rzui.walk(root):
        try:
            if (n.getState().contains(pyatspi.STATE_FOCUSED)
                    and (roles is None or n.getRole() in roles)):
                return n
        except Exception:
            continue
    return None


def add_channel(app, frame, name):
    """Add Channel → @name, with the keyboard: Tab to the button, Space
    opens its menu, the arrow keys walk it, Return chooses (GTK 4.8 opens
    no menu on an accessibility click)."""
    def is_add_channel(n):
        return n is not None and rzui.text_of(n).startswith("Add Channel")
    for _ in range(60):
        if is_add_channel(focused(frame)):
            break
        press(TAB)
    else:
        raise AssertionError("Tab never reached Add Channel")
    press(SPACE)
    items = (pyatspi.ROLE_MENU_ITEM,)
    rzui.wait_until(lambda: focused(app.app, items), what="the channel menu to open")
    for _ in range(60):
        item = focused(app.app, items)
        if item is not None and rzui.text_of(item) == name:
            break
        press(DOWN)
    else:
        raise AssertionError("no %r in the channel menu" % name)
    press(RETURN)
    # The channel's row: an expander titled with the network's name.
    rzui.wait_until(lambda: [n for n in rzui.walk(frame)
                             if n.getRole() != pyatspi.ROLE_MENU_ITEM and rzui.is_showing(n)
                             and rzui.text_of(n).startswith(name)],
                    what="the %s channel in the draft" % name)


def outbox_rows(frame, prefix):
    """The outbox lines of the open draft whose text starts with @prefix,
    e.g. "Bluesky · @…"."""
    return [t for t in rzui.visible_texts(frame) if t.startswith(prefix)]


def open_post_buttons(frame):
    out = []
    for n in rzui.walk(frame):
        try:
            if (n.getRole() == pyatspi.ROLE_PUSH_BUTTON and rzui.is_showing(n)
                    and rzui.text_of(n).startswith("Open the Post")):
                out.append(n)
        except Exception:
            continue
    return out


# Typed key by key: ASCII only, as keysyms for other characters need a
# keyboard layout that has them.
WORD = "".join(random.choice(string.ascii_lowercase) for _ in range(8))
TEXT = "Neu ab Samstag: Roggenbrot mit Walnuss, nur solange der Teig reicht. " + WORD
# Keycode of the left Control key on Xvfb's default keymap.
CONTROL_L = 37


def posted_lines(frame, network):
    """Lines like "Mastodon · Posted 25 Nov 2026, 12:40" of the history
    and the search results."""
    return [t for t in rzui.visible_texts(frame) if t.startswith(network + " · Posted ")]


def test_draft_to_mastodon_and_bluesky_once_despite_timeouts():
    tmp = tempfile.mkdtemp(prefix="post-servers-", dir=os.environ.get("RZ_UI_TMP"))
    data_home = rzui.new_data_home()
    config_home = os.path.join(tmp, "config")
    browser_log = install_browser(tmp, data_home, config_home)
    keyring = Keyring(tmp)
    mastodon = Mastodon(tmp, ["--slow-post", str(MASTODON_ANSWER_DELAY * 1000)])
    proxy = Proxy(tmp)
    cafe = BlueskyAccount("laden")
    app = rzui.App(data_home=data_home,
                   env={"XDG_CONFIG_HOME": config_home, "G_MESSAGES_DEBUG": "all"})
    try:
        frame = app.wait_for_window(timeout=15.0)
        connect_mastodon(app, mastodon, browser_log)
        prefs = connect_bluesky(app, cafe, proxy.url)
        rzui.wait_until(lambda: len(texts_with(prefs, "Connected")) >= 2, timeout=20.0,
                        what="both accounts to be connected")
        rzui.screenshot("post-servers-accounts")
        close_preferences(app)

        # A draft, to both networks.
        view = new_draft(frame)
        type_text(TEXT)
        rzui.wait_until(lambda: view_text(view) == TEXT, what="the typed text")
        rzui.wait_until(lambda: texts_with(frame, "Saved"), what="the draft to be saved")
        add_channel(app, frame, "Mastodon")
        add_channel(app, frame, "Bluesky")
        rzui.wait_until(lambda: texts_with(frame, "Goes to 2 accounts."), what="both accounts to be chosen")

        # The first request to each is slow: Mastodon makes the status at
        # once but answers too late; Bluesky gets the request too late.
        proxy.delay("com.atproto.repo.createRecord", "request", BLUESKY_REQUEST_DELAY)
        started = time.monotonic()
        rzui.click(rzui.find(frame, pyatspi.ROLE_PUSH_BUTTON, "_Post Now"))
        rzui.wait_until(lambda: texts_with(frame, "Sending…") or texts_with(frame, "Waiting to be sent"),
                        what="the posts to be queued")
        rzui.screenshot("post-servers-sending")

        # Bluesky: "did not answer in time", the post not there (yet).
        rzui.wait_until(lambda: texts_with(frame, "Failed: Bluesky did not answer in time"),
                        timeout=APP_TIMEOUT * 3 + 20, what="Bluesky's attempt to time out")
        rzui.wait_until(lambda: len(texts_with(frame, "Posted on")) == 1, timeout=APP_TIMEOUT + 20,
                        what="Mastodon's post to get through after its timeout")
        rzui.log("%.0f s after Post Now: Mastodon posted, Bluesky timed out" % (time.monotonic() - started))
        rzui.screenshot("post-servers-timed-out")
        assert "Retrying POST to Mastodon" in app.output(), "Mastodon's first attempt did not time out"

        # The held request reaches the PDS after all.
        rzui.wait_until(lambda: any(e.get("status") == 200
                                    for e in proxy.events("com.atproto.repo.createRecord")),
                        timeout=BLUESKY_REQUEST_DELAY + 10, what="the held Bluesky request to arrive")
        assert [r["value"]["text"] for r in cafe.records()] == [TEXT], cafe.records()

        # Retry Failed: found under its key, not made again.
        rzui.click(rzui.find(frame, pyatspi.ROLE_PUSH_BUTTON, "_Retry Failed"))
        rzui.wait_until(lambda: len(texts_with(frame, "Posted on")) == 2, timeout=30.0,
                        what="the Bluesky post to be posted")
        assert not texts_with(frame, "Failed:"), texts_with(frame, "Failed:")
        # The outbox names both accounts (a row's title shows twice: as
        # the row's name and as its label).
        assert outbox_rows(frame, "Mastodon · @laden@127.0.0.1"), rzui.visible_texts(frame)
        assert outbox_rows(frame, "Bluesky · @" + cafe.handle), rzui.visible_texts(frame)
        rzui.screenshot("post-servers-posted")

        # Both links, opened from the outbox.
        buttons = rzui.wait_until(lambda: len(open_post_buttons(frame)) == 2 and open_post_buttons(frame),
                                  what="two Open the Post buttons")
        # Each names its link, for a screen reader.
        described = sorted(b.description for b in buttons)
        before = len(opened_urls(browser_log))
        for b in buttons:
            rzui.click(b)
            time.sleep(0.5)
        rzui.wait_until(lambda: len(opened_urls(browser_log)) == before + 2, timeout=15.0,
                        what="both posts to open in the browser")
        links = opened_urls(browser_log)[before:]
        assert described == sorted(links), (described, links)

        # What Went Out lists both, once each.
        history = rzui.wait_until(
            lambda: next((n for n in rzui.walk(frame)
                          if n.getRole() in (pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_PUSH_BUTTON)
                          and "What Went Out" in rzui.names(n)), None),
            what="the What Went Out button")
        rzui.click(history)
        rzui.wait_until(lambda: (len(posted_lines(frame, "Mastodon")) == 1
                                 and len(posted_lines(frame, "Bluesky")) == 1),
                        what="both posts under What Went Out")
        rzui.screenshot("post-servers-history")

        # The search finds the post by a word of it, for both networks: one
        # more line each besides the history's.
        pyatspi.Registry.generateKeyboardEvent(CONTROL_L, None, pyatspi.KEY_PRESS)
        pyatspi.Registry.generateKeyboardEvent(ord("f"), None, pyatspi.KEY_SYM)
        pyatspi.Registry.generateKeyboardEvent(CONTROL_L, None, pyatspi.KEY_RELEASE)
        search = rzui.find(frame, pyatspi.ROLE_ENTRY, "Search drafts and posts")
        rzui.wait_until(lambda: search.getState().contains(pyatspi.STATE_FOCUSED),
                        what="Ctrl+F to focus the search")
        type_text(WORD)
        rzui.wait_until(lambda: (len(posted_lines(frame, "Mastodon")) == 2
                                 and len(posted_lines(frame, "Bluesky")) == 2),
                        what="the search to find both posts")
        rzui.screenshot("post-servers-search")
        creates = [e for e in proxy.events("com.atproto.repo.createRecord")]
    except Exception:
        rzui.log(app.output())
        rzui.screenshot("%s-failed" % os.path.basename(__file__)[5:-3])
        raise
    finally:
        app.quit()
        posted = mastodon.stop()
        proxy.stop()
        keyring.stop()

    # Mastodon: one status, with the draft's text, and the link is its page.
    assert len(posted) == 1, posted
    assert posted[0]["status"] == TEXT and posted[0]["in_reply_to_id"] is None, posted
    mastodon_links = [u for u in links if u.startswith(mastodon.url + "/")]
    assert mastodon_links == ["%s/@laden/%s" % (mastodon.url, posted[0]["id"])], links

    # Bluesky: one record with the text, made by one create; the link is it.
    records = cafe.records()
    assert len(records) == 1 and records[0]["value"]["text"] == TEXT, records
    assert len(creates) == 1, creates
    rkey = records[0]["uri"].rsplit("/", 1)[1]
    bluesky_links = [u for u in links if u.startswith("https://bsky.app/")]
    assert bluesky_links == ["https://bsky.app/profile/%s/post/%s" % (cafe.handle, rkey)], links


if __name__ == "__main__":
    rzui.run([test_draft_to_mastodon_and_bluesky_once_despite_timeouts])
