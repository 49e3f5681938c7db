"""Cut the Taliban (1988 regime) section out of the UN Security Council Consolidated List.

Why an extract and not the whole file: the package needs only the 135 TAi individuals and 5 TAe
entities; the full list is 2.2 MB of some 1,000 records of other regimes that nothing here reads.
Every byte of the extract is copied from the original, in the original order: the XML declaration
and the root tag (with its ``dateGenerated``), each Taliban ``<INDIVIDUAL>``/``<ENTITY>`` element
exactly as it stands (indentation and line ends included), and the section tags between them. So
the extract is reproducible: run this script on the original (whose SHA-256 is checked first) and
you get the vendored file's bytes again; ``data/un/PROVENANCE.md`` records both hashes.

Usage: python tools/extract_un_taliban.py ORIGINAL.xml [OUT.xml]
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

ORIGINAL_SHA256 = "1f1b3bfe29a53e7ac7c42ee4e58d6a7d1ebdf7c5e91fd990d3e63aefe0313dea"
OUT = Path(__file__).resolve().parents[1] / "data" / "un" / "consolidated-2026-05-08-taliban.xml"

# One record = its whole element, from the indentation of the opening tag to the closing tag's
# line end. The list never nests INDIVIDUAL inside INDIVIDUAL, so a lazy match is exact.
RECORD = {
    tag: re.compile(rb"[ \t]*<" + tag + rb">.*?</" + tag + rb">\r?\n", re.S)
    for tag in (b"INDIVIDUAL", b"ENTITY")
}
REF = re.compile(rb"<REFERENCE_NUMBER>\s*(\w+)\.\d+\s*</REFERENCE_NUMBER>")
TALIBAN_PREFIX = {b"INDIVIDUAL": b"TAi", b"ENTITY": b"TAe"}


def _section(raw: bytes, name: bytes) -> tuple[bytes, bytes, bytes]:
    """(opening tag line, body, closing tag line) of ``<INDIVIDUALS>`` or ``<ENTITIES>``."""
    m = re.search(rb"([ \t]*<" + name + rb">\r?\n)(.*?)([ \t]*</" + name + rb">\r?\n)", raw, re.S)
    if m is None:
        raise SystemExit(f"no <{name.decode()}> section in the input")
    return m.group(1), m.group(2), m.group(3)


def extract(raw: bytes, check_sha256: str | None = ORIGINAL_SHA256) -> bytes:
    """The Taliban records of ``raw`` (the whole list) wrapped in the original's own tags."""
    if check_sha256 is not None and hashlib.sha256(raw).hexdigest() != check_sha256:
        raise SystemExit("the input is not the 2026-05-08 list (SHA-256 differs)")
    head_end = raw.index(b"<INDIVIDUALS>")
    head = raw[: raw.rindex(b"\n", 0, head_end) + 1]  # declaration + root tag, byte for byte
    out = [head]
    for section, tag in ((b"INDIVIDUALS", b"INDIVIDUAL"), (b"ENTITIES", b"ENTITY")):
        open_line, body, close_line = _section(raw, section)
        out.append(open_line)
        for m in RECORD[tag].finditer(body):
            ref = REF.search(m.group(0))
            if ref is not None and ref.group(1) == TALIBAN_PREFIX[tag]:
                out.append(m.group(0))
        out.append(close_line)
    tail = raw[raw.rindex(b"</CONSOLIDATED_LIST>") :]
    out.append(tail)
    return b"".join(out)


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__)
        return 2
    out = Path(argv[2]) if len(argv) > 2 else OUT
    data = extract(Path(argv[1]).read_bytes())
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(f"{out}: {len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
