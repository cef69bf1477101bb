// "Data imports" (issue #3 "In the web app"): choose a file, pick a built-in mapping (the one
// that fits the header is preselected) or build one, see the first rows as they will land and
// every problem from a full dry run, then import — all rows, or the valid rows only — with
// progress, and manage past batches (rollback, rejected rows). Or load the state's whole files
// as statewide reference data for the equity report (statewide-panel.tsx). Only district leaders
// and analysts reach it; the server refuses everyone else whatever the page shows.
import { useEffect, useRef, useState } from 'react';
import { ApiError, apiGet, apiSend } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { useSession } from '../../app/session.tsx';
import { useDocumentTitle } from '../../ui/use-document-title.ts';
import { ErrorNotice, Loading } from '../../ui/states.tsx';
import { BatchHistory } from './batch-history.tsx';
import { FilePicker } from './file-picker.tsx';
import { ImportRunner } from './import-runner.tsx';
import type { BuiltInMapping, MappingList, Preview, UploadInfo } from './imports-api.ts';
import { formatSize, uploadFile } from './imports-api.ts';
import { MappingBuilder } from './mapping-builder.tsx';
import {
  buildMapping,
  initialBuilder,
  titleFromFileName,
  type Choice,
  type MeasureOption,
} from './mapping-model.ts';
import { PreviewTables } from './preview-tables.tsx';
import { ProblemList } from './problem-list.tsx';
import { StatewidePanel } from './statewide-panel.tsx';

const toError = (e: unknown, fallback: string) =>
  e instanceof ApiError
    ? e
    : new ApiError({ type: 'about:blank', title: 'Error', status: 0, detail: fallback });

/** What the server is sent as the mapping: a saved or built-in one's name, the document built
 * (null while it is incomplete), or the mapping file opened. */
function documentOf(choice: Choice, header: string[], catalogue?: MeasureOption[]): unknown {
  if (choice.kind === 'named') return choice.name;
  if (choice.kind === 'file') return choice.document;
  return buildMapping(header, choice.builder, catalogue).mapping ?? null;
}

const keyOf = (document: unknown) => JSON.stringify(document ?? null);

