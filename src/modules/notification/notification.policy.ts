import type { Viewer } from '../../common/auth/viewer';
import type { SqlViewer } from '../../common/auth/policy';

/**
 * A notification belongs to its recipient alone (whatever their verification: it concerns their own
 * account). What it is about (`subject`, `actor`) goes through the policies of those records.
 */
export function canViewNotification(viewer: Viewer | null, n: { recipientId: string }): boolean {
  return !!viewer && n.recipientId === viewer.id;
}

/** SQL form of canViewNotification for notifications aliased `n`. */
export function notificationReadSql(v: SqlViewer, n: string): string {
  return `(${n}."recipientId" = ${v.id})`;
}
