"""BERT uncased tokenizer: basic tokenizer + greedy longest-match WordPiece.

Follows Hugging Face `BertTokenizer(do_lower_case=True)` (itself Google's `tokenization.py`):
clean text (drop control chars, map whitespace to ' '), space out CJK ideographs, split on
whitespace, keep special tokens typed literally, lowercase + strip accents (NFD, drop Mn),
split punctuation, then WordPiece each word (`##` continuations, > 100 chars -> [UNK]).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

PAD, UNK, CLS, SEP, MASK = "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"
SPECIAL_TOKENS = (PAD, UNK, CLS, SEP, MASK)
MAX_WORD_CHARS = 100
CONTINUATION = "##"
SPECIAL_SPLIT = re.compile("(" + "|".join(re.escape(t) for t in SPECIAL_TOKENS) + ")")


def is_whitespace(ch: str) -> bool:
    """Space, tab, newline, CR, or Unicode category Zs."""
    return ch in " \t\n\r" or unicodedata.category(ch) == "Zs"


def is_control(ch: str) -> bool:
    """Unicode C* except tab/newline/CR (those count as whitespace)."""
    if ch in "\t\n\r":
        return False
    return unicodedata.category(ch).startswith("C")


def is_punctuation(ch: str) -> bool:
    """ASCII non-alphanumerics 33-47, 58-64, 91-96, 123-126, plus Unicode P*."""
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def is_cjk(cp: int) -> bool:
    """CJK Unified Ideographs blocks, as in BERT's `_is_chinese_char`."""
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF
            or 0x2A700 <= cp <= 0x2B73F or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF
            or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


def clean_text(text: str) -> str:
    """Drop NUL, U+FFFD and control chars; map every whitespace char to ' '; space out CJK."""
    out = []
    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD or is_control(ch):
            continue
        if is_whitespace(ch):
            out.append(" ")
        elif is_cjk(cp):
            out.append(f" {ch} ")
        else:
            out.append(ch)
    return "".join(out)


def strip_accents(text: str) -> str:
    """NFD, then drop combining marks (category Mn)."""
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")


def split_punctuation(word: str) -> list[str]:
    """'don't!' -> ['don', "'", 't', '!']: every punctuation char is its own piece."""
    pieces: list[str] = []
    current = ""
    for ch in word:
        if is_punctuation(ch):
            if current:
                pieces.append(current)
            pieces.append(ch)
            current = ""
        else:
            current += ch
    if current:
        pieces.append(current)
    return pieces


def basic_tokenize(text: str, never_split: frozenset[str] = frozenset(SPECIAL_TOKENS)) -> list[str]:
    """Lowercased, accent-stripped words and punctuation; special tokens kept whole."""
    words: list[str] = []
    for word in clean_text(text).split():
        if word in never_split:
            words.append(word)
            continue
        words.extend(split_punctuation(strip_accents(word.lower())))
    return words


@dataclass
class WordPieceTokenizer:
    """Greedy longest-match-first WordPiece over a fixed vocabulary (line number = id)."""

    tokens: list[str]
    ids: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        self.ids = {token: i for i, token in enumerate(self.tokens)}

    @classmethod
    def from_file(cls, path: Path) -> "WordPieceTokenizer":
        """Read a BERT `vocab.txt` (one token per line)."""
        return cls(path.read_text(encoding="utf-8").split("\n")[:-1])

    def special_id(self, token: str) -> int:
        """Id of a special token, failing loudly if the vocabulary lacks it."""
        return self.ids[token]

    def word_pieces(self, word: str) -> list[str]:
        """Pieces of one basic-tokenizer word, or [UNK] if any part cannot be matched."""
        if len(word) > MAX_WORD_CHARS:
            return [UNK]
        pieces, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else CONTINUATION + word[start:end]
                if piece in self.ids:
                    break
                end -= 1
            if end == start:
                return [UNK]
            pieces.append(piece)
            start = end
        return pieces

    def tokenize(self, text: str) -> list[str]:
        """All pieces of `text`, without [CLS]/[SEP]; special tokens typed literally stay whole."""
        pieces: list[str] = []
        for chunk in SPECIAL_SPLIT.split(text):  # like HF's added-token split, even without spaces
            if chunk in SPECIAL_TOKENS:
                pieces.append(chunk)
            else:
                pieces.extend(p for w in basic_tokenize(chunk) for p in self.word_pieces(w))
        return pieces

    def encode(self, text: str, add_special_tokens: bool = False) -> list[int]:
        """Ids of `text`; with `add_special_tokens`, wrapped in [CLS] … [SEP]."""
        ids = [self.ids[p] for p in self.tokenize(text)]
        if add_special_tokens:
            ids = [self.ids[CLS], *ids, self.ids[SEP]]
        return ids
