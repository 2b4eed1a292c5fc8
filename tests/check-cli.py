#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The headless command line: `resonanz --recommend`, without a display."""

import json
import os
import subprocess
import sys
import tempfile

BINARY = sys.argv[1]
PERSONAS = os.path.join(os.environ["RZ_SOURCE_ROOT"], "tests", "data", "personas")
results = []


def run(*args, language="en", stdin=None):
    env = dict(os.environ)
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    env["LANGUAGE"] = language
    env["LC_ALL"] = "C.UTF-8"
    env["RESONANZ_LOCALEDIR"] = os.path.join(os.environ["RZ_BUILD_ROOT"], "po")
    p = subprocess.run([BINARY, *args], env=env, capture_output=True, text=True, timeout=30,
                       input=stdin)
    return p.returncode, p.stdout, p.stderr


def check(name, condition, detail=""):
    results.append((name, bool(condition), detail))


def write(text):
    f = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
    f.write(text)
    f.close()
    return f.name


code, out, err = run("--recommend", os.path.join(PERSONAS, "bakery.json"))
check("bakery exits 0", code == 0, err)
try:
    rec = json.loads(out)
except ValueError as e:
    rec = {}
    check("bakery prints JSON", False, str(e) + out[:200])
ids = [r["channel"] for r in rec.get("recommended", [])]
check("bakery gets two or three channels", 1 <= len(ids) <= 3, ids)
check("bakery gets Google Business Profile", "google-business-profile" in ids, ids)
check("bakery does not get X", "x" not in ids, ids)
check("every recommendation has reasons",
      all(r["reasons"] for r in rec.get("recommended", [])), rec.get("recommended"))
check("rejected channels say why not",
      all(c.get("why_not") for c in rec.get("considered", [])), rec.get("considered"))
check("hours needed within budget", rec.get("hours_needed", 99) <= 4, rec.get("hours_needed"))

code2, out2, _ = run("--recommend", os.path.join(PERSONAS, "bakery.json"))
check("deterministic", code2 == 0 and out2 == out)

code, out, err = run("--recommend", write('{"name": "X",\n "industry": }'))
check("malformed JSON exits 2", code == 2, (code, err))
check("malformed JSON names line and column", "2" in err and ("line" in err.lower() or "zeile" in err.lower()), err)
check("malformed JSON prints nothing on stdout", out == "", out)

with open(os.path.join(PERSONAS, "bakery.json")) as f:
    bakery = json.load(f)
bad = dict(bakery, industry="bakeries")
code, out, err = run("--recommend", write(json.dumps(bad)))
check("unknown industry exits 2", code == 2, (code, err))
check("unknown industry lists the valid ids", "crafts" in err and "hospitality" in err, err)

bad = dict(bakery, forbidden_channels=["myspace"])
code, out, err = run("--recommend", write(json.dumps(bad)))
check("unknown channel lists the valid ids", code == 2 and "mastodon" in err, (code, err))

code, out, err = run("--recommend", "/nonexistent/profile.json")
check("missing file exits 2", code == 2 and err.strip(), (code, err))

lines = ["Nie wieder! Total enttäuscht, die Torte war matschig.",
         "Habt ihr am Sonntag geöffnet?",
         "Super lecker, vielen Dank! 😍",
         "",
         "Worst service ever, never again.",
         "Do you have gluten-free bread?",
         "Absolutely lovely staff, thank you!"]
code, out, err = run("--classify", stdin="\n".join(lines) + "\n")
labels = out.split()
check("--classify exits 0", code == 0, err)
check("--classify prints one label a line", len(out.splitlines()) == len(lines), out)
check("--classify labels", labels == ["critical", "neutral", "positive", "neutral",
                                      "critical", "neutral", "positive"], labels)
code, out, err = run("--classify", "--explain", stdin=lines[0] + "\n")
check("--classify --explain names the words", code == 0 and "\t" in out and "enttäusch" in out, out)

code, out, err = run("--version")
check("--version", code == 0 and out.startswith("resonanz "), (code, out))

print("1..%d" % len(results))
for i, (name, ok, detail) in enumerate(results, 1):
    if not ok:
        print("# %s" % (detail,))
    print("%s %d %s" % ("ok" if ok else "not ok", i, name))
sys.exit(0 if all(ok for _, ok, _ in results) else 1)
