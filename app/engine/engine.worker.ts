/**
 * The inference worker: serves the engine host to the page, so the page never freezes while a
 * forward runs. It holds a Web Lock named after itself for its whole life; the lock is released
 * only when the worker dies, which is how the page notices a worker that was terminated or
 * crashed without a word (engineClient.ts).
 */
import { transferablesOf } from '../../src/analysis/analysis';
import { createEngineHost } from './engineHost';
import type { EngineReply, EngineRequest } from '../protocol/engineProtocol';

/** The parts of the dedicated worker scope used here (the DOM lib types `self` as a Window). */
interface WorkerScope {
  readonly name: string;
  readonly navigator: { readonly locks?: LockManager };
  postMessage(message: EngineReply, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<EngineRequest>) => void): void;
}

const scope = globalThis as unknown as WorkerScope;
const host = createEngineHost();

function reply(message: EngineReply, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

async function handle(request: EngineRequest): Promise<void> {
  const { id } = request;
  switch (request.command) {
    case 'setBackend':
      reply({ id, kind: 'result', value: await host.setBackend(request.args) });
      return;
    case 'loadModel':
      reply({ id, kind: 'result', value: await host.loadModel(request.args) });
      return;
    case 'analyse': {
      const analysis = await host.analyse(request.args);
      reply({ id, kind: 'result', value: analysis }, transferablesOf(analysis));
      return;
    }
    case 'openTensors':
      reply({ id, kind: 'result', value: await host.openTensors(request.args) });
      return;
    case 'readMaskFile':
      reply({ id, kind: 'result', value: await host.readMaskFile(request.args) });
      return;
    case 'checkTensors': {
      const answer = await host.checkTensors(request.args);
      const transfer = answer.analysis === null ? [] : transferablesOf(answer.analysis);
      reply({ id, kind: 'result', value: answer }, transfer);
      return;
    }
    case 'checkOnnx':
      reply({ id, kind: 'result', value: await host.checkOnnx(request.args) });
      return;
    case 'auditPooling':
      reply({ id, kind: 'result', value: await host.auditPooling(request.args) });
      return;
    case 'checkTaint':
      reply({ id, kind: 'result', value: await host.checkTaint(request.args) });
      return;
    case 'sweep':
      reply({ id, kind: 'result', value: await host.sweep(request.args) });
      return;
    case 'cancelSweep':
      reply({ id, kind: 'result', value: await host.cancelSweep(request.args) });
      return;
    default: {
      const unknown: never = request;
      throw new Error(`Unknown engine command ${JSON.stringify(unknown)}`);
    }
  }
}

host.onEvent((event) => reply({ kind: 'event', event }));
scope.addEventListener('message', (event) => {
  const { id } = event.data;
  handle(event.data).catch((error: unknown) => {
    reply({ id, kind: 'error', message: error instanceof Error ? error.message : String(error) });
  });
});

const locks = scope.navigator.locks;
if (locks === undefined) {
  reply({ kind: 'alive' });
} else {
  void locks.request(scope.name, () => {
    reply({ kind: 'alive' });
    return new Promise<never>(() => undefined); // held until the worker dies
  });
}
