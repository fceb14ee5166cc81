"""Create the virtual environment, even where Debian's python3-venv (ensurepip) is missing.

``python3 -m venv`` needs ensurepip, which Debian ships separately. Without it we make the
environment ``--without-pip`` and install pip from its wheel on PyPI (the only place the
project downloads from).
"""

import json
import subprocess
import sys
import tempfile
import urllib.request
import venv
from pathlib import Path

MIN_PYTHON = (3, 11)


def main(target: str) -> int:
    if sys.version_info < MIN_PYTHON:
        print(f"Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} ou plus récent est nécessaire "
              f"(trouvé : {sys.version.split()[0]}).", file=sys.stderr)
        return 1
    path = Path(target)
    python = path / "bin" / "python"
    if python.exists():
        return 0
    try:
        venv.create(path, with_pip=True)
        return 0
    except (subprocess.CalledProcessError, OSError):
        print("ensurepip absent : installation de pip depuis PyPI…", file=sys.stderr)
    venv.create(path, with_pip=False, clear=True)
    with urllib.request.urlopen("https://pypi.org/pypi/pip/json", timeout=60) as response:  # noqa: S310
        release = json.load(response)
    wheel = next(f for f in release["urls"] if f["filename"].endswith(".whl"))
    with tempfile.TemporaryDirectory() as tmp:
        wheel_path = Path(tmp) / wheel["filename"]
        urllib.request.urlretrieve(wheel["url"], wheel_path)  # noqa: S310
        # A pip wheel can run itself to install pip into the environment.
        subprocess.run([str(python), f"{wheel_path}/pip", "install", "--quiet", str(wheel_path)],
                       check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else ".venv"))
