import { useAppState } from '../../store/useAppState';
import { Segmented } from '../Heatmap/Segmented';
import type { Source } from '../../store/tensorsSlice';

const OPTIONS = [
  { value: 'model', label: 'Built-in model' },
  { value: 'tensors', label: 'Your tensors' },
  { value: 'onnx', label: 'Your model' },
] as const;

/**
 * Chooses what the page shows: the built-in model's runs, attention your own code dumped, or
 * the taps of your own ONNX export.
 */
export function SourceSwitch() {
  const source = useAppState((s) => s.source);
  const setSource = useAppState((s) => s.setSource);
  return (
    <Segmented<Source>
      options={[...OPTIONS]}
      value={source}
      onChange={setSource}
      ariaLabel="What to look at"
      testId="source"
    />
  );
}
