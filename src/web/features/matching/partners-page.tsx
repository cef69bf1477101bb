// /support/partners (issue #6): the optimal partner for every school needing support. Settings,
// the proposed pairs (sortable, each with its reasons), pin or forbid a pair and solve again, and
// record the match. Principals, who may not run it, see recorded matches (their own pair only).
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ApiError, apiSend } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { EmptyState, ErrorNotice, Loading } from '../../ui/states.tsx';
import { SortTable, SupportPage, formatDay, type Column } from '../support/support-ui.tsx';
import type { Pair, PartnerMatchView, PartnerPairView, RunSummary } from './matching-types.ts';

type Travel = 'default' | 'same_city' | 'km' | 'none';

interface Settings {
  year: string;
  defaultCapacity: string;
  travel: Travel;
  km: string;
  maxContextDistance: string;
  coverage: 'all_possible' | 'best_fit_only';
}

const INITIAL: Settings = {
  year: '',
  defaultCapacity: '1',
  travel: 'default',
  km: '10',
  maxContextDistance: '25',
  coverage: 'all_possible',
};

function requestBody(s: Settings, pins: Pair[], forbids: Pair[]) {
  const travelLimit =
    s.travel === 'km'
      ? { kind: 'km', km: Number(s.km) }
      : s.travel === 'default'
        ? undefined
        : { kind: s.travel };
  return {
    ...(s.year ? { year: Number(s.year) } : {}),
    defaultCapacity: Number(s.defaultCapacity),
    ...(travelLimit ? { travelLimit } : {}),
    maxContextDistance: Number(s.maxContextDistance),
    coverage: s.coverage,
    pins,
    forbids,
  };
}

const samePair = (a: Pair, b: Pair) => a.from === b.from && a.to === b.to;

