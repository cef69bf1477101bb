// Saving a mapping built on the page for the district, and deleting one saved before
// (services/saved-mappings.ts): next term's file with the same columns then gets it picked, here
// and by `tandem import`.
import { useId, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { nameFromTitle } from '../../../importers/mapping-columns.ts';
import { downloadText } from '../../ui/download.ts';
import { ConfirmDialog } from '../../ui/confirm-dialog.tsx';
import { formatDate } from '../../ui/format.ts';
import type { BuiltInMapping } from './imports-api.ts';

const messageOf = (e: unknown, fallback: string) => (e instanceof ApiError ? e.message : fallback);

/** A title and a Save button under a complete mapping built column by column. */
export function SaveMappingForm({
  suggestedTitle,
  replaces,
  document,
  onSave,
}: {
  suggestedTitle: string;
  /** The title of the saved mapping this form changes a copy of (null: a new one). */
  replaces: string | null;
  /** The mapping built, as sent to the server (without its name and title). */
  document: object;
  /** Saves the mapping on screen under the title; rejects with the server's reason. */
  onSave: (title: string) => Promise<void>;
}) {
  const id = useId();
  const [title, setTitle] = useState(suggestedTitle);
  const [state, setState] = useState<
    { status: 'idle' } | { status: 'saving' } | { status: 'error'; message: string }
  >({ status: 'idle' });

  async function save() {
    if (title.trim() === '') {
      setState({ status: 'error', message: 'Give the mapping a title first.' });
      return;
    }
    setState({ status: 'saving' });
    try {
      await onSave(title);
      setState({ status: 'idle' });
    } catch (e) {
      setState({ status: 'error', message: messageOf(e, 'The mapping could not be saved.') });
    }
  }

  function download() {
    const name = nameFromTitle(title) || 'my-mapping';
    downloadMapping(name, title.trim() || name, document);
  }

  return (
    <form
      className="imports-save-mapping"
      aria-labelledby={`${id}-legend`}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3 id={`${id}-legend`}>
        {replaces === null
          ? 'Save this mapping for next time'
          : `Save your changes to “${replaces}”`}
      </h3>
      <p className="hint" id={`${id}-hint`}>
        {replaces === null
          ? 'Saved for the district, it'
          : `Saved in place of “${replaces}”, for the whole district, it`}{' '}
        is picked for you whenever a file with these columns is imported, here or with{' '}
        <code>tandem import</code>. Or download it as a mapping file, to keep, share or change (
        <code>tandem import --mapping file.json</code> reads it).
      </p>
      <div className="imports-save-row">
        <div className="field">
          <label htmlFor={`${id}-title`}>Title</label>
          <input
            id={`${id}-title`}
            value={title}
            maxLength={120}
            aria-describedby={`${id}-hint`}
            aria-invalid={state.status === 'error'}
            onChange={(e) => setTitle(e.currentTarget.value)}
          />
        </div>
        <button
          type="submit"
          className="button button-secondary"
          disabled={state.status === 'saving'}
        >
          {state.status === 'saving'
            ? 'Saving…'
            : replaces === null
              ? 'Save mapping'
              : 'Save changes'}
        </button>
        <button type="button" className="button button-quiet" onClick={download}>
          Download as a file (JSON)
        </button>
      </div>
      {state.status === 'error' ? (
        <p className="notice notice-error" role="alert">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}

/** Who saved a mapping and when, with a Delete button that asks first. */
export function SavedMappingDetails({
  mapping,
  onDelete,
  onEdit,
}: {
  mapping: BuiltInMapping;
  /** Deletes it; rejects with the server's reason. */
  onDelete: () => Promise<void>;
  /** Opens a copy in the form (null: the form cannot show this mapping). */
  onEdit: (() => void) | null;
}) {
  const [isConfirming, setIsConfirming] = useState(false);
  const [isWorking, setIsWorking] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function remove() {
    setIsWorking(true);
    setError(null);
    try {
      await onDelete();
    } catch (e) {
      setError(messageOf(e, 'The mapping could not be deleted.'));
      setIsWorking(false);
      setIsConfirming(false);
    }
  }

  const who = mapping.savedBy ? ` by ${mapping.savedBy}` : '';
  const when = mapping.savedAt ? ` on ${formatDate(mapping.savedAt)}` : '';
  return (
    <div className="imports-saved-details">
      <p className="hint">
        Saved for the district{who}
        {when}.{' '}
        {onEdit ? (
          <button type="button" className="button button-quiet" onClick={onEdit}>
            Change this mapping
          </button>
        ) : null}
        {mapping.document ? (
          <button
            type="button"
            className="button button-quiet"
            onClick={() => downloadMapping(mapping.name, mapping.title, mapping.document ?? {})}
          >
            Download as a file (JSON)
          </button>
        ) : null}
        <button
          type="button"
          className="button button-quiet"
          onClick={() => setIsConfirming(true)}
          disabled={isWorking}
        >
          Delete this saved mapping
        </button>
      </p>
      {!onEdit && mapping.document ? (
        <p className="hint">
          It does more than the page’s form can show. To change it, download it, change the file and
          open it again here: saved, it takes this one’s place.
        </p>
      ) : null}
      {error ? (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      ) : null}
      <ConfirmDialog
        isOpen={isConfirming}
        title={`Delete the mapping “${mapping.title}”?`}
        confirmLabel="Delete"
        workingLabel="Deleting…"
        isWorking={isWorking}
        onConfirm={() => void remove()}
        onCancel={() => setIsConfirming(false)}
      >
        <p>
          Nobody in the district will be offered it again. Imports already made with it stay as they
          are, and keep its name in the history.
        </p>
      </ConfirmDialog>
    </div>
  );
}

/** A mapping as a file, for `tandem import --mapping file.json` or to open here again. */
function downloadMapping(name: string, title: string, document: object): void {
  const file = { ...document, name, title };
  downloadText(`${name}.json`, `${JSON.stringify(file, null, 2)}\n`, 'application/json');
}
