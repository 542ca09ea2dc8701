/** Where a GIAS import is (docs/decisions/0061): its page refreshes itself while pending or running. Kept apart from gias.ts, whose CSV parser is for the server. */
export const GiasImportStatus = { pending: "pending", running: "running", done: "done", failed: "failed" } as const;
