// The unit tests Stryker runs against each mutant (npm run mutate): per mutated folder
// (MUTATE_REPORT=diagnostics|dump|masks|conventions), the tests that exercise it without
// running a model forward (those take minutes per mutant on two cores); all of them otherwise.
// Property tests run at most 20 cases each here (helpers/mutateSetup.ts).
import { defineConfig } from 'vitest/config';

const TESTS_BY_FOLDER: Readonly<Record<string, readonly string[]>> = {
  diagnostics: [
    'diagnostics',
    'measureAttention',
    'diagnosticsDrift',
    'divergence',
    'verdict',
    'pooling',
    'sideMeasurements',
    'dumpVerdicts',
    'dumpFixtures',
    'taint',
    'vizAttention',
    'diagnosticsFormat',
    'diagnosticsDims',
    'diagnosticsBounds',
    'diagnosticsDriftEdges',
  ],
  dump: [
    'dumpFixtures',
    'dumpJsonLabels',
    'dumpProperties',
    'dumpReaders',
    'dumpVerdicts',
    'dumpVerdictAgreement',
    'dumpHostileZip',
    'exportRunJson',
    'exportGolden',
    'dumpShapeFixtures',
    'dumpShapes',
    'checkTensorsShapes',
    'exportRun',
    'honestVerdicts',
    'safetensorsReference',
    'shapeRunJson',
    'onnxTapViews',
    'tensorsSession',
    'statusSource',
    'vizRectangles',
    'cliConvention',
    'cliConventionHostile',
    'exportCsv',
    'exportSvg',
    'dumpReadersNpy',
    'dumpReadersZip',
    'dumpReadersFormats',
    'dumpReadersCheck',
    'dumpVerdictOutcome',
    'dumpVerdictDecode',
    'dumpVerdictWords',
    'dumpVerdictScores',
    'dumpVerdictCompare',
    'dumpVerdictSelect',
    'dumpVerdictShapes',
    'dumpAnalysisFingerprint',
    'dumpAnalysisMask',
    'dumpAnalysisInputs',
    'dumpAnalysisLayout',
  ],
  masks: [
    'positions',
    'padding',
    'masksCatalogue',
    'masksCatalogueText',
    'masksModes',
    'masksModeJson',
    'masksNumerics',
    'numericsInput',
    'polarity',
    'urlState',
  ],
  conventions: [
    'conventions',
    'conventionsGolden',
    'conventionsParse',
    'conventionsProperties',
    'conventionsView',
    'conventionsParseEdges',
    'conventionsDiagnose',
    'conventionsBuild',
    'conventionsTable',
  ],
};

const folder = process.env.MUTATE_REPORT ?? '';
// MUTATE_ONLY=a,b runs only those tests: a quick pass over a few files while writing tests (every
// mutant on checkDump's path is covered by most of the folder's files, and each file costs a
// process). Fewer tests kill no more mutants, so a score measured so is a lower bound.
const only = (process.env.MUTATE_ONLY ?? '').split(',').filter((name) => name !== '');
const names =
  only.length > 0 ? only : (TESTS_BY_FOLDER[folder] ?? Object.values(TESTS_BY_FOLDER).flat());

export default defineConfig({
  test: {
    include: [...new Set(names)].map((name) => `tests/unit/${name}.test.ts`),
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    setupFiles: ['tests/unit/helpers/mutateSetup.ts'],
  },
});
