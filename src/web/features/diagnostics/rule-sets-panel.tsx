// "Rule sets": the district's saved identification rule sets, and for a district leader an
// editor that starts from a preset, shows which schools each change identifies (recomputed by
// the server as the numbers change, nothing stored), and saves. A saved rule set is then chosen
// like a preset in the "Rule set" menu above, and recorded like one.
import { useEffect, useId, useState } from 'react';
import type { RuleSetPreview, SavedRuleSet } from '../../api/types.ts';
import { ApiError, apiSend } from '../../api/client.ts';
import type { ApiState } from '../../api/use-api.ts';
import { formatSchoolYear } from '../../ui/format.ts';
import { EmptyState, ErrorNotice, Loading } from '../../ui/states.tsx';
import {
  DESIGNATION_NAMES,
  PRESET_LABELS,
  TIER_MEASURES,
  blankTier,
  fromPreset,
  fromSaved,
  tiersComplete,
  toDraft,
  type Comparison,
  type DesignationKey,
  type EditorState,
  type PresetKey,
  type TierRow,
} from './rule-set-editor-model.ts';

const when = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' });

type Preview =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'done'; preview: RuleSetPreview }
  | { kind: 'error'; text: string };

function problemText(e: unknown, fallback: string): string {
  if (!(e instanceof ApiError)) return fallback;
  const details = e.problem.problems?.map((p) => `${p.field}: ${p.message}`) ?? [];
  return [e.message, ...details].join(' ');
}

