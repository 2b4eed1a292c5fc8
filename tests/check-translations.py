#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Translation checks for the 'lint' suite.

  check-translations.py --source-root DIR CHECK

CHECK is one of:
  complete   every po/*.po compiles with msgfmt --check, and once merged with
             a template made from the current sources (as
             `meson compile resonanz-update-po` would) has no untranslated
             and no fuzzy messages
  potfiles   every file under src/ and data/ that marks translatable strings
             is in po/POTFILES.in, every listed file exists, the list is
             sorted and has no duplicates
  linguas    po/LINGUAS has one language code a line, each with a po file,
             and every po file is listed
  xgettext   xgettext runs over po/POTFILES.in with the arguments meson's
             i18n.gettext(preset: 'glib') uses, without errors or warnings

Exits 0 when the check passes, 1 when it fails (saying why), 77 never: a
missing tool is a failure, not a skip.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# What meson passes to xgettext for the 'resonanz-pot' target: see
# run_potgen() in mesonbuild/scripts/gettext.py and PRESET_ARGS['glib'] in
# mesonbuild/modules/i18n.py (meson 1.0). The args: of po/meson.build follow.
MESON_POT_ARGS = ['-k_']
GLIB_PRESET_ARGS = [
    '--from-code=UTF-8',
    '--add-comments',
    '--keyword=_',
    '--keyword=N_',
    '--keyword=C_:1c,2',
    '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2',
    '--keyword=g_dngettext:2,3',
    '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format',
    '--flag=C_:2:pass-c-format',
    '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format',
    '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format',
    '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format',
    '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format',
    '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format',
    '--flag=g_printerr:1:c-format',
    '--flag=g_printf:1:c-format',
    '--flag=g_fprintf:2:c-format',
    '--flag=g_sprintf:2:c-format',
    '--flag=g_snprintf:3:c-format',
]

# C functions and macros whose string arguments xgettext extracts: the glib
# preset's keywords and xgettext's own defaults for C.
C_KEYWORDS = [
    '_', 'N_', 'C_', 'NC_', 'Q_',
    'gettext', 'dgettext', 'dcgettext', 'ngettext', 'dngettext',
    'dcngettext', 'pgettext', 'dpgettext', 'npgettext',
    'g_dgettext', 'g_dcgettext', 'g_dngettext', 'g_dpgettext',
    'g_dpgettext2',
]
C_KEYWORD_RE = re.compile(
    r'(?<![A-Za-z0-9_])(?:' + '|'.join(re.escape(k) for k in C_KEYWORDS) + r')\s*\(')
C_COMMENT_RE = re.compile(r'/\*.*?\*/|//[^\n]*', re.DOTALL)
UI_TRANSLATABLE_RE = re.compile(
    r'\btranslatable\s*=\s*["\'](?:yes|true|y|t|1)["\']', re.IGNORECASE)
# Files whose whole purpose includes translatable text; xgettext reads them
# through its ITS rules (GSettings, AppStream) or its Desktop parser.
ALWAYS_TRANSLATABLE_SUFFIXES = (
    '.desktop.in', '.desktop.in.in',
    '.metainfo.xml.in', '.metainfo.xml.in.in',
    '.appdata.xml.in', '.appdata.xml.in.in',
    '.gschema.xml', '.gschema.xml.in',
)
SCANNED_DIRS = ('src', 'data')
LANGUAGE_CODE_RE = re.compile(r'^[a-z]{2,3}(?:_[A-Z]{2}|_[A-Z][a-z]{3})?(?:@[a-z]+)?$')


class Failure(Exception):
    pass


def read_list_file(path):
    """Non-empty, non-comment lines of a POTFILES.in or LINGUAS file, with
    their line numbers."""
    entries = []
    with open(path, encoding='utf-8') as f:
        for number, line in enumerate(f, start=1):
            stripped = line.strip()
            if not stripped or stripped.startswith('#'):
                continue
            entries.append((number, stripped))
    return entries


def need_tool(name, package):
    if shutil.which(name) is None:
        raise Failure(f'{name} not found; install the Debian package {package}')


