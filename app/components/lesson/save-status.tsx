import { Button } from "~/components/ui/button.tsx";
import type { QueueState, QueuedWrite, RefusedWrite } from "./progress-queue.ts";

function changes(n: number) {
  return `${n} change${n === 1 ? " is" : "s are"}`;
}

/**
 * A polite live region that says whether the learner's work has reached the server. When the
 * session has ended it says so and links to sign in again, coming back to this page.
 */
export function SaveStatus({ state, signInHref }: { state: QueueState; signInHref: string }) {
  let message = "";
  let tone = "info";
  let signIn = false;
  if (state.status === "sending" && state.pending > 0) message = "Saving your progress…";
  if (state.status === "waiting" && state.pending > 0) {
    tone = "warning";
    message =
      `${state.lastError ?? ""} ${changes(state.pending)} saved on this device and will be sent automatically when the connection returns.`.trim();
  } else if (state.status === "signed-out") {
    tone = "warning";
    signIn = true;
    message = `Your session has ended. ${state.pending > 0 ? `${changes(state.pending)} saved on this device and will be sent when you sign in again.` : "Sign in again to keep saving your progress."}`;
  } else if (state.status === "other-account") {
    tone = "warning";
    signIn = true;
    message =
      `Another account is signed in now (perhaps in another tab). ${state.pending > 0 ? `${changes(state.pending)} saved on this device for your account and will not be sent to it.` : ""} Sign in again as yourself to carry on.`.replace(
        "  ",
        " ",
      );
  } else if (state.lastError && state.status === "idle") {
    tone = "error";
    message = state.lastError;
  }
  const other =
    state.otherAccount > 0
      ? `${changes(state.otherAccount)} saved on this device by another account. They are kept for that account and not sent to yours.`
      : "";
  return (
    <div className={`save-status save-status--${tone}`} role="status" aria-live="polite" data-testid="save-status">
      {message}
      {signIn ? (
        <>
          {" "}
          <a href={signInHref}>Sign in again</a>
        </>
      ) : null}
      {other ? <p className="muted">{other}</p> : null}
    </div>
  );
}

const INTENT_LABELS: Record<QueuedWrite["intent"], string> = {
  visit: "Your place in the module",
  complete: "Marking as complete",
  quiz: "Your quiz answers",
  reflection: "Your journal entry",
  "code-draft": "Your code",
  "code-run": "Your code's result",
  "blocks-draft": "Your blocks",
  "blocks-check": "Your blocks' check",
};

/**
 * Writes the server refused: never dropped silently. Each says what it was, why it was refused,
 * and offers "Try again" and "Dismiss"; a journal entry shows its text so it can be copied.
 */
export function RefusedWrites({
  refused,
  titleOf,
  onRetry,
  onDismiss,
}: {
  refused: RefusedWrite[];
  titleOf: (activityId: string) => string;
  onRetry: (clientId: string) => void;
  onDismiss: (clientId: string) => void;
}) {
  if (refused.length === 0) return null;
  return (
    <section className="alert alert--error refused-writes" aria-labelledby="refused-title" data-testid="refused-writes">
      <h2 id="refused-title" className="refused-writes__title">
        {refused.length === 1 ? "1 change was not saved" : `${refused.length} changes were not saved`}
      </h2>
      <ul className="stack">
        {refused.map(({ write, message }) => (
          <li key={write.clientId}>
            <p>
              <strong>
                {INTENT_LABELS[write.intent]} ({titleOf(write.activityId)}):
              </strong>{" "}
              {message}
            </p>
            {write.intent === "reflection" && write.text ? (
              <details>
                <summary>The text you wrote</summary>
                <pre className="refused-writes__text">{write.text}</pre>
              </details>
            ) : null}
            <div className="button-row">
              <Button type="button" variant="secondary" className="button--small" onClick={() => onRetry(write.clientId)}>
                Try again<span className="visually-hidden">: {INTENT_LABELS[write.intent]}</span>
              </Button>
              <Button type="button" variant="link" onClick={() => onDismiss(write.clientId)}>
                Dismiss<span className="visually-hidden">: {INTENT_LABELS[write.intent]}</span>
              </Button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
