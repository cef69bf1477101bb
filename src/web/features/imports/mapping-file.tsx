// Opening a mapping file the user wrote (docs/mappings.md, shown at /imports/mapping-guide) or
// downloaded here before: the file on screen is then previewed with it, and it can be saved for
// the district. The server validates what the mapping says and names the field that is wrong.
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { MAX_MAPPING_FILE_BYTES, readMappingFile, type Choice } from './mapping-model.ts';

export function MappingFileInput({
  onOpen,
}: {
  onOpen: (choice: Extract<Choice, { kind: 'file' }>) => void;
}) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);

  async function open(file: File) {
    setError(null);
    if (file.size > MAX_MAPPING_FILE_BYTES) {
      setError(`${file.name} is too large for a mapping file (over 1 MB): is it the data file?`);
      return;
    }
    const read = readMappingFile(file.name, await file.text());
    if ('error' in read) setError(read.error);
    else onOpen({ kind: 'file', fileName: file.name, document: read.document });
  }

  return (
    <div className="field imports-mapping-file">
      <label htmlFor={id}>Or open a mapping file (.json)</label>
      <input
        id={id}
        type="file"
        accept=".json,application/json"
        aria-describedby={`${id}-hint`}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (file) open(file).catch(() => setError(`${file.name} could not be read.`));
        }}
      />
      <p id={`${id}-hint`} className="hint">
        One you wrote or downloaded here before.{' '}
        <Link to="/imports/mapping-guide">How to write a mapping</Link>, with examples.
      </p>
      {error ? (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
