// The web app and the Node library build into their own folders: each build empties only its
// own, so `npm run build` no longer deletes the CLI that `npm run build:node` made.
import { isAbsolute, relative, resolve } from 'node:path';
import type { UserConfig } from 'vite';
import { describe, expect, it } from 'vitest';
import webConfig from '../../vite.config';
import nodeConfig from '../../vite.node.config';

function outDirOf(config: UserConfig): string {
  return resolve(config.build?.outDir ?? 'dist');
}

/** Whether `inner` is `outer` or lies inside it. */
function isWithin(inner: string, outer: string): boolean {
  const path = relative(outer, inner);
  return path === '' || (!path.startsWith('..') && !isAbsolute(path));
}

describe('build outputs', () => {
  it('the web build empties a folder that does not hold the Node build', () => {
    expect(isWithin(outDirOf(nodeConfig), outDirOf(webConfig))).toBe(false);
  });

  it('the Node build empties a folder that does not hold the web build', () => {
    expect(isWithin(outDirOf(webConfig), outDirOf(nodeConfig))).toBe(false);
  });
});
