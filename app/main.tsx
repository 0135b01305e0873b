import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createWorkerEngine } from './engine/engineClient';
import { startSession } from './session/session';
import { createAppStore } from './store/appState';
import { exposeState } from './store/exposeState';
import { syncUrl } from './store/urlSync';
import { AppServicesContext, type AppServices } from './store/useAppState';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html must contain <div id="root">.');

const store = createAppStore();
syncUrl(store, window.location, window.history);
const session = startSession(store, createWorkerEngine(), { baseUrl: document.baseURI });
exposeState(store);

const services: AppServices = { store, ...session };
createRoot(container).render(
  <StrictMode>
    <AppServicesContext.Provider value={services}>
      <App />
    </AppServicesContext.Provider>
  </StrictMode>,
);
