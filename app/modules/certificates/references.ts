/**
 * Bulk verification input (pure): certificate references pasted as ids or as verification
 * addresses, one per line or separated by spaces or commas, in any mix. References are read as
 * certificate-id.ts reads them (any case, confusable letters), so the ids come back in stored form.
 */
import { normaliseCertificateReference } from "./certificate-id.ts";

export const MAX_BULK_REFERENCES = 50;

const FROM_URL = /\/verify\/([A-Za-z0-9_-]{16,64})(?:\/status\.json)?\/?(?:[?#].*)?$/;

export type ParsedReferences = {
  /** Distinct ids in the order first given. */
  ids: string[];
  /** Pieces that are neither an id nor a verification address. */
  unrecognised: string[];
  /** True when more than MAX_BULK_REFERENCES ids were given (only the first ones are kept). */
  truncated: boolean;
};

export function parseCertificateReferences(text: string, max = MAX_BULK_REFERENCES): ParsedReferences {
  const ids: string[] = [];
  const unrecognised: string[] = [];
  let truncated = false;
  for (const piece of text.split(/[\s,;]+/).filter(Boolean)) {
    const fromUrl = FROM_URL.exec(piece)?.[1];
    const id = normaliseCertificateReference(fromUrl ?? piece);
    if (!id) {
      if (unrecognised.length < 20) unrecognised.push(piece.slice(0, 100));
      continue;
    }
    if (ids.includes(id)) continue;
    if (ids.length >= max) {
      truncated = true;
      continue;
    }
    ids.push(id);
  }
  return { ids, unrecognised, truncated };
}
