"""The hostile corpus: files that must never crash, hang or bloat a shared chemviz server.

Each entry is a file a student might upload, by malice or by accident, with
what must happen to it (``Expect``): a file-level message, or exact counts of
records read, molecules used and records rejected. The small files are
committed beside this script (run ``python tests/data/hostile/generate.py``
to rewrite them); the large ones (megabytes, or bombs that expand to a
gigabyte) are written on demand by :func:`write_large` into a folder the tests
choose, so the repository stays small.
"""

from __future__ import annotations

import gzip
import zlib
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
# A benign pair to travel with the hostile records, so "the rest still reads" is checked too.
GOOD = "CCO ethanol\nc1ccccc1O phenol\n"


@dataclass(frozen=True)
class Expect:
    """What reading a file must give.

    Attributes
    ----------
    error : str
        A regular expression the file-level error must match; "" when the file reads.
    total, used, rejected : int
        Records read, molecules used, records rejected (duplicates included).
    reason : str
        A regular expression that some rejection reason must match ("" for none).
    note : str
        A regular expression that some note of the report must match ("" for none).
    seconds : float
        How long the report may take, at most, on a 2-core machine (a hang bound
        for the end-to-end test, never a benchmark).
    """

    error: str = ""
    total: int = 0
    used: int = 0
    rejected: int = 0
    reason: str = ""
    note: str = ""
    seconds: float = 30.0


def _acene(rings: int) -> str:
    """A linear acene of ``rings`` fused benzene rings, as a Kekulé SMILES (4·rings + 2 atoms)."""
    # Built from RDKit's output for small acenes: a ladder whose rungs close rings.
    from rdkit import Chem

    mol = Chem.RWMol()
    top = [mol.AddAtom(Chem.Atom(6)) for _ in range(2 * rings + 1)]
    bottom = [mol.AddAtom(Chem.Atom(6)) for _ in range(2 * rings + 1)]
    for i in range(2 * rings):
        mol.AddBond(top[i], top[i + 1], Chem.BondType.SINGLE)
        mol.AddBond(bottom[i], bottom[i + 1], Chem.BondType.SINGLE)
    for i in range(0, 2 * rings + 1, 2):
        mol.AddBond(top[i], bottom[i], Chem.BondType.SINGLE)
    out = mol.GetMol()
    Chem.SanitizeMol(out)
    return Chem.MolToSmiles(out)


def _v3000_chain(n_atoms: int, title: str) -> str:
    """An MDL V3000 mol block of an n-carbon chain (V2000 cannot hold more than 999 atoms)."""
    atoms = "".join(f"M  V30 {i + 1} C {1.5 * i:.4f} 0.0 0.0 0\n" for i in range(n_atoms))
    bonds = "".join(f"M  V30 {i + 1} 1 {i + 1} {i + 2}\n" for i in range(n_atoms - 1))
    return (
        f"{title}\n  chemviz\n\n  0  0  0  0  0  0  0  0  0  0999 V3000\n"
        f"M  V30 BEGIN CTAB\nM  V30 COUNTS {n_atoms} {n_atoms - 1} 0 0 0\n"
        f"M  V30 BEGIN ATOM\n{atoms}M  V30 END ATOM\nM  V30 BEGIN BOND\n{bonds}"
        "M  V30 END BOND\nM  V30 END CTAB\nM  END\n"
    )


ETHANOL_BLOCK = """ethanol
     RDKit          2D

  3  2  0  0  0  0  0  0  0  0999 V2000
    0.0000    0.0000    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
    1.2990    0.7500    0.0000 C   0  0  0  0  0  0  0  0  0  0  0  0
    2.5981   -0.0000    0.0000 O   0  0  0  0  0  0  0  0  0  0  0  0
  1  2  1  0
  2  3  1  0
M  END
"""

V3000_BLOCK = """methanol
     RDKit          2D

  0  0  0  0  0  0  0  0  0  0999 V3000
M  V30 BEGIN CTAB
M  V30 COUNTS 2 1 0 0 0
M  V30 BEGIN ATOM
M  V30 1 C 0.0 0.0 0.0 0
M  V30 2 O 1.3 0.75 0.0 0
M  V30 END ATOM
M  V30 BEGIN BOND
M  V30 1 1 1 2
M  V30 END BOND
M  V30 END CTAB
M  END
"""


