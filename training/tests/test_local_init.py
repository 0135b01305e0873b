"""The positional initialisation: shifts are exact, and its heads attend to their offsets from step 0."""

from __future__ import annotations

import unittest

import torch

from training.local_init import LAYER_OFFSETS, POS_DIMS, frequencies, positional_init, shift, sinusoids
from training.model import BertConfig, BertForMaskedLM

DEFAULT = BertConfig(vocab_size=300)


class LocalInitTest(unittest.TestCase):
    def test_shift_maps_the_sinusoids_of_p_to_those_of_p_plus_offset(self) -> None:
        omega, positions = frequencies(), torch.arange(128)
        for offset in (-4, -1, 1, 3):
            with self.subTest(offset=offset):
                moved = sinusoids(positions, omega) @ shift(offset, omega).T
                self.assertLess(float((moved - sinusoids(positions + offset, omega)).abs().max()), 1e-4)

    def test_initialised_heads_put_most_weight_on_their_offset_key(self) -> None:
        torch.manual_seed(0)
        model = BertForMaskedLM(DEFAULT).eval()
        positional_init(model, layers=2)
        ids = torch.randint(5, DEFAULT.vocab_size, (3, 100))
        with torch.no_grad():
            attention = model(ids, torch.ones_like(ids), keep=True).attention  # (L, B, H, T, T)
        queries = torch.arange(8, 92)
        for layer in range(2):
            for head, offset in enumerate(LAYER_OFFSETS[layer]):
                with self.subTest(layer=layer, offset=offset):
                    mass = attention[layer, :, head, queries, queries + offset].mean()
                    self.assertGreater(float(mass), 0.8)
        # an uninitialised layer stays near uniform
        self.assertLess(float(attention[2].max()), 0.2)

    def test_the_position_subspace_is_reserved(self) -> None:
        model = BertForMaskedLM(DEFAULT)
        positional_init(model, layers=1)
        e = model.bert.embeddings
        self.assertEqual(float(e.word_embeddings.weight[:, :POS_DIMS].abs().max()), 0.0)
        self.assertEqual(float(e.position_embeddings.weight[:, POS_DIMS:].abs().max()), 0.0)

    def test_refuses_a_shape_it_cannot_initialise(self) -> None:
        with self.assertRaisesRegex(ValueError, "4 heads of 32"):
            positional_init(BertForMaskedLM(BertConfig(vocab_size=50, hidden_size=64)), layers=1)


if __name__ == "__main__":
    unittest.main()
