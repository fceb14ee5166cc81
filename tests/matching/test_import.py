"""The matching package must load without the web stack (architecture, habit 5)."""

import subprocess
import sys


def test_import_loads_neither_flask_nor_sqlalchemy():
    code = (
        "import entraide.matching, sys; "
        "assert 'flask' not in sys.modules and 'sqlalchemy' not in sys.modules"
    )
    subprocess.run([sys.executable, "-W", "error", "-c", code], check=True)
