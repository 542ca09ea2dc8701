/**
 * Importing GIAS (docs/decisions/0061): an admin uploads the establishments file (and the links
 * file); the files are kept under the uploads folder and a job reads them in batches, so a 50,000-row
 * file neither holds a request open nor stops the server, and the import page shows its progress.
 * Every batch is one transaction; a failed import says why, and what it had stored stays correct
 * (a school row is the file's row). Schools are never deleted: a closed one stays, as history.
 */
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { JobKind } from "~/modules/jobs/jobs.ts";
import { enqueue } from "~/modules/jobs/queue.server.ts";
import { GiasImportStatus } from "./import-status.ts";
import { prisma } from "~/utils/db.server.ts";
import { getEnv } from "~/utils/env.server.ts";
import { AppError } from "~/utils/errors.ts";
import { canonicalUrns, decodeGias, GIAS_MAX_BYTES, parseEstablishments, parseLinks, type SchoolRow } from "./gias.ts";

const BATCH = 500;

const giasDir = () => path.resolve(getEnv().UPLOADS_DIR, "gias");
const fileFor = (importId: string, which: "establishments" | "links") => path.join(giasDir(), `${importId}-${which}.csv`);

/** Keeps the uploaded files and queues the import; returns its id (its page shows the progress). */
export async function startGiasImport({
  establishments,
  links,
  userId,
}: {
  establishments: Uint8Array;
  links: Uint8Array | null;
  userId: string;
}): Promise<string> {
  if (establishments.byteLength === 0) throw new AppError("bad-request", "Choose the establishments file to upload.");
  if (establishments.byteLength > GIAS_MAX_BYTES || (links?.byteLength ?? 0) > GIAS_MAX_BYTES)
    throw new AppError("bad-request", "A file is larger than 100 MB, which no GIAS file is. Check that you chose the right file.");
  // Read the header now, so a wrong file is refused at once rather than by a job later.
  const firstLines = (bytes: Uint8Array) => decodeGias(bytes.subarray(0, 64 * 1024)).split(/\r?\n/)[0] ?? "";
  const header = parseEstablishments(firstLines(establishments));
  if (!header.ok) throw new AppError("bad-request", header.message);
  if (links?.byteLength) {
    const linkHeader = parseLinks(firstLines(links));
    if (!linkHeader.ok) throw new AppError("bad-request", linkHeader.message);
  }
  const id = crypto.randomUUID();
  await fs.mkdir(giasDir(), { recursive: true });
  await removeStaleFiles();
  await fs.writeFile(fileFor(id, "establishments"), establishments);
  if (links?.byteLength) await fs.writeFile(fileFor(id, "links"), links);
  await prisma.$transaction(async (tx) => {
    await tx.giasImport.create({ data: { id, startedById: userId } });
    await enqueue(JobKind.giasImport, { importId: id }, { key: `gias-import:${id}`, db: tx });
  });
  return id;
}

const searchText = (row: SchoolRow) => `${row.name} ${row.postcode} ${row.laName}`.toLowerCase();

