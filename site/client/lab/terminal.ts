import { FitAddon } from '@xterm/addon-fit';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { terminalLimitCloseCode, type LabView, type TerminalClientMessage, type TerminalServerMessage } from '../../shared/lab-view.ts';
import { socketUrl } from './api-client.ts';
import { inputChunks } from './input-chunks.ts';
import { focusable, isTabbable } from './dialog-focus.ts';
import { reconnectingSocket, type ReconnectingSocket } from './reconnect.ts';

export interface LabTerminal {
  /** Clear the prompt's line, type `command` and press Enter. */
  run(command: string): void;
  setEnabled(enabled: boolean): void;
  fit(): void;
}

const theme = {
  background: '#17181c',
  foreground: '#dfe1e8',
  cursor: '#dfe1e8',
  selectionBackground: '#3d4f7a',
  black: '#23252b', brightBlack: '#8b90a0',
  red: '#ff6b6b', brightRed: '#ff8e8e',
  green: '#6bd68f', brightGreen: '#8ee8a8',
  yellow: '#f2c46f', brightYellow: '#f7d894',
  blue: '#7aa2f7', brightBlue: '#9dbbff',
  magenta: '#c792ea', brightMagenta: '#dbb0ff',
  cyan: '#7fdbca', brightCyan: '#a3ede0',
  white: '#dfe1e8', brightWhite: '#ffffff',
};

/**
 * The lab shell in xterm.js over a WebSocket. The server keeps the shell when
 * the socket drops; this reconnects with the session id (kept in
 * sessionStorage, so a reload resumes too) and how much output it has shown,
 * and gets the rest without losing scrollback.
 */
/** `enabled` undefined: not known yet whether the lab's engines are up (nothing is said until it is). */
export function createLabTerminal(host: HTMLElement, view: LabView, options: { onState: (text: string) => void; enabled: boolean | undefined }): LabTerminal {
  const term = new Terminal({ theme, fontSize: 13, fontFamily: 'ui-monospace, "Cascadia Mono", "DejaVu Sans Mono", Menlo, monospace', cursorBlink: true, scrollback: 5000, screenReaderMode: false, minimumContrastRatio: 4.5 });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.loadAddon(new WebLinksAddon());
  term.open(host);
  term.textarea?.setAttribute('aria-label', `Terminal for lab ${view.id}`);
  const storageKey = `kubecamp:terminal:${view.id}`;
  let sessionId = sessionStorage.getItem(storageKey) ?? undefined;
  let seen = 0;
  let socket: ReconnectingSocket | undefined;
  const queued: string[] = [];

  const send = (m: TerminalClientMessage) => socket?.send(JSON.stringify(m)) ?? false;
  const safeFit = () => {
    if (host.offsetWidth > 0 && host.offsetHeight > 0) fit.fit();
  };

  const onMessage = (data: string) => {
    const m = JSON.parse(data) as TerminalServerMessage;
    if (m.type === 'session') {
      if (sessionId && m.id !== sessionId) term.write('\r\n\x1b[90m── a new shell ──\x1b[0m\r\n');
      if (m.restart) term.reset();
      sessionId = m.id;
      sessionStorage.setItem(storageKey, m.id);
      seen = m.start;
      options.onState(m.resumed ? 'reconnected' : 'connected');
      send({ type: 'resize', cols: term.cols, rows: term.rows });
      for (const q of queued.splice(0)) sendInput(q);
    } else if (m.type === 'output') {
      seen += m.data.length;
      term.write(m.data);
    } else if (m.type === 'exit') {
      term.write(`\r\n\x1b[90m[${m.reason}]\x1b[0m\r\n`);
      sessionId = undefined;
      sessionStorage.removeItem(storageKey);
    }
  };

  const connect = () => {
    if (socket) return;
    noted = false;
    safeFit();
    options.onState('connecting…');
    socket = reconnectingSocket({
      url: () => {
        const q = new URLSearchParams({ cols: String(term.cols), rows: String(term.rows) });
        if (sessionId) {
          q.set('session', sessionId);
          q.set('seen', String(seen));
        }
        return socketUrl(`/api/labs/${encodeURIComponent(view.id)}/terminal?${q}`);
      },
      onMessage,
      // Refused by the server's terminal caps: the reason is in the terminal; reconnecting would only be refused again.
      shouldRetry: (ev) => ev.code !== terminalLimitCloseCode,
      onClose: (retry) => {
        options.onState(retry ? 'disconnected; reconnecting…' : 'closed');
        if (!retry) socket = undefined;
      },
    });
  };

  let noted = false;
  const disconnect = () => {
    if (!noted) term.write(`${socket ? '\r\n' : ''}\x1b[90m[the shell starts when the lab environment is running]\x1b[0m\r\n`);
    noted = true;
    socket?.close();
    socket = undefined;
    options.onState('waiting for the lab environment');
  };

  /** Input in pieces under the socket's message limit (a large paste would close the socket). */
  const sendInput = (data: string) => {
    for (const piece of inputChunks(data)) if (!send({ type: 'input', data: piece })) queued.push(piece);
  };
  term.onData(sendInput);
  term.onResize(({ cols, rows }) => send({ type: 'resize', cols, rows }));
  // Shift+Tab leaves the terminal (Tab itself completes in the shell).
  term.attachCustomKeyEventHandler((ev) => {
    if (ev.type === 'keydown' && ev.key === 'Tab' && ev.shiftKey) {
      ev.preventDefault();
      // Only what Tab itself reaches: not the editor's hidden IME textarea (tabindex -1, aria-hidden), where focus stuck.
      const reachable = [...document.querySelectorAll<HTMLElement>(focusable)].filter((el) => !host.contains(el) && isTabbable(el));
      const before = reachable.filter((el) => el.compareDocumentPosition(host) & Node.DOCUMENT_POSITION_FOLLOWING);
      before.at(-1)?.focus();
      return false;
    }
    return true;
  });
  new ResizeObserver(() => safeFit()).observe(host);

  if (options.enabled === true) connect();
  else if (options.enabled === false) disconnect();
  else options.onState('waiting for the lab environment');

  return {
    run(command) {
      term.focus();
      sendInput(`\x15${command}\r`);
    },
    setEnabled(enabled) {
      if (enabled) connect();
      else disconnect();
    },
    fit: safeFit,
  };
}
