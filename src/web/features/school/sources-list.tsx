// The files this school's figures came from: every figure names its source.
import type { SchoolSource } from '../../api/types.ts';
import { formatCode, formatDate } from '../../ui/format.ts';

export function SourcesList({ sources }: { sources: readonly SchoolSource[] }) {
  if (sources.length === 0) {
    return <p className="empty">No import has recorded figures for this school yet.</p>;
  }
  const sorted = [...sources].sort((a, b) => a.fileName.localeCompare(b.fileName));
  return (
    <ul className="sources">
      {sorted.map((source) => (
        <li key={source.batchId}>
          <span className="source-file">{source.fileName}</span>
          <span className="source-meta">
            {formatCode(source.kind)}
            {source.mapping ? ` · mapping ${source.mapping}` : ''} · imported{' '}
            <time dateTime={source.importedAt}>{formatDate(source.importedAt)}</time>
          </span>
        </li>
      ))}
    </ul>
  );
}