/** The job: reads the files, stores the schools in batches (recording progress), then the links and who counts as whom. */
export async function runGiasImport(importId: string): Promise<void> {
  const run = await prisma.giasImport.findUnique({ where: { id: importId } });
  if (!run || run.status === GiasImportStatus.done) return;
  try {
    const establishments = parseEstablishments(decodeGias(await fs.readFile(fileFor(importId, "establishments"))));
    if (!establishments.ok) throw new AppError("bad-request", establishments.message);
    const linksBytes = await fs.readFile(fileFor(importId, "links")).catch(() => null);
    const links = linksBytes ? parseLinks(decodeGias(linksBytes)) : { ok: true as const, rows: [], skipped: [] };
    if (!links.ok) throw new AppError("bad-request", links.message);
    // One row per URN (a file that repeats one keeps its last row, as an upsert would).
    const rows = [...new Map(establishments.rows.map((row) => [row.urn, row])).values()];
    await prisma.giasImport.update({
      where: { id: importId },
      data: { status: GiasImportStatus.running, total: rows.length, processed: 0, skipped: establishments.skipped.length },
    });

    // Who counts as whom, over this file's schools and the ones stored before (a school may have
    // closed before this extract was made) and every link known.
    const stored = await prisma.school.findMany({ select: { urn: true, status: true, openedOn: true } });
    const inFile = new Set(rows.map((r) => r.urn));
    const storedLinks = await prisma.schoolLink.findMany();
    const canonical = canonicalUrns([...rows, ...stored.filter((s) => !inFile.has(s.urn))], [...storedLinks, ...links.rows]);

    // Each batch replaces its schools' rows in two statements (delete, then one multi-row insert:
    // nothing else refers to a school row), and the server gets a turn between batches, so a
    // 50,000-row file takes seconds and requests are answered meanwhile (bench/gias-import.ts).
    const importedAt = new Date();
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH);
      await prisma.$transaction(async (tx) => {
        await tx.school.deleteMany({ where: { urn: { in: batch.map((row) => row.urn) } } });
        await tx.school.createMany({
          data: batch.map((row) => ({ ...row, canonicalUrn: canonical.get(row.urn) ?? row.urn, searchText: searchText(row), importedAt })),
        });
        await tx.giasImport.update({ where: { id: importId }, data: { processed: Math.min(rows.length, i + BATCH) } });
      });
      await yieldToServer();
    }
    // The links file lists every link of each school in it: a school's links are replaced as a
    // whole, in batches of whole schools.
    const linksByUrn = new Map<number, Map<number, (typeof links.rows)[number]>>();
    for (const link of links.rows) {
      const own = linksByUrn.get(link.urn) ?? new Map();
      own.set(link.linkUrn, link);
      linksByUrn.set(link.urn, own);
    }
    const groups = [...linksByUrn.entries()];
    for (let i = 0; i < groups.length; i += BATCH) {
      const batch = groups.slice(i, i + BATCH);
      await prisma.$transaction(async (tx) => {
        await tx.schoolLink.deleteMany({ where: { urn: { in: batch.map(([urn]) => urn) } } });
        await tx.schoolLink.createMany({ data: batch.flatMap(([, own]) => [...own.values()]) });
      });
      await yieldToServer();
    }
    // Schools stored earlier and not in this file may now count as another: one update per URN they now count as.
    const moved = new Map<number, number[]>();
    for (const s of stored) {
      if (inFile.has(s.urn)) continue;
      const to = canonical.get(s.urn) ?? s.urn;
      moved.set(to, [...(moved.get(to) ?? []), s.urn]);
    }
    await prisma.$transaction(async (tx) => {
      for (const [to, urns] of moved)
        await tx.school.updateMany({ where: { urn: { in: urns }, canonicalUrn: { not: to } }, data: { canonicalUrn: to } });
      await tx.giasImport.update({
        where: { id: importId },
        data: { status: GiasImportStatus.done, links: links.rows.length, finishedAt: new Date(), message: summary(establishments.skipped) },
      });
    });
    await removeFiles(importId);
  } catch (error) {
    const message =
      error instanceof AppError
        ? error.message
        : "The import stopped because of an error on the server; it has been logged, and the import is tried again a few times.";
    await prisma.giasImport.update({ where: { id: importId }, data: { status: GiasImportStatus.failed, message, finishedAt: new Date() } });
    // A file that cannot be read will not read better next time; anything else is tried again by
    // the queue, which needs the files (old ones are removed when the next import starts).
    if (error instanceof AppError) await removeFiles(importId);
    else throw error;
  }
}

/** Lets the server answer requests and run its timers (the job's lease renewal) between batches. */
const yieldToServer = () => new Promise<void>((resolve) => setImmediate(resolve));

async function removeFiles(importId: string) {
  await fs.rm(fileFor(importId, "establishments"), { force: true });
  await fs.rm(fileFor(importId, "links"), { force: true });
}

