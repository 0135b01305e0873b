import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAppStore, type AppStore } from '../../app/store/appState';
import { DEFAULT_PADDING } from '../../app/store/inputSlice';
import { selectBannerMessages } from '../../app/store/statusSelectors';
import { syncUrl } from '../../app/store/urlSync';
import { parseConfigText } from '../../src/checkpoint/configJson';
import { parseVocab } from '../../src/tokenizer/vocab';
import { finishSyntheticRun } from './helpers/syntheticRun';

const TINY = 'tests/golden/tiny';

/** A page at `/?<search>` whose history records the URLs written. */
function pageAt(search: string): { location: Location; history: History; urls: string[] } {
  const location = { pathname: '/', search, hash: '' } as Location;
  const urls: string[] = [];
  const history = {
    state: null,
    replaceState: (_state: unknown, _title: string, url: string) => {
      urls.push(url);
      location.search = url.slice(1);
    },
  } as unknown as History;
  return { location, history, urls };
}

function loadTiny(store: AppStore): void {
  const config = parseConfigText(readFileSync(`${TINY}/config.json`, 'utf8'), 'config.json');
  const vocab = parseVocab(readFileSync(`${TINY}/vocab.txt`, 'utf8'), 'vocab.txt');
  const loadId = store.getState().beginRequest('load');
  store
    .getState()
    .settleRequest('load', loadId, { source: TINY, config, vocabTokens: vocab.tokens });
}

describe('URL sync', () => {
  it('opens a fresh link with padding, so the first screen tells the two modes apart', () => {
    const store = createAppStore();
    syncUrl(store, pageAt('').location, pageAt('').history);
    expect(store.getState().paddingLength).toBe(DEFAULT_PADDING);
    expect(DEFAULT_PADDING).toBeGreaterThan(0);
  });

  it.each([
    ['pad=-5', 'pad=0', /Padding -5 is below 0, so 0 pads are used/],
    ['pad=99999', 'pad=55', /Padding 99999 does not fit: .* so 55 pads are used/],
  ])(
    'runs %s clamped, says so in the banner and writes %s to the URL',
    async (query, written, notice) => {
      const store = createAppStore();
      const page = pageAt(`?s=the+cat+sat+on+the+%5BMASK%5D+.&${query}`);
      syncUrl(store, page.location, page.history);
      loadTiny(store);
      await Promise.resolve(); // the URL is written at the end of the task that changed the store
      expect(page.urls.at(-1)).toBe(`/?s=the+cat+sat+on+the+%5BMASK%5D+.&${written}`);
      expect(selectBannerMessages(store.getState())).toEqual([
        { severity: 'warning', text: expect.stringMatching(notice) as string },
      ]);
    },
  );

  it('drops a value cut mid-character from the URL at once and says so', () => {
    const store = createAppStore();
    const page = pageAt('?s=the+doctor+%E4%BD&pad=4');
    syncUrl(store, page.location, page.history);
    expect(page.urls).toEqual(['/?pad=4']);
    expect(store.getState().linkNotice).toMatch(/"s" value is not valid percent-encoded UTF-8/);
    expect(selectBannerMessages(store.getState())).toEqual([
      { severity: 'warning', text: store.getState().linkNotice },
    ]);
  });

  it('writes the URL once at the end of a task that changed the store several times', async () => {
    const store = createAppStore();
    const page = pageAt('');
    syncUrl(store, page.location, page.history);
    loadTiny(store);
    await Promise.resolve();
    const before = page.urls.length;
    store.getState().setPaddingLength(3);
    store.getState().setPaddingSide('left');
    store.getState().setPaddingLength(4);
    expect(page.urls).toHaveLength(before); // nothing yet: the run an edit starts goes first
    await Promise.resolve();
    expect(page.urls.slice(before)).toEqual(['/?pad=4&side=left']);
  });

  it.each([
    ['?backend=xyz', '/', /backend "xyz" is not one of .*chosen automatically/],
    ['?layer=x&head=7', '/?head=7', /layer "x" is not a whole number from 0 to 255/],
    ['?s=%', '/?s=%25', /"s" value has a "%" that starts no escape/],
  ])('names the bad value of %s in the banner and writes %s', (query, written, notice) => {
    const store = createAppStore();
    const page = pageAt(query);
    syncUrl(store, page.location, page.history);
    expect(page.urls).toEqual([written]);
    expect(selectBannerMessages(store.getState())).toEqual([
      { severity: 'warning', text: expect.stringMatching(notice) as string },
    ]);
  });

  it("says a linked head past the model's layers and heads is clamped, and writes the one shown", async () => {
    const store = createAppStore();
    const page = pageAt('?layer=99&head=1');
    syncUrl(store, page.location, page.history);
    loadTiny(store);
    finishSyntheticRun(store, 2, 2);
    await Promise.resolve();
    expect(page.urls.at(-1)).toBe('/?layer=1&head=1');
    expect(selectBannerMessages(store.getState())).toEqual([
      {
        severity: 'warning',
        text: 'Layer 99, head 1 is not in this model (layers 0–1, heads 0–1), so layer 1, head 1 is shown.',
      },
    ]);
  });
});
