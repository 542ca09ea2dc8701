/**
 * The page's side of the exercise sandbox: one hidden <iframe sandbox="allow-scripts"> per language,
 * kept for the life of the tab (so Python stays loaded between exercises), spoken to only through
 * postMessage. It runs program texts built by the harness and returns the raw outcome; the time
 * limit is enforced inside the sandbox, which terminates the Worker. Browser only.
 */
import type { CodeLanguage, ExecuteRun, RawRun } from "~/modules/exercises/harness.ts";
import { RUN_TIME_LIMIT_MS } from "~/modules/exercises/harness.ts";
import type { SandboxMessage, SandboxRequest, SandboxStatus } from "~/exercise-sandbox/runner.ts";

export type RuntimeState = { status: SandboxStatus | "starting"; message?: string };

/** Longer than any run plus loading Python on a slow connection: only a sandbox that died hits it. */
const NO_ANSWER_MS = 120_000;

class Sandbox {
  private frame: HTMLIFrameElement;
  private loaded: Promise<void>;
  private nextId = 1;
  private waiting = new Map<number, (raw: RawRun) => void>();
  private listeners = new Set<(state: RuntimeState) => void>();
  state: RuntimeState = { status: "starting" };

  constructor(readonly language: CodeLanguage) {
    const frame = document.createElement("iframe");
    frame.src = `/exercise-sandbox/${language}.html`;
    frame.setAttribute("sandbox", "allow-scripts");
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
      if (message?.type === "hello") hello();
      else if (message?.type === "status") this.setState({ status: message.state, message: message.message });
      else if (message?.type === "result") {
        this.waiting.get(message.id)?.(message.raw);
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

  readonly execute: ExecuteRun = async (run) => {
    await this.loaded;
    const id = this.nextId++;
    return new Promise<RawRun>((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        resolve({ kind: "unavailable", message: "The code runner stopped answering. Reload the page and try again." });
      }, NO_ANSWER_MS);
      this.waiting.set(id, (raw) => {
        clearTimeout(timer);
        resolve(raw);
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
