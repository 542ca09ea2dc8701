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
    const rows = establishments.rows;
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

    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH);
      await prisma.$transaction(async (tx) => {
        for (const row of batch) {
          const data = { ...row, canonicalUrn: canonical.get(row.urn) ?? row.urn, searchText: searchText(row), importedAt: new Date() };
          await tx.school.upsert({ where: { urn: row.urn }, create: data, update: data });
        }
        await tx.giasImport.update({ where: { id: importId }, data: { processed: Math.min(rows.length, i + BATCH) } });
      });
    }
    await prisma.$transaction(async (tx) => {
      for (const link of links.rows)
        await tx.schoolLink.upsert({ where: { urn_linkUrn: { urn: link.urn, linkUrn: link.linkUrn } }, create: link, update: link });
      // Schools stored earlier and not in this file may now count as another.
      for (const s of stored) {
        if (inFile.has(s.urn)) continue;
        await tx.school.update({ where: { urn: s.urn }, data: { canonicalUrn: canonical.get(s.urn) ?? s.urn } });
      }
      await tx.giasImport.update({
        where: { id: importId },
        data: { status: GiasImportStatus.done, links: links.rows.length, finishedAt: new Date(), message: summary(establishments.skipped) },
      });
    });
  } catch (error) {
    const message =
      error instanceof AppError ? error.message : "The import stopped because of an error on the server; it has been logged. Try again.";
    await prisma.giasImport.update({ where: { id: importId }, data: { status: GiasImportStatus.failed, message, finishedAt: new Date() } });
    if (!(error instanceof AppError)) throw error;
  } finally {
    await fs.rm(fileFor(importId, "establishments"), { force: true });
    await fs.rm(fileFor(importId, "links"), { force: true });
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