export function RuleSetsPanel({
  ruleSets,
  canEdit,
  year,
  onUse,
  onSaved,
}: {
  ruleSets: ApiState<{ ruleSets: SavedRuleSet[] }> & { reload: () => void };
  canEdit: boolean;
  year: number;
  onUse: (id: string) => void;
  onSaved: () => void;
}) {
  const [editor, setEditor] = useState<EditorState | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  async function remove(saved: SavedRuleSet) {
    try {
      await apiSend('DELETE', `/api/rule-sets/${encodeURIComponent(saved.id)}`);
      setMessage(`Deleted “${saved.name}”. Recorded identifications keep their own copy.`);
      onSaved();
    } catch (e) {
      setMessage(problemText(e, 'The rule set could not be deleted.'));
    }
  }

  return (
    <div className="rule-sets">
      {ruleSets.status === 'loading' ? <Loading label="Loading the saved rule sets…" /> : null}
      {ruleSets.status === 'error' ? (
        <ErrorNotice
          title="The saved rule sets could not be loaded"
          error={ruleSets.error}
          onRetry={ruleSets.reload}
        />
      ) : null}
      {ruleSets.status === 'ok' && ruleSets.data.ruleSets.length === 0 ? (
        <EmptyState>
          No saved rule sets yet.{' '}
          {canEdit
            ? 'Start one from a preset below.'
            : 'A district leader can save the district’s own.'}
        </EmptyState>
      ) : null}
      {ruleSets.status === 'ok' && ruleSets.data.ruleSets.length > 0 ? (
        <ul className="rule-set-list">
          {ruleSets.data.ruleSets.map((r) => (
            <li key={r.id}>
              <span className="rule-set-name">{r.name}</span>{' '}
              <span className="hint">
                from {PRESET_LABELS[r.basedOn]}; minimum n {r.ruleSet.minimumN}; changed{' '}
                {when.format(new Date(r.updatedAt))}
                {r.updatedBy?.name ? ` by ${r.updatedBy.name}` : ''}
              </span>{' '}
              <button type="button" className="button button-secondary" onClick={() => onUse(r.id)}>
                Show “{r.name}”
              </button>
              {canEdit ? (
                <>
                  {' '}
                  <button
                    type="button"
                    className="button button-secondary"
                    onClick={() => setEditor(fromSaved(r))}
                  >
                    Edit “{r.name}”
                  </button>{' '}
                  <button
                    type="button"
                    className="button button-secondary"
                    onClick={() => void remove(r)}
                  >
                    Delete “{r.name}”
                  </button>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {message ? (
        <p className="hint" role="status">
          {message}
        </p>
      ) : null}
      {canEdit ? (
        editor === null ? (
          <div className="rule-set-start">
            {(['north-carolina', 'federal-essa'] as const).map((key) => (
              <button
                key={key}
                type="button"
                className="button"
                onClick={() => setEditor(fromPreset(key))}
              >
                New rule set from {PRESET_LABELS[key]}
              </button>
            ))}
          </div>
        ) : (
          <RuleSetEditor
            initial={editor}
            year={year}
            onCancel={() => setEditor(null)}
            onSaved={(saved) => {
              setEditor(null);
              setMessage(`Saved “${saved.name}”.`);
              onSaved();
              onUse(saved.id);
            }}
          />
        )
      ) : null}
    </div>
  );
}

function NumberField({
  label,
  hint,
  value,
  onChange,
}: {
  label: string;
  hint: string;
  value: string;
  onChange: (v: string) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>
        {label} <span className="legend-hint">({hint})</span>
      </label>
      <input
        id={id}
        inputMode="decimal"
        autoComplete="off"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

function TierEditor({
  index,
  row,
  onChange,
  onRemove,
}: {
  index: number;
  row: TierRow;
  onChange: (row: TierRow) => void;
  onRemove: () => void;
}) {
  const id = useId();
  const n = index + 1;
  return (
    <fieldset className="tier-row">
      <legend>Tier {n}</legend>
      <div className="field">
        <label htmlFor={`${id}-name`}>Tier {n} name</label>
        <input
          id={`${id}-name`}
          value={row.tier}
          onChange={(e) => onChange({ ...row, tier: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-kind`}>Tier {n} when</label>
        <select
          id={`${id}-kind`}
          value={row.kind}
          onChange={(e) =>
            onChange({ ...row, kind: e.target.value === 'designation' ? 'designation' : 'measure' })
          }
        >
          <option value="measure">a measure passes a threshold</option>
          <option value="designation">the school has a designation</option>
        </select>
      </div>
      {row.kind === 'designation' ? (
        <div className="field">
          <label htmlFor={`${id}-des`}>Tier {n} designation</label>
          <select
            id={`${id}-des`}
            value={row.designation}
            onChange={(e) => {
              const designation = (Object.keys(DESIGNATION_NAMES) as DesignationKey[]).find(
                (d) => d === e.target.value,
              );
              if (designation) onChange({ ...row, designation });
            }}
          >
            {(Object.keys(DESIGNATION_NAMES) as DesignationKey[]).map((d) => (
              <option key={d} value={d}>
                {DESIGNATION_NAMES[d]}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <>
          <div className="field">
            <label htmlFor={`${id}-measure`}>Tier {n} measure</label>
            <select
              id={`${id}-measure`}
              value={row.measure}
              onChange={(e) => onChange({ ...row, measure: e.target.value })}
            >
              {TIER_MEASURES.map((m) => (
                <option key={m.key} value={m.key}>
                  {m.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-cmp`}>Tier {n} comparison</label>
            <select
              id={`${id}-cmp`}
              value={row.comparison}
              onChange={(e) => {
                const comparison = (['<', '<=', '>', '>='] as Comparison[]).find(
                  (c) => c === e.target.value,
                );
                if (comparison) onChange({ ...row, comparison });
              }}
            >
              <option value="<">below</option>
              <option value="<=">at or below</option>
              <option value=">">above</option>
              <option value=">=">at or above</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-value`}>Tier {n} threshold</label>
            <input
              id={`${id}-value`}
              inputMode="decimal"
              autoComplete="off"
              value={row.value}
              onChange={(e) => onChange({ ...row, value: e.target.value })}
            />
          </div>
        </>
      )}
      <button type="button" className="button button-secondary" onClick={onRemove}>
        Remove tier {n}
      </button>
    </fieldset>
  );
}

function RuleSetEditor({
  initial,
  year,
  onCancel,
  onSaved,
}: {
  initial: EditorState;
  year: number;
  onCancel: () => void;
  onSaved: (saved: SavedRuleSet) => void;
}) {
  const nameId = useId();
  const presetId = useId();
  const otherwiseId = useId();
  const [state, setState] = useState<EditorState>(initial);
  const [preview, setPreview] = useState<Preview>({ kind: 'idle' });
  const [saveError, setSaveError] = useState<string | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const set = (change: Partial<EditorState>) => setState((s) => ({ ...s, ...change }));

  // The identification recomputed by the server as the settings change (debounced), once every
  // tier row is complete: a half-written tier is not sent for the server to refuse.
  const canPreview = tiersComplete(state);
  useEffect(() => {
    if (!canPreview) return;
    let isCurrent = true;
    const timer = setTimeout(() => {
      setPreview({ kind: 'loading' });
      apiSend<RuleSetPreview>('POST', '/api/rule-sets/preview', { draft: toDraft(state), year })
        .then((p) => {
          if (isCurrent) setPreview({ kind: 'done', preview: p });
        })
        .catch((e: unknown) => {
          if (isCurrent) setPreview({ kind: 'error', text: problemText(e, 'No preview.') });
        });
    }, 350);
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
  }, [state, year, canPreview]);

  async function save() {
    setIsSaving(true);
    setSaveError(null);
    try {
      const draft = toDraft(state);
      const saved =
        state.id === null
          ? await apiSend<SavedRuleSet>('POST', '/api/rule-sets', draft)
          : await apiSend<SavedRuleSet>(
              'PUT',
              `/api/rule-sets/${encodeURIComponent(state.id)}`,
              draft,
            );
      onSaved(saved);
    } catch (e) {
      setSaveError(problemText(e, 'The rule set could not be saved.'));
    } finally {
      setIsSaving(false);
    }
  }

  const isFederal = state.basedOn === 'federal-essa';
  return (
    <form
      className="rule-set-editor panel"
      aria-label={state.id === null ? 'New rule set' : `Edit ${initial.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div className="filter-grid">
        <div className="field">
          <label htmlFor={nameId}>Rule set name</label>
          <input id={nameId} value={state.name} onChange={(e) => set({ name: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={presetId}>Start from</label>
          <select
            id={presetId}
            value={state.basedOn}
            onChange={(e) => {
              const basedOn: PresetKey =
                e.target.value === 'federal-essa' ? 'federal-essa' : 'north-carolina';
              set({ basedOn });
            }}
          >
            {(['north-carolina', 'federal-essa'] as const).map((k) => (
              <option key={k} value={k}>
                {PRESET_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
        <NumberField
          label="Minimum n"
          hint="students; at least 10"
          value={state.minimumN}
          onChange={(minimumN) => set({ minimumN })}
        />
        {isFederal ? (
          <>
            <NumberField
              label="CSI: lowest percent of Title I schools"
              hint="ESSA: at least 5"
              value={state.csiPercent}
              onChange={(csiPercent) => set({ csiPercent })}
            />
            <NumberField
              label="CSI: graduation rate at or below"
              hint="percent; ESSA: 66.7"
              value={state.gradThreshold}
              onChange={(gradThreshold) => set({ gradThreshold })}
            />
            <NumberField
              label="TSI: years a group underperforms"
              hint="1–10"
              value={state.tsiYears}
              onChange={(tsiYears) => set({ tsiYears })}
            />
          </>
        ) : null}
      </div>

      <h3>The district’s tiers</h3>
      <p className="hint">
        Each school gets the first tier whose condition holds, and the last tier otherwise.
      </p>
      {state.tiers.map((row, i) => (
        <TierEditor
          key={i}
          index={i}
          row={row}
          onChange={(next) => set({ tiers: state.tiers.map((t, j) => (j === i ? next : t)) })}
          onRemove={() => set({ tiers: state.tiers.filter((_, j) => j !== i) })}
        />
      ))}
      <div className="filter-bar">
        <button
          type="button"
          className="button button-secondary"
          onClick={() =>
            set({
              tiers: [
                ...state.tiers,
                blankTier(state.tiers.length === 0 ? 'intensive' : 'targeted'),
              ],
            })
          }
        >
          Add a tier
        </button>
        {state.tiers.length > 0 ? (
          <div className="field field-inline">
            <label htmlFor={otherwiseId}>Otherwise</label>
            <input
              id={otherwiseId}
              value={state.otherwise}
              onChange={(e) => set({ otherwise: e.target.value })}
            />
          </div>
        ) : null}
      </div>

      <section className="rule-set-preview" aria-live="polite" aria-label="Preview">
        <h3>Schools this rule set identifies, {formatSchoolYear(year)}</h3>
        {!canPreview ? (
          <p className="hint">Complete the new tier to preview.</p>
        ) : preview.kind === 'loading' || preview.kind === 'idle' ? (
          <p className="hint">Recomputing…</p>
        ) : null}
        {canPreview && preview.kind === 'error' ? (
          <p className="form-error">{preview.text}</p>
        ) : null}
        {canPreview && preview.kind === 'done' ? (
          <>
            <p>
              <strong>{preview.preview.identified}</strong> of {preview.preview.schools.length}{' '}
              schools identified. <span className="hint">{preview.preview.method}</span>
            </p>
            <ul className="reasons">
              {preview.preview.schools
                .filter((s) => s.identified || s.tier !== null)
                .slice(0, 25)
                .map((s) => (
                  <li key={s.id}>
                    {s.name}
                    {s.tier ? ` — tier: ${s.tier}` : ''}
                    {s.identified && s.reasons[0] ? ` — ${s.reasons[0]}` : ''}
                  </li>
                ))}
            </ul>
          </>
        ) : null}
      </section>

      {saveError ? (
        <p className="form-error" role="alert">
          {saveError}
        </p>
      ) : null}
      <div className="filter-bar">
        <button type="submit" className="button button-primary" disabled={isSaving}>
          {isSaving ? 'Saving…' : 'Save rule set'}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