# --- xgettext -------------------------------------------------------------

def po_meson_extra_args(source_root):
    """The args: list of the i18n.gettext() call in po/meson.build, so the
    template is made the way resonanz-update-po makes it."""
    text = (source_root / 'po' / 'meson.build').read_text(encoding='utf-8')
    call = re.search(r'i18n\.gettext\((.*?)\n\)', text, re.DOTALL)
    if call is None:
        raise Failure('po/meson.build has no i18n.gettext() call')
    preset = re.search(r"preset\s*:\s*'([^']*)'", call.group(1))
    if preset is None or preset.group(1) != 'glib':
        raise Failure("po/meson.build: i18n.gettext() must use preset: 'glib'")
    args = re.search(r'\bargs\s*:\s*\[(.*?)\]', call.group(1), re.DOTALL)
    if args is None:
        return []
    return re.findall(r"'([^']*)'", args.group(1))


def make_pot(source_root, outdir):
    """Runs xgettext like meson's resonanz-pot target. Returns the template's
    path; raises Failure on a non-zero exit or any diagnostic."""
    need_tool('xgettext', 'gettext')
    potfiles = source_root / 'po' / 'POTFILES.in'
    if not potfiles.is_file():
        raise Failure('po/POTFILES.in does not exist')
    pot = Path(outdir) / 'resonanz.pot'
    command = (['xgettext', '--package-name=resonanz', '-p', str(outdir),
                '-f', str(potfiles), '-D', str(source_root)]
               + MESON_POT_ARGS + ['-o', str(pot)]
               + GLIB_PRESET_ARGS + po_meson_extra_args(source_root))
    result = subprocess.run(command, cwd=outdir, capture_output=True, text=True)
    diagnostics = (result.stdout + result.stderr).strip()
    if result.returncode != 0 or diagnostics:
        raise Failure('xgettext over po/POTFILES.in '
                      + (f'failed (exit {result.returncode})' if result.returncode
                         else 'printed diagnostics')
                      + ':\n' + (diagnostics or '(no output)'))
    if not pot.is_file():
        # xgettext writes nothing when it finds no message; msgmerge in
        # resonanz-update-po would then fail on the missing template.
        raise Failure('xgettext found no translatable message in the files '
                      'of po/POTFILES.in')
    return pot


def check_xgettext(source_root):
    with tempfile.TemporaryDirectory(prefix='rz-pot-') as tmp:
        pot = make_pot(source_root, tmp)
        count = len([m for m in parse_po(pot) if not m.header and not m.obsolete])
        print(f'xgettext: {count} messages from po/POTFILES.in')


# --- po files -------------------------------------------------------------

class Message:
    def __init__(self):
        self.context = None
        self.msgid = ''
        self.msgid_plural = None
        self.msgstr = {}
        self.flags = set()
        self.references = []
        self.obsolete = False
        self.line = 0

    @property
    def header(self):
        return self.msgid == '' and self.context is None

    @property
    def fuzzy(self):
        return 'fuzzy' in self.flags

    @property
    def untranslated(self):
        return not self.msgstr or any(s == '' for s in self.msgstr.values())

    def describe(self):
        text = self.msgid if len(self.msgid) <= 70 else self.msgid[:67] + '...'
        where = ' '.join(self.references[:2]) or f'line {self.line}'
        context = f'[{self.context}] ' if self.context is not None else ''
        return f'{context}"{text}" ({where})'


def unquote(s):
    s = s.strip()
    if len(s) < 2 or s[0] != '"' or s[-1] != '"':
        raise ValueError(f'not a quoted string: {s}')
    return (s[1:-1].replace('\\n', '\n').replace('\\t', '\t')
            .replace('\\"', '"').replace('\\\\', '\\'))


