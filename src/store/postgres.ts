import { hash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Client, Notification } from 'pg';
import { CrisisError, ExitCode, envError, say, type Said } from '../errors.js';
import type { AppendPatience, Decider, EventStore } from '../session/event-store.js';
import type { EventDraft, StoredEvent } from '../session/events.js';
import { chainLine } from '../session/chain.js';
import { sessionHeaderOf, type SessionHeader } from './session-index.js';
import { GENESIS_HASH } from '../session/log-format.js';
import { ChainVerifier } from '../session/verify.js';
import type { Login, PasswordEntry, PasswordNotGiven } from './pg-password.js';

/**
 * Team mode: a session's events in PostgreSQL, one row per event keyed by
 * (session, seq). An append is an INSERT of seq = last + 1 whose prev must be
 * the stored hash of seq - 1; when someone else appended first the INSERT
 * fails (unique violation) or inserts nothing, and the store reads the new
 * rows and runs the decider again. Nothing is locked while a person thinks.
 * This module is loaded only when a postgres:// store is selected.
 */

/** `postgres://…` or `postgresql://…` selects this store. */
export const isPostgresUrl = (value: string | undefined): value is string =>
  value !== undefined && /^postgres(ql)?:\/\//i.test(value);

/** host:port/database for messages, never the password. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    const host = u.hostname || u.searchParams.get('host') || 'localhost';
    return `${host}:${u.port || '5432'}${u.pathname && u.pathname !== '/' ? u.pathname : ''}`;
  } catch {
    return 'the database';
  }
}

/**
 * How the store's hints name a command the user types again (`crisis verify ID --store URL`): the CLI knows the
 * name crisis was run by and the URL as it may be shown, without its password (cli/invoked.ts storeCommands).
 */
export interface TypedCommands {
  /** `verify ID` → `crisis verify ID --store URL` */
  command(words: string): string;
  /** a hint that names such commands, with where the password comes from when the URL's was left out */
  hint(said: Said): Said;
}

/** The LISTEN channel of a session (an identifier of at most 63 bytes, whatever the session id). */
export const channelOf = (session: string) => `crisis_${hash('sha256', session, 'hex').slice(0, 32)}`;

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE']);
/** getaddrinfo's failures: the host name in the URL has no address (or no DNS server answered for it). */
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL']);

/** The host name a DNS lookup failed for, or undefined when this is not a failed lookup. */
function unresolvedHost(error: unknown, where: string): string | undefined {
  if (error instanceof CrisisError) {
    const host = error.code === 'store.unknown-host' ? error.said.params?.host : undefined;
    return typeof host === 'string' ? host : undefined;
  }
  const e = error as { code?: string; hostname?: string };
  if (!e.code || !DNS_CODES.has(e.code)) return undefined;
  return e.hostname ?? where.replace(/:\d+(\/.*)?$/, '');
}

/** Is this the database being away (as opposed to refusing what we sent)? */
function isUnreachable(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  if (e.code && (CONNECTION_CODES.has(e.code) || /^(08|57P)/.test(e.code))) return true;
  return /Connection terminated|connection error|not queryable|timeout|ended|Client was closed/i.test(e.message ?? '');
}

/**
 * The server asked for a password and none was given (store/pg-password.ts): said as such, with what was looked
 * at and where a password can come from, not as pg's `SASL: … client password must be a string` or the server's
 * bare refusal of an empty one.
 */
function passwordNotGiven(where: string, error: PasswordNotGiven, what: Said): CrisisError {
  const { login, found, line } = error;
  const user = login.user ?? '';
  const hint =
    found.why === 'open'
      ? say('error.db.noPassword.openHint', { file: found.file })
      : say('error.db.noPassword.hint', { file: found.file, line });
  return envError(
    say('error.db.noPassword', {
      what,
      where,
      user,
      found: say(`error.db.noPassword.${found.why}`, { ...found, user }),
    }),
    hint,
    'store.no-password',
  );
}