/** Uploads of imports that failed for good, left for their retries: removed after a week. */
async function removeStaleFiles(now = Date.now()) {
  const names = await fs.readdir(giasDir()).catch(() => [] as string[]);
  for (const name of names) {
    const file = path.join(giasDir(), name);
    const stat = await fs.stat(file).catch(() => null);
    if (stat && now - stat.mtimeMs > 7 * 86_400_000) await fs.rm(file, { force: true });
  }
}

function summary(skipped: { line: number; message: string }[]): string | null {
  if (!skipped.length) return null;
  const shown = skipped.slice(0, 5).map((s) => `line ${s.line}: ${s.message}`);
  return `${skipped.length} row${skipped.length === 1 ? " was" : "s were"} skipped (${shown.join("; ")}${skipped.length > 5 ? "; …" : ""}).`;
}

export async function getGiasImport(id: string) {
  return prisma.giasImport.findUnique({ where: { id } });
}

export async function recentGiasImports() {
  return prisma.giasImport.findMany({ orderBy: { createdAt: "desc" }, take: 5 });
}

/** Schools whose name, postcode or local authority contains the words, or the URN; at most 20. */
export async function searchSchools(query: string) {
  const q = query.trim().toLowerCase();
  if (q.length < 2) return [];
  const urn = /^\d{5,7}$/.test(q) ? Number(q) : null;
  return prisma.school.findMany({
    where:
      urn !== null
        ? { urn }
        : {
            AND: q
              .split(/\s+/)
              .slice(0, 5)
              .map((word) => ({ searchText: { contains: word } })),
          },
    orderBy: [{ status: "desc" }, { name: "asc" }],
    take: 20,
    select: { urn: true, name: true, postcode: true, laName: true, phase: true, status: true },
  });
}

/** Organisations not yet matched to a URN, for admins to resolve. */
export async function unmatchedOrganisations() {
  return prisma.organisation.findMany({
    where: { urn: null },
    orderBy: { name: "asc" },
    select: { id: true, name: true, type: true },
    take: 200,
  });
}

/** Matches an organisation to a school (or clears it with null). The URN must be a stored school. */
export async function setOrganisationUrn(organisationId: string, urn: number | null): Promise<void> {
  if (urn !== null && !(await prisma.school.findUnique({ where: { urn }, select: { urn: true } })))
    throw new AppError("bad-request", `There is no school with URN ${urn}. Import the GIAS file first, or check the number.`);
  const { count } = await prisma.organisation.updateMany({ where: { id: organisationId }, data: { urn } });
  if (count === 0) throw new AppError("not-found", "There is no such organisation.");
}

/** Organisations `leaderId` leads, as a `where` (scoped in the query: anyone else finds nothing). */
const ledBy = (leaderId: string, organisationId: string) => ({
  id: organisationId,
  memberships: { some: { userId: leaderId, role: "leader" } },
});

/** A leader's organisation and the school it is matched to; null if they do not lead it. */
export async function getLedOrganisationSchool(leaderId: string, organisationId: string) {
  const organisation = await prisma.organisation.findFirst({
    where: ledBy(leaderId, organisationId),
    select: { id: true, name: true, urn: true },
  });
  if (!organisation) return null;
  const school = organisation.urn
    ? await prisma.school.findUnique({
        where: { urn: organisation.urn },
        select: { urn: true, name: true, postcode: true, laName: true, status: true },
      })
    : null;
  return { organisation, school };
}

/** A leader picks their organisation's school (or clears it with null). Not leading it: not found. */
export async function setLedOrganisationUrn(leaderId: string, organisationId: string, urn: number | null): Promise<void> {
  if (urn !== null && !(await prisma.school.findUnique({ where: { urn }, select: { urn: true } })))
    throw new AppError("bad-request", `There is no school with URN ${urn}. Search for your school and choose it from the list.`);
  const { count } = await prisma.organisation.updateMany({ where: ledBy(leaderId, organisationId), data: { urn } });
  if (count === 0) throw new AppError("not-found", "Organisation not found");
}
