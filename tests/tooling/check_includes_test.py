#!/usr/bin/env python3
"""Tests tools/check-includes.py on small temporary trees that use the real host/README.md table,
so a table edit that the checker cannot read fails here too."""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHECKER = os.path.join(REPO, "tools", "check-includes.py")


class CheckIncludesTest(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="check-includes-")
        self.addCleanup(shutil.rmtree, self.root)
        os.makedirs(os.path.join(self.root, "host"))
        shutil.copy(os.path.join(REPO, "host", "README.md"), os.path.join(self.root, "host"))

    def write(self, path, *includes):
        full = os.path.join(self.root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8") as source:
            source.write("#pragma once\n")
            for include in includes:
                source.write(f"#include {include}\n")

    def run_checker(self):
        result = subprocess.run([sys.executable, CHECKER, self.root], capture_output=True,
                                text=True, check=False)
        return result.returncode, result.stdout.splitlines()

    def test_allowed_includes_pass(self):
        self.write("host/http/Router.hpp", '"host/schema/Schema.hpp"', "<string>")
        self.write("host/schema/Schema.hpp", '"host/config/Config.hpp"', '"orchestra/abi.h"')
        self.write("host/config/Config.hpp")
        self.write("host/auth/http/AuthMiddleware.hpp", '"host/auth/Tokens.hpp"',
                   '"host/http/Router.hpp"')
        self.write("host/auth/Tokens.hpp")
        self.write("plugins/nodes/src/Node.cpp", '"orchestra/sdk/NodeType.hpp"', '"Node.hpp"')
        self.write("plugins/nodes/src/Node.hpp")
        self.assertEqual(self.run_checker(), (0, []))

    def test_each_forbidden_include_is_one_line(self):
        self.write("host/api/HealthApi.hpp", '"host/http/Router.hpp"', '"host/app/Readiness.hpp"')
        self.write("host/http/Router.hpp")
        self.write("host/app/Readiness.hpp", '"host/api/HealthApi.hpp"')
        self.write("host/auth/Tokens.hpp", '"host/auth/http/AuthMiddleware.hpp"')
        self.write("host/auth/http/AuthMiddleware.hpp")
        self.write("host/ws/Hub.cpp", '"host/auth/http/AuthMiddleware.hpp"')
        self.write("host/workflows/Service.hpp", '"host/secrets/Vault.hpp"')
        self.write("host/secrets/Vault.hpp")
        self.write("host/text/Escape.hpp", '"../config/Config.hpp"')
        self.write("host/config/Config.hpp")
        self.assertEqual(self.run_checker(), (1, [
            "host/api/HealthApi.hpp:3: api/ may not include app/ (host/app/Readiness.hpp)",
            "host/auth/Tokens.hpp:2: auth/ may not include auth/http/ "
            "(host/auth/http/AuthMiddleware.hpp)",
            "host/text/Escape.hpp:2: text/ may not include config/ (host/config/Config.hpp)",
            "host/workflows/Service.hpp:2: workflows/ may not include secrets/ "
            "(host/secrets/Vault.hpp)",
            "host/ws/Hub.cpp:2: ws/ may not include auth/http/ (host/auth/http/AuthMiddleware.hpp)",
        ]))

    def test_unknown_folder_asks_for_a_row_in_the_table(self):
        self.write("host/misc/Helpers.hpp")
        self.write("host/http/Router.hpp", '"host/util/Strings.hpp"')
        code, lines = self.run_checker()
        self.assertEqual(code, 1)
        self.assertEqual(lines, [
            "host/http/Router.hpp:2: host/util/Strings.hpp is in no folder of the table in "
            "host/README.md; add its folder to host/README.md",
            "host/misc/Helpers.hpp:1: host/misc/ is not a folder of the table in host/README.md; "
            "add it to host/README.md",
        ])

    def test_plugins_and_sdk_may_not_include_the_host(self):
        self.write("plugins/nodes/src/Node.cpp", "<host/plugins/HostApi.hpp>")
        self.write("sdk/include/orchestra/sdk/Json.hpp", '"host/schema/JsonValue.hpp"')
        self.assertEqual(self.run_checker()[1], [
            "plugins/nodes/src/Node.cpp:2: plugins/ may not include host/ "
            "(host/plugins/HostApi.hpp); in-tree plugins use only the SDK (orchestra/...)",
            "sdk/include/orchestra/sdk/Json.hpp:2: sdk/ may not include host/ "
            "(host/schema/JsonValue.hpp); the SDK is installed without the host",
        ])

    def test_a_row_naming_a_folder_above_it_is_a_table_error(self):
        with open(os.path.join(self.root, "host", "README.md"), "w", encoding="utf-8") as readme:
            readme.write("| folder | holds | may include |\n|---|---|---|\n"
                         "| `high/` | x | nothing |\n| `low/` | y | `high/` |\n")
        result = subprocess.run([sys.executable, CHECKER, self.root], capture_output=True,
                                text=True, check=False)
        self.assertEqual(result.returncode, 2)
        self.assertIn("low may include only folders of rows below it, not high", result.stderr)


if __name__ == "__main__":
    unittest.main()
