import type { ReactNode } from "react";

type Tone = "info" | "success" | "warning" | "error";

/** A status message. `role="status"` is announced politely; errors use role="alert". */
export function Alert({ tone = "info", title, children }: { tone?: Tone; title?: ReactNode; children?: ReactNode }) {
  return (
    <div className={`alert alert--${tone}`} role={tone === "error" ? "alert" : "status"}>
      {title ? (
        <p>
          <strong>{title}</strong>
        </p>
      ) : null}
      {children}
    </div>
  );
}
