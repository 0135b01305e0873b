"""Learn a WordPiece vocabulary from the train split (BPE-style merges over `##` pieces).

Like Hugging Face `tokenizers`' WordPiece trainer: words come from the basic tokenizer; each
word starts as characters, non-initial ones prefixed `##`; the most frequent adjacent pair
is merged repeatedly ("a" + "##b" -> "ab", "##a" + "##b" -> "##ab") until the vocabulary
reaches its target size. Pair counts are updated incrementally so 8k merges take seconds.
"""

from __future__ import annotations

import argparse
import collections
import heapq
from pathlib import Path

from training.data import DATA_DIR, load_sentences
from training.tokenizer import CONTINUATION, SPECIAL_TOKENS, basic_tokenize

Pair = tuple[str, str]


def count_words(texts: list[str]) -> collections.Counter[str]:
    """Frequency of every basic-tokenizer word."""
    counter: collections.Counter[str] = collections.Counter()
    for text in texts:
        counter.update(w for w in basic_tokenize(text) if w not in SPECIAL_TOKENS)
    return counter


def split_word(word: str) -> list[str]:
    """'cat' -> ['c', '##a', '##t']."""
    return [word[0]] + [CONTINUATION + ch for ch in word[1:]]


def merged(a: str, b: str) -> str:
    """'ab' from 'a' + '##b'; continuation prefix of b dropped."""
    return a + b[len(CONTINUATION):]


class PairCounts:
    """Pair frequencies with a lazy max-heap and, per pair, the words containing it."""

    def __init__(self, words: list[list[str]], freqs: list[int]) -> None:
        self.words, self.freqs = words, freqs
        self.count: collections.Counter[Pair] = collections.Counter()
        self.where: dict[Pair, set[int]] = collections.defaultdict(set)
        self.heap: list[tuple[int, Pair]] = []
        for i in range(len(words)):
            self._add(i, +1)

    def _add(self, i: int, sign: int) -> None:
        symbols, freq = self.words[i], self.freqs[i]
        for pair in zip(symbols, symbols[1:]):
            self.count[pair] += sign * freq
            if sign > 0:
                self.where[pair].add(i)
            if self.count[pair] > 0:  # the old heap entry is now stale; push the new count
                heapq.heappush(self.heap, (-self.count[pair], pair))

    def best(self) -> Pair | None:
        """Most frequent pair (ties broken by the pair's text), skipping stale heap entries."""
        while self.heap:
            negative, pair = heapq.heappop(self.heap)
            if self.count.get(pair, 0) == -negative and -negative > 0:
                return pair
        return None

    def merge(self, pair: Pair) -> str:
        """Replace `pair` everywhere and update the counts of the touched words."""
        new = merged(*pair)
        for i in list(self.where.pop(pair, ())):
            self._add(i, -1)
            symbols, out, j = self.words[i], [], 0
            while j < len(symbols):
                if j + 1 < len(symbols) and (symbols[j], symbols[j + 1]) == pair:
                    out.append(new)
                    j += 2
                else:
                    out.append(symbols[j])
                    j += 1
            self.words[i] = out
            self._add(i, +1)
        self.count.pop(pair, None)
        return new


def learn_vocab(counter: collections.Counter[str], size: int, min_char_count: int) -> list[str]:
    """Special tokens, the alphabet (chars seen >= min_char_count times), then merges."""
    items = sorted(counter.items())
    char_counts: collections.Counter[str] = collections.Counter()
    for word, freq in items:
        char_counts.update({s: freq for s in split_word(word)})
    alphabet = sorted(c for c, n in char_counts.items() if n >= min_char_count)
    vocab = list(SPECIAL_TOKENS) + alphabet
    known = set(vocab)
    pairs = PairCounts([split_word(w) for w, _ in items], [f for _, f in items])
    while len(vocab) < size:
        pair = pairs.best()
        if pair is None:
            break
        token = pairs.merge(pair)
        if token not in known:
            known.add(token)
            vocab.append(token)
    return vocab


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=8000)
    parser.add_argument("--min-char-count", type=int, default=2)
    parser.add_argument("--out", type=Path, default=DATA_DIR / "vocab.txt")
    args = parser.parse_args()
    texts = [s.text for s in load_sentences(split="train")]
    vocab = learn_vocab(count_words(texts), args.size, args.min_char_count)
    args.out.write_text("".join(t + "\n" for t in vocab), encoding="utf-8")
    print(f"wrote {len(vocab)} tokens to {args.out}")


if __name__ == "__main__":
    main()
