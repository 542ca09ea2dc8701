/**
 * The browser side of "never lose work". Every progress write is put in a queue kept in
 * localStorage before it is sent, and stays there until the server has acknowledged it. A write
 * that could not be sent (offline, server down) is retried with backoff and when the browser says
 * it is back online. Writes carry a client id, so a retry of something that did arrive is harmless.
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
  queuedAt: number;
};

export type QueueState = { pending: number; status: "idle" | "sending" | "waiting"; lastError: string | null };

const KEY = "pathways.progress-queue.v1";
const ENDPOINT = "/api/progress";
const RETRY_DELAYS_MS = [1000, 3000, 8000, 15000, 30000];

export function newClientId(): string {
  // randomUUID exists only in secure contexts (https, localhost); getRandomValues everywhere.
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function read(): QueuedWrite[] {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as QueuedWrite[]) : [];
  } catch {
    return [];
  }
}

function write(queue: QueuedWrite[]) {
  localStorage.setItem(KEY, JSON.stringify(queue));
}

/** Writes that matter to the learner (a "visit" only moves the resume point). */
function pendingWork() {
  return read().filter((q) => q.intent !== "visit").length;
}

type Listener = (state: QueueState, acknowledged: QueuedWrite[]) => void;

class ProgressQueue {
  private listeners = new Set<Listener>();
  private sending = false;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private state: QueueState = { pending: 0, status: "idle", lastError: null };

  constructor() {
    window.addEventListener("online", () => this.flush());
    window.addEventListener("storage", (e) => e.key === KEY && this.emit([]));
    this.state.pending = pendingWork();
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
  enqueue(entry: Omit<QueuedWrite, "queuedAt" | "clientId"> & { clientId?: string }, { replacePending = false } = {}) {
    const sameTarget = (q: QueuedWrite) => q.intent === entry.intent && q.moduleId === entry.moduleId && q.activityId === entry.activityId;
    const queue = replacePending ? read().filter((q) => !sameTarget(q)) : read();
    queue.push({ ...entry, clientId: entry.clientId ?? newClientId(), queuedAt: Date.now() });
    write(queue);
    this.attempt = 0;
    this.flush();
  }

  private emit(acknowledged: QueuedWrite[], patch: Partial<QueueState> = {}) {
    this.state = { ...this.state, pending: pendingWork(), ...patch };
    for (const l of this.listeners) l(this.state, acknowledged);
  }

  async flush() {
    if (this.sending) return;
    clearTimeout(this.timer);
    this.sending = true;
    const acknowledged: QueuedWrite[] = [];
    let dropped: string | null = null;
    try {
      for (let queue = read(); queue.length > 0; queue = read()) {
        const next = queue[0]!;
        this.emit(acknowledged, { status: "sending" });
        let response: Response;
        try {
          response = await fetch(ENDPOINT, {
            method: "POST",
            headers: { "Content-Type": "application/json", Accept: "application/json" },
            body: JSON.stringify(next),
            credentials: "same-origin",
          });
        } catch {
          return this.retryLater("You appear to be offline.");
        }
        if (response.status >= 500 || response.status === 429 || response.status === 408) {
          return this.retryLater("The server could not save your progress just now.");
        }
        // 2xx: saved (or a replay). 4xx: it can never succeed; drop it and say why.
        write(read().filter((q) => q.clientId !== next.clientId));
        if (response.ok) {
          acknowledged.push(next);
        } else {
          const body = (await response.json().catch(() => null)) as { message?: string } | null;
          dropped = body?.message ?? "Something you did could not be saved.";
        }
      }
      this.attempt = 0;
      this.emit(acknowledged, { status: "idle", lastError: dropped });
    } finally {
      this.sending = false;
    }
  }

  private retryLater(message: string) {
    const delay = RETRY_DELAYS_MS[Math.min(this.attempt, RETRY_DELAYS_MS.length - 1)]!;
    this.attempt++;
    this.timer = setTimeout(() => this.flush(), delay);
    this.emit([], { status: "waiting", lastError: message });
  }
}

let instance: ProgressQueue | undefined;
/** The one queue of this tab (browser only). */
export function getProgressQueue(): ProgressQueue {
  return (instance ??= new ProgressQueue());
}
