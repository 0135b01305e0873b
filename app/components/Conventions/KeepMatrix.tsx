import { useLayoutEffect, useRef } from 'react';
import { paintKeepCells } from '../../../src/viz/keepCells';

/** One keep-matrix heatmap: T×T canvas pixels scaled up by CSS, rows = queries, columns = keys. */
export function KeepMatrix(props: {
  readonly title: string;
  readonly weight: Float32Array;
  readonly seqLen: number;
  /** Highlights the cells that differ from this matrix. */
  readonly intended?: Float32Array;
  readonly testId: string;
  readonly ariaLabel: string;
}) {
  const { weight, seqLen, intended } = props;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useLayoutEffect(() => {
    const ctx = canvasRef.current?.getContext('2d');
    if (ctx) paintKeepCells(ctx, weight, seqLen, intended);
  }, [weight, seqLen, intended]);
  return (
    <figure className="ms-conventions__matrix">
      <figcaption className="ms-conventions__matrix-title">{props.title}</figcaption>
      <div className="ms-conventions__axes">
        <span className="ms-conventions__axis-keys">keys →</span>
        <span className="ms-conventions__axis-queries">queries →</span>
        <canvas
          ref={canvasRef}
          width={seqLen}
          height={seqLen}
          className="ms-conventions__canvas"
          data-testid={props.testId}
          data-seq-len={seqLen}
          role="img"
          aria-label={props.ariaLabel}
        />
      </div>
    </figure>
  );
}
