// Writing the audit log. Reads of confidential records (an individual's rating) and security
// events (sign-in, password change) are recorded with who, what and when.
import type { Actor } from '../domain/access/access.ts';
import type { Db } from '../db/connection.ts';
import { insertAuditEvents } from '../db/queries/audit.ts';

export interface AuditInput {
  districtId?: string;
  action: string;
  subjectType: string;
  subjectId: string;
  detail?: Record<string, unknown>;
}

export async function recordAudit(db: Db, actor: Actor | null, ...events: AuditInput[]) {
  await insertAuditEvents(
    db,
    events.map((e) => ({
      districtId: e.districtId ?? actor?.districtId ?? '',
      userId: actor?.userId ?? null,
      action: e.action,
      subjectType: e.subjectType,
      subjectId: e.subjectId,
      ...(e.detail ? { detail: e.detail } : {}),
    })),
  );
}