export function ImportsPage() {
  useDocumentTitle('Data imports');
  const { state } = useSession();
  const csrfToken = state.status === 'signed-in' ? state.session.csrfToken : '';
  const mappings = useApi<MappingList>('/api/imports/mappings');
  // The list as it is after this page saved or deleted a mapping (until then, as loaded).
  const [changedList, setChangedList] = useState<BuiltInMapping[] | null>(null);
  const [mappingNotice, setMappingNotice] = useState<string | null>(null);
  const [upload, setUpload] = useState<UploadInfo | null>(null);
  const [uploadState, setUploadState] = useState<
    { status: 'idle' } | { status: 'sending'; name: string } | { status: 'error'; error: ApiError }
  >({ status: 'idle' });
  const [choice, setChoice] = useState<Choice | null>(null);
  // An .xlsx file's worksheets (none for a CSV) and the one chosen (null: the first).
  const [sheets, setSheets] = useState<string[]>([]);
  const [sheet, setSheet] = useState<string | null>(null);
  const [preview, setPreview] = useState<
    | { status: 'idle' }
    | { status: 'loading'; previous: Preview | null }
    | { status: 'ok'; data: Preview }
    | { status: 'error'; error: ApiError }
  >({ status: 'idle' });
  const [historyVersion, setHistoryVersion] = useState(0);
  const [what, setWhat] = useState<'district' | 'statewide'>('district');
  const header = useRef<string[]>([]);
  // The mapping (as mappingKey) the preview on screen was made with: the server's own pick for a
  // new file or sheet, already previewed, is not asked for again.
  const previewedKey = useRef<string | null>(null);
  // Only the latest preview asked for is shown: a slower answer to an earlier one is dropped.
  const latestPreview = useRef(0);

  // The measures the form offers: the standard ones and the district's own (once loaded).
  const catalogue = mappings.status === 'ok' ? mappings.data.measures : undefined;

  async function handleFile(file: File) {
    setUpload(null);
    setChoice(null);
    setMappingNotice(null);
    setSheets([]);
    setSheet(null);
    setPreview({ status: 'idle' });
    previewedKey.current = null;
    setUploadState({ status: 'sending', name: file.name });
    try {
      const sent = await uploadFile(file, csrfToken);
      setUpload(sent);
      setUploadState({ status: 'idle' });
      await firstPreview(sent.uploadId, null);
    } catch (e) {
      setUploadState({ status: 'error', error: toError(e, 'The file could not be uploaded.') });
    }
  }

  // The first preview of a file, or of another sheet of it, lets the server pick the built-in
  // mapping that fits the header.
  async function firstPreview(uploadId: string, chosenSheet: string | null) {
    setChoice(null);
    const first = await requestPreview(uploadId, undefined, chosenSheet);
    if (first?.kind === 'table') {
      header.current = first.header;
      const picked: Choice = first.mapping
        ? { kind: 'named', name: first.mapping.name }
        : { kind: 'custom', builder: initialBuilder(first.header) };
      previewedKey.current = keyOf(documentOf(picked, first.header, catalogue));
      setChoice(picked);
    }
  }

  function handleSheet(chosen: string) {
    if (!upload) return;
    setSheet(chosen);
    firstPreview(upload.uploadId, chosen).catch(() => undefined);
  }

  async function requestPreview(
    uploadId: string,
    mapping: unknown,
    chosenSheet: string | null,
  ): Promise<Preview | null> {
    const asked = ++latestPreview.current;
    setPreview((p) => ({ status: 'loading', previous: p.status === 'ok' ? p.data : null }));
    try {
      const data = await apiSend<Preview>('POST', '/api/imports/previews', {
        uploadId,
        ...(mapping === undefined ? {} : { mapping }),
        ...(chosenSheet === null ? {} : { sheet: chosenSheet }),
      });
      if (asked !== latestPreview.current) return null;
      setPreview({ status: 'ok', data });
      if (data.kind === 'table' && data.sheets.length > 0) {
        setSheets(data.sheets);
        // The sheet read, which a mapping naming its own sheet may have chosen: the list shows
        // it, and the import reads it.
        const read = data.sheet;
        if (read !== null && data.sheets.includes(read)) setSheet(read);
      }
      return data;
    } catch (e) {
      if (asked !== latestPreview.current) return null;
      const error = toError(e, 'The preview could not be made.');
      setPreview({ status: 'error', error });
      throw error;
    }
  }

  // The form's mapping (or what it still needs), when the user builds one.
  const built =
    choice?.kind === 'custom' ? buildMapping(header.current, choice.builder, catalogue) : null;
  const mappingDocument =
    choice === null
      ? undefined
      : choice.kind === 'custom'
        ? (built?.mapping ?? null)
        : documentOf(choice, header.current);
  const mappingKey = keyOf(mappingDocument);

  // The preview follows the mapping as it changes, a moment after the last change.
  useEffect(() => {
    if (!upload || choice === null || mappingKey === previewedKey.current) return;
    if (mappingDocument === null) return;
    const timer = setTimeout(() => {
      previewedKey.current = mappingKey;
      requestPreview(upload.uploadId, mappingDocument, sheet).catch(() => undefined);
    }, 400);
    return () => clearTimeout(timer);
    // mappingKey stands for mappingDocument's content.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [upload?.uploadId, mappingKey]);

  /** Saves the mapping built on the page, or the mapping file opened, for the district; then
   * reads with it by name. */
  async function saveBuilt(title: string) {
    const mapping = choice?.kind === 'file' ? choice.document : built?.mapping;
    if (choice === null || choice.kind === 'named' || !mapping) return;
    const { replaces } = choice;
    const saved = await apiSend<BuiltInMapping>('POST', '/api/imports/mappings', {
      title,
      document: mapping,
      ...(replaces ? { replaces: replaces.name } : {}),
    });
    setChangedList((await apiGet<MappingList>('/api/imports/mappings')).mappings);
    // The name may be one already previewed, from before these changes: preview it again.
    previewedKey.current = null;
    setChoice({ kind: 'named', name: saved.name });
    setMappingNotice(
      replaces
        ? `Saved the changes as “${saved.title}”, in place of “${replaces.title}”.`
        : `Saved as “${saved.title}”. A file with these columns will have it picked for you.`,
    );
  }

  /** Deletes a saved mapping; the file on screen is then mapped column by column again. */
  async function deleteSaved(name: string) {
    const title = mappingList?.find((m) => m.name === name)?.title ?? name;
    await apiSend('DELETE', `/api/imports/mappings/${encodeURIComponent(name)}`);
    setChangedList((await apiGet<MappingList>('/api/imports/mappings')).mappings);
    setChoice({ kind: 'custom', builder: initialBuilder(header.current) });
    setMappingNotice(`Deleted the saved mapping “${title}”.`);
  }

  // The upload is deleted once imported; the page keeps showing what was done, and the
  // history gains the new batch.
  function handleImported() {
    setHistoryVersion((v) => v + 1);
  }

  const mappingList = changedList ?? (mappings.status === 'ok' ? mappings.data.mappings : null);
  const shown =
    preview.status === 'ok' ? preview.data : preview.status === 'loading' ? preview.previous : null;
  const canImport =
    upload !== null &&
    preview.status === 'ok' &&
    !preview.data.isRefused &&
    (preview.data.kind !== 'table' || preview.data.mapping !== null) &&
    mappingDocument !== null;

  return (
    <div className="container page imports-page">
      <h1>Data imports</h1>
      <p className="lede">
        Bring in a state report-card file, an export from your student information system or a
        spreadsheet. Nothing is written until you choose to import, and every import can be rolled
        back.
      </p>

      <fieldset className="imports-kind">
        <legend>What are you importing?</legend>
        <label>
          <input
            type="radio"
            name="imports-kind"
            value="district"
            checked={what === 'district'}
            onChange={() => setWhat('district')}
          />
          The district’s files (one at a time)
        </label>
        <label>
          <input
            type="radio"
            name="imports-kind"
            value="statewide"
            checked={what === 'statewide'}
            onChange={() => setWhat('statewide')}
          />
          Statewide reference data (the state’s whole-state files)
        </label>
      </fieldset>

      {what === 'statewide' ? <StatewidePanel onFinished={handleImported} /> : null}

      {what === 'district' ? (
        <section aria-labelledby="imports-file">
          <h2 id="imports-file">1. Choose a file</h2>
          <FilePicker
            onFile={(f) => void handleFile(f)}
            isBusy={uploadState.status === 'sending'}
          />
          {uploadState.status === 'sending' ? (
            <Loading label={`Uploading ${uploadState.name}…`} />
          ) : null}
          {uploadState.status === 'error' ? (
            <ErrorNotice title="The file was not accepted" error={uploadState.error} />
          ) : null}
          {upload ? (
            <p className="imports-uploaded">
              Uploaded <strong>{upload.fileName}</strong> ({formatSize(upload.size)}). It is kept
              for an hour, then deleted.
            </p>
          ) : null}
          {upload && sheets.length > 1 ? (
            <div className="field imports-sheet">
              <label htmlFor="imports-sheet">Worksheet</label>
              <select
                id="imports-sheet"
                aria-describedby="imports-sheet-hint"
                value={sheet ?? sheets[0]}
                onChange={(e) => handleSheet(e.currentTarget.value)}
              >
                {sheets.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
              <p className="hint" id="imports-sheet-hint">
                This workbook has {sheets.length} sheets. The preview and the import read the one
                chosen here.
              </p>
            </div>
          ) : null}
        </section>
      ) : null}

      {what === 'district' && upload && upload.kind === 'table' && choice !== null ? (
        <section aria-labelledby="imports-mapping">
          <h2 id="imports-mapping">2. Say what the columns mean</h2>
          {mappingList === null && mappings.status === 'loading' ? (
            <Loading label="Loading mappings…" />
          ) : null}
          {mappingList === null && mappings.status === 'error' ? (
            <ErrorNotice title="Mappings could not be loaded" error={mappings.error} />
          ) : null}
          {mappingList ? (
            <MappingBuilder
              mappings={mappingList}
              catalogue={catalogue ?? []}
              header={header.current}
              choice={choice}
              built={built}
              notice={mappingNotice}
              suggestedTitle={titleFromFileName(upload.fileName)}
              onChoose={(next) => {
                setMappingNotice(null);
                setChoice(next);
              }}
              onSave={saveBuilt}
              onDelete={deleteSaved}
            />
          ) : null}
        </section>
      ) : null}

      {what === 'district' && upload ? (
        <section aria-labelledby="imports-preview" aria-busy={preview.status === 'loading'}>
          <h2 id="imports-preview">{upload.kind === 'table' ? '3. Preview' : '2. Preview'}</h2>
          {preview.status === 'loading' ? <Loading label="Checking every row…" /> : null}
          {preview.status === 'error' ? (
            <>
              <ErrorNotice title="The preview could not be made" error={preview.error} />
              <FieldProblems error={preview.error} />
            </>
          ) : null}
          {shown ? (
            <>
              <PreviewTables
                preview={shown}
                onUseMapping={(name) => setChoice({ kind: 'named', name })}
              />
              {/* Without a mapping nothing has been checked yet: no "no problems". */}
              {shown.kind !== 'table' || shown.mapping !== null || shown.isRefused ? (
                <ProblemList
                  problems={shown.problems}
                  problemCount={shown.problemCount}
                  isRefused={shown.isRefused}
                />
              ) : null}
            </>
          ) : null}
        </section>
      ) : null}

      {what === 'district' && upload && canImport ? (
        <ImportRunner
          key={upload.uploadId}
          upload={upload}
          mapping={mappingDocument}
          sheet={sheet}
          hasProblems={preview.status === 'ok' && preview.data.problemCount > 0}
          onFinished={handleImported}
        />
      ) : null}

      <BatchHistory version={historyVersion} />
    </div>
  );
}

/** Every field a refused mapping got wrong (a mapping file may have several), beyond the first
 * that the error's message names. */
function FieldProblems({ error }: { error: ApiError }) {
  const problems = error.problem.problems ?? [];
  if (problems.length < 2) return null;
  return (
    <ul className="imports-field-problems" aria-label="Every problem with the mapping">
      {problems.map((p) => (
        <li key={`${p.field} ${p.message}`}>
          <code>{p.field}</code> {p.message}
        </li>
      ))}
    </ul>
  );
}
