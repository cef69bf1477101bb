// A district's own mappings (issue #3 "pick or build a mapping"): one built on the Data imports
// page for a file the state or the SIS sends every term is saved once, under a title, and is
// then offered and picked from the header like a built-in one — on the page and by `tandem
// import` — so that next term's file needs no building again. Who may import may save and
// delete them; both are audited. The name (what `--mapping` takes) is made from the title.
import type { Actor } from '../domain/access/access.ts';
import { AppError, notFound } from '../domain/shared/errors.ts';
import type { Db } from '../db/connection.ts';
import {
  deleteSavedMapping,
  findSavedMappingClash,
  insertSavedMapping,
} from '../db/queries/saved-mappings.ts';
import { columnsOf, nameFromTitle, parseMapping, type Mapping } from '../importers/mapping.ts';
import { recordAudit } from './audit.ts';
import { assertCanImport } from './import-batches.ts';
import { checkMappingMeasures, listMappings, savedMappingsOf } from './imports.ts';
import type { MeasureUnit } from '../db/schema.ts';
import { listMeasures } from '../db/queries/schools.ts';
import { STANDARD_MEASURES } from '../domain/shared/catalogue.ts';

/** A mapping as the web app offers it: what it reads, how it is matched, and whose it is. */
export interface MappingChoice {
  name: string;
  title: string;
  description: string;
  kind: Mapping['kind'];
  requiredColumns: string[];
  fileName: string | null;
  columns: string[];
  source: 'built-in' | 'saved';
  /** For a saved mapping: who saved it and when. */
  savedBy: string | null;
  savedAt: Date | null;
  /** For a saved mapping: the document itself, so that the page can change a copy of it. */
  document: Mapping | null;
}

function choiceOf(m: Mapping, saved: { by: string | null; at: Date } | null): MappingChoice {
  return {
    name: m.name,
    title: m.title,
    description: m.description,
    kind: m.kind,
    requiredColumns: m.match.requiredColumns,
    fileName: m.match.fileName ?? null,
    columns: columnsOf(m),
    source: saved ? 'saved' : 'built-in',
    savedBy: saved?.by ?? null,
    savedAt: saved?.at ?? null,
    document: saved ? m : null,
  };
}

/**
 * The measures a mapping built on the Data imports page can feed: the standard catalogue and
 * the district's own (defined by a mapping, docs/mappings.md), each with its label and unit.
 */
export async function listMeasureOptions(
  db: Db,
  actor: Actor,
): Promise<Array<{ key: string; label: string; unit: MeasureUnit }>> {
  assertCanImport(actor, actor.districtId);
  const district = await listMeasures(db, actor.districtId);
  const own = new Map(district.map((m) => [m.key, m]));
  const standard = STANDARD_MEASURES.map((d) => own.get(d.key) ?? d);
  const others = district.filter((m) => !STANDARD_MEASURES.some((d) => d.key === m.key));
  return [...standard, ...others].map(({ key, label, unit }) => ({ key, label, unit }));
}

/** The district's saved mappings (by title), then the built-in ones. A saved document that no
 * longer validates is listed as saved, without columns, so that it can be seen and deleted. */
export async function listMappingChoices(db: Db, actor: Actor): Promise<MappingChoice[]> {
  assertCanImport(actor, actor.districtId);
  const saved = await savedMappingsOf(db, actor.districtId);
  const valid = new Map(saved.valid.map((m) => [m.name, m]));
  const choices = saved.rows.map((row): MappingChoice => {
    const by = { by: row.created_by_name, at: row.created_at };
    const mapping = valid.get(row.name);
    if (mapping) return choiceOf(mapping, by);
    return {
      name: row.name,
      title: row.title,
      description: 'This saved mapping is no longer valid: delete it and build it again.',
      kind: 'measures',
      requiredColumns: [],
      fileName: null,
      columns: [],
      source: 'saved',
      savedBy: by.by,
      savedAt: by.at,
      document: null,
    };
  });
  return [...choices, ...listMappings().map((m) => choiceOf(m, null))];
}

const MAX_TITLE = 120;