/** Turn a driver error into the one line the operator reads. `what` is "not recorded" or "cannot read …". */
export function dbError(where: string, error: unknown, what: Said, hint?: Said): CrisisError {
  // A host name that does not resolve is not a database that did not answer: the URL (or DNS) is wrong.
  const host = unresolvedHost(error, where);
  if (host !== undefined)
    return envError(
      say('error.db.unknownHost', { what, host }),
      say('error.db.unknownHost.hint', { host }),
      'store.unknown-host',
    );
  if (error instanceof Error && error.name === 'PasswordNotGiven')
    return passwordNotGiven(where, error as PasswordNotGiven, what);
  // A reconnect that failed inside an append is still "not recorded".
  if (error instanceof CrisisError && error.code !== 'store.unreachable') return error;
  const e = error as { code?: string; message?: string };
  if (error instanceof CrisisError || isUnreachable(error))
    return envError(
      say('error.db.noAnswer', { what, where }),
      hint ?? say('error.db.noAnswer.hint'),
      'store.unreachable',
    );
  if (e.code === '28P01' || e.code === '28000') return loginRefused(where, error);
  return envError(say('error.db.said', { what, where, reason: e.message ?? String(error) }), hint, 'store.db');
}

/**
 * Where the password a connection sent came from, for the hint when the server refuses it: the store URL, PGPASSWORD
 * (pg takes those two itself, in that order), or a line of the password file (read by store/pg-password.ts).
 * Never the password.
 */
type PasswordFrom = { from: 'url' } | { from: 'env' } | ({ from: 'file' } & Omit<PasswordEntry, 'password'>);

/** The URL's own password (`alice:…@`, `?password=…`), as pg takes it before PGPASSWORD; an empty one is none. */
function urlHasPassword(url: string): boolean {
  try {
    const u = new URL(url);
    return u.password !== '' || Boolean(u.searchParams.get('password'));
  } catch {
    return false;
  }
}

/**
 * The server refused the login. A wrong password (28P01) is said with where the one sent came from, so the
 * operator fixes that one and not another: the URL, PGPASSWORD, or the password file's line (its file and line
 * number, never the password). Without that (28000: no entry in pg_hba.conf, a role that may not log in), the
 * user and the places a password comes from.
 */
function loginRefused(where: string, error: unknown, from?: PasswordFrom): CrisisError {
  const e = error as { code?: string; message?: string };
  const hint =
    e.code !== '28P01' || from === undefined
      ? say('error.db.login.hint')
      : from.from === 'file'
        ? say('error.db.login.fromFile', { file: from.file, line: from.line, login: from.login })
        : say(from.from === 'url' ? 'error.db.login.fromUrl' : 'error.db.login.fromEnv');
  return envError(say('error.db.login', { where, reason: e.message ?? '' }), hint, 'store.auth');
}

const MIGRATIONS = new URL('../../sql/', import.meta.url);
/** Any constant: the advisory lock under which one process applies the schema files. */
const MIGRATION_LOCK = 7_151_772_015;

