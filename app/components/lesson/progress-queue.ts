/**
 * The browser side of "never lose work". Every progress write is put in a queue kept in
 * localStorage before it is sent, and stays there until the server has acknowledged it. A write
 * that could not be sent (offline, server down) is retried with backoff and when the browser says
 * it is back online. Writes carry a client id, so a retry of something that did arrive is harmless.
 *
 * Nothing is dropped silently (ADR 0020):
 * - 401/403: the session ended. Everything stays queued, the learner is asked to sign in again, and
 *   the queue carries on once they have (same tab or another one).
 * - Each write names the account it was made by. Writes of another account are never sent to the
 *   one signed in now: they wait on this device for that account, and the learner is told.
 * - Another 4xx (or a 500 that keeps coming back for one write): the server refused that write. It
 *   moves to a "not saved" list shown on the page (with "Try again" and "Dismiss"), and the writes
 *   behind it carry on.
 * - Network errors, 408, 429, 502, 503 and 504: retried with backoff, for as long as it takes.
 */
export type QueuedWrite = {
  clientId: string;
  moduleId: string;
  activityId: string;
  intent: "visit" | "complete" | "quiz" | "reflection" | "code-draft" | "code-run" | "blocks-draft" | "blocks-check";
  answers?: Record<string, string[]>;
  text?: string;
  /** code-draft and code-run: the learner's code. */
  code?: string;
  /** code-run: the result as the browser's sandbox reported it. */
  result?: unknown;
  /** blocks-draft and blocks-check: the block editor's saved workspace (JSON text). */
  workspace?: string;
  /** blocks-check: the program to check (the server parses it and runs the check itself). */
  program?: unknown;
  /** The account that made the write (absent in writes queued before accounts were recorded). */
  userId?: string;
  /** How many times the server failed with a 500 on this write (kept on this device only). */
  serverFailures?: number;
  queuedAt: number;
};

/** A write the server refused: shown to the learner until they try again or dismiss it. */
export type RefusedWrite = { write: QueuedWrite; message: string; refusedAt: number };

export type QueueState = {
  /** Writes of the signed-in account still to send (visits not counted). */
  pending: number;
  /** idle, sending, waiting (to retry), signed-out (401/403), other-account (this tab's account is not the one signed in). */
  status: "idle" | "sending" | "waiting" | "signed-out" | "other-account";
  lastError: string | null;
  refused: RefusedWrite[];
  /** Writes saved on this device by another account, which are not sent to this one. */
  otherAccount: number;
};

const KEY = "pathways.progress-queue.v1";
const REFUSED_KEY = "pathways.progress-refused.v1";
const ENDPOINT = "/api/progress";
const RETRY_DELAYS_MS = [1000, 3000, 8000, 15000, 30000];
/** A write that makes the server fail (500) this many times, while others get through, is shown as not saved. */
export const MAX_SERVER_FAILURES = 4;
const RETRY_LATER = new Set([408, 429, 502, 503, 504]);

