# SPDX-License-Identifier: GPL-3.0-or-later
"""A Mastodon account from Preferences to the first answer, as a user does it:
Add Account, sign in with the browser, see the account connected, fetch the
mention into the inbox and answer it. The server is the Mastodon contract
server on 127.0.0.1 (tests/mastodon-contract-serve), the browser a small
program registered as the desktop's default web browser that follows the
sign-in page back to Resonanz, and the keyring the real gnome-keyring-daemon.
Afterwards the answer must have been posted exactly once, and the access
token must be in the keyring and nowhere else: not in the database, not in
the logs."""

import json
import os
import subprocess
import sys
import tempfile
import time

import pyatspi

import rzui

SERVE = os.path.join(rzui.BUILD_ROOT, "tests", "mastodon-contract-serve")
SCHEMA = "de.resonanz.Resonanz.Account"
ANSWER = "Ja, alles auch vegan! Bis Montag."

BROWSER = """#!/usr/bin/python3
# The test's web browser: opens the page and follows its redirects, as a
# browser does after the user allowed the access.
import sys
import urllib.request

with urllib.request.urlopen(sys.argv[2], timeout=10) as page:
    body = page.read()
with open(sys.argv[1] + ".page", "wb") as shown:
    shown.write(body)
with open(sys.argv[1] + ".log", "a") as log:
    log.write(sys.argv[2] + "\\n")
"""


class Keyring:
    """gnome-keyring-daemon on the test's session bus, with its own files."""

    def __init__(self, tmp):
        self.env = dict(os.environ)
        self.env["XDG_DATA_HOME"] = os.path.join(tmp, "keyring-data")
        os.makedirs(self.env["XDG_DATA_HOME"])
        self.proc = subprocess.Popen(
            ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=self.env)
        # An empty password would make the daemon prompt.
        self.proc.stdin.write(b"resonanz-ui-test")
        self.proc.stdin.close()
        rzui.wait_until(self.owned, timeout=10.0, what="gnome-keyring-daemon on the bus")

    @staticmethod
    def owned():
        out = subprocess.run(
            ["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus",
             "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner",
             "string:org.freedesktop.secrets"], capture_output=True, text=True)
        return "boolean true" in out.stdout

    def secrets(self):
        out = subprocess.run(["secret-tool", "search", "--all", "--unlock", "xdg:schema", SCHEMA],
                             capture_output=True, text=True, env=self.env)
        return [line[len("secret = "):] for line in out.stdout.splitlines()
                if line.startswith("secret = ")]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(5)


class Server:
    """tests/mastodon-contract-serve: the port, the seeded mention, and
    the statuses posted through the API."""

    def __init__(self, tmp):
        self.log_path = os.path.join(tmp, "serve.log")
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen([SERVE], stdout=subprocess.PIPE, stderr=self.log, text=True)
        self.port = int(self.proc.stdout.readline().split()[1])
        self.mention = self.proc.stdout.readline().split()[1]
        self.url = "http://127.0.0.1:%d" % self.port

    def stop(self):
        """Stops the server and returns the statuses posted to it."""
        if self.proc.returncode is not None:
            return self.posted
        self.proc.terminate()
        out, _ = self.proc.communicate(timeout=5)
        self.log.close()
        self.posted = [json.loads(line[len("POSTED "):]) for line in out.splitlines()
                       if line.startswith("POSTED ")]
        return self.posted


def install_browser(tmp, data_home, config_home):
    """Registers the test browser as the default for http(s), the way a
    desktop does: a .desktop file and mimeapps.list."""
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


def opened_urls(browser_log):
    """The addresses the test browser was asked to open, once each is
    written out: the log can exist a moment before its line is in it."""
    if not os.path.exists(browser_log):
        return []
    with open(browser_log) as f:
        return [line.rstrip("\n") for line in f.read().splitlines(keepends=True) if line.endswith("\n")]


def set_text(node, text):
    editable = node.queryEditableText()
    editable.setTextContents(text)


def entry_in(root, label):
    """The text field of an entry row titled @label."""
    for n in rzui.walk(root):
        try:
            if n.getRole() in (pyatspi.ROLE_TEXT, pyatspi.ROLE_ENTRY) and rzui.is_showing(n):
                parent = n.parent
                for _ in range(4):
                    if parent is None:
                        break
                    if label in rzui.visible_texts(parent):
                        return n
                    parent = parent.parent
        except Exception:
            continue
    raise AssertionError("no entry for %r; showing: %r" % (label, rzui.visible_texts(root)[:40]))


def button_starting(root, prefix, timeout=10.0):
    """A button whose name starts with @prefix: GTK 4.8 adds the label of
    the row a button sits in to its name."""
    def find():
        for n in rzui.walk(root):
            try:
                if (n.getRole() == pyatspi.ROLE_PUSH_BUTTON and rzui.is_showing(n)
                        and rzui.text_of(n).startswith(prefix)):
                    return n
            except Exception:
                continue
        return None
    return rzui.wait_until(find, timeout=timeout, what="a button %r" % prefix)


