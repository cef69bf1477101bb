// The audit log: who read or changed what, when.
import { randomUUID } from 'node:crypto';
import type { Db } from '../connection.ts';

export interface AuditEventInput {
  districtId: string;
  userId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  detail?: Record<string, unknown>;
}

export async function insertAuditEvents(db: Db, events: AuditEventInput[]) {
  if (events.length === 0) return;
  await db
    .insertInto('audit_events')
    .values(
      events.map((e) => ({
        district_id: e.districtId,
        id: randomUUID(),
        user_id: e.userId,
        action: e.action,
        subject_type: e.subjectType,
        subject_id: e.subjectId,
        detail: JSON.stringify(e.detail ?? {}),
      })),
    )
    .execute();
}

export async function listAuditEvents(
  db: Db,
  districtId: string,
  filter: { subjectType?: string; subjectId?: string; action?: string } = {},
) {
  let q = db.selectFrom('audit_events').selectAll().where('district_id', '=', districtId);
  if (filter.subjectType) q = q.where('subject_type', '=', filter.subjectType);
  if (filter.subjectId) q = q.where('subject_id', '=', filter.subjectId);
  if (filter.action) q = q.where('action', '=', filter.action);
  return q.orderBy('at', 'desc').limit(1000).execute();
}
