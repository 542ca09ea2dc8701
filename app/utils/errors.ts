/**
 * The one error type of the domain: a code the UI can branch on, an HTTP status, a message that is
 * safe to show, and an optional cause for the logs. The root error boundary renders it.
 */
export type AppErrorCode =
  | "not-found"
  | "forbidden"
  | "unauthenticated"
  | "bad-request"
  | "conflict"
  | "too-many-requests"
  | "internal"
  /** The account's email address is not confirmed yet (a certificate needs a confirmed address: ADR 0031). */
  | "email-unverified";

const STATUS: Record<AppErrorCode, number> = {
  "not-found": 404,
  forbidden: 403,
  unauthenticated: 401,
  "bad-request": 400,
  conflict: 409,
  "too-many-requests": 429,
  internal: 500,
  "email-unverified": 403,
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: AppErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "AppError";
    this.status = STATUS[code];
  }

  /** A Response Remix renders through the error boundary (thrown from loaders and actions). */
  toResponse(): Response {
    return new Response(JSON.stringify({ code: this.code, message: this.message }), {
      status: this.status,
      statusText: this.message,
      headers: { "Content-Type": "application/json; charset=utf-8" },
    });
  }
}

/** Throws a 404 (or the given status) Response unless `condition` holds. */
export function invariantResponse(condition: unknown, message = "Not found", status = 404): asserts condition {
  if (!condition) {
    throw new Response(JSON.stringify({ message }), {
      status,
      statusText: message,
      headers: { "Content-Type": "application/json; charset=utf-8" },
    });
  }
}
