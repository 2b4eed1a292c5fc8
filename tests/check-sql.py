#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every SQL statement takes its values as bound parameters.

Scans the C sources under src/ for SQL built by string formatting or
concatenation with a variable: a printf-style call (sqlite3_mprintf,
g_strdup_printf, g_string_append_printf, snprintf, ...) whose format
string contains SQL and a conversion other than an integer one (%s, %q,
%f, ...), or a g_strconcat() that joins SQL text with anything that is
not a string literal. Such text could carry a comment's words
into a statement. The migrations (fixed text, no values) are exempt.
Identifiers that must be spliced in (rz-database-export.c) are appended
with a quoting helper and come from the schema, never from input.

Prints file:line for every finding and exits 1; exits 0 when clean.
`--self-test` checks that the scanner finds what it must find.
"""

import argparse
import os
import re
import sys

FORMAT_FUNCTIONS = {
    # name: index of the format argument
    "sqlite3_mprintf": 0,
    "sqlite3_vmprintf": 0,
    "sqlite3_snprintf": 2,
    "sqlite3_str_appendf": 1,
    "g_strdup_printf": 0,
    "g_strdup_vprintf": 0,
    "g_string_printf": 1,
    "g_string_append_printf": 1,
    "g_string_prepend_printf": 1,
    "g_string_new_printf": 0,
    "g_snprintf": 2,
    "g_sprintf": 1,
    "snprintf": 2,
    "sprintf": 1,
    "asprintf": 1,
    "vasprintf": 1,
}
CONCAT_FUNCTIONS = {"g_strconcat", "g_strjoin"}

EXEMPT = {
    os.path.join("src", "storage", "rz-migrations.c"),
}

# Files allowed to join SQL fragments they build themselves, each with the
# reason it is safe. Keep this short: a new entry needs a review.
JOIN_ALLOWED = {
    os.path.join("src", "storage", "rz-database-inbox.c"):
        "the joined fragments come from overdue_sql(), which writes only "
        "placeholders and integers (response targets); the values are bound",
}

# Integers cannot carry text into a statement; strings, characters and
# floating-point numbers (locale-dependent) can or may.
INTEGER_CONVERSION_RE = re.compile(r"%[-+ #0]*\d*(?:hh|h|ll|l|j|z|t)?[diuxX]")
CONVERSION_RE = re.compile(r"%(?!%)")

# SQL as this code base writes it: keywords in upper case.
SQL_RE = re.compile(
    r"\b(SELECT\b.*\bFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|"
    r"CREATE\s+(UNIQUE\s+)?(TABLE|INDEX|TRIGGER|VIRTUAL)|DROP\s+(TABLE|INDEX|TRIGGER)|"
    r"ALTER\s+TABLE|PRAGMA\s+\w+|WHERE\s+\w+|VALUES\s*\(|MATCH\s)",
    re.S)


def strip_comments(text):
    """Blanks out comments, keeping strings and line numbers."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '"' or c == "'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def split_arguments(text, start):
    """The top-level arguments of the call whose '(' is at @start."""
    args, depth, i, current = [], 0, start, []
    n = len(text)
    while i < n:
        c = text[i]
        if c == '"' or c == "'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            current.append(text[i:j + 1])
            i = j + 1
            continue
        if c == "(":
            depth += 1
            if depth > 1:
                current.append(c)
        elif c == ")":
            depth -= 1
            if depth == 0:
                args.append("".join(current).strip())
                return args
            current.append(c)
        elif c == "," and depth == 1:
            args.append("".join(current).strip())
            current = []
        else:
            current.append(c)
        i += 1
    return args


STRING_RE = re.compile(r'"((?:[^"\\]|\\.)*)"')


def literal_text(arg):
    """The text of the string literals in @arg, joined."""
    return "".join(m.group(1) for m in STRING_RE.finditer(arg))


def is_only_literals(arg):
    rest = STRING_RE.sub("", arg)
    # Macros such as G_GINT64_FORMAT between literals are still literals.
    rest = re.sub(r"\b[A-Z][A-Z0-9_]*\b", "", rest)
    return rest.strip() == ""


