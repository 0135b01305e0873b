// The options "Your tensors" checks a dump with when nothing is chosen: everything found from
// the data, the mask from the files, the first padded item drawn.
import type { TensorCheckOptions } from '../../../app/protocol/engineProtocol';

/** The page's default tensor check options. */
export const DEFAULT_TENSOR_OPTIONS: TensorCheckOptions = {
  layout: 'auto',
  convention: 'auto',
  mask: { kind: 'found' },
  framework: 'pytorch',
  tokens: null,
  item: null,
};
