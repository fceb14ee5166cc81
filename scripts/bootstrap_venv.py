"""Create the virtual environment, even where Debian's python3-venv (ensurepip) is missing.

``python3 -m venv`` needs ensurepip, which Debian ships separately. Without it we make the
environment ``--without-pip`` and install pip from its wheel on PyPI (the only place the
project downloads from).
"""

import hashlib
import json

# Runs the freshly downloaded pip with an argument list, never a shell.
import subprocess  # nosec B404
import sys
import tempfile
import urllib.parse
import urllib.request
import venv
from pathlib import Path

MIN_PYTHON = (3, 11)
PIP_RELEASE = "https://pypi.org/pypi/pip/json"


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
    # Fixed https address (urlopen would also accept file:, hence bandit's B310).
    with urllib.request.urlopen(PIP_RELEASE, timeout=60) as response:  # noqa: S310 # nosec B310
        release = json.load(response)
    wheel = next(f for f in release["urls"] if f["filename"].endswith(".whl"))
    # A mirror may answer with addresses relative to the JSON's.
    wheel_url = urllib.parse.urljoin(PIP_RELEASE, wheel["url"])
    if not wheel_url.startswith("https://"):
        print(f"Adresse inattendue pour pip : {wheel_url}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        wheel_path = Path(tmp) / Path(wheel["filename"]).name
        # Checked just above: an https address given by PyPI, whose digest is verified below.
        urllib.request.urlretrieve(wheel_url, wheel_path)  # noqa: S310 # nosec B310
        if hashlib.sha256(wheel_path.read_bytes()).hexdigest() != wheel["digests"]["sha256"]:
            print("La somme de contrôle de pip ne correspond pas.", file=sys.stderr)
            return 1
        # A pip wheel can run itself to install pip into the environment (our venv's
        # python, arguments built here, no shell).
        subprocess.run(  # noqa: S603 # nosec B603
            [str(python), f"{wheel_path}/pip", "install", "--quiet", str(wheel_path)], check=True
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else ".venv"))
