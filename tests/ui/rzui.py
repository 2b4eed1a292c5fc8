# SPDX-License-Identifier: GPL-3.0-or-later
"""A small driver for Resonanz under AT-SPI, used by the ui tests.

It starts the real binary, finds its window on the accessibility bus and
acts on widgets by role and accessible name, as a screen reader user
would. Coordinates are never used: GTK 4.8 reports wrong ones.
"""

import os
import subprocess
import sys
import time

import pyatspi


def _quiet_registry():
    """pyatspi prints a line on stdout when it first meets the registry,
    which would break the TAP stream: let it talk to /dev/null once."""
    saved = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        sys.stdout.flush()
        os.dup2(devnull, 1)
        pyatspi.Registry.getDesktop(0)
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(devnull)
        os.close(saved)


_quiet_registry()

BUILD_ROOT = os.environ["RZ_BUILD_ROOT"]
SOURCE_ROOT = os.environ["RZ_SOURCE_ROOT"]
BINARY = os.path.join(BUILD_ROOT, "src", "resonanz")
SHOT_DIR = os.path.join(BUILD_ROOT, "tests", "screenshots")


def log(*args):
    print("#", *args, file=sys.stderr, flush=True)


class App:
    def __init__(self, args=(), language="en", env=None, data_home=None):
        e = dict(os.environ)
        e["LANGUAGE"] = language
        e["LANG"] = "de_DE.UTF-8" if language == "de" else "en_US.UTF-8"
        e["LC_ALL"] = "C.UTF-8"
        e["GSETTINGS_SCHEMA_DIR"] = os.path.join(BUILD_ROOT, "data")
        e["GSETTINGS_BACKEND"] = "memory"
        e["RESONANZ_LOCALEDIR"] = os.path.join(BUILD_ROOT, "po")
        # Every app gets a fresh data dir unless the test shares one.
        e["XDG_DATA_HOME"] = data_home or new_data_home()
        self.data_home = e["XDG_DATA_HOME"]
        e.update(env or {})
        self.log_path = os.path.join(os.environ.get("RZ_UI_TMP", "/tmp"),
                                     "resonanz-%s-%d.log" % (language, time.monotonic_ns()))
        self.log_file = open(self.log_path, "w")
        self.started = time.monotonic()
        self.proc = subprocess.Popen([BINARY, *args], env=e,
                                     stdout=self.log_file, stderr=subprocess.STDOUT)
        self.app = None

    def find_app(self, timeout=10.0):
        deadline = self.started + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError("resonanz exited with %d:\n%s" %
                                     (self.proc.returncode, self.output()))
            desktop = pyatspi.Registry.getDesktop(0)
            for i in range(desktop.childCount):
                try:
                    child = desktop.getChildAtIndex(i)
                    if child is not None and child.get_process_id() == self.proc.pid:
                        self.app = child
                        return child
                except Exception:
                    continue
            time.sleep(0.1)
        raise AssertionError("the Resonanz window did not appear within %.0f s" % timeout)

    def wait_for_window(self, timeout=10.0):
        """Waits until the main window is on the bus and shows something."""
        self.find_app(timeout)
        deadline = self.started + timeout
        while time.monotonic() < deadline:
            frames = [c for c in children(self.app)
                      if c.getRole() == pyatspi.ROLE_FRAME]
            if frames and any(n.getRole() in (pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_LABEL)
                              and is_showing(n) for n in walk(frames[0])):
                log("window shown after %.2f s" % (time.monotonic() - self.started))
                return frames[0]
            time.sleep(0.1)
        raise AssertionError("the Resonanz window stayed empty for %.0f s" % timeout)

    def output(self):
        self.log_file.flush()
        with open(self.log_path) as f:
            return f.read()

    def quit(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log_file.close()


def new_data_home():
    import tempfile
    return tempfile.mkdtemp(prefix="data-", dir=os.environ.get("RZ_UI_TMP"))


def children(node):
    out = []
    try:
        for i in range(node.childCount):
            c = node.getChildAtIndex(i)
            if c is not None:
                out.append(c)
    except Exception:
        pass
    return out


def walk(node):
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(children(n)))


def is_showing(node):
    """GTK 4.8 reports SHOWING only on windows, and VISIBLE on every child of
    a stack, shown or not. Widgets that exist only while shown (list rows,
    toasts, popovers) are therefore the reliable evidence of what a user sees;
    for the rest this means "in the window"."""
    try:
        states = node.getState()
        return states.contains(pyatspi.STATE_SHOWING) or states.contains(pyatspi.STATE_VISIBLE)
    except Exception:
        return False


def text_of(node):
    """The text a user sees: the accessible name, or a label's text."""
    try:
        name = node.name or ""
    except Exception:
        name = ""
    if name:
        return name
    try:
        t = node.queryText()
        return t.getText(0, t.characterCount)
    except Exception:
        return ""


