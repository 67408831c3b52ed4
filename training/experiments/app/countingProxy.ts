/**
 * A proxy in front of the app's server that counts the bytes it sends: what crosses the wire,
 * whoever asked (the page, its workers or the service worker), headers included.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';

export interface CountingProxy {
  readonly url: string;
  /** Bytes sent so far, headers and bodies. */
  bytes(): number;
  close(): Promise<void>;
}

/** Starts a proxy on `port` (127.0.0.1) forwarding to `target` (http://host:port). */
export function startCountingProxy(port: number, target: string): Promise<CountingProxy> {
  const upstream = new URL(target);
  let sent = 0;
  const server: Server = createServer((incoming, outgoing) => {
    const forwarded = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (response) => {
        const head = Object.entries(response.headers)
          .map(([name, value]) => `${name}: ${String(value)}\r\n`)
          .join('');
        sent += Buffer.byteLength(`HTTP/1.1 ${response.statusCode ?? 0}\r\n${head}\r\n`);
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        let body = 0;
        response.on('data', (piece: Buffer) => {
          sent += piece.length;
          body += piece.length;
        });
        response.on('end', () => {
          if (process.env['RETEM_PROXY_LOG'] === '1') {
            console.error(
              `proxy ${String(response.statusCode)} ${String(body).padStart(9)} ${incoming.url ?? ''}`,
            );
          }
        });
        response.pipe(outgoing);
      },
    );
    forwarded.on('error', () => {
      outgoing.writeHead(502).end();
    });
    incoming.pipe(forwarded);
  });
  return new Promise((resolvePromise) => {
    server.listen(port, '127.0.0.1', () => {
      resolvePromise({
        url: `http://127.0.0.1:${port}/`,
        bytes: () => sent,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => {
              done();
            });
          }),
      });
    });
  });
}
