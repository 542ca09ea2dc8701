import { AppError } from "./errors.ts";
import { getEnv } from "./env.server.ts";

/** The public origin for links in emails: APP_ORIGIN when configured, else this request's origin. */
export function appOrigin(request: Request): string {
  return getEnv().APP_ORIGIN ? new URL(getEnv().APP_ORIGIN as string).origin : new URL(request.url).origin;
}

/**
 * The request's form (urlencoded or multipart). A body that is not a form at all (JSON, a broken
 * multipart body, no body) is the sender's mistake: 400 with a message, never a 500.
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch (error) {
    throw new AppError("bad-request", "This form could not be read. Send it again from the Pathways page.", { cause: error }).toResponse();
  }
}
