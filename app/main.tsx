import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { connectEngine } from './engine/controller';
import { createWorkerEngine, type Engine } from './engine/engineClient';
import { createEnginePool } from './engine/enginePool';
import { createAppStore } from './store/appState';
import { exposeState } from './store/exposeState';
import { syncUrl } from './store/urlSync';
import { AppServicesContext, type AppServices } from './store/useAppState';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html must contain <div id="root">.');

/** Mode A and mode B run in two workers at once when there are cores for both. */
function createEngine(): Engine {
  const isParallel = navigator.hardwareConcurrency >= 2;
  return isParallel
    ? createEnginePool(createWorkerEngine(), createWorkerEngine())
    : createWorkerEngine();
}

const store = createAppStore();
syncUrl(store, window.location, window.history);
const controller = connectEngine(store, createEngine(), { baseUrl: document.baseURI });
exposeState(store);

const services: AppServices = { store, loadFiles: controller.loadFiles };
createRoot(container).render(
  <StrictMode>
    <AppServicesContext.Provider value={services}>
      <App />
    </AppServicesContext.Provider>
  </StrictMode>,
);
