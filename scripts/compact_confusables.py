"""Write entraide/data/confusables.txt from Unicode's confusables.txt (UTS #39).

Usage: python scripts/compact_confusables.py PATH/TO/confusables.txt

Keeps the source -> prototype pairs only (hex code points, one pair a line), with the
original's date, version and terms of use in the header: about a tenth of the size.
"""

import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "entraide" / "data" / "confusables.txt"


def main(source: str) -> None:
    header, pairs = [], []
    for line in Path(source).read_text(encoding="utf-8-sig").splitlines():
        if line.startswith("#") and not pairs and len(header) < 12:
            header.append(line)
        data = line.split("#", 1)[0].strip()
        if not data:
            continue
        source_cp, prototype, _kind = (part.strip() for part in data.split(";"))
        pairs.append(f"{source_cp};{prototype}")
    text = "\n".join(
        [
            *header,
            "# Compacted by scripts/compact_confusables.py: source;prototype (hex code points).",
            *pairs,
        ]
    )
    TARGET.write_text(text + "\n", encoding="utf-8")
    print(f"{len(pairs)} pairs written to {TARGET}")


if __name__ == "__main__":
    main(sys.argv[1])
