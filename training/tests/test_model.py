"""The PyTorch BERT masks padding keys correctly, batches never train on padding, I/O round-trips."""

from __future__ import annotations

import tempfile
import unittest
from pathlib import Path

import numpy as np
import torch

from training.batches import Corpus, make_batch, window
from training.model import BertConfig, BertForMaskedLM
from training.safetensors_io import read_safetensors, write_safetensors
from training.tokenizer import PAD, SPECIAL_TOKENS, WordPieceTokenizer

SMALL = BertConfig(vocab_size=50, hidden_size=16, num_hidden_layers=2, num_attention_heads=2,
                   intermediate_size=32, max_position_embeddings=32)
REAL_TOKENS = 7
PADS = 9


def padded_logits(model: BertForMaskedLM, mode: str, pads: int) -> torch.Tensor:
    ids = torch.cat([torch.arange(5, 5 + REAL_TOKENS), torch.zeros(pads, dtype=torch.int64)])[None]
    mask = (torch.arange(REAL_TOKENS + pads) < REAL_TOKENS).long()[None]
    return model(ids, mask, mode=mode).logits[:REAL_TOKENS]


class MaskTest(unittest.TestCase):
    def setUp(self) -> None:
        torch.manual_seed(0)
        self.model = BertForMaskedLM(SMALL).eval()

    def test_correct_key_mask_keeps_real_token_logits_identical_under_padding(self) -> None:
        diff = (padded_logits(self.model, "key", 0) - padded_logits(self.model, "key", PADS)).abs().max()
        self.assertLess(float(diff), 1e-5)

    def test_no_mask_and_query_mask_let_padding_change_real_logits(self) -> None:
        for mode in ("none", "query"):
            with self.subTest(mode=mode):
                diff = (padded_logits(self.model, mode, 0) - padded_logits(self.model, mode, PADS)).abs().max()
                self.assertGreater(float(diff), 1e-4)  # random init: small but far above fp32 noise

    def test_key_mask_gives_padding_columns_zero_weight_and_rows_sum_to_one(self) -> None:
        ids = torch.tensor([[5, 6, 7, 0, 0]])
        mask = torch.tensor([[1, 1, 1, 0, 0]])
        attention = self.model(ids, mask, keep=True).attention  # (L, B, H, T, T)
        self.assertEqual(float(attention[..., :3, 3:].abs().max()), 0.0)
        self.assertLess(float((attention.sum(-1) - 1).abs().max()), 1e-6)

    def test_state_dict_keys_are_hugging_face_bert_for_masked_lm_names(self) -> None:
        keys = set(self.model.state_dict())
        self.assertIn("bert.encoder.layer.1.attention.self.query.weight", keys)
        self.assertIn("bert.encoder.layer.0.attention.output.LayerNorm.bias", keys)
        self.assertIn("cls.predictions.transform.LayerNorm.weight", keys)
        self.assertIn("cls.predictions.bias", keys)
        self.assertNotIn("cls.predictions.decoder.weight", keys)  # tied to the word embeddings
        self.assertEqual(len(keys), 5 + 16 * SMALL.num_hidden_layers + 5)


class BatchTest(unittest.TestCase):
    def test_selected_tokens_are_never_padding_and_batches_repeat_per_step(self) -> None:
        tok = WordPieceTokenizer([*SPECIAL_TOKENS, *"abcdefghij"])
        corpus = Corpus.build({"d1": ["a b c d e f g h"] * 6, "d2": ["i j a b"] * 9}, tok)
        first = make_batch(corpus, tok, np.random.default_rng([1, 7]), 16, 32, 0.5)
        again = make_batch(corpus, tok, np.random.default_rng([1, 7]), 16, 32, 0.5)
        self.assertTrue(torch.equal(first.ids, again.ids))
        self.assertTrue(bool(first.mask.reshape(-1)[first.rows].all()))
        self.assertNotIn(tok.special_id(PAD), first.targets.tolist())
        self.assertLess(int(first.mask.sum(1).min()), first.ids.shape[1])  # some rows padded

    def test_packed_windows_fill_every_row_unless_a_document_ends(self) -> None:
        tok = WordPieceTokenizer([*SPECIAL_TOKENS, *"abcdefghij"])
        corpus = Corpus.build({"long": ["a b c d e f g h"] * 40}, tok)
        batch = make_batch(corpus, tok, np.random.default_rng([3, 1]), 16, 32, 0.0, pack=True)
        full = batch.mask.sum(1) == batch.ids.shape[1]
        ends_near_doc_end = ~full  # only windows that start within 30 pieces of the end are short
        self.assertEqual(batch.ids.shape[1], 32)
        self.assertGreaterEqual(int(full.sum()), 10)
        self.assertLessEqual(int(ends_near_doc_end.sum()), 6)

    def test_streamed_windows_never_pad_and_run_on_into_the_next_document(self) -> None:
        tok = WordPieceTokenizer([*SPECIAL_TOKENS, *"abcdefghij"])
        corpus = Corpus.build({"d1": ["a b c"] * 3, "d2": ["d e f g"] * 2, "d3": ["h i j"]}, tok)
        for step in range(20):  # the corpus holds 20 pieces: every window of 30 wraps around it
            batch = make_batch(corpus, tok, np.random.default_rng([5, step]), 4, 32, 0.0, stream=True)
            self.assertEqual(tuple(batch.ids.shape), (4, 32))
            self.assertTrue(bool(batch.mask.all()))
            body = window(corpus, np.random.default_rng([6, step]), 30, stream=True).tolist()
            self.assertEqual(len(body), 30)
            for piece in "adh":  # each document's first piece: every 30-piece window crosses them all
                self.assertIn(tok.ids[piece], body)


class AccuracyTest(unittest.TestCase):
    def test_a_nan_logit_row_is_a_miss_even_where_topk_would_pick_the_target(self) -> None:
        from training.evaluate_common import Example, accuracy

        e = Example("x", np.array([2, 7, 8, 3]), np.array([2, 4, 4, 3]), np.array([1, 2]))
        logits = torch.full((2, 10), -1.0)
        logits[0, 7] = 5.0  # right
        logits[1, :] = float("nan")  # torch.topk ranks NaN first; index 8 could come out on top
        logits[1, 8] = float("nan")
        result = accuracy([e], [logits])
        self.assertEqual(result["top1"], 0.5)
        self.assertEqual(result["top5"], 0.5)


class SafetensorsTest(unittest.TestCase):
    def test_round_trip_keeps_names_shapes_values_and_aligns_the_header(self) -> None:
        tensors = {"b": np.arange(6, dtype=np.float32).reshape(2, 3), "a": np.array([1.5], dtype=np.float16)}
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "t.safetensors"
            write_safetensors(path, tensors)
            back = read_safetensors(path)
            header_len = int.from_bytes(path.read_bytes()[:8], "little")
        self.assertEqual(header_len % 8, 0)
        self.assertEqual(set(back), {"a", "b"})
        np.testing.assert_array_equal(back["b"], tensors["b"])
        self.assertEqual(back["a"].dtype, np.float16)


if __name__ == "__main__":
    unittest.main()
