import { line, schemeTableau10 } from 'd3';
import type { SweepSeries } from '../../../src/viz/sweepSeries';
import { NanBands } from './NanBands';
import { CHART, type PlacedPanel, type SweepLayout } from './sweepScales';
import { formatSweepTick } from './sweepFormat';

/** Colours of the modes (the app's swatches) and dashes: A solid, B dashed. */
const SLOT_STYLE = {
  a: { color: '#1b8a6b', dash: undefined },
  b: { color: '#d2691e', dash: '6 4' },
} as const;
const INK = '#1d2330';
const MUTED = '#5f6b7a';
const GRID = '#dde2e8';
const FONT = 'system-ui, -apple-system, "Segoe UI", sans-serif';

/** A series is coloured by mode, or by layer/[MASK]/kind where a panel holds several per mode. */
function colourOf(series: SweepSeries, isPerHue: boolean): string {
  return isPerHue ? (schemeTableau10[series.hue % 10] ?? INK) : SLOT_STYLE[series.slot].color;
}

/** Names the colours of a panel that colours by layer, [MASK] or kind: "L0 L1 L2 L3". */
function HueLegend({
  series,
  topPx,
}: {
  readonly series: readonly SweepSeries[];
  readonly topPx: number;
}) {
  const names = new Map<number, string>();
  for (const s of series) if (!names.has(s.hue)) names.set(s.hue, s.label.replace(/^[AB] /, ''));
  const entries = [...names];
  const slotPx = Math.min(120, 280 / Math.max(1, entries.length));
  const startPx = CHART.widthPx - CHART.rightPx - entries.length * slotPx;
  return (
    <g fontSize="10">
      {entries.map(([hue, name], i) => (
        <g key={hue}>
          <rect
            x={startPx + i * slotPx}
            y={topPx - 16}
            width="10"
            height="10"
            fill={schemeTableau10[hue % 10] ?? INK}
          />
          <text x={startPx + i * slotPx + 14} y={topPx - 7} fill={INK}>
            {name.length > 22 ? `${name.slice(0, 21)}…` : name}
          </text>
        </g>
      ))}
    </g>
  );
}

interface PanelProps {
  readonly placed: PlacedPanel;
  readonly layout: SweepLayout;
  readonly pads: readonly number[];
  readonly hidden: ReadonlySet<string>;
}

function Panel({ placed, layout, pads, hidden }: PanelProps) {
  const { panel, topPx, y } = placed;
  const { x } = layout;
  const bottomPx = topPx + CHART.panelPx;
  const isPerHue = new Set(panel.series.map((s) => s.hue)).size > 1;
  const path = line<number>()
    .defined((value) => Number.isFinite(value))
    .x((_, i) => x(pads[i] ?? 0))
    .y((value) => y(value));
  return (
    <g data-testid={`sweep-panel-${panel.id}`}>
      <text x={CHART.leftPx} y={topPx - 8} fill={INK} fontSize="13" fontWeight="600">
        {panel.title}
      </text>
      {isPerHue && <HueLegend series={panel.series} topPx={topPx} />}
      {y.ticks(4).map((tick) => (
        <g key={tick}>
          <line
            x1={CHART.leftPx}
            x2={CHART.widthPx - CHART.rightPx}
            y1={y(tick)}
            y2={y(tick)}
            stroke={GRID}
          />
          <text x={CHART.leftPx - 6} y={y(tick) + 4} fill={MUTED} fontSize="10" textAnchor="end">
            {formatSweepTick(tick, panel.unit)}
          </text>
        </g>
      ))}
      {x.ticks(8).map((tick) => (
        <text
          key={tick}
          x={x(tick)}
          y={bottomPx + 14}
          fill={MUTED}
          fontSize="10"
          textAnchor="middle"
        >
          {tick}
        </text>
      ))}
      <line
        x1={CHART.leftPx}
        x2={CHART.widthPx - CHART.rightPx}
        y1={bottomPx}
        y2={bottomPx}
        stroke={MUTED}
      />
      <text
        transform={`translate(14, ${topPx + CHART.panelPx / 2}) rotate(-90)`}
        fill={MUTED}
        fontSize="10"
        textAnchor="middle"
      >
        {panel.yLabel}
      </text>
      <NanBands
        panel={panel}
        pads={pads}
        x={x}
        topPx={topPx}
        hidden={hidden}
        colors={{ a: SLOT_STYLE.a.color, b: SLOT_STYLE.b.color }}
      />
      {panel.series
        .filter((s) => !hidden.has(s.slot))
        .map((s) => (
          <g key={s.id} data-series={s.id}>
            <path
              d={path([...s.values]) ?? ''}
              fill="none"
              stroke={colourOf(s, isPerHue)}
              strokeWidth="1.8"
              strokeDasharray={SLOT_STYLE[s.slot].dash}
            >
              <title>{s.label}</title>
            </path>
            {s.marks.map((mark) => {
              const value = s.values[mark.index] ?? NaN;
              const cy = Number.isFinite(value) ? y(value) : bottomPx;
              const cx = x(pads[mark.index] ?? 0);
              return (
                <g key={mark.index} data-testid="sweep-top-change">
                  <circle cx={cx} cy={cy} r="4" fill={colourOf(s, isPerHue)} stroke="#ffffff" />
                  <text x={cx + 5} y={cy - 6} fill={INK} fontSize="10">
                    {mark.label}
                  </text>
                </g>
              );
            })}
          </g>
        ))}
    </g>
  );
}

