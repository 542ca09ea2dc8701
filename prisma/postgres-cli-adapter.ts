/**
 * The driver adapter Prisma's CLI (migrate deploy, migrate diff) uses on PostgreSQL
 * (docs/decisions/0050). @prisma/adapter-pg 6.19 cannot read columns of PostgreSQL's catalog types
 * `name` and `"char"`, which the schema engine selects when it reads the migrations table and
 * describes a database ("Column type 'name' could not be deserialized", prisma/orm issue 27403).
 * Both are text, so their rows are described to the adapter as text. Only the CLI's process loads
 * this; the app's queries never select catalog columns.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

const TEXT = 25;
const CATALOG_TEXT_TYPES = new Set([18 /* "char" */, 19 /* name */]);

type RowDescription = { fields: { dataTypeID: number }[] };
type QueryPrototype = { handleRowDescription: (this: unknown, message: RowDescription) => void };

let patched = false;
function describeCatalogTextAsText() {
  if (patched) return;
  patched = true;
  const prototype = (pg as unknown as { Query: { prototype: QueryPrototype } }).Query.prototype;
  const original = prototype.handleRowDescription;
  prototype.handleRowDescription = function (message) {
    for (const field of message.fields) if (CATALOG_TEXT_TYPES.has(field.dataTypeID)) field.dataTypeID = TEXT;
    return original.call(this, message);
  };
}

export function postgresCliAdapter(connectionString: string) {
  describeCatalogTextAsText();
  return new PrismaPg({ connectionString });
}