def texts_with(root, part):
    return [t for t in rzui.visible_texts(root) if part in t]


def headless_sync(data_home):
    """resonanz --sync as cron would run it: no display."""
    env = dict(os.environ)
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    env["XDG_DATA_HOME"] = data_home
    env["LANGUAGE"] = "en"
    env["LC_ALL"] = "C.UTF-8"
    env["RESONANZ_LOCALEDIR"] = os.path.join(rzui.BUILD_ROOT, "po")
    p = subprocess.run([rzui.BINARY, "--sync"], env=env, capture_output=True, text=True, timeout=60)
    rzui.log("resonanz --sync exited with %d: %r" % (p.returncode, p.stdout))
    return p.returncode, p.stdout, p.stderr


def open_mastodon_form(app, server):
    """Preferences → Accounts → Add Account → Mastodon, the address typed."""
    rzui.key(ord(","), rzui.CTRL)
    prefs = rzui.window_named(app, "Preferences")
    rzui.select_tab(prefs, "Accounts")
    rzui.find(prefs, pyatspi.ROLE_LABEL, "No accounts connected yet")
    rzui.click(rzui.find(prefs, pyatspi.ROLE_PUSH_BUTTON, "_Add Account"))
    dialog = rzui.window_named(app, "Add Account")
    return prefs, dialog


def type_server(dialog, server):
    rzui.click(button_starting(dialog, "Connect a Mastodon account"))
    rzui.find(dialog, pyatspi.ROLE_PUSH_BUTTON, "Back")
    time.sleep(0.5)  # the page slides in
    set_text(entry_in(dialog, "Server Address"), server.url)
    sign_in = rzui.find(dialog, pyatspi.ROLE_PUSH_BUTTON, "Sign In with _Browser")
    rzui.wait_until(lambda: sign_in.getState().contains(pyatspi.STATE_SENSITIVE),
                    what="Sign In with Browser to be enabled by the address")
    return sign_in


def test_mastodon_sign_in_with_pasted_code():
    """The browser on another device: the code page opens, the code is
    pasted back; the loopback way is never used."""
    tmp = tempfile.mkdtemp(prefix="accounts-code-", dir=os.environ.get("RZ_UI_TMP"))
    data_home = rzui.new_data_home()
    config_home = os.path.join(tmp, "config")
    browser_log = install_browser(tmp, data_home, config_home)
    keyring = Keyring(tmp)
    server = Server(tmp)
    app = rzui.App(data_home=data_home, env={"XDG_CONFIG_HOME": config_home})
    try:
        app.wait_for_window()
        prefs, dialog = open_mastodon_form(app, server)
        type_server(dialog, server)
        expander = rzui.find(dialog, pyatspi.ROLE_PUSH_BUTTON, "Browser can't reach this computer?")
        rzui.click(expander)
        code_page = rzui.find(dialog, pyatspi.ROLE_PUSH_BUTTON, "Open the Page with the C_ode")
        rzui.wait_until(lambda: code_page.getState().contains(pyatspi.STATE_SHOWING)
                        or code_page.getState().contains(pyatspi.STATE_VISIBLE), what="the code page button")
        time.sleep(0.5)
        rzui.click(code_page)
        opened = rzui.wait_until(lambda: opened_urls(browser_log), timeout=15.0, what="the code page to open")
        assert len(opened) == 1 and "redirect_uri=urn%3Aietf%3Awg%3Aoauth%3A2.0%3Aoob" in opened[0], opened
        with open(browser_log[:-len(".log")] + ".page", encoding="utf-8") as f:
            page = f.read()
        code = page.split('value="')[1].split('"')[0]
        assert len(code) >= 8, page

        set_text(entry_in(dialog, "Code"), "  " + code + " ")
        rzui.screenshot("accounts-code")
        with_code = rzui.find(dialog, pyatspi.ROLE_PUSH_BUTTON, "Sign In with the Code")
        rzui.wait_until(lambda: with_code.getState().contains(pyatspi.STATE_SENSITIVE),
                        what="Sign In with the Code to be enabled")
        rzui.click(with_code)
        rzui.window_gone(app, "Add Account", timeout=15.0)
        rzui.wait_until(lambda: texts_with(prefs, "Connected"), timeout=15.0,
                        what="the account to be connected")
        assert len(keyring.secrets()) == 1
    except Exception:
        rzui.log(app.output())
        raise
    finally:
        app.quit()
        server.stop()
        keyring.stop()


