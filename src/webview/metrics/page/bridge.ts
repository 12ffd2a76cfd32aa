// The page's side of the message protocol: VS Code's webview API, typed by ../protocol.ts.
import type { FromPage, PageState, ToPage } from '../protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface Bridge {
  post(message: FromPage): void;
  /** What `setState` kept (across hide/show and, through the serializer, a reload). */
  savedState(): unknown;
  saveState(state: PageState): void;
  onMessage(handler: (message: ToPage) => void): void;
}

export function connect(): Bridge {
  // acquireVsCodeApi may be called once per page.
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    savedState: () => api.getState(),
    saveState: (state) => api.setState(state),
    onMessage: (handler) =>
      window.addEventListener('message', (e: MessageEvent) => {
        const m = e.data as ToPage | undefined;
        if (m && typeof m === 'object' && typeof m.type === 'string') handler(m);
      }),
  };
}
