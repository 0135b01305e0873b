/**
 * Thrown when the encoder cannot be built from a checkpoint (missing or misshapen weight)
 * or when a forward is called with an invalid input. The message names the field or tensor.
 */
export class EncoderError extends Error {
  override readonly name = 'EncoderError';
}