export function PartnersPage() {
  const [settings, setSettings] = useState(INITIAL);
  const [pins, setPins] = useState<Pair[]>([]);
  const [forbids, setForbids] = useState<Pair[]>([]);
  const [result, setResult] = useState<
    | { kind: 'idle' | 'busy' }
    | { kind: 'ok'; match: PartnerMatchView }
    | { kind: 'error'; error: ApiError }
  >({ kind: 'idle' });
  const [recorded, setRecorded] = useState<string | null>(null);
  const runs = useApi<{ runs: RunSummary[] }>('/api/matching/partners/runs');

  const solve = useCallback(async (s: Settings, p: Pair[], f: Pair[]) => {
    setResult({ kind: 'busy' });
    setRecorded(null);
    try {
      const match = await apiSend<PartnerMatchView>(
        'POST',
        '/api/matching/partners/solve',
        requestBody(s, p, f),
      );
      setResult({ kind: 'ok', match });
    } catch (e) {
      setResult({ kind: 'error', error: e instanceof ApiError ? e : unknownError() });
    }
  }, []);

  useEffect(() => {
    void solve(INITIAL, [], []);
  }, [solve]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void solve(settings, pins, forbids);
  }

  async function record() {
    try {
      const run = await apiSend<{ id: string }>(
        'POST',
        '/api/matching/partners/runs',
        requestBody(settings, pins, forbids),
      );
      setRecorded(run.id);
      runs.reload();
    } catch (e) {
      setResult({ kind: 'error', error: e instanceof ApiError ? e : unknownError() });
    }
  }

  const toggle = (list: Pair[], pair: Pair) =>
    list.some((x) => samePair(x, pair)) ? list.filter((x) => !samePair(x, pair)) : [...list, pair];

  const columns: Column<PartnerPairView>[] = [
    { key: 'school', label: 'School needing support', value: (r) => r.needingName },
    { key: 'partner', label: 'Proposed partner', value: (r) => r.partnerName },
    { key: 'fit', label: 'Fit (points)', isNumeric: true, value: (r) => r.fit },
    {
      key: 'context',
      label: 'Context distance',
      isNumeric: true,
      value: (r) => Math.round(r.contextDistance * 10) / 10,
    },
    {
      key: 'reasons',
      label: 'Why',
      value: (r) => r.reasons.join(' '),
      render: (r) => (
        <ul className="matching-reasons">
          {r.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      ),
    },
    {
      key: 'actions',
      label: 'Change',
      value: (r) => (r.isPinned ? 'Pinned' : ''),
      render: (r) => {
        const pair = { from: r.needingId, to: r.partnerId };
        const isPinned = pins.some((x) => samePair(x, pair));
        return (
          <div className="matching-actions">
            <button
              type="button"
              className="button button-secondary"
              aria-pressed={isPinned}
              onClick={() => setPins(toggle(pins, pair))}
            >
              {isPinned ? 'Unpin' : 'Pin'}
              <span className="visually-hidden">
                {' '}
                {r.needingName} with {r.partnerName}
              </span>
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setPins(pins.filter((x) => !samePair(x, pair)));
                setForbids(toggle(forbids, pair));
              }}
            >
              Forbid
              <span className="visually-hidden">
                {' '}
                {r.needingName} with {r.partnerName}
              </span>
            </button>
          </div>
        );
      },
    },
  ];

  return (
    <SupportPage
      title="Partner matching"
      lede="A partner among the district’s strong schools for every school that needs support, chosen for all schools at once: strengths that meet each school’s needs, similar level and students, within the travel limit, and no strong school over its capacity (Shanghai’s Empowered Management)."
    >
      <form className="matching-settings" onSubmit={onSubmit} aria-label="Matching settings">
        <label>
          School year (spring)
          <input
            type="number"
            inputMode="numeric"
            value={settings.year}
            placeholder="Latest"
            onChange={(e) => setSettings({ ...settings, year: e.target.value })}
          />
        </label>
        <label>
          Partners per strong school (unless stated)
          <input
            type="number"
            min={0}
            max={20}
            value={settings.defaultCapacity}
            onChange={(e) => setSettings({ ...settings, defaultCapacity: e.target.value })}
          />
        </label>
        <label>
          Travel limit
          <select
            value={settings.travel}
            onChange={(e) => setSettings({ ...settings, travel: e.target.value as Travel })}
          >
            <option value="default">District default</option>
            <option value="same_city">Same town</option>
            <option value="km">Distance in km</option>
            <option value="none">No limit</option>
          </select>
        </label>
        {settings.travel === 'km' ? (
          <label>
            Most km apart
            <input
              type="number"
              min={1}
              value={settings.km}
              onChange={(e) => setSettings({ ...settings, km: e.target.value })}
            />
          </label>
        ) : null}
        <label>
          Most context distance (percentage points)
          <input
            type="number"
            min={1}
            value={settings.maxContextDistance}
            onChange={(e) => setSettings({ ...settings, maxContextDistance: e.target.value })}
          />
        </label>
        <label>
          Aim
          <select
            value={settings.coverage}
            onChange={(e) =>
              setSettings({ ...settings, coverage: e.target.value as Settings['coverage'] })
            }
          >
            <option value="all_possible">A partner for as many schools as possible</option>
            <option value="best_fit_only">Only pairs whose fit outweighs the difference</option>
          </select>
        </label>
        <button type="submit" className="button" disabled={result.kind === 'busy'}>
          {pins.length + forbids.length > 0 ? 'Solve again' : 'Solve'}
        </button>
      </form>

      {pins.length + forbids.length > 0 ? (
        <section aria-labelledby="rules-heading" className="matching-rules">
          <h2 id="rules-heading">Pins and forbids</h2>
          <ul>
            {pins.map((p) => (
              <li key={`pin-${p.from}-${p.to}`}>
                Pinned: {p.from} with {p.to}{' '}
                <button
                  type="button"
                  className="matching-link"
                  onClick={() => setPins(toggle(pins, p))}
                >
                  Remove pin {p.from}–{p.to}
                </button>
              </li>
            ))}
            {forbids.map((p) => (
              <li key={`forbid-${p.from}-${p.to}`}>
                Forbidden: {p.from} with {p.to}{' '}
                <button
                  type="button"
                  className="matching-link"
                  onClick={() => setForbids(toggle(forbids, p))}
                >
                  Allow {p.from}–{p.to} again
                </button>
              </li>
            ))}
          </ul>
          <p>Solve again to apply them.</p>
        </section>
      ) : null}

      <section aria-labelledby="pairs-heading">
        <h2 id="pairs-heading">Proposed pairs</h2>
        {result.kind === 'busy' || result.kind === 'idle' ? (
          <Loading label="Solving the matching…" />
        ) : null}
        {result.kind === 'error' ? (
          <ErrorNotice
            title="The matching could not be solved"
            error={result.error}
            onRetry={() => void solve(settings, pins, forbids)}
          />
        ) : null}
        {result.kind === 'ok' ? (
          <>
            <p className="matching-summary">
              School year {result.match.year}: {result.match.pairs.length} pairs for{' '}
              {result.match.needingCount} schools identified for support ({result.match.ruleSetName}
              ), from {result.match.strongCount} strong schools; {result.match.candidatePairs} pairs
              were allowed. {result.match.travelNote}
            </p>
            {result.match.pairs.length === 0 ? (
              <EmptyState>No pair meets the limits. Widen the travel or context limit.</EmptyState>
            ) : (
              <SortTable
                caption="Proposed partner pairs"
                columns={columns}
                rows={result.match.pairs}
                rowKey={(r) => `${r.needingId}-${r.partnerId}`}
              />
            )}
            {result.match.unmatched.length > 0 ? (
              <>
                <h3>Without a partner ({result.match.unmatched.length})</h3>
                <ul>
                  {result.match.unmatched.map((u) => (
                    <li key={u.id}>
                      {u.name}: {u.reason}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            <p className="method">{result.match.method}</p>
            {result.match.canRecord ? (
              <p>
                <button type="button" className="button" onClick={() => void record()}>
                  Record this match
                </button>
              </p>
            ) : null}
            {recorded ? (
              <p className="support-ok" role="status">
                Recorded.
              </p>
            ) : null}
          </>
        ) : null}
      </section>

      <section aria-labelledby="runs-heading">
        <h2 id="runs-heading">Recorded matches</h2>
        {runs.status === 'loading' ? <Loading label="Loading recorded matches…" /> : null}
        {runs.status === 'error' ? (
          <ErrorNotice
            title="Recorded matches could not be loaded"
            error={runs.error}
            onRetry={runs.reload}
          />
        ) : null}
        {runs.status === 'ok' && runs.data.runs.length === 0 ? (
          <EmptyState>No match has been recorded yet.</EmptyState>
        ) : null}
        {runs.status === 'ok' && runs.data.runs.length > 0 ? (
          <ul className="matching-runs">
            {runs.data.runs.map((r) => (
              <li key={r.id}>
                {formatDay(r.runAt)}, school year {r.year}: {r.summary}
                {r.runBy ? ` (by ${r.runBy})` : ''} —{' '}
                <a href={`/api/matching/partners/runs/${r.id}/csv`} download>
                  CSV
                  <span className="visually-hidden">
                    {' '}
                    of the match recorded {formatDay(r.runAt)}
                  </span>
                </a>
              </li>
            ))}
          </ul>
        ) : null}
      </section>
    </SupportPage>
  );
}

function unknownError() {
  return new ApiError({
    type: 'about:blank',
    title: 'Error',
    status: 0,
    detail: 'Something went wrong. Try again.',
  });
}
