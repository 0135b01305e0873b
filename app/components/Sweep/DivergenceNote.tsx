import { selectRunTitles } from '../../store/resultSelectors';
import { selectDivergenceNote } from '../../store/sweepSelectors';
import { useAppState } from '../../store/useAppState';

/** Where each mode first departs from the unpadded run: the layer to look at and the first leaking head. */
export function DivergenceNote() {
  const titles = useAppState(selectRunTitles);
  const a = useAppState((s) => selectDivergenceNote(s, 'a'));
  const b = useAppState((s) => selectDivergenceNote(s, 'b'));
  if (a === null || b === null) return null;
  const rows = [
    { slot: 'a', title: titles.a, note: a },
    { slot: 'b', title: titles.b, note: b },
  ] as const;
  return (
    <section className="ms-divergence" data-testid="divergence" aria-label="Where it starts">
      <h3>Where it starts</h3>
      <ul>
        {rows.map((row) => (
          <li key={row.slot} data-testid={`divergence-${row.slot}`}>
            <span className={`ms-swatch ms-swatch--${row.slot}`} aria-hidden="true" /> {row.title}:{' '}
            {row.note}
          </li>
        ))}
      </ul>
    </section>
  );
}