def _sdf(blocks_and_tags: list[tuple[str, dict[str, str]]], newline: str = "\n") -> bytes:
    records = []
    for block, tags in blocks_and_tags:
        data = "".join(f"> <{k}>\n{v}\n\n" for k, v in tags.items())
        records.append(f"{block}{data}$$$$\n")
    return "".join(records).replace("\n", newline).encode()


def small_files() -> dict[str, tuple[bytes, Expect]]:
    """The committed files: name → (content, what must happen)."""
    five = "".join(f"{s} m{i}\n" for i, s in enumerate(["C", "CC", "CCC", "CCCC", "CCCCC"]))
    sdf5 = [(ETHANOL_BLOCK.replace("ethanol", f"record{i}"), {"logS": str(i)}) for i in range(5)]
    markup = (
        "name,smiles,<b>logS</b> [x](http://example.invalid/h) $\\alpha$\n"
        '"**bold** [link](http://example.invalid/a) ![img](http://example.invalid/i.png)",CCO,1\n'
        '":red[red] $x^2$ <script>alert(1)</script> <img src=http://example.invalid/x.png>",'
        "c1ccccc1O,2\n"
        '"http://example.invalid/auto-link _under_ `code` \\\\(y\\\\)",CCN,3\n'
    )
    return {
        "chain_20000.smi": (
            ("C" * 20_000 + " long-chain\n" + GOOD).encode(),
            Expect(total=3, used=2, rejected=1, reason="20,000 characters", seconds=30),
        ),
        "chain_1000.smi": (
            ("C" * 1000 + " chain-1000\n" + GOOD).encode(),
            Expect(
                total=3,
                used=2,
                rejected=1,
                reason="1,000 heavy atoms: this app models small molecules",
            ),
        ),
        "macrocycle_1000.smi": (
            ("C1" + "C" * 998 + "C1 ring-1000\n" + GOOD).encode(),
            Expect(total=3, used=2, rejected=1, reason="1,000 heavy atoms"),
        ),
        "acene_2000.smi": (
            (_acene(500) + " acene-500-rings\n" + GOOD).encode(),
            Expect(total=3, used=2, rejected=1, reason="7,372 characters"),
        ),
        "acene_600.smi": (
            (_acene(150) + " acene-150-rings\n" + GOOD).encode(),
            Expect(total=3, used=2, rejected=1, reason="602 heavy atoms"),
        ),
        "big_but_allowed.smi": (
            (_acene(110) + " acene-110\n" + "C" * 480 + " chain-480\n" + GOOD).encode(),
            Expect(total=4, used=4, rejected=0),
        ),
        "nul_bytes.csv": (
            b"name,smiles,logS\nethanol,CCO,1\nbro\x00ken,CC\x00C,2\nphenol,c1ccccc1O,3\n",
            Expect(total=3, used=2, rejected=1, reason="NUL byte"),
        ),
        "cr_only.csv": (
            b"name,smiles,logS\rethanol,CCO,1\rphenol,c1ccccc1O,2\rbenzene,c1ccccc1,3\r",
            Expect(total=3, used=3, rejected=0, note="carriage return"),
        ),
        "cr_only.smi": (five.replace("\n", "\r").encode(), Expect(total=5, used=5, rejected=0)),
        "mixed_endings.smi": (
            b"C a\r\nCC b\nCCC c\rCCCC d\r\nCCCCC e\n",
            Expect(total=5, used=5, rejected=0),
        ),
        "cr_only.sdf": (
            _sdf(sdf5, newline="\r"),
            Expect(total=5, used=1, rejected=4, reason="duplicate"),
        ),
        "crlf.sdf": (
            _sdf(sdf5, newline="\r\n"),
            Expect(total=5, used=1, rejected=4, reason="duplicate"),
        ),
        "bom_in_the_middle.csv": (
            "\ufeffname,smiles\nethanol,CCO\n".encode() + "\ufeffphenol,c1ccccc1O\n".encode(),
            Expect(total=2, used=2, rejected=0, note="byte-order mark"),
        ),
        "utf16_no_bom.csv": (
            "name,smiles,logS\nethanol,CCO,1\nphenol,c1ccccc1O,2\n".encode("utf-16-le"),
            Expect(
                total=2, used=2, rejected=0, note="UTF-16 \\(little-endian, no byte-order mark\\)"
            ),
        ),
        "gbk_names.csv": (
            "name,smiles\n乙醇,CCO\n苯酚,c1ccccc1O\n甲苯,Cc1ccccc1\n".encode("gbk"),
            Expect(total=3, used=3, rejected=0, note="Chinese, Japanese or Korean"),
        ),
        "unclosed_quote.csv": (
            b'name,smiles,logS\nethanol,CCO,1\n"phenol,c1ccccc1O,2\nbenzene,c1ccccc1,3\n',
            Expect(total=2, used=1, rejected=1, reason="quote opened on line 3"),
        ),
        "long_field.csv": (
            b"name,smiles\nethanol,CCO\n" + b"x" * 150_000 + b",CC\n",
            Expect(error="Line 3 .* longer than 100,000 characters"),
        ),
        "v3000.sdf": (
            _sdf([(V3000_BLOCK, {"logS": "1"}), (ETHANOL_BLOCK, {"logS": "2"})]),
            Expect(total=2, used=2, rejected=0),
        ),
        "huge_record.sdf": (
            _sdf(
                [(_v3000_chain(2000, "chain-2000"), {"logS": "1"}), (ETHANOL_BLOCK, {"logS": "2"})]
            ),
            Expect(total=2, used=1, rejected=1, reason="2,000 heavy atoms"),
        ),
        "markup_names.csv": (markup.encode(), Expect(total=3, used=3, rejected=0)),
        "markup_tags.sdf": (
            _sdf(
                [
                    (
                        ETHANOL_BLOCK.replace("ethanol", "**bold** $x$ <b>t</b>"),
                        {"<i>tag</i> [a](http://example.invalid/t)": "1", "$\\beta$": "2"},
                    )
                ]
            ),
            Expect(total=1, used=1, rejected=0),
        ),
        "smiles_only.smi": (
            GOOD.encode() + b"CCN ethylamine\nCCCl chloroethane\n",
            Expect(total=4, used=4, rejected=0),
        ),
        "truncated.csv.gz": (
            gzip.compress(b"name,smiles\nethanol,CCO\n" * 50, mtime=0)[:-6],
            Expect(error="damaged or cut short"),
        ),
        "million_lines.smi.gz": (
            gzip.compress(b"C\n" * 1_000_000, compresslevel=9, mtime=0),
            Expect(error="more than 20,000 records"),
        ),
    }


