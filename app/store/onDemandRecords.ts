/**
 * Answers of the checks the user starts with a button (the pooling audit, the taint test): each
 * keeps the input key it answers, so the panel can say when the input has moved on.
 */
import type { PoolingAudit, PoolingRequest } from '../../src/analysis/poolingRun';
import { modeKey, type ModeSpec } from '../../src/masks/modeSpec';
import type { TaintReport, TaintRequest } from '../../src/analysis/taintRun';
import type { Taint } from '../../src/model/encoderIo';
import type { Request } from './requestSlice';

/** A finished pooling audit and the input it answers. */
export interface PoolingRecord {
  /** Model, sentence, padding and modes, as `poolingKeyOf` spells them. */
  readonly key: string;
  readonly audit: PoolingAudit;
}

/** One mode of the taint table and how it is named. */
export interface TaintMode {
  readonly id: string;
  readonly title: string;
  readonly spec: ModeSpec;
}

/** A finished taint test: its modes (rows), poisons (columns) and outcomes. */
export interface TaintRecord {
  /** Model, sentence, padding, site and modes, as the panel spells them. */
  readonly key: string;
  readonly rows: readonly TaintMode[];
  readonly taints: readonly Taint[];
  readonly report: TaintReport;
}

/** The answer on show (only once its request is done) and whether it answers another input. */
export function answerOf<Result extends { readonly key: string }>(
  request: Request<Result>,
  key: string | null,
): { readonly value: Result | null; readonly isStale: boolean } {
  return request.phase === 'done' && request.result !== null
    ? { value: request.result, isStale: request.result.key !== key }
    : { value: null, isStale: false };
}

/** The input a pooling audit answers, as a key: model, sentence, padding and both modes. */
export function poolingKeyOf(modelSource: string, request: PoolingRequest): string {
  const { ids, paddingLength, modeA, modeB } = request;
  return [modelSource, ids.join(','), paddingLength, modeKey(modeA), modeKey(modeB)].join('|');
}

/** The input a taint test answers, as a key: model, sentence, padding, site and modes. */
export function taintKeyOf(
  modelSource: string,
  request: Pick<TaintRequest, 'ids' | 'paddingLength' | 'side'>,
  at: Taint['at'],
  modes: readonly ModeSpec[],
): string {
  const { ids, paddingLength, side } = request;
  return [modelSource, ids.join(','), paddingLength, side, at, ...modes.map(modeKey)].join('|');
}
