/** Entry point: connect to the engine (preload or WebSocket), then render. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import './i18n/index.js';
import { connectBridge } from './lib/api.js';
import './styles.css';

const root = document.getElementById('root');
if (root) {
  connectBridge();
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