def parse_po(path):
    """A small PO reader: enough to list untranslated and fuzzy messages.
    msgfmt --check has already vouched for the syntax."""
    messages = []
    current = Message()
    field = None

    def finish():
        nonlocal current, field
        if current.line:
            messages.append(current)
        current = Message()
        field = None

    with open(path, encoding='utf-8') as f:
        for number, raw in enumerate(f, start=1):
            line = raw.strip()
            obsolete = line.startswith('#~') and not line.startswith('#~|')
            if obsolete:
                line = line[2:].strip()
            if not line:
                finish()
                continue
            if line.startswith('#'):
                if field is not None and field.startswith('msgstr'):
                    finish()
                if line.startswith('#,'):
                    current.flags.update(x.strip() for x in line[2:].split(','))
                elif line.startswith('#:'):
                    current.references.extend(line[2:].split())
                continue
            if line.startswith('"'):
                value = unquote(line)
                if field == 'msgctxt':
                    current.context += value
                elif field == 'msgid':
                    current.msgid += value
                elif field == 'msgid_plural':
                    current.msgid_plural += value
                elif field is not None:
                    current.msgstr[field] += value
                continue
            keyword, _, rest = line.partition(' ')
            if keyword in ('msgctxt', 'msgid') and field is not None and field.startswith('msgstr'):
                finish()
            if not current.line:
                current.line = number
                current.obsolete = obsolete
            field = keyword
            if keyword == 'msgctxt':
                current.context = unquote(rest)
            elif keyword == 'msgid':
                current.msgid = unquote(rest)
            elif keyword == 'msgid_plural':
                current.msgid_plural = unquote(rest)
            elif keyword.startswith('msgstr'):
                current.msgstr[keyword] = unquote(rest)
            else:
                raise ValueError(f'{path}:{number}: unexpected line: {line}')
    finish()
    return messages


def msgfmt_check(po, label):
    """msgfmt --check --statistics; returns (translated, fuzzy, untranslated)."""
    result = subprocess.run(
        ['msgfmt', '--check', '--statistics', '-o', os.devnull, str(po)],
        capture_output=True, text=True, env=dict(os.environ, LC_ALL='C'))
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        raise Failure(f'msgfmt --check failed for {label}:\n{output}')

    def count(pattern):
        m = re.search(r'(\d+) ' + pattern, output)
        return int(m.group(1)) if m else 0

    return (count(r'translated message'), count(r'fuzzy translation'),
            count(r'untranslated message'), output)


def check_complete(source_root):
    need_tool('msgfmt', 'gettext')
    need_tool('msgmerge', 'gettext')
    po_dir = source_root / 'po'
    po_files = sorted(po_dir.glob('*.po'))
    if not po_files:
        raise Failure('po/ has no .po files')

    problems = []
    with tempfile.TemporaryDirectory(prefix='rz-po-') as tmp:
        pot = make_pot(source_root, tmp)
        current = [m for m in parse_po(pot) if not m.header]
        for po in po_files:
            label = f'po/{po.name}'
            # The file as committed must compile and pass the format checks.
            msgfmt_check(po, label)

            # What resonanz-update-po would turn it into: the real state of
            # the translation against today's sources.
            merged = Path(tmp) / po.name
            result = subprocess.run(
                ['msgmerge', '--quiet', '-o', str(merged), str(po), str(pot)],
                capture_output=True, text=True)
            if result.returncode != 0:
                raise Failure(f'msgmerge {label} failed:\n{result.stderr.strip()}')
            translated, fuzzy, untranslated, stats = msgfmt_check(
                merged, f'{label} merged with the current template')

            messages = [m for m in parse_po(merged) if not m.header and not m.obsolete]
            fuzzy_msgs = [m for m in messages if m.fuzzy]
            untranslated_msgs = [m for m in messages if not m.fuzzy and m.untranslated]
            print(f'{label}: {stats} ({len(current)} messages in the template)')
            if fuzzy or untranslated or fuzzy_msgs or untranslated_msgs:
                lines = [f'{label}: {max(untranslated, len(untranslated_msgs))} untranslated, '
                         f'{max(fuzzy, len(fuzzy_msgs))} fuzzy of {len(messages)} messages']
                lines += ['  untranslated: ' + m.describe() for m in untranslated_msgs]
                lines += ['  fuzzy: ' + m.describe() for m in fuzzy_msgs]
                problems.append('\n'.join(lines))
    if problems:
        raise Failure('\n'.join(problems))


