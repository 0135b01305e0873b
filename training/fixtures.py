"""Write `tests/fixtures/tokenizer-parity.json`: expected WordPiece ids (no [CLS]/[SEP]) of every
held-out test-split sentence, plus a few edge cases, for the TypeScript tokenizer's parity test.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from training.data import load_sentences
from training.export import MODEL_DIR, REPO_ROOT
from training.tokenizer import WordPieceTokenizer

PARITY_PATH = REPO_ROOT / "tests" / "fixtures" / "tokenizer-parity.json"

# Behaviours the Brown sentences never exercise: accents, CJK, control chars, literal specials,
# punctuation runs, words over 100 chars, non-breaking and other Unicode spaces.
EDGE_CASES = [
    "the doctor said that [MASK] would be fine .",
    "a[MASK]b [CLS]x[SEP] [mask] [PAD][UNK]",
    "Héllo, WÖRLD! Café naïve résumé São Paulo Ångström",
    "\u4e2d\u6587 mixed\u4e2dtext \u3042",
    "tab\tnew\nline\r\u00a0nbsp\u2003em-space",
    "control\x07chars\x00dropped\ufffd",
    "don't \u201ccurly\u201d \u2014 dash\u2026 \u00bfqu\u00e9? 1,000.50 $20 50% a/b (c) [d] {e}",
    "x" * 101,
    "x" * 100,
    "unaffable supercalifragilisticexpialidocious",
    "",
    "   ",
]


def parity_cases(tok: WordPieceTokenizer) -> list[dict[str, object]]:
    """One case per test-split sentence (corpus order), then the edge cases."""
    texts = [s.text for s in load_sentences(split="test")] + EDGE_CASES
    return [{"text": t, "ids": tok.encode(t)} for t in texts]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=PARITY_PATH)
    args = parser.parse_args()
    vocab = MODEL_DIR / "vocab.txt"
    tok = WordPieceTokenizer.from_file(vocab)
    doc = {"vocab": str(vocab.relative_to(REPO_ROOT)), "cases": parity_cases(tok)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    # one case per line: small diffs, still valid JSON
    lines = [json.dumps(c, ensure_ascii=False, separators=(",", ":")) for c in doc["cases"]]
    args.out.write_text('{"vocab":' + json.dumps(doc["vocab"]) + ',"cases":[\n' + ",\n".join(lines) + "\n]}\n",
                        encoding="utf-8")
    print(f"wrote {len(lines)} cases to {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
