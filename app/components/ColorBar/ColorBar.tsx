import { useLayoutEffect, useMemo, useRef } from 'react';
import { cssColor, paletteRgba } from '../../../src/viz/colormaps';
import { colorBarTicks, type ColorScale } from '../../../src/viz/colorScale';
import { paintColorRamp, type RampDirection } from '../../../src/viz/paintCells';
import './ColorBar.css';

/** Props of the colour legend for a heatmap's scale. */
export interface ColorBarProps {
  readonly scale: ColorScale;
  /** What the colours measure, e.g. "weight under A" or "A − B". */
  readonly title: string;
  /** Length of the ramp in CSS pixels. */
  readonly lengthPx?: number;
  readonly direction?: RampDirection;
  readonly testId?: string;
}

/** A colour ramp with tick labels, plus swatches for exact zero and NaN. */
export function ColorBar({
  scale,
  title,
  lengthPx = 200,
  direction = 'vertical',
  testId = 'colorbar',
}: ColorBarProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const ticks = useMemo(() => colorBarTicks(scale), [scale]);
  const isVertical = direction === 'vertical';
  const { size, zeroIndex, nanIndex } = scale.palette;

  useLayoutEffect(() => {
    const ctx = canvasRef.current?.getContext('2d');
    if (ctx) paintColorRamp(ctx, scale, direction);
  }, [scale, direction]);

  return (
    <figure
      className={`ms-colorbar ms-colorbar--${direction}`}
      data-testid={testId}
      data-scale={scale.kind}
      data-palette={scale.palette.kind}
    >
      <figcaption className="ms-colorbar__title">
        {title} · {scale.kind}
      </figcaption>
      <div
        className="ms-colorbar__ramp"
        style={isVertical ? { height: lengthPx } : { width: lengthPx }}
      >
        <canvas
          ref={canvasRef}
          width={isVertical ? 1 : size}
          height={isVertical ? size : 1}
          className="ms-colorbar__canvas"
        />
        {ticks.map((tick) => (
          <span
            key={tick.label}
            className="ms-colorbar__tick"
            style={
              isVertical
                ? { bottom: `${tick.fraction * 100}%` }
                : { left: `${tick.fraction * 100}%` }
            }
          >
            {tick.label}
          </span>
        ))}
      </div>
      <div className="ms-colorbar__swatches">
        <Swatch color={cssColor(paletteRgba(scale.palette, zeroIndex))} label="exactly 0" />
        <Swatch color={cssColor(paletteRgba(scale.palette, nanIndex))} label="NaN" />
        <Swatch color="var(--ms-padding-mark, #e8590c)" label="padding" />
      </div>
    </figure>
  );
}

function Swatch({ color, label }: { color: string; label: string }) {
  return (
    <span className="ms-colorbar__swatch">
      <span className="ms-colorbar__chip" style={{ background: color }} />
      {label}
    </span>
  );
}
