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
  /** Particulars a form lists under the message (e.g. each problem that stops a submission). */
  readonly details: string[];
  constructor(
    readonly code: AppErrorCode,
    message: string,
    options?: { cause?: unknown; details?: string[] },
  ) {
    super(message, options);
    this.name = "AppError";
    this.status = STATUS[code];
    this.details = options?.details ?? [];
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

/** What an action answers when a form could not be carried out: the message and its particulars. */
export type FormErrorReply = { error: string; problems?: string[] };

/**
 * The one way an action turns a domain failure into its reply (docs/decisions/0046): an AppError
 * the person can put right (400, 409) becomes `{ error, problems }` with its status, for the page to
 * show beside the form; any other AppError (403, 404…) becomes the Response the error boundary
 * renders; anything else is a bug and is rethrown as it is. `beside` names the other codes a form
 * shows beside itself, with their own status, where the message is what the person needs (e.g. a
 * 404 "There is no account with that email address" on an add-member form). `code` lets a page
 * word one case differently (e.g. an unconfirmed email address).
 */
export function formErrorReply(
  error: unknown,
  { beside = [] }: { beside?: readonly AppErrorCode[] } = {},
): { reply: FormErrorReply; status: number; code: AppErrorCode } {
  if (error instanceof AppError && (error.status === 400 || error.status === 409 || beside.includes(error.code))) {
    const reply = { error: error.message, ...(error.details.length ? { problems: error.details } : {}) };
    return { reply, status: error.status, code: error.code };
  }
  if (error instanceof AppError) throw error.toResponse();
  throw error;
}

/**
 * The first message of a failed parse (Conform's `submission.error`, field by field in the schema's
 * order), for a page that says what went wrong in one line above its forms.
 */
export function firstErrorMessage(
  errors: Record<string, readonly string[] | null | undefined> | null | undefined,
  fallback: string,
): string {
  return Object.values(errors ?? {}).flatMap((messages) => messages ?? [])[0] ?? fallback;
}

/**
 * The loader's counterpart of `formErrorReply`: runs a domain call and turns its AppError into the
 * Response the error boundary renders (a loader has no form to show a message beside).
 */
export async function orErrorResponse<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof AppError) throw error.toResponse();
    throw error;
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
