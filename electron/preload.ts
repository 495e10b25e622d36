// The renderer's only door to the main process: call an api operation, listen to api events. Nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { API_CHANNEL_PREFIX, EVENT_CHANNEL, OPERATION_NAME } from '../src/desktop/channels.js';

type Listener = (event: { type: string }) => void;

contextBridge.exposeInMainWorld('junction', {
  call(name: string, input: unknown): Promise<unknown> {
    if (typeof name !== 'string' || !OPERATION_NAME.test(name))
      return Promise.reject(new Error('invalid operation name'));
    return ipcRenderer.invoke(API_CHANNEL_PREFIX + name, input);
  },
  /** on(listener) receives every event; on(type, listener) only events of that type. Returns the unsubscribe function. */
  on(typeOrListener: string | Listener, maybeListener?: Listener): () => void {
    const type = typeof typeOrListener === 'string' ? typeOrListener : undefined;
    const listener = typeof typeOrListener === 'function' ? typeOrListener : maybeListener;
    if (typeof listener !== 'function') throw new TypeError('on() needs a listener');
    const forward = (_event: IpcRendererEvent, payload: { type: string }) => {
      if (type === undefined || payload.type === type) listener(payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
});
