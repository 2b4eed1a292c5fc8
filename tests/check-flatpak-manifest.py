#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the Flatpak manifest against the meson project ('lint' suite).

  check-flatpak-manifest.py --app-id ID --command NAME MANIFEST

The sandbox is part of the product: Resonanz talks to the networks, shows a
window and keeps its data in its own directories. It needs no access to the
user's files, and its secrets go to the keyring through the Secret portal
(libsecret does that by itself inside a Flatpak), so the manifest must not
open the host's files or talk to the host's keyring directly.
"""

import argparse
import json
import sys

# Exactly these; widening the sandbox is a decision, made here on purpose.
EXPECTED_FINISH_ARGS = [
    '--share=network',
    '--share=ipc',
    '--socket=wayland',
    '--socket=fallback-x11',
    '--device=dri',
]
RUNTIME = 'org.gnome.Platform'
SDK = 'org.gnome.Sdk'


def check(manifest, app_id, command):
    problems = []

    ids = {key: manifest[key] for key in ('id', 'app-id') if key in manifest}
    if not ids:
        problems.append('no "id" (or "app-id")')
    for key, value in ids.items():
        if value != app_id:
            problems.append(f'"{key}" is "{value}", but meson\'s app ID for the '
                            f'default profile is "{app_id}"')

    if manifest.get('command') != command:
        problems.append(f'"command" is "{manifest.get("command")}", but the '
                        f'executable is "{command}"')
    if manifest.get('runtime') != RUNTIME:
        problems.append(f'"runtime" must be {RUNTIME}')
    if manifest.get('sdk') != SDK:
        problems.append(f'"sdk" must be {SDK}')
    if not isinstance(manifest.get('runtime-version'), str):
        problems.append('"runtime-version" must be a string such as "49"')

    finish_args = manifest.get('finish-args', [])
    for arg in finish_args:
        if arg.startswith('--filesystem'):
            problems.append(f'finish-arg {arg}: Resonanz needs no access to '
                            'the host\'s files (use a file chooser portal)')
        elif arg.startswith(('--persist', '--nofilesystem')):
            problems.append(f'finish-arg {arg}: Resonanz keeps its data in its '
                            'own directories, not in the home folder')
        elif arg.startswith(('--talk-name=org.freedesktop.Flatpak',
                             '--talk-name=org.freedesktop.portal.Flatpak')):
            problems.append(f'finish-arg {arg} lets the app run commands '
                            'outside the sandbox')
        elif arg.startswith('--talk-name=org.freedesktop.secrets'):
            problems.append(f'finish-arg {arg}: secrets go through the Secret '
                            'portal, not the host\'s keyring directly')
        elif arg.startswith(('--socket=x11', '--socket=session-bus',
                             '--socket=system-bus', '--device=all')):
            problems.append(f'finish-arg {arg} opens the sandbox too wide')
    if sorted(finish_args) != sorted(EXPECTED_FINISH_ARGS) or \
            len(set(finish_args)) != len(finish_args):
        problems.append('finish-args must be exactly '
                        + ' '.join(EXPECTED_FINISH_ARGS)
                        + '; found ' + (' '.join(finish_args) or 'none'))

    # finish-args are not the only way in: the metadata a module writes
    # and build-options' env can grant filesystem access too.
    for module in manifest.get('modules', []):
        if not isinstance(module, dict):
            continue
        text = json.dumps(module)
        for grant in ('--filesystem', 'filesystems=', '--persist'):
            if grant in text:
                problems.append(f'module "{module.get("name")}" mentions {grant}: '
                                'Resonanz needs no access to the host\'s files')

    modules = [m for m in manifest.get('modules', []) if isinstance(m, dict)]
    if not modules:
        problems.append('no modules')
    else:
        # flatpak-builder builds modules in order: the app comes last.
        app = modules[-1]
        if app.get('buildsystem') != 'meson':
            problems.append(f'the app module "{app.get("name")}" must use '
                            f'"buildsystem": "meson", not {app.get("buildsystem")}')
        sources = app.get('sources', [])
        if not any(isinstance(s, dict) and s.get('type') == 'dir' and s.get('path')
                   for s in sources):
            problems.append(f'the app module "{app.get("name")}" must build the '
                            'local checkout: a source {"type": "dir", "path": ".."}')
        opts = app.get('config-opts', [])
        if any(o.replace(' ', '') in ('-Dprofile=development', '--profile=development')
               for o in opts):
            problems.append('config-opts select the development profile, whose '
                            f'app ID is not {app_id}')

    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--app-id', required=True)
    parser.add_argument('--command', required=True)
    parser.add_argument('manifest')
    args = parser.parse_args()

    try:
        with open(args.manifest, encoding='utf-8') as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        print(f'FAIL: cannot read {args.manifest}: {e}', file=sys.stderr)
        return 1
    if not isinstance(manifest, dict):
        print(f'FAIL: {args.manifest} is not a JSON object', file=sys.stderr)
        return 1

    problems = check(manifest, args.app_id, args.command)
    if problems:
        print(f'FAIL: {args.manifest}:', file=sys.stderr)
        for p in problems:
            print(f'  {p}', file=sys.stderr)
        return 1
    print(f'{args.manifest}: ok ({args.app_id}, {args.command}, '
          f'{manifest.get("runtime")}//{manifest.get("runtime-version")})')
    return 0


if __name__ == '__main__':
    sys.exit(main())
