#!/usr/bin/env python3
"""Checks the include graph of host/, plugins/ and sdk/ against the table in host/README.md.

    tools/check-includes.py [REPO_ROOT]      (default: the repository this script lives in)

The rules live in one place, host/README.md's table, so the documentation and this check cannot
disagree. Prints one line per violation, `file:line: message`, and exits 1 when there is any
(2 when the table itself cannot be read). Tests (tests/) may include anything and are not read.
"""

import os
import re
import sys

SOURCE_SUFFIXES = (".cpp", ".hpp", ".h", ".c", ".ipp", ".inc")
INCLUDE_LINE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
BACKTICKED = re.compile(r"`([^`]+)`")


class TableError(Exception):
    """host/README.md has no usable folder table; the message says what is wrong."""


def folder_name(cell_entry):
    """`app/` -> 'app', `auth/http/` -> 'auth/http', `main.cpp` -> 'main.cpp'."""
    return cell_entry.strip().rstrip("/")


def read_rules(readme_path):
    """Returns {folder: set of folders it may include}, from the table's first and last columns.

    The last column is either backticked folder names, "everything below" (every folder of the
    rows below) or "nothing". Rows are ordered top to bottom, so a folder naming one above itself
    would allow a cycle: that is a table error too.
    """
    try:
        with open(readme_path, encoding="utf-8") as readme:
            lines = readme.read().splitlines()
    except OSError as error:
        raise TableError(f"cannot read {readme_path}: {error.strerror}") from error
    rows = []
    for line in lines:
        if not line.startswith("| `"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        folders = [folder_name(name) for name in BACKTICKED.findall(cells[0])]
        rows.append((folders, cells[-1]))
    if not rows:
        raise TableError(f"{readme_path}: no folder table (rows starting with '| `')")

    rules = {}
    for index, (folders, allowed_cell) in enumerate(rows):
        below = {name for later, _ in rows[index + 1 :] for name in later}
        if allowed_cell.startswith("everything below"):
            allowed = below
        elif allowed_cell.startswith("nothing"):
            allowed = set()
        else:
            allowed = {folder_name(name) for name in BACKTICKED.findall(allowed_cell)}
            upward = sorted(allowed - below)
            if upward:
                raise TableError(
                    f"{readme_path}: {', '.join(folders)} may include only folders of rows below "
                    f"it, not {', '.join(upward)}")
        for folder in folders:
            rules[folder] = allowed
    return rules


def owning_folder(host_relative_path, folders):
    """The table folder a path under host/ belongs to: its longest matching row ('auth/http'
    for auth/http/X.hpp, 'store' for store/sqlite/X.hpp), or None when no row covers it."""
    parts = host_relative_path.split("/")
    for length in range(len(parts), 0, -1):
        candidate = "/".join(parts[:length])
        if candidate in folders:
            return candidate
    return None


def source_files(root, top):
    """Every C/C++ source and header under root/top, as repository-relative paths, sorted."""
    found = []
    for directory, subdirectories, files in os.walk(os.path.join(root, top)):
        subdirectories.sort()
        for name in files:
            if name.endswith(SOURCE_SUFFIXES):
                found.append(os.path.relpath(os.path.join(directory, name), root))
    return sorted(found)


def includes_of(root, path):
    """(line number, quoted-or-angle, included path) of every #include in the file; a quoted
    include found next to the file is returned as its repository-relative path, so a relative
    `"../app/X.hpp"` cannot slip past the check."""
    with open(os.path.join(root, path), encoding="utf-8", errors="replace") as source:
        for number, line in enumerate(source, start=1):
            match = INCLUDE_LINE.match(line)
            if not match:
                continue
            delimiter, included = match.groups()
            if delimiter == '"':
                beside = os.path.normpath(os.path.join(os.path.dirname(path), included))
                if os.path.isfile(os.path.join(root, beside)) and not beside.startswith(".."):
                    included = beside
            yield number, included


def check_host(root, rules):
    violations = []
    unknown_reported = set()
    for path in source_files(root, "host"):
        inside = path[len("host/") :]
        folder = owning_folder(inside, rules)
        if folder is None:
            top = inside.split("/")[0]
            if top not in unknown_reported:
                unknown_reported.add(top)
                violations.append(f"{path}:1: host/{top}/ is not a folder of the table in "
                                  f"host/README.md; add it to host/README.md")
            continue
        for number, included in includes_of(root, path):
            if not included.startswith("host/"):
                continue
            target = owning_folder(included[len("host/") :], rules)
            if target is None:
                violations.append(f"{path}:{number}: {included} is in no folder of the table in "
                                  f"host/README.md; add its folder to host/README.md")
            elif target != folder and target not in rules[folder]:
                violations.append(
                    f"{path}:{number}: {display(folder)} may not include {display(target)} "
                    f"({included})")
    return violations


def display(folder):
    return folder if folder.endswith(".cpp") else folder + "/"


def check_outside_host(root, top, forbidden, why):
    """plugins/ and sdk/: no include of a forbidden top-level folder of the repository."""
    violations = []
    for path in source_files(root, top):
        for number, included in includes_of(root, path):
            first = included.split("/")[0]
            if first in forbidden:
                violations.append(f"{path}:{number}: {top}/ may not include {first}/ ({included}); "
                                  f"{why}")
    return violations


def main(argv):
    root = argv[1] if len(argv) > 1 else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    try:
        rules = read_rules(os.path.join(root, "host", "README.md"))
    except TableError as error:
        print(f"check-includes: {error}", file=sys.stderr)
        return 2
    violations = check_host(root, rules)
    violations += check_outside_host(root, "plugins", {"host", "tests"},
                                     "in-tree plugins use only the SDK (orchestra/...)")
    violations += check_outside_host(root, "sdk", {"host", "plugins", "tests"},
                                     "the SDK is installed without the host")
    for violation in violations:
        print(violation)
    if violations:
        print(f"check-includes: {len(violations)} include(s) break the rules of host/README.md",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
