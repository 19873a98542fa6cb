/** Delay before reconnect attempt `n` (0-based): 250 ms doubling to 8 s, with ±20 % jitter. */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(8000, 250 * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.8 + 0.4 * random()));
}

export interface ReconnectingSocket {
  send(data: string): boolean;
  close(): void;
  readonly open: boolean;
}

/**
 * A WebSocket that comes back by itself after a drop, with backoff. `url` is
 * asked anew for every attempt (a terminal adds its session id and position).
 */
export function reconnectingSocket(options: {
  url: () => string;
  onMessage: (data: string) => void;
  onOpen?: () => void;
  onClose?: (willRetry: boolean) => void;
  /** Return false to stop reconnecting after this close. */
  shouldRetry?: (ev: CloseEvent) => boolean;
}): ReconnectingSocket {
  let ws: WebSocket | undefined;
  let attempt = 0;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const connect = () => {
    if (closed) return;
    const socket = new WebSocket(options.url());
    ws = socket;
    socket.onopen = () => {
      attempt = 0;
      options.onOpen?.();
    };
    socket.onmessage = (ev) => options.onMessage(String(ev.data));
    socket.onclose = (ev) => {
      if (ws !== socket) return;
      ws = undefined;
      const retry = !closed && (options.shouldRetry?.(ev) ?? true);
      options.onClose?.(retry);
      if (retry) timer = setTimeout(connect, reconnectDelay(attempt++));
    };
  };
  connect();
  // Coming back to the tab or the network: try at once instead of waiting out the backoff.
  const wake = () => {
    if (!ws && !closed) {
      clearTimeout(timer);
      connect();
    }
  };
  addEventListener('online', wake);
  document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && wake());

  return {
    send(data) {
      if (ws?.readyState !== WebSocket.OPEN) return false;
      ws.send(data);
      return true;
    },
    close() {
      closed = true;
      clearTimeout(timer);
      removeEventListener('online', wake);
      ws?.close();
    },
    get open() {
      return ws?.readyState === WebSocket.OPEN;
    },
  };
}