# --- POTFILES.in ------------------------------------------------------------

def marks_translatable(path):
    name = path.name
    if name.endswith(ALWAYS_TRANSLATABLE_SUFFIXES):
        return True
    if path.suffix in ('.c', '.h'):
        text = path.read_text(encoding='utf-8', errors='replace')
        return C_KEYWORD_RE.search(C_COMMENT_RE.sub(' ', text)) is not None
    if path.suffix == '.ui':
        text = path.read_text(encoding='utf-8', errors='replace')
        return UI_TRANSLATABLE_RE.search(text) is not None
    return False


def translatable_files(source_root):
    found = []
    for top in SCANNED_DIRS:
        for dirpath, dirnames, filenames in os.walk(source_root / top):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith('.'))
            for filename in sorted(filenames):
                if filename.startswith('.'):
                    continue
                path = Path(dirpath) / filename
                if marks_translatable(path):
                    found.append(path.relative_to(source_root).as_posix())
    return found


def check_potfiles(source_root):
    potfiles = source_root / 'po' / 'POTFILES.in'
    if not potfiles.is_file():
        raise Failure('po/POTFILES.in does not exist')
    entries = read_list_file(potfiles)
    listed = [name for _, name in entries]
    problems = []

    for number, name in entries:
        if not (source_root / name).is_file():
            problems.append(f'po/POTFILES.in:{number}: {name} does not exist')

    seen = set()
    for number, name in entries:
        if name in seen:
            problems.append(f'po/POTFILES.in:{number}: {name} is listed twice')
        seen.add(name)

    if listed != sorted(listed):
        expected = sorted(set(listed))
        problems.append('po/POTFILES.in is not sorted (LC_ALL=C sort order); expected:\n'
                        + '\n'.join('  ' + n for n in expected))

    missing = [n for n in translatable_files(source_root) if n not in seen]
    for name in missing:
        problems.append(f'{name} marks translatable strings but is not in po/POTFILES.in')

    print(f'po/POTFILES.in: {len(listed)} files listed')
    if problems:
        raise Failure('\n'.join(problems))


# --- LINGUAS ------------------------------------------------------------------

def check_linguas(source_root):
    po_dir = source_root / 'po'
    linguas = po_dir / 'LINGUAS'
    if not linguas.is_file():
        raise Failure('po/LINGUAS does not exist')
    problems = []
    codes = []
    for number, line in read_list_file(linguas):
        tokens = line.split()
        if len(tokens) != 1:
            problems.append(f'po/LINGUAS:{number}: one language code a line, found "{line}"')
            continue
        code = tokens[0]
        if not LANGUAGE_CODE_RE.match(code):
            problems.append(f'po/LINGUAS:{number}: "{code}" is not a language code like de or pt_BR')
        if code in codes:
            problems.append(f'po/LINGUAS:{number}: {code} is listed twice')
        codes.append(code)
        if not (po_dir / f'{code}.po').is_file():
            problems.append(f'po/LINGUAS:{number}: po/{code}.po does not exist')
    for po in sorted(po_dir.glob('*.po')):
        if po.stem not in codes:
            problems.append(f'po/{po.name} exists but {po.stem} is not in po/LINGUAS')
    if not codes:
        problems.append('po/LINGUAS lists no language')
    print(f'po/LINGUAS: {" ".join(codes)}')
    if problems:
        raise Failure('\n'.join(problems))


CHECKS = {
    'complete': check_complete,
    'potfiles': check_potfiles,
    'linguas': check_linguas,
    'xgettext': check_xgettext,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--source-root', required=True, type=Path)
    parser.add_argument('check', choices=sorted(CHECKS))
    args = parser.parse_args()
    try:
        CHECKS[args.check](args.source_root.resolve())
    except Failure as e:
        print(f'FAIL: {e}', file=sys.stderr)
        return 1
    print(f'{args.check}: ok')
    return 0


if __name__ == '__main__':
    sys.exit(main())
