import { TaintCheck } from '../Taint/TaintCheck';
import { PoolingAuditor } from './PoolingAuditor';

/** The on-demand checks of the sentence vector and of padding isolation, in one card. */
export function PoolingPanel() {
  return (
    <section className="ms-card ms-card--pooling" aria-label="Pooling and taint checks">
      <PoolingAuditor />
      <TaintCheck />
    </section>
  );
}