/** Props of the chart: the layout, the paddings, what is hidden and the hovered step. */
export interface SweepChartProps {
  readonly layout: SweepLayout;
  readonly pads: readonly number[];
  readonly title: string;
  readonly legend: { readonly a: string; readonly b: string | null };
  readonly hidden: ReadonlySet<string>;
  readonly hovered: number | null;
  readonly onHover: (index: number | null) => void;
  readonly onPick: (pads: number) => void;
}

/**
 * The sweep as one self-contained SVG (inline attributes only, text labels, a title): its
 * outerHTML is a standalone file. Each padding has a transparent column: hover reads it out,
 * a click (or Enter) shows that padding in the app.
 */
export function SweepChart(props: SweepChartProps) {
  const { layout, pads, title, legend, hidden, hovered } = props;
  const { x, heightPx } = layout;
  const edges = pads.map((n, i) => {
    const before = pads[i - 1];
    const after = pads[i + 1];
    const from = before === undefined ? CHART.leftPx : x((before + n) / 2);
    const to = after === undefined ? CHART.widthPx - CHART.rightPx : x((n + after) / 2);
    return { from, to };
  });
  const hoveredPads = hovered === null ? null : pads[hovered];
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      data-testid="sweep-chart"
      className="ms-sweep__chart"
      width={CHART.widthPx}
      height={heightPx}
      viewBox={`0 0 ${CHART.widthPx} ${heightPx}`}
      fontFamily={FONT}
      role="img"
      aria-label={title}
      onMouseLeave={() => props.onHover(null)}
    >
      <title>{title}</title>
      <rect width={CHART.widthPx} height={heightPx} fill="#ffffff" />
      <text x={CHART.leftPx} y={18} fill={INK} fontSize="14" fontWeight="700">
        {title}
      </text>
      <g fontSize="11">
        <line
          x1={CHART.leftPx}
          x2={CHART.leftPx + 24}
          y1={42}
          y2={42}
          stroke={SLOT_STYLE.a.color}
          strokeWidth="2"
        />
        <text x={CHART.leftPx + 30} y={46} fill={INK}>
          A: {legend.a}
        </text>
        {legend.b !== null && (
          <>
            <line
              x1={CHART.leftPx + 300}
              x2={CHART.leftPx + 324}
              y1={42}
              y2={42}
              stroke={SLOT_STYLE.b.color}
              strokeWidth="2"
              strokeDasharray={SLOT_STYLE.b.dash}
            />
            <text x={CHART.leftPx + 330} y={46} fill={INK}>
              B: {legend.b}
            </text>
          </>
        )}
      </g>
      {layout.panels.map((placed) => (
        <Panel key={placed.panel.id} placed={placed} layout={layout} pads={pads} hidden={hidden} />
      ))}
      <text
        x={(CHART.leftPx + CHART.widthPx - CHART.rightPx) / 2}
        y={heightPx - 6}
        fill={INK}
        fontSize="11"
        textAnchor="middle"
      >
        padding tokens added (pads)
      </text>
      {hoveredPads !== null && hoveredPads !== undefined && (
        <line
          data-testid="sweep-cursor"
          x1={x(hoveredPads)}
          x2={x(hoveredPads)}
          y1={CHART.headerPx - 4}
          y2={heightPx - CHART.footerPx}
          stroke={INK}
          strokeDasharray="2 3"
          pointerEvents="none"
        />
      )}
      {edges.map(({ from, to }, i) => (
        <rect
          key={pads[i]}
          data-testid="sweep-step"
          data-pads={pads[i]}
          x={from}
          y={CHART.headerPx - 4}
          width={Math.max(1, to - from)}
          height={heightPx - CHART.footerPx - CHART.headerPx + 4}
          fill="transparent"
          role="button"
          tabIndex={0}
          aria-label={`Show ${pads[i]} pads`}
          style={{ cursor: 'pointer' }}
          onMouseEnter={() => props.onHover(i)}
          onFocus={() => props.onHover(i)}
          onClick={() => props.onPick(pads[i] ?? 0)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' || event.key === ' ') props.onPick(pads[i] ?? 0);
          }}
        />
      ))}
    </svg>
  );
}
