import type { QueueState } from "./progress-queue.ts";

/** A polite live region that says whether the learner's work has reached the server. */
export function SaveStatus({ state }: { state: QueueState }) {
  let message = "";
  let tone = "info";
  if (state.status === "sending" && state.pending > 0) message = "Saving your progress…";
  if (state.status === "waiting" && state.pending > 0) {
    tone = "warning";
    message =
      `${state.lastError ?? ""} ${state.pending} change${state.pending === 1 ? " is" : "s are"} saved on this device and will be sent automatically when the connection returns.`.trim();
  } else if (state.lastError && state.status === "idle") {
    tone = "error";
    message = state.lastError;
  }
  return (
    <div className={`save-status save-status--${tone}`} role="status" aria-live="polite" data-testid="save-status">
      {message}
    </div>
  );
}
