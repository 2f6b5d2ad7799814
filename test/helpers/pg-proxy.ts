import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a PostgreSQL server that can cut a connection at a
 * chosen moment of an append, deterministically: the client's bytes that hold
 * `marker` (the Bind of the INSERT carries the event's JSON line) are either
 * dropped unsent ('request'), or sent and the server's whole reply to them
 * (up to ReadyForQuery, sent after the commit) withheld ('reply'). Either way
 * the client's socket is then closed under it, as by a network failure.
 * `refuse` turns new connections away, as a server that is gone.
 */
export interface PgProxy {
  url: string;
  /** `thenRefuse`: from the cut on, new connections are turned away too (the database stays away after it) */
  cutAt(marker: string, moment: 'request' | 'reply', thenRefuse?: boolean): void;
  /** the reply the server sent to the cut request, for asserting it had committed */
  withheld: string;
  refuse: boolean;
  /** cut every connection open now, as a network failure would (new ones are let in unless `refuse`) */
  cutAll(): void;
  close(): Promise<void>;
}

export async function pgProxy(target: string): Promise<PgProxy> {
  const to = new URL(target);
  const sockets = new Set<Socket>();
  let cut: { marker: string; moment: 'request' | 'reply'; thenRefuse?: boolean } | undefined;
  const proxy: PgProxy = {
    url: '',
    withheld: '',
    refuse: false,
    cutAt(marker, moment, thenRefuse) {
      cut = { marker, moment, thenRefuse };
    },
    cutAll() {
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((client) => {
    sockets.add(client);
    if (proxy.refuse) {
      client.destroy();
      return;
    }
    const upstream = connect(Number(to.port || 5432), to.hostname);
    sockets.add(upstream);
    let withholding = false;
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk: Buffer) => {
      const armed = cut && chunk.includes(cut.marker) ? cut : undefined;
      if (armed) cut = undefined;
      if (armed?.thenRefuse) proxy.refuse = true;
      if (armed?.moment === 'request') return drop();
      if (armed) withholding = true;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!withholding) return void client.write(chunk);
      proxy.withheld += chunk.toString('latin1');
      // ReadyForQuery ('Z', length 5) ends the reply: by then the INSERT has committed.
      if (/Z\u0000\u0000\u0000\u0005[IE]$/.test(proxy.withheld)) drop();
    });
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  proxy.url = url.toString();
  return proxy;
}