/**
 * Saves `document` (a mapping, as built on the page or written by hand) as the district's, under
 * `title`: its name and title are the ones made here; it is validated like any mapping. A title
 * or name the district has already saved, or a built-in's name, is refused (409), so that
 * nobody's mapping is replaced unseen — unless `replaces` names the saved mapping this one is a
 * changed copy of: that one is then deleted in the same transaction (404 if it is gone).
 */
export async function saveMapping(
  db: Db,
  actor: Actor,
  input: { title: string; document: unknown; replaces?: string | undefined },
): Promise<MappingChoice> {
  assertCanImport(actor, actor.districtId);
  const title = input.title.trim().replace(/\s+/g, ' ');
  if (title.length === 0 || title.length > MAX_TITLE) {
    throw new AppError('bad_request', `A mapping's title is 1 to ${MAX_TITLE} characters.`, {
      problems: [{ field: 'title', message: `must be 1 to ${MAX_TITLE} characters` }],
    });
  }
  const name = nameFromTitle(title);
  if (name.length === 0) {
    throw new AppError('bad_request', 'A mapping’s title needs at least one letter or digit.', {
      problems: [{ field: 'title', message: 'needs at least one letter or digit' }],
    });
  }
  const { document } = input;
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new AppError('bad_request', 'A mapping is a JSON object.', {
      problems: [{ field: 'document', message: 'must be a JSON object' }],
    });
  }
  const mapping = parseMapping({ ...document, name, title });
  if (listMappings().some((m) => m.name === name)) {
    throw new AppError(
      'conflict',
      `"${name}" is the name of a built-in mapping; give yours another title.`,
      { problems: [{ field: 'title', message: 'is a built-in mapping’s name' }] },
    );
  }
  const clashWith = (other: string) =>
    new AppError(
      'conflict',
      `The district already has a saved mapping "${other}"; give this one another title, or delete that one first.`,
      { problems: [{ field: 'title', message: `clashes with "${other}"` }] },
    );
  return db.transaction().execute(async (trx) => {
    // A changed mapping takes the place of the one it was changed from, in this transaction:
    // the old is gone only if the new is saved.
    const replaced =
      input.replaces === undefined
        ? undefined
        : await deleteSavedMapping(trx, actor.districtId, input.replaces);
    if (input.replaces !== undefined && replaced === undefined) {
      throw notFound(`The saved mapping "${input.replaces}"`);
    }
    const clash = await findSavedMappingClash(trx, actor.districtId, name, title);
    if (clash) throw clashWith(clash.title);
    // A mapping no import could use (an unknown measure, one read as the wrong type) is refused
    // now, not next month.
    await checkMappingMeasures(trx, actor.districtId, mapping);
    let savedAt: Date;
    try {
      savedAt = await insertSavedMapping(trx, {
        district_id: actor.districtId,
        name,
        title,
        document: mapping,
        created_by: actor.userId,
      });
    } catch (error) {
      // Someone else saved the same name a moment ago, between the check and this insert.
      if (error instanceof Error && 'code' in error && error.code === '23505') {
        throw clashWith(title);
      }
      throw error;
    }
    await recordAudit(trx, actor, {
      action: input.replaces === undefined ? 'mapping.save' : 'mapping.replace',
      subjectType: 'saved_mapping',
      subjectId: name,
      detail: input.replaces === undefined ? { title } : { title, replaces: input.replaces },
    });
    return choiceOf(mapping, { by: actor.displayName, at: savedAt });
  });
}

/** Deletes a saved mapping of the actor's district (404 if there is none of that name). Batches
 * imported with it keep its name in their history. */
export async function deleteMapping(db: Db, actor: Actor, name: string): Promise<void> {
  assertCanImport(actor, actor.districtId);
  await db.transaction().execute(async (trx) => {
    const title = await deleteSavedMapping(trx, actor.districtId, name);
    if (title === undefined) throw notFound(`The saved mapping "${name}"`);
    await recordAudit(trx, actor, {
      action: 'mapping.delete',
      subjectType: 'saved_mapping',
      subjectId: name,
      detail: { title },
    });
  });
}