def _deflate_bomb(expanded_bytes: int) -> bytes:
    """A gzip file of ``expanded_bytes`` zeros, compressed a megabyte at a time."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: a gzip header and trailer
    block = bytes(1 << 20)
    parts = [compressor.compress(block) for _ in range(expanded_bytes >> 20)]
    return b"".join(parts) + compressor.flush()


def write_large(folder: Path) -> dict[str, tuple[Path, Expect]]:
    """Write the large files into ``folder``: name → (path, what must happen)."""
    folder.mkdir(parents=True, exist_ok=True)
    made = {
        # One gigabyte of zeros in about one megabyte.
        "bomb_1gb.csv.gz": (_deflate_bomb(1 << 30), Expect(error="expands to more than 50 MB")),
        # 25 million lines in 50 KB: under the expanded limit, far over the records cap.
        "lines_25m.smi.gz": (
            gzip.compress(b"C\n" * 25_000_000, compresslevel=9, mtime=0),
            Expect(error="more than 20,000 records"),
        ),
        # A million rows just under the 20 MB upload limit (18 MB).
        "rows_1m.csv": (
            b"smiles,value\n" + b"CCCCCCCCCCCCCCC,1\n" * 1_000_000,
            Expect(error="more than 20,000 records"),
        ),
    }
    out = {}
    for name, (data, expect) in made.items():
        path = folder / name
        if not path.exists() or path.stat().st_size != len(data):
            path.write_bytes(data)
        out[name] = (path, expect)
    return out


PASTED_60_MB = Expect(error="The pasted text has 60 million characters; the limit is 50 MB")


def pasted_60_mb() -> str:
    """60 MB of pasted SMILES (what a student gets by pasting a whole file)."""
    return "CCO\n" * 15_000_000


def main() -> None:
    for name, (data, _) in small_files().items():
        (HERE / name).write_bytes(data)
    print(f"wrote {len(small_files())} files to {HERE}")


if __name__ == "__main__":
    main()
