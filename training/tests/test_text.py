"""Data preparation, tokenizer and vocabulary learner behave like BERT's reference code."""

from __future__ import annotations

import collections
import unittest

from training.data import SPLIT_PERIOD, detokenise, split_of, strip_tag
from training.tokenizer import SPECIAL_TOKENS, WordPieceTokenizer, basic_tokenize
from training.vocab import count_words, learn_vocab

TOY_VOCAB = [*SPECIAL_TOKENS, "un", "##aff", "##able", "the", "cat", "##s", "a", "##b", ",", "!", "'", "t", "don"]


class DetokeniseTest(unittest.TestCase):
    def test_corpus_quotes_become_double_quotes_and_punctuation_attaches(self) -> None:
        words = ["``", "Only", "a", "handful", "''", ",", "the", "jury", "said", "(", "twice", ")", "."]
        self.assertEqual(detokenise(words), '"Only a handful", the jury said (twice).')

    def test_a_sentence_final_abbreviation_keeps_one_period(self) -> None:
        self.assertEqual(detokenise(["Ivan", "Allen", "Jr.", "."]), "Ivan Allen Jr.")

    def test_tags_are_stripped_from_the_last_slash(self) -> None:
        self.assertEqual(strip_tag("1/2/cd"), "1/2")
        self.assertEqual(strip_tag("Atlanta's/np$"), "Atlanta's")

    def test_one_document_in_twenty_goes_to_each_held_out_split(self) -> None:
        splits = collections.Counter(split_of(i) for i in range(SPLIT_PERIOD * 25))
        self.assertEqual(splits, {"train": 450, "validation": 25, "test": 25})


class TokenizerTest(unittest.TestCase):
    tok = WordPieceTokenizer(TOY_VOCAB)

    def test_basic_tokenizer_cases(self) -> None:
        table = [
            ("Hello, World!", ["hello", ",", "world", "!"]),
            ("Héllo naïve ÅNGSTRÖM", ["hello", "naive", "angstrom"]),
            ("a\u4e2d\u6587b", ["a", "\u4e2d", "\u6587", "b"]),
            ("x\x07y\x00z\ufffd", ["xyz"]),
            ("tab\tnl\n\u00a0nb", ["tab", "nl", "nb"]),
            ("don't", ["don", "'", "t"]),
            ("\u201cq\u201d \u2014", ["\u201c", "q", "\u201d", "\u2014"]),
        ]
        for text, expected in table:
            with self.subTest(text=text):
                self.assertEqual(basic_tokenize(text), expected)

    def test_wordpiece_is_greedy_longest_match_first(self) -> None:
        self.assertEqual(self.tok.tokenize("unaffable cats"), ["un", "##aff", "##able", "cat", "##s"])

    def test_an_unmatchable_word_becomes_a_single_unk(self) -> None:
        self.assertEqual(self.tok.tokenize("catz the"), ["[UNK]", "the"])

    def test_words_over_100_chars_become_unk(self) -> None:
        self.assertEqual(self.tok.tokenize("a" + "##b"[2:] * 99), ["a", *["##b"] * 99])
        self.assertEqual(self.tok.tokenize("a" + "b" * 100), ["[UNK]"])

    def test_special_tokens_typed_literally_stay_whole_even_without_spaces(self) -> None:
        self.assertEqual(self.tok.tokenize("the[MASK]cat [mask]"), ["the", "[MASK]", "cat", "[UNK]", "[UNK]", "[UNK]"])

    def test_encode_wraps_in_cls_and_sep_only_when_asked(self) -> None:
        self.assertEqual(self.tok.encode("the"), [8])
        self.assertEqual(self.tok.encode("the", add_special_tokens=True), [2, 8, 3])


class VocabLearnerTest(unittest.TestCase):
    def test_specials_come_first_with_pad_zero_then_alphabet_then_merges(self) -> None:
        vocab = learn_vocab(count_words(["low lower lowest", "low low newer newest"] * 5), 40, 1)
        self.assertEqual(vocab[: len(SPECIAL_TOKENS)], list(SPECIAL_TOKENS))
        self.assertEqual(vocab[0], "[PAD]")
        self.assertIn("low", vocab)
        self.assertEqual(len(vocab), len(set(vocab)))

    def test_every_training_word_is_tokenisable_with_the_learned_vocab(self) -> None:
        texts = ["The quick brown fox, jumping!", "over the lazy dogs' backs"]
        tok = WordPieceTokenizer(learn_vocab(count_words(texts), 60, 1))
        self.assertNotIn("[UNK]", tok.tokenize(" ".join(texts)))


if __name__ == "__main__":
    unittest.main()
