/**
 * The page's side of the exercise sandbox: one hidden <iframe sandbox="allow-scripts"> per language,
 * kept for the life of the tab (so Python stays loaded between exercises), spoken to only through
 * postMessage. It runs program texts built by the harness and returns the raw outcome; the time
 * limit is enforced inside the sandbox, which terminates the Worker. Browser only.
 */
import type { CodeLanguage, ExecuteRun, RawRun } from "~/modules/exercises/harness.ts";
import { RUN_TIME_LIMIT_MS } from "~/modules/exercises/harness.ts";
import type { SandboxMessage, SandboxRequest, SandboxStatus } from "~/exercise-sandbox/runner.ts";

/** `interactive`: input() can ask the learner while the program runs (a cross-origin isolated page). */
export type RuntimeState = {
  status: SandboxStatus | "starting";
  message?: string;
  interactive?: boolean;
  /** While Python loads: bytes arrived and expected (decoded). */
  progress?: { loaded: number; total: number };
};

/** Asked when the program calls input(): what it printed so far; answer with a line, or null for none. */
export type AskForInput = (output: string) => Promise<string | null>;

/** Longer than any run plus loading Python on a slow connection: only a sandbox that died hits it. */
const NO_ANSWER_MS = 120_000;

class Sandbox {
  private frame: HTMLIFrameElement;
  private loaded: Promise<void>;
  private nextId = 1;
  private waiting = new Map<number, { done: (raw: RawRun) => void; ask: AskForInput | null; pause: () => void; restart: () => void }>();
  /** Whether input() can ask the learner (said by the frame when it starts). */
  interactive = false;
  private listeners = new Set<(state: RuntimeState) => void>();
  state: RuntimeState = { status: "starting" };

  constructor(readonly language: CodeLanguage) {
    const frame = document.createElement("iframe");
    frame.src = `/exercise-sandbox/${language}.html`;
    frame.setAttribute("sandbox", "allow-scripts");
    // Lets the frame share memory with its Workers when this page is cross-origin isolated
    // (docs/decisions/0014): input() can then wait for the learner, and Stop interrupts Python.
    frame.setAttribute("allow", "cross-origin-isolated");
    frame.title = `Code runner (${language})`;
    frame.hidden = true;
    frame.tabIndex = -1;
    frame.setAttribute("aria-hidden", "true");
    frame.dataset.testid = `sandbox-${language}`;
    this.frame = frame;
    let hello: () => void = () => undefined;
    this.loaded = new Promise((resolve) => (hello = resolve));
    window.addEventListener("message", (event: MessageEvent<SandboxMessage>) => {
      // Only our own frame: its origin is opaque, so the browser reports it as "null".
      if (event.source !== frame.contentWindow || event.origin !== "null") return;
      const message = event.data;
      if (message?.type === "hello") {
        this.interactive = message.interactive === true;
        hello();
      } else if (message?.type === "status") {
        const { loaded, total } = message;
        const progress =
          typeof loaded === "number" && typeof total === "number" && total > 0 && loaded >= 0 && loaded <= total
            ? { loaded, total }
            : undefined;
        this.setState({
          status: message.state,
          message: message.message,
          interactive: this.interactive,
          ...(progress ? { progress } : {}),
        });
      } else if (message?.type === "input") void this.ask(message.id, String(message.output));
      else if (message?.type === "result") {
        this.waiting.get(message.id)?.done(message.raw);
        this.waiting.delete(message.id);
      }
    });
    document.body.append(frame);
  }

  private setState(state: RuntimeState) {
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }

  subscribe(listener: (state: RuntimeState) => void) {
    this.listeners.add(listener);
    listener(this.state);
    return () => void this.listeners.delete(listener);
  }

  private post(request: SandboxRequest) {
    this.frame.contentWindow?.postMessage(request, "*"); // an opaque origin can only be addressed as "*"
  }

  private async ask(id: number, output: string) {
    const run = this.waiting.get(id);
    if (!run) return;
    run.pause(); // the learner's thinking time does not count against the runner
    const value = run.ask ? await run.ask(output) : null;
    run.restart();
    this.post({ type: "answer", id, value });
  }

  /** Runs one program text; `ask` answers input() when the frame can wait for the learner. */
  readonly execute = async (run: Parameters<ExecuteRun>[0], ask: AskForInput | null = null): Promise<RawRun> => {
    await this.loaded;
    const id = this.nextId++;
    return new Promise<RawRun>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const restart = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          this.waiting.delete(id);
          resolve({ kind: "unavailable", message: "The code runner stopped answering. Reload the page and try again." });
        }, NO_ANSWER_MS);
      };
      restart();
      this.waiting.set(id, {
        ask,
        restart,
        pause: () => clearTimeout(timer),
        done: (raw) => {
          clearTimeout(timer);
          resolve(raw);
        },
      });
      this.post({ type: "run", id, text: run.text, timeoutMs: RUN_TIME_LIMIT_MS });
    });
  };

  stop() {
    this.post({ type: "stop" });
  }
}

const sandboxes = new Map<CodeLanguage, Sandbox>();

/** The tab's sandbox for a language, created (and, for Python, starting to load) on first use. */
export function getSandbox(language: CodeLanguage): Sandbox {
  let sandbox = sandboxes.get(language);
  if (!sandbox) {
    sandbox = new Sandbox(language);
    sandboxes.set(language, sandbox);
  }
  return sandbox;
}