export function newClientId(): string {
  // randomUUID exists only in secure contexts (https, localhost); getRandomValues everywhere.
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function readJson<T>(key: string): T[] {
  try {
    const raw = localStorage.getItem(key);
    const value: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(value) ? (value as T[]) : [];
  } catch {
    return [];
  }
}

const read = () => readJson<QueuedWrite>(KEY);
const readRefused = () => readJson<RefusedWrite>(REFUSED_KEY);

function write(queue: QueuedWrite[]) {
  localStorage.setItem(KEY, JSON.stringify(queue));
}

function writeRefused(list: RefusedWrite[]) {
  localStorage.setItem(REFUSED_KEY, JSON.stringify(list));
}

/** What goes over the wire: the write without what only this device needs. */
function body(entry: QueuedWrite) {
  const { serverFailures: _failures, ...sent } = entry;
  return JSON.stringify(sent);
}

async function messageOf(response: Response): Promise<{ code?: string; message?: string }> {
  return ((await response.json().catch(() => null)) as { code?: string; message?: string } | null) ?? {};
}

type Listener = (state: QueueState, acknowledged: QueuedWrite[]) => void;

class ProgressQueue {
  private listeners = new Set<Listener>();
  private sending = false;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The account this page was rendered for; undefined until the page says. */
  private userId: string | undefined;
  private state: QueueState = { pending: 0, status: "idle", lastError: null, refused: [], otherAccount: 0 };

  constructor() {
    window.addEventListener("online", () => {
      this.attempt = 0;
      void this.flush();
    });
    window.addEventListener("storage", (e) => (e.key === KEY || e.key === REFUSED_KEY) && this.emit([]));
    // Signed in again in another tab, or back from doing so: try again when the learner returns.
    const resume = () => this.needsSignIn() && this.flush();
    window.addEventListener("focus", resume);
    document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && resume());
  }

  private needsSignIn() {
    return this.state.status === "signed-out" || this.state.status === "other-account";
  }

  /** Writes this account may send: its own, and old ones that name no account. */
  private mine = (q: QueuedWrite) => q.userId === undefined || q.userId === this.userId;

  /** The page says who is signed in; writes are stamped with it and only its writes are sent. */
  setUser(userId: string) {
    if (this.userId !== userId) {
      this.userId = userId;
      if (this.needsSignIn()) this.state = { ...this.state, status: "idle", lastError: null };
    }
    this.emit([]);
    void this.flush();
  }

  subscribe(listener: Listener) {
    this.listeners.add(listener);
    listener(this.state, []);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Adds a write. With `replacePending`, queued writes of the same intent for the same activity are
   * dropped first (a newer draft makes older unsent drafts pointless, and keeps an offline queue small).
   * One that is being sent at this moment may still arrive first, which is harmless.
   */
  enqueue(
    entry: Omit<QueuedWrite, "queuedAt" | "clientId" | "userId" | "serverFailures"> & { clientId?: string },
    { replacePending = false } = {},
  ) {
    const sameTarget = (q: QueuedWrite) =>
      this.mine(q) && q.intent === entry.intent && q.moduleId === entry.moduleId && q.activityId === entry.activityId;
    const queue = replacePending ? read().filter((q) => !sameTarget(q)) : read();
    queue.push({ ...entry, clientId: entry.clientId ?? newClientId(), userId: this.userId, queuedAt: Date.now() });
    write(queue);
    this.attempt = 0;
    void this.flush();
  }

  /** Puts a refused write back in the queue (the learner chose "Try again"). */
  retryRefused(clientId: string) {
    const found = readRefused().find((r) => r.write.clientId === clientId);
    if (!found) return;
    writeRefused(readRefused().filter((r) => r.write.clientId !== clientId));
    write([...read(), { ...found.write, serverFailures: 0 }]);
    this.attempt = 0;
    void this.flush();
  }

  /** Forgets a refused write (the learner chose "Dismiss" after reading it). */
  dismissRefused(clientId: string) {
    writeRefused(readRefused().filter((r) => r.write.clientId !== clientId));
    this.emit([]);
  }

  private emit(acknowledged: QueuedWrite[], patch: Partial<QueueState> = {}) {
    const queue = read();
    const counts = (q: QueuedWrite) => q.intent !== "visit";
    this.state = {
      ...this.state,
      pending: queue.filter((q) => counts(q) && this.mine(q)).length,
      otherAccount: this.userId === undefined ? 0 : queue.filter((q) => counts(q) && !this.mine(q)).length,
      refused: readRefused().filter((r) => this.mine(r.write)),
      ...patch,
    };
    for (const l of this.listeners) l(this.state, acknowledged);
  }

  private refuse(entry: QueuedWrite, message: string) {
    write(read().filter((q) => q.clientId !== entry.clientId));
    writeRefused([...readRefused().filter((r) => r.write.clientId !== entry.clientId), { write: entry, message, refusedAt: Date.now() }]);
  }

  async flush() {
    if (this.sending || this.userId === undefined) return;
    clearTimeout(this.timer);
    this.sending = true;
    const acknowledged: QueuedWrite[] = [];
    // Writes that made the server fail in this pass: tried again later, never blocking the others.
    const failedNow = new Set<string>();
    try {
      for (;;) {
        const next = read().find((q) => this.mine(q) && !failedNow.has(q.clientId));
        if (!next) break;
        this.emit(acknowledged, { status: "sending" });
        let response: Response;
        try {
          response = await fetch(ENDPOINT, {
            method: "POST",
            headers: { "Content-Type": "application/json", Accept: "application/json" },
            body: body(next),
            credentials: "same-origin",
          });
        } catch {
          return this.retryLater("You appear to be offline.", acknowledged);
        }
        const status = response.status;
        if (status === 401 || status === 403) {
          const { message } = await messageOf(response);
          this.emit(acknowledged, { status: "signed-out", lastError: message ?? "Your session has ended." });
          return;
        }
        if (status === 409) {
          const { code, message } = await messageOf(response);
          if (code === "other-account") {
            this.emit(acknowledged, { status: "other-account", lastError: message ?? "Another account is signed in." });
            return;
          }
        }
        if (RETRY_LATER.has(status)) return this.retryLater("The server could not save your progress just now.", acknowledged);
        if (status >= 500) {
          // This write made the server fail; the ones behind it still go. After a few tries it is shown.
          const failures = (next.serverFailures ?? 0) + 1;
          if (failures >= MAX_SERVER_FAILURES) {
            this.refuse(next, `The server could not save this (it failed ${failures} times).`);
          } else {
            write(read().map((q) => (q.clientId === next.clientId ? { ...q, serverFailures: failures } : q)));
            failedNow.add(next.clientId);
          }
          continue;
        }
        if (response.ok) {
          write(read().filter((q) => q.clientId !== next.clientId));
          acknowledged.push(next);
          continue;
        }
        // Any other 4xx: this write can never succeed as it is. Show it; carry on with the rest.
        const { message } = await messageOf(response);
        this.refuse(next, message ?? "The server did not accept this.");
      }
      if (failedNow.size > 0) return this.retryLater("The server could not save one of your changes yet; it will try again.", acknowledged);
      this.attempt = 0;
      this.emit(acknowledged, { status: "idle", lastError: null });
    } finally {
      this.sending = false;
    }
  }

  private retryLater(message: string, acknowledged: QueuedWrite[]) {
    const delay = RETRY_DELAYS_MS[Math.min(this.attempt, RETRY_DELAYS_MS.length - 1)]!;
    this.attempt++;
    this.timer = setTimeout(() => void this.flush(), delay);
    this.emit(acknowledged, { status: "waiting", lastError: message });
  }
}

let instance: ProgressQueue | undefined;
/** The one queue of this tab (browser only). */
export function getProgressQueue(): ProgressQueue {
  return (instance ??= new ProgressQueue());
}
