import { getEnv } from "./env.server.ts";

/** The public origin for links in emails: APP_ORIGIN when configured, else this request's origin. */
export function appOrigin(request: Request): string {
  return getEnv().APP_ORIGIN ? new URL(getEnv().APP_ORIGIN as string).origin : new URL(request.url).origin;
}