def test_mastodon_account_from_sign_in_to_answer():
    tmp = tempfile.mkdtemp(prefix="accounts-", dir=os.environ.get("RZ_UI_TMP"))
    data_home = rzui.new_data_home()
    config_home = os.path.join(tmp, "config")
    browser_log = install_browser(tmp, data_home, config_home)
    keyring = Keyring(tmp)
    server = Server(tmp)
    app = rzui.App(data_home=data_home,
                   env={"XDG_CONFIG_HOME": config_home, "G_MESSAGES_DEBUG": "all"})
    try:
        frame = app.wait_for_window()

        # Preferences → Accounts → Add Account → Mastodon.
        prefs, dialog = open_mastodon_form(app, server)
        rzui.screenshot("accounts-networks")
        sign_in = type_server(dialog, server)
        rzui.screenshot("accounts-mastodon")

        # The browser opens the server's page and comes back by itself.
        rzui.click(sign_in)
        opened = rzui.wait_until(lambda: opened_urls(browser_log), timeout=15.0,
                                 what="the browser to be opened")
        assert len(opened) == 1 and opened[0].startswith(server.url + "/oauth/authorize?"), opened

        # The dialog closes; the account is listed as connected.
        rzui.window_gone(app, "Add Account", timeout=15.0)
        rzui.wait_until(lambda: texts_with(prefs, "@laden@127.0.0.1"), what="the account row")
        rzui.wait_until(lambda: texts_with(prefs, "Connected"), timeout=15.0,
                        what="the account to be connected")
        rzui.screenshot("accounts-connected")
        rzui.key(0xff1b)  # Escape closes Preferences
        rzui.window_gone(app, "Preferences")

        # The first sync brought the mention; Ctrl+R fetches again (nothing new).
        rzui.key(ord("r"), rzui.CTRL)
        rzui.select_tab(frame, "Inbox")
        mention = "Gibt es das Frühstück auch vegan?"
        rzui.wait_until(lambda: texts_with(frame, mention), timeout=15.0, what="the mention in the inbox")

        # Open it and answer.
        inbox = rzui.find(frame, pyatspi.ROLE_LIST, "Comments waiting for an answer")
        inbox.querySelection().selectChild(0)
        answer = rzui.find(frame, pyatspi.ROLE_TEXT, "Your answer")
        rzui.wait_until(lambda: texts_with(frame, "/ 500"), what="the length counter")
        set_text(answer, ANSWER)
        rzui.wait_until(lambda: texts_with(frame, "%d / 500" % (len(ANSWER))), what="the counter to count")
        rzui.screenshot("accounts-reply")
        rzui.click(rzui.find(frame, pyatspi.ROLE_PUSH_BUTTON, "_Send"))
        rzui.find(frame, pyatspi.ROLE_LABEL, "Answer sent.", timeout=15.0)
        rzui.screenshot("accounts-sent")
    except Exception:
        rzui.log(app.output())
        server.stop()
        keyring.stop()
        raise
    finally:
        app.quit()

    try:
        # Headless, without a display: the same account from the keyring.
        code, out, err = headless_sync(data_home)
        assert code == 0 and out.strip() == "No new comments from 1 account.", (code, out, err)
        posted = server.stop()
        code, out, err = headless_sync(data_home)
        assert code == 1 and out.startswith("@laden@127.0.0.1: "), (code, out, err)

        # The app says so too, in a banner, with the way out.
        app = rzui.App(data_home=data_home, env={"XDG_CONFIG_HOME": config_home})
        try:
            frame = app.wait_for_window()
            rzui.wait_until(lambda: texts_with(frame, "cannot be reached right now"), timeout=30.0,
                            what="the banner about the unreachable server")
            rzui.find(frame, pyatspi.ROLE_PUSH_BUTTON, "_Try Again")
            rzui.screenshot("accounts-banner")
        except Exception:
            rzui.log(app.output())
            raise
        finally:
            app.quit()
        secrets = keyring.secrets()
    finally:
        server.stop()
        keyring.stop()

    # Exactly one status, in reply to the mention, with our text.
    replies = [p for p in posted if p.get("in_reply_to_id") == server.mention]
    assert len(posted) == 1 and len(replies) == 1, posted
    assert ANSWER in replies[0]["status"], replies[0]

    # The token is in the keyring, and nowhere else.
    assert len(secrets) == 1, secrets
    token = json.loads(secrets[0])["access_token"]
    assert len(token) >= 16, "implausible token"
    # Everything the test and the app wrote: the data, both apps' logs (with
    # every debug message), the server's log; the keyring's own files aside.
    leaks = []
    for directory, _, files in os.walk(os.environ.get("RZ_UI_TMP", tmp)):
        if "keyring-data" in directory:
            continue
        for name in files:
            path = os.path.join(directory, name)
            if os.path.islink(path) or not os.path.isfile(path):
                continue
            with open(path, "rb") as f:
                if token.encode() in f.read():
                    leaks.append(path)
    assert not leaks, "the access token was written outside the keyring: %r" % leaks
    db = os.path.join(data_home, "resonanz", "resonanz.db")
    assert os.path.exists(db), "no database at %s" % db


if __name__ == "__main__":
    rzui.run([test_mastodon_account_from_sign_in_to_answer,
              test_mastodon_sign_in_with_pasted_code])
