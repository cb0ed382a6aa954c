/** Server-Sent Events streams: headers, keep-alive pings, and cleanup when the client goes. */
import type { Request, Response } from 'express';

/** How often an idle stream sends a comment line (proxies close silent connections). */
export const SSE_PING_MS = 25_000;

export interface EventStream {
  send(event: string, data: unknown): void;
  /** Ends the stream (the browser's EventSource reconnects after `retry`). */
  end(): void;
  /** Runs `cleanup` once, when the stream closes for any reason. */
  onClose(cleanup: () => void): void;
}

/** Starts an event stream on a response. */
export function openEventStream(req: Request, res: Response): EventStream {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.write('retry: 3000\n\n');
  const cleanups: (() => void)[] = [];
  const ping = setInterval(() => res.write(': ping\n\n'), SSE_PING_MS);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(ping);
    for (const cleanup of cleanups) cleanup();
  };
  req.on('close', close);
  res.on('close', close);
  return {
    send: (event, data) => void res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
    end: () => res.end(),
    onClose: (cleanup) => void cleanups.push(cleanup),
  };
}
