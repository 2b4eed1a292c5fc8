# SPDX-License-Identifier: GPL-3.0-or-later
"""Reads the translated entries of a .po file (no plural or context keys)."""

import ast


def entries(path):
    out = {}
    msgid = msgstr = None
    current = None
    fuzzy = False

    def flush():
        if msgid and msgstr and not fuzzy:
            out[msgid] = msgstr

    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.strip()
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            elif line.startswith("msgctxt"):
                current = None
            elif line.startswith("msgid "):
                flush()
                msgid, msgstr, current = ast.literal_eval(line[6:]), None, "id"
            elif line.startswith("msgid_plural"):
                current = None
            elif line.startswith("msgstr ") or line.startswith("msgstr[0]"):
                value = line.split(" ", 1)[1]
                msgstr, current = ast.literal_eval(value), "str"
            elif line.startswith('"') and current:
                if current == "id":
                    msgid += ast.literal_eval(line)
                else:
                    msgstr += ast.literal_eval(line)
            elif not line:
                flush()
                msgid = msgstr = current = None
                fuzzy = False
    flush()
    return out