def visible_texts(root):
    out = []
    for n in walk(root):
        if is_showing(n):
            t = text_of(n)
            if t:
                out.append(t)
    return out


def strip_mnemonic(s):
    return s.replace("_", "")


def names(node):
    """What a user may call @node: its text and its labels' texts. GTK 4.8
    names a button "_Label Label" (the property, then the child label)."""
    out = {strip_mnemonic(text_of(node))}
    for c in children(node):
        try:
            if c.getRole() == pyatspi.ROLE_LABEL:
                out.add(strip_mnemonic(text_of(c)))
        except Exception:
            continue
    return out


def find(root, role, name, timeout=10.0):
    """Polls for a showing node with @role whose text is @name."""
    deadline = time.monotonic() + timeout
    want = strip_mnemonic(name)
    while time.monotonic() < deadline:
        for n in walk(root):
            try:
                if n.getRole() == role and want in names(n) and is_showing(n):
                    return n
            except Exception:
                continue
        time.sleep(0.1)
    raise AssertionError("no %s named %r appeared; showing: %r" %
                         (pyatspi.Role(role), name, visible_texts(root)[:60]))


def click(node):
    action = node.queryAction()
    for i in range(action.nActions):
        if action.getName(i) in ("click", "press", "activate"):
            action.doAction(i)
            return
    action.doAction(0)


CTRL = 1 << 2


def key(keysym, modifiers=0):
    """Presses a key (an X keysym), with @modifiers held, like a user."""
    if modifiers:
        pyatspi.Registry.generateKeyboardEvent(modifiers, None, pyatspi.KEY_LOCKMODIFIERS)
    pyatspi.Registry.generateKeyboardEvent(keysym, None, pyatspi.KEY_SYM)
    if modifiers:
        pyatspi.Registry.generateKeyboardEvent(modifiers, None, pyatspi.KEY_UNLOCKMODIFIERS)
    time.sleep(0.3)


def wait_until(predicate, timeout=10.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out waiting for " + what)


def windows(app):
    """The app's windows with their names, as (node, name); one closing
    while we look is left out."""
    out = []
    for c in children(app.app):
        try:
            if c.getRole() in (pyatspi.ROLE_FRAME, pyatspi.ROLE_DIALOG, pyatspi.ROLE_WINDOW):
                out.append((c, c.name))
        except Exception:
            continue
    return out


def window_named(app, name, timeout=10.0):
    return wait_until(lambda: next((f for f, n in windows(app) if n == name), None),
                      timeout=timeout, what="the window %r" % name)


def window_gone(app, name, timeout=20.0):
    wait_until(lambda: all(n != name for _, n in windows(app)), timeout=timeout,
               what="the window %r to close" % name)


def select_tab(root, name):
    """Clicks a view switcher's tab and waits until it is the shown one."""
    tab = find(root, pyatspi.ROLE_PAGE_TAB, name)

    def selected():
        states = tab.getState()
        return states.contains(pyatspi.STATE_SELECTED) or states.contains(pyatspi.STATE_CHECKED)
    click(tab)
    wait_until(selected, what="the tab %r to be shown" % name)
    time.sleep(0.5)  # the page slides in


def spin_named(root, name):
    """A spin button whose name holds @name: GTK 4.8 joins the title of
    the row it sits in and its own label, in either order."""
    def look():
        for n in walk(root):
            try:
                if n.getRole() == pyatspi.ROLE_SPIN_BUTTON and name in strip_mnemonic(n.name or ""):
                    return n
            except Exception:
                continue
        return None
    return wait_until(look, what="the spin button %r" % name)


def screenshot(name):
    os.makedirs(SHOT_DIR, exist_ok=True)
    path = os.path.join(SHOT_DIR, name + ".png")
    subprocess.run(["import", "-window", "root", path], check=True)
    if os.path.getsize(path) < 1000:
        raise AssertionError("screenshot %s is empty" % path)
    log("screenshot", path)
    return path


def run(tests):
    """Runs test functions and prints TAP on the descriptor run-ui-test.sh
    kept for it: the session's daemons write to stdout too."""
    tap = os.fdopen(int(os.environ.get("RZ_TAP_FD", "1")), "w", buffering=1)

    def say(line):
        tap.write(line + "\n")
        tap.flush()

    say("1..%d" % len(tests))
    failed = 0
    for i, t in enumerate(tests, 1):
        try:
            t()
            say("ok %d %s" % (i, t.__name__))
        except Exception as e:  # report and go on with the next test
            failed += 1
            for line in str(e).splitlines() or [repr(e)]:
                say("# " + line)
            say("not ok %d %s" % (i, t.__name__))
    sys.exit(1 if failed else 0)
