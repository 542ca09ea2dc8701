import "@remix-run/node";

/** What server/index.ts passes to every loader and action. */
declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce: string;
    clientIp: string;
  }
}
export {};