/** Apply the versioned SQL files (sql/NNN-name.sql) not yet applied, under an advisory lock. */
export async function migrate(client: Client): Promise<number> {
  const files = readdirSync(fileURLToPath(MIGRATIONS))
    .filter((f) => /^\d{3}-[a-z0-9-]+\.sql$/.test(f))
    .sort();
  const latest = Number(files.at(-1)?.slice(0, 3) ?? 0);
  const current = async () => {
    const exists = await client.query<{ t: string | null }>("SELECT to_regclass('crisis_migrations') AS t");
    if (!exists.rows[0]?.t) return 0;
    const r = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM crisis_migrations');
    return r.rows[0]?.v ?? 0;
  };
  if ((await current()) >= latest) return 0;
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  let applied = 0;
  try {
    await client.query(
      `CREATE TABLE IF NOT EXISTS crisis_migrations
         (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const done = await current();
    for (const file of files) {
      const version = Number(file.slice(0, 3));
      if (version <= done) continue;
      const sql = readFileSync(new URL(file, MIGRATIONS), 'utf8');
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO crisis_migrations (version, name) VALUES ($1, $2)', [version, file]);
        await client.query('COMMIT');
        applied++;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  }
  return applied;
}

/** A connection with the schema in place. `opening` is handed the client before it connects (to abandon it). */
export async function connect(url: string, opening?: (client: Client) => void): Promise<Client> {
  const where = describeUrl(url);
  let PgClient: (typeof import('pg'))['Client'];
  try {
    PgClient = (await import('pg')).default.Client;
  } catch {
    throw new CrisisError(say('error.db.noDriver'), {
      hint: say('error.db.noDriver.hint'),
      exitCode: ExitCode.environment,
    });
  }
  let client: Client;
  try {
    // The driver reads sslrootcert/sslcert/sslkey files named in the URL here, synchronously.
    client = new PgClient({
      connectionString: url,
      application_name: 'crisis',
      connectionTimeoutMillis: 5_000,
      // A partition must not hang a prompt: a query that does not come back is reported.
      query_timeout: 15_000,
      keepAlive: true,
    });
  } catch (error) {
    throw dbError(where, error, say('error.db.cannotOpen'));
  }
  client.on('error', () => {
    /* a dropped connection: the next query fails and is reported there */
  });
  // Where the password sent comes from: pg took the URL's, else PGPASSWORD's, when it made the client.
  let from: PasswordFrom | undefined =
    client.password == null ? undefined : urlHasPassword(url) ? { from: 'url' } : { from: 'env' };
  // No password in the URL nor in PGPASSWORD (pg took those): the password file, read by crisis, not by pg's
  // deprecated lookup (store/pg-password.ts). pg calls it only when the server asks for a password.
  if (client.password == null)
    (client as { password?: unknown }).password = async (login: Login) => {
      const { password, ...entry } = await (await import('./pg-password.js')).passwordEntry(login);
      from = { from: 'file', ...entry };
      return password;
    };
  opening?.(client);
  try {
    await client.connect();
    await migrate(client);
  } catch (error) {
    void client.end().catch(() => {});
    const code = (error as { code?: unknown }).code;
    if (code === '28P01' || code === '28000') throw loginRefused(where, error, from);
    throw dbError(where, error, say('error.db.cannotOpen'));
  }
  return client;
}

/**
 * Rebuild the events of rows read after `head` (an event already checked), each checked as `crisis verify`
 * checks a line: JSON, the event's schema, its hash, its seq and its chain on the one before. A row that fails
 * is a broken log, as a file log's broken line is: exit 1 (a check found a problem), not the environment.
 */
function checkedRows(
  lines: readonly string[],
  head: { seq: number; hash: string },
  session: string,
  where: string,
  commands: TypedCommands,
): StoredEvent[] {
  const verifier = new ChainVerifier({ ...head, session });
  const events: StoredEvent[] = [];
  for (const line of lines) {
    const event = verifier.push(line);
    if (!event) break;
    events.push(event);
  }
  if (verifier.break)
    throw new CrisisError(say('error.db.broken', { session, where, problem: verifier.break.said }), {
      hint: commands.hint(say('error.db.broken.hint', { command: commands.command(`verify ${session}`) })),
      exitCode: ExitCode.problems,
      code: 'store.broken-chain',
    });
  return events;
}

/**
 * End a connection without waiting on a network that does not answer: the goodbye is sent, and the socket is
 * destroyed if the server has not closed it within a second (or at once when it never connected).
 */
async function endClient(client: Client): Promise<void> {
  const socket = (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, 1_000);
    timer.unref();
  });
  await Promise.race([client.end().catch(() => {}), late]);
  clearTimeout(timer);
  socket?.destroy();
}

/**
 * Waits between attempts to reconnect a watched store: doubling, then every 5 s for as long as it is watched. An
 * append that finds the database away waits the same way, for as long as its patience lasts.
 */
const RECONNECT_DELAYS_MS = [250, 500, 1_000, 2_000, 4_000, 5_000];

/** One step of an append, run again while the database does not answer (PgStore.waiter). */
type Patiently = <T>(step: () => Promise<T>, worded: (error: unknown) => CrisisError) => Promise<T>;

/** Wait `ms`, or less when `signal` is aborted meanwhile. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

// Inserts only if prev is the stored hash of seq - 1 (or genesis at seq 1): a stale head inserts nothing.
const INSERT = `INSERT INTO crisis_events (session, seq, line, type, actor, step, prev, hash)
SELECT $1::text, $2::integer, $3::text, $4::text, $5::text, $6::text, $7::text, $8::text
WHERE ($2::integer = 1 AND $7::text = '${GENESIS_HASH}')
   OR $7::text = (SELECT hash FROM crisis_events WHERE session = $1::text AND seq = $2::integer - 1)`;

/** Send one chained event and its line; the number of rows inserted (0: the head was stale). */
async function insertEvent(
  client: Client,
  session: string,
  { event, line }: { event: StoredEvent; line: string },
): Promise<number> {
  // Named: parsed and planned once per connection.
  const r = await client.query({
    name: 'crisis_append',
    text: INSERT,
    values: [session, event.seq, line, event.type, event.actor, event.step ?? null, event.prev, event.hash],
  });
  return r.rowCount ?? 0;
}

export class PgStore implements EventStore {
  private id: string;
  private place: Said;
  /** A fresh session's id source: the first INSERT finding the id taken draws another (createFresh). */
  private redraw?: { next: () => string; left: number };
  private client?: Client;
  private head = { seq: 0, hash: GENESIS_HASH };
  private readonly watchers = new Set<(seq?: number) => void>();
  private listening = false;
  /** told when the watched connection is lost (false) and back (true) */
  private readonly linkWatchers = new Set<(up: boolean, where: string) => void>();
  /** the connection was lost while watched and is not back yet */
  private down = false;
  private retry?: NodeJS.Timeout;
  private attempts = 0;
  /** a connection being opened (one at a time, whoever asks) and its client, abandoned by close() */
  private opening?: Promise<Client>;
  private pending?: Client;
  /** bumped by close(): a connection that opens after it is ended, not kept */
  private epoch = 0;
  private readonly onNotification = (message: Notification) => {
    if (message.channel !== channelOf(this.session)) return;
    const seq = Number(message.payload);
    for (const wake of this.watchers) wake(Number.isInteger(seq) ? seq : undefined);
  };

  private constructor(
    readonly url: string,
    session: string,
    private readonly commands: TypedCommands,
  ) {
    this.id = session;
    this.place = say('store.place', { where: describeUrl(url), session });
  }

  get session(): string {
    return this.id;
  }

  get location(): Said {
    return this.place;
  }

  /** A store on one session; nothing is read yet (read(0) loads it). */
  static async open(url: string, session: string, commands: TypedCommands): Promise<PgStore> {
    const store = new PgStore(url, session, commands);
    await store.connection();
    return store;
  }

  /**
   * A new session under an id from `nextId`. Ids are short and random, so two
   * starts can draw the same one; the row at seq 1 is the claim: when the
   * first append finds it taken, another id is drawn (at most `attempts` in
   * all) instead of folding in someone else's session, as the file store's
   * createFresh does.
   */
  static async createFresh(url: string, nextId: () => string, commands: TypedCommands, attempts = 8): Promise<PgStore> {
    const store = new PgStore(url, nextId(), commands);
    store.redraw = { next: nextId, left: attempts - 1 };
    await store.connection();
    return store;
  }

  /** The caller has read and checked the events up to this one: append after it. */
  adopt(head: { seq: number; hash: string }): void {
    if (head.seq > this.head.seq) this.head = { ...head };
  }

  get where(): string {
    return describeUrl(this.url);
  }

  /** The live connection, reconnecting (and listening again) after the database came back. */
  private connection(): Promise<Client> {
    if (this.client) return Promise.resolve(this.client);
    this.opening ??= this.open().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  private async open(): Promise<Client> {
    const epoch = this.epoch;
    this.listening = false;
    let client: Client;
    try {
      client = await connect(this.url, (c) => (this.pending = c));
    } finally {
      this.pending = undefined;
    }
    if (epoch !== this.epoch) {
      void endClient(client);
      throw new Error('Client was closed');
    }
    client.on('notification', this.onNotification);
    // A dropped connection is forgotten; the next call connects again (and listens again). A screen that
    // follows the session is not left deaf until its own next action: it is told, and the store reconnects.
    const forget = () => {
      if (this.client !== client) return;
      this.client = undefined;
      this.listening = false;
      void endClient(client);
      this.lost();
    };
    client.on('error', forget);
    client.on('end', forget);
    this.client = client;
    if (this.watchers.size > 0) await this.listen();
    if (this.down && this.client === client) this.back(client);
    return client;
  }

  private async listen(): Promise<void> {
    if (this.listening || !this.client) return;
    await this.client.query(`LISTEN ${channelOf(this.session)}`);
    this.listening = true;
  }

  /** The connection a watcher listens on ended: say so once, and reconnect with a growing wait. */
  private lost(): void {
    if (this.watchers.size === 0) return;
    if (!this.down) {
      this.down = true;
      for (const tell of this.linkWatchers) tell(false, this.where);
    }
    this.reconnectLater();
  }

  private reconnectLater(): void {
    if (this.retry || this.watchers.size === 0 || this.client) return;
    const delay = RECONNECT_DELAYS_MS[Math.min(this.attempts++, RECONNECT_DELAYS_MS.length - 1)];
    // Unref'd: a store nobody closed never keeps the process alive by waiting to reconnect.
    this.retry = setTimeout(() => {
      this.retry = undefined;
      if (this.client || this.watchers.size === 0) return;
      this.connection().catch(() => this.reconnectLater());
    }, delay);
    this.retry.unref();
  }

  /**
   * Connected (and listening) again: say so, then catch up. Notifications sent while away were not heard, so
   * the watchers are woken with the last seq in the database: they read every event after the last one they
   * know, as after any notification.
   */
  private back(client: Client): void {
    this.down = false;
    this.attempts = 0;
    clearTimeout(this.retry);
    this.retry = undefined;
    for (const tell of this.linkWatchers) tell(true, this.where);
    client
      .query<{ seq: number | null }>('SELECT max(seq) AS seq FROM crisis_events WHERE session = $1', [this.session])
      .then(
        (r) => {
          const seq = r.rows[0]?.seq;
          if (typeof seq === 'number') for (const wake of this.watchers) wake(seq);
        },
        () => {
          /* lost again: said, and retried, by the client's own events */
        },
      );
  }

  /** How long an append waits out a database that does not answer; unset: it gives up at once. */
  patience?: AppendPatience;

  async append(decide: Decider): Promise<StoredEvent> {
    const notRecorded = (error: unknown) =>
      dbError(
        this.where,
        error,
        say('error.db.notRecorded'),
        this.commands.hint(
          say('error.db.notRecorded.hint', { command: this.commands.command(`resume ${this.session}`) }),
        ),
      );
    // One wait for the whole append, however many times it meets a database that is away.
    const patiently = this.waiter();
    let newer: StoredEvent[] = [];
    for (let attempt = 0; ; attempt++) {
      let draft: EventDraft;
      try {
        draft = decide(newer);
      } catch (error) {
        // A refusal stands only on the latest state.
        newer = await patiently(() => this.readNewer(), notRecorded);
        if (newer.length === 0) throw error;
        continue;
      }
      // The line as the file store writes it (export is byte-identical), made and size-checked once.
      const { event, line } = chainLine(this.session, draft, this.head);
      const row = { event, line: line.slice(0, -1) };
      // No connection: nothing was sent, so it is certainly not recorded; waited for, then this same row is sent.
      const client = await patiently(() => this.connection(), notRecorded);
      let inserted = 0;
      try {
        inserted = await insertEvent(client, this.session, row);
      } catch (error) {
        // The connection went while the INSERT was out: it may have committed with its reply lost. Only this row,
        // the same bytes, is ever sent again until it is known whether it is in: never a second decision.
        if (isUnreachable(error)) inserted = (await this.settle(client, row, patiently)) ? 1 : 0;
        else if ((error as { code?: string }).code !== '23505') throw notRecorded(error);
      }
      // Autocommit: the INSERT returned, so it has committed.
      if (inserted === 1) {
        this.head = { seq: event.seq, hash: event.hash };
        this.redraw = undefined;
        return event;
      }
      if (this.redraw && event.seq === 1) {
        this.drawAgain();
        newer = [];
        continue;
      }
      if (attempt >= 10_000)
        throw envError(
          say('error.db.contended', { session: this.session }),
          say('error.db.contended.hint'),
          'store.contended',
        );
      newer = await patiently(() => this.readNewer(), notRecorded);
      // Refused, and nobody wrote past our head: the row our head names is gone or changed under us (an edit in
      // the database), not a busy moment. Retrying cannot help: say so at once.
      if (newer.length === 0)
        throw new CrisisError(say('error.db.headGone', { session: this.session, seq: this.head.seq }), {
          hint: this.commands.hint(
            say('error.db.headGone.hint', { command: this.commands.command(`verify ${this.session}`) }),
          ),
          exitCode: ExitCode.problems,
          code: 'store.head-gone',
        });
    }
  }

  /**
   * The connection broke after the INSERT was sent: find out on a fresh one
   * whether the event is in the log, rather than guess. The same row is sent
   * again: the key (session, seq) lets it in at most once, and the INSERT
   * waits for the first one's transaction if the server is still finishing
   * it. True when the row at this seq is this event (the first INSERT
   * committed, or this one did); false when another event holds the seq (the
   * caller re-reads and decides again, as after any conflict). When no fresh
   * connection can be had, the answer is not known, and the error says so.
   */
  private async settle(
    lost: Client,
    row: { event: StoredEvent; line: string },
    patiently: Patiently,
  ): Promise<boolean> {
    const { event } = row;
    const drop = (client: Client) => {
      if (this.client === client) this.client = undefined;
      void client.end().catch(() => {});
    };
    drop(lost);
    const unknown = (error: unknown) => {
      const e = dbError(this.where, error, say('error.db.notRecorded'));
      if (e.code !== 'store.unreachable') return e;
      return envError(
        say('error.db.outcomeUnknown', { where: this.where, seq: event.seq }),
        this.commands.hint(
          say('error.db.outcomeUnknown.hint', {
            seq: event.seq,
            log: this.commands.command(`log ${this.session}`),
            resume: this.commands.command(`resume ${this.session}`),
          }),
        ),
        'store.unknown',
      );
    };
    // Each try asks the same question with the same row: a try that loses its connection in turn is asked again.
    return patiently(async () => {
      const client = await this.connection();
      try {
        try {
          if ((await insertEvent(client, this.session, row)) === 1) return true;
        } catch (error) {
          if ((error as { code?: string }).code !== '23505') throw error;
        }
        const r = await client.query<{ hash: string }>(
          'SELECT hash FROM crisis_events WHERE session = $1 AND seq = $2',
          [this.session, event.seq],
        );
        return r.rows[0]?.hash === event.hash;
      } catch (error) {
        if (isUnreachable(error)) drop(client);
        throw error;
      }
    }, unknown);
  }

  /**
   * Run one step of an append; when the database does not answer (`store.unreachable`, or `store.unknown` for a
   * row whose fate is being asked), wait and run it again, with the waits a watched store reconnects with, until
   * `patience.ms` after the first failure (or its signal); then the last error stands. The first failure is told.
   */
  private waiter(): Patiently {
    const patience = this.patience;
    let deadline: number | undefined;
    let tries = 0;
    return async <T>(step: () => Promise<T>, worded: (error: unknown) => CrisisError): Promise<T> => {
      for (;;) {
        try {
          return await step();
        } catch (error) {
          const e = worded(error);
          if (!patience || patience.ms <= 0 || (e.code !== 'store.unreachable' && e.code !== 'store.unknown')) throw e;
          if (deadline === undefined) {
            deadline = Date.now() + patience.ms;
            patience.waiting?.(this.where, patience.ms);
          }
          const left = deadline - Date.now();
          if (left <= 0 || patience.signal?.aborted) throw e;
          await pause(
            Math.min(RECONNECT_DELAYS_MS[Math.min(tries++, RECONNECT_DELAYS_MS.length - 1)]!, left),
            patience.signal,
          );
          if (patience.signal?.aborted) throw e;
        }
      }
    };
  }

  /** The fresh id was taken: take the next one, or give up with the reason. */
  private drawAgain(): void {
    const redraw = this.redraw!;
    if (redraw.left <= 0) {
      this.redraw = undefined;
      throw envError(
        say('error.db.idTaken', { id: this.id, where: this.where }),
        say('error.db.idTaken.hint'),
        'store.exists',
      );
    }
    redraw.left--;
    this.id = redraw.next();
    this.place = say('store.place', { where: this.where, session: this.id });
  }

  /** Rows after our head, checked to chain on it; moves the head. */
  private async readNewer(): Promise<StoredEvent[]> {
    const client = await this.connection();
    const r = await client.query<{ line: string }>(
      'SELECT line FROM crisis_events WHERE session = $1 AND seq > $2 ORDER BY seq',
      [this.session, this.head.seq],
    );
    const events = checkedRows(
      r.rows.map((row) => row.line),
      this.head,
      this.session,
      this.where,
      this.commands,
    );
    const last = events.at(-1);
    if (last) this.head = { seq: last.seq, hash: last.hash };
    return events;
  }

  async read(afterSeq: number): Promise<StoredEvent[]> {
    try {
      if (afterSeq >= this.head.seq) return await this.readNewer();
      // Rows this store has read but the caller has not (rare): the chain is checked from its start, as every
      // row after afterSeq must chain on the rows before it.
      const client = await this.connection();
      const r = await client.query<{ line: string }>('SELECT line FROM crisis_events WHERE session = $1 ORDER BY seq', [
        this.session,
      ]);
      const all = checkedRows(
        r.rows.map((row) => row.line),
        { seq: 0, hash: GENESIS_HASH },
        this.session,
        this.where,
        this.commands,
      );
      const events = all.filter((e) => e.seq > afterSeq);
      const last = events.at(-1);
      if (last && last.seq > this.head.seq) this.head = { seq: last.seq, hash: last.hash };
      return events;
    } catch (error) {
      throw dbError(this.where, error, say('error.db.cannotRead', { session: this.session }));
    }
  }

  /** The stored lines, exactly as the file store would have written them. */
  async lines(): Promise<string[]> {
    try {
      const client = await this.connection();
      const r = await client.query<{ line: string }>('SELECT line FROM crisis_events WHERE session = $1 ORDER BY seq', [
        this.session,
      ]);
      return r.rows.map((row) => row.line);
    } catch (error) {
      throw dbError(this.where, error, say('error.db.cannotRead', { session: this.session }));
    }
  }

  /** Who wrote each event: seq → database role. */
  async writers(): Promise<Map<number, string>> {
    const client = await this.connection();
    const r = await client.query<{ seq: number; db_role: string }>(
      'SELECT seq, db_role FROM crisis_events WHERE session = $1 ORDER BY seq',
      [this.session],
    );
    return new Map(r.rows.map((row) => [row.seq, row.db_role]));
  }

  watch(wake: (seq?: number) => void): () => void {
    this.watchers.add(wake);
    void this.listen().catch(() => {
      /* reported by the next read or append */
    });
    return () => {
      this.watchers.delete(wake);
      if (this.watchers.size > 0) return;
      clearTimeout(this.retry);
      this.retry = undefined;
    };
  }

  watchLink(tell: (up: boolean, where: string) => void): () => void {
    this.linkWatchers.add(tell);
    return () => this.linkWatchers.delete(tell);
  }

  async close(): Promise<void> {
    this.epoch++;
    this.watchers.clear();
    this.linkWatchers.clear();
    clearTimeout(this.retry);
    this.retry = undefined;
    this.down = false;
    // A reconnect under way is abandoned, not waited for (its connect may take seconds on a dead network).
    if (this.pending) void endClient(this.pending);
    const client = this.client;
    this.client = undefined;
    if (client) await endClient(client);
  }
}

/** Sessions in the database, newest first. */
export async function listPgSessions(url: string): Promise<string[]> {
  const client = await connect(url);
  try {
    const r = await client.query<{ session: string }>(
      'SELECT session FROM crisis_events WHERE seq = 1 ORDER BY session DESC',
    );
    return r.rows.map((row) => row.session);
  } catch (error) {
    throw dbError(describeUrl(url), error, say('error.db.cannotList'));
  } finally {
    await client.end().catch(() => {});
  }
}

/** What `latest` and `--crisis` choose by in a team store: each session's first row's header, and whether it ended. */
export interface PgSessionHead {
  session: string;
  /** undefined when the first row does not start a session */
  header: SessionHeader | undefined;
  ended: boolean;
}

/** Every session's head, newest first, in one query (its first line, and whether a session.ended row exists). */
export async function listPgSessionHeads(url: string): Promise<PgSessionHead[]> {
  const client = await connect(url);
  try {
    const r = await client.query<{ session: string; line: string; ended: boolean }>(
      `SELECT s.session, s.line,
         EXISTS (SELECT 1 FROM crisis_events e WHERE e.session = s.session AND e.type = 'session.ended') AS ended
       FROM crisis_events s WHERE s.seq = 1 ORDER BY s.session DESC`,
    );
    return r.rows.map((row) => ({ session: row.session, header: sessionHeaderOf(row.line), ended: row.ended }));
  } catch (error) {
    throw dbError(describeUrl(url), error, say('error.db.cannotList'));
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Load a whole session (lines already verified by the caller) in one
 * transaction: a session id already in the database is refused, whole.
 */
export async function importLines(
  url: string,
  session: string,
  lines: readonly string[],
  commands: TypedCommands,
): Promise<number> {
  const where = describeUrl(url);
  const client = await connect(url);
  try {
    await client.query('BEGIN');
    const events = lines.map((l) => JSON.parse(l) as StoredEvent);
    const cols = {
      seq: events.map((e) => e.seq),
      type: events.map((e) => e.type),
      actor: events.map((e) => e.actor),
      step: events.map((e) => e.step ?? null),
      prev: events.map((e) => e.prev),
      hash: events.map((e) => e.hash),
    };
    await client.query(
      `INSERT INTO crisis_events (session, seq, line, type, actor, step, prev, hash)
       SELECT $1, * FROM unnest($2::integer[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])`,
      [session, cols.seq, lines, cols.type, cols.actor, cols.step, cols.prev, cols.hash],
    );
    await client.query('COMMIT');
    return events.length;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    if ((error as { code?: string }).code === '23505')
      throw new CrisisError(say('error.db.duplicate', { session, where }), {
        hint: commands.hint(say('error.db.duplicate.hint', { command: commands.command(`export ${session}`) })),
        exitCode: ExitCode.usage,
        code: 'import.duplicate',
      });
    throw dbError(where, error, say('error.db.notImported'));
  } finally {
    await client.end().catch(() => {});
  }
}