def scan_text(path, text):
    findings = []
    clean = strip_comments(text)
    names = "|".join(sorted(set(FORMAT_FUNCTIONS) | CONCAT_FUNCTIONS, key=len, reverse=True))
    for m in re.finditer(r"\b(" + names + r")\s*\(", clean):
        name = m.group(1)
        args = split_arguments(clean, m.end() - 1)
        line = clean.count("\n", 0, m.start()) + 1
        if name in FORMAT_FUNCTIONS:
            index = FORMAT_FUNCTIONS[name]
            if index >= len(args):
                continue
            # The integer format macros of GLib become what they stand for.
            fmt = literal_text(re.sub(r"\bG_G(U?INT64|SIZE|SSIZE)_FORMAT\b", '"lld"', args[index]))
            n_conversions = len(CONVERSION_RE.findall(fmt.replace("%%", "")))
            n_integers = len(INTEGER_CONVERSION_RE.findall(fmt.replace("%%", "")))
            if SQL_RE.search(fmt) and n_conversions > n_integers:
                findings.append((path, line, f"{name}() formats SQL: bind the values with sqlite3_bind_*()"))
        else:
            sql_parts = [a for a in args if SQL_RE.search(literal_text(a))]
            variable_parts = [a for a in args if a != "NULL" and not is_only_literals(a)]
            if sql_parts and variable_parts and path not in JOIN_ALLOWED:
                findings.append((path, line, f"{name}() joins SQL with a variable: bind the values with sqlite3_bind_*()"))
    return findings


def scan_tree(root):
    findings = []
    src = os.path.join(root, "src")
    for dirpath, dirnames, filenames in os.walk(src):
        dirnames.sort()
        for name in sorted(filenames):
            if not name.endswith((".c", ".h")):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            if rel in EXEMPT:
                continue
            with open(path, encoding="utf-8") as f:
                findings += scan_text(rel, f.read())
    return findings


SELF_TEST_BAD = r'''
static void f (void) {
  char *a = sqlite3_mprintf ("SELECT * FROM comments WHERE text = '%q'", text);
  char *b = g_strdup_printf ("DELETE FROM drafts"
                             " WHERE id = %" G_GINT64_FORMAT, id);
  g_string_append_printf (sql, "UPDATE comments SET state = %d", state); /* fine */
  char *c = g_strconcat ("INSERT INTO accounts (handle) VALUES ('", handle, "')", NULL);
  snprintf (buf, sizeof buf, "PRAGMA user_version = %d", v);
  char *d = g_strdup_printf ("SELECT x FROM t WHERE a = %f", value);
  g_string_append_printf (sql, " WHERE author = '%s'", author);
}
'''

SELF_TEST_GOOD = r'''
static void f (void) {
  /* g_strdup_printf ("SELECT * FROM x WHERE y = %s", y) in a comment */
  stmt = rz_database_prepare (self, "SELECT id FROM comments WHERE text = ?", error);
  char *m = g_strdup_printf (_("Select %s from the list"), name);
  char *p = g_strdup_printf ("%s.damaged-%s", path, stamp);
  char *q = g_strconcat ("UPDATE ", "drafts", " SET x = 1", NULL);
  g_debug ("SELECT failed: %s", msg);
  char *i = g_strdup_printf ("SELECT x FROM t LIMIT %u OFFSET %" G_GINT64_FORMAT, n, o);
}
'''


def self_test():
    bad = scan_text("bad.c", SELF_TEST_BAD)
    good = scan_text("good.c", SELF_TEST_GOOD)
    lines = sorted(line for _, line, _ in bad)
    ok = lines == [3, 7, 9, 10] and not good
    print("1..1")
    print(("ok" if ok else "not ok") + " 1 the scanner finds formatted SQL and nothing else")
    if not ok:
        print(f"# bad: {bad}\n# good: {good}")
    return 0 if ok else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source-root", default=os.environ.get("RZ_SOURCE_ROOT", "."))
    parser.add_argument("--self-test", action="store_true")
    args = parser.parse_args()

    if args.self_test:
        return self_test()

    findings = scan_tree(args.source_root)
    for path, line, message in findings:
        print(f"{path}:{line}: {message}")
    if findings:
        print(f"{len(findings)} SQL statement(s) built from variables", file=sys.stderr)
        return 1
    print("No SQL is built by formatting or concatenation")
    return 0


if __name__ == "__main__":
    sys.exit(main())
