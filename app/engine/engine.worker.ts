/**
 * The inference worker: receives EngineRequests, answers EngineReplies. All TensorFlow.js work
 * happens here, so the page never freezes while a forward runs.
 */
import { createModelHost } from './modelHost';
import { transferablesOf, type EngineReply, type EngineRequest, type RunOutput } from './protocol';

/** The parts of the dedicated worker scope used here (the DOM lib types `self` as a Window). */
interface WorkerScope {
  postMessage(message: EngineReply, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<EngineRequest>) => void): void;
}

const scope = globalThis as unknown as WorkerScope;

/** Id of unsolicited replies (a lost backend was replaced). */
const BROADCAST_ID = 0;

function reply(message: EngineReply, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

const host = createModelHost((report, message) => {
  reply({ id: BROADCAST_ID, kind: 'backendChanged', report, message });
});

async function handle(request: EngineRequest): Promise<void> {
  const { id } = request;
  switch (request.command) {
    case 'setBackend':
      reply({ id, kind: 'result', value: await host.setBackend(request.args.preference) });
      return;
    case 'loadUrl': {
      const onProgress = (loadedBytes: number, totalBytes: number): void =>
        reply({ id, kind: 'progress', loadedBytes, totalBytes });
      reply({ id, kind: 'result', value: await host.loadUrl(request.args.baseUrl, onProgress) });
      return;
    }
    case 'loadFiles':
      reply({ id, kind: 'result', value: await host.loadFiles(request.args.files) });
      return;
    case 'run': {
      const output: RunOutput = await host.run(request.args);
      reply({ id, kind: 'result', value: output }, transferablesOf(output));
      return;
    }
    default: {
      const unknown: never = request;
      throw new Error(`Unknown engine command ${JSON.stringify(unknown)}`);
    }
  }
}

scope.addEventListener('message', (event) => {
  const { id } = event.data;
  handle(event.data).catch((error: unknown) => {
    reply({ id, kind: 'error', message: error instanceof Error ? error.message : String(error) });
  });
});
