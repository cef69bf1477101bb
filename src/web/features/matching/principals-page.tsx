// /support/principals (issue #6): recommendations for the open and planned principal posts, each
// explained; the district's constraints (most moves, must stay, must move); the posts; and the
// residencies of aspiring principals (Gwinnett's two-school residencies). Ratings used here are
// personnel records: the server allows this page only to roles that may read them, and audits it.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ApiError, apiSend } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { EmptyState, ErrorNotice, Loading } from '../../ui/states.tsx';
import {
  SendStatus,
  SortTable,
  SupportPage,
  formValues,
  formatDay,
  statusLabel,
  useSend,
  type Column,
} from '../support/support-ui.tsx';
import type {
  PlacementView,
  PostView,
  RecommendationView,
  ResidencyView,
  RunSummary,
} from './matching-types.ts';

type Constraint = '' | 'stay' | 'move';

const KIND_WORDS: Record<RecommendationView['kind'], string> = {
  move: 'Move',
  must_move: 'Must move',
  aspiring: 'Aspiring principal',
  pinned: 'Pinned',
};

export function PrincipalsPage() {
  const [maxMoves, setMaxMoves] = useState('10');
  const [bonus, setBonus] = useState('150');
  const [constraints, setConstraints] = useState<Record<string, Constraint>>({});
  const [result, setResult] = useState<
    { kind: 'busy' } | { kind: 'ok'; view: PlacementView } | { kind: 'error'; error: ApiError }
  >({ kind: 'busy' });
  const [recorded, setRecorded] = useState(false);
  const runs = useApi<{ runs: RunSummary[] }>('/api/matching/principals/runs');
  const posts = useApi<{ posts: PostView[] }>('/api/matching/principals/posts');
  const residencies = useApi<{ residencies: ResidencyView[] }>('/api/residencies');
  const district = useApi<{ schools: Array<{ id: string; name: string }> }>('/api/district');

  const body = useCallback(
    () => ({
      maxMoves: Number(maxMoves),
      wideningBonus: Number(bonus),
      mustStay: Object.entries(constraints)
        .filter(([, c]) => c === 'stay')
        .map(([id]) => id),
      mustMove: Object.entries(constraints)
        .filter(([, c]) => c === 'move')
        .map(([id]) => id),
    }),
    [maxMoves, bonus, constraints],
  );

  const solve = useCallback(async (b: object) => {
    setResult({ kind: 'busy' });
    setRecorded(false);
    try {
      setResult({
        kind: 'ok',
        view: await apiSend<PlacementView>('POST', '/api/matching/principals/solve', b),
      });
    } catch (e) {
      setResult({ kind: 'error', error: e instanceof ApiError ? e : fallbackError() });
    }
  }, []);

  useEffect(() => {
    void solve({ maxMoves: 10 });
  }, [solve]);

  const reloadAll = () => {
    posts.reload();
    residencies.reload();
    void solve(body());
  };
  const postSend = useSend(reloadAll);
  const residencySend = useSend(reloadAll);

  const columns: Column<RecommendationView>[] = [
    { key: 'school', label: 'Post', value: (r) => r.schoolName },
    { key: 'principal', label: 'Recommended principal', value: (r) => r.principalName },
    { key: 'kind', label: 'Kind', value: (r) => KIND_WORDS[r.kind] },
    { key: 'value', label: 'Value (points)', isNumeric: true, value: (r) => r.value },
    {
      key: 'why',
      label: 'Why',
      value: (r) => r.explanation.join(' '),
      render: (r) => (
        <ul className="matching-reasons">
          {r.explanation.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ),
    },
  ];

  const schools = district.status === 'ok' ? district.data.schools : [];
  const schoolOptions = schools.map((s) => (
    <option key={s.id} value={s.id}>
      {s.name}
    </option>
  ));

  function addPost(event: FormEvent<HTMLFormElement>) {
    const v = formValues(event);
    void postSend.send(
      'POST',
      '/api/matching/principals/posts',
      {
        schoolId: v.schoolId,
        schoolYear: Number(v.schoolYear),
        reason: v.reason,
        note: v.note ?? '',
      },
      'Post opened.',
    );
  }

  function addResidency(event: FormEvent<HTMLFormElement>) {
    const v = formValues(event);
    void residencySend.send(
      'POST',
      '/api/residencies',
      {
        residentStaffId: v.residentStaffId,
        firstSchoolId: v.firstSchoolId,
        firstMentorStaffId: v.firstMentorStaffId || null,
        secondSchoolId: v.secondSchoolId,
        secondMentorStaffId: v.secondMentorStaffId || null,
        startsOn: v.startsOn,
        endsOn: v.endsOn,
        status: v.status,
      },
      'Residency recorded.',
    );
  }

  return (
    <SupportPage
      title="Principal placement"
      lede="Recommendations for every open or planned principal post, chosen for all posts at once: experienced, effective principals where the need is greatest, each principal’s range of school contexts widened, within the district’s limits on moves."
    >
      <form
        className="matching-settings"
        aria-label="Placement constraints"
        onSubmit={(e) => {
          e.preventDefault();
          void solve(body());
        }}
      >
        <label>
          Most moves this year
          <input
            type="number"
            min={0}
            value={maxMoves}
            onChange={(e) => setMaxMoves(e.target.value)}
          />
        </label>
        <label>
          Points per new context (level, poverty band, support status)
          <input type="number" min={0} value={bonus} onChange={(e) => setBonus(e.target.value)} />
        </label>
        <button type="submit" className="button" disabled={result.kind === 'busy'}>
          Solve
        </button>
      </form>

      <section aria-labelledby="recs-heading">
        <h2 id="recs-heading">Recommendations</h2>
        {result.kind === 'busy' ? <Loading label="Solving the placement…" /> : null}
        {result.kind === 'error' ? (
          <ErrorNotice
            title="The placement could not be solved"
            error={result.error}
            onRetry={() => void solve(body())}
          />
        ) : null}
        {result.kind === 'ok' ? (
          <>
            <p className="matching-summary">
              For {result.view.year - 1}–{String(result.view.year % 100).padStart(2, '0')}
              {result.view.scope === 'caseload' ? ' (your caseload)' : ''}:{' '}
              {result.view.recommendations.length} placements, {result.view.moves} of at most{' '}
              {result.view.maxMoves} moves.
            </p>
            {result.view.recommendations.length === 0 ? (
              <EmptyState>No post is open. Open a post below to get recommendations.</EmptyState>
            ) : (
              <SortTable
                caption="Recommended placements"
                columns={columns}
                rows={result.view.recommendations}
                rowKey={(r) => `${r.schoolId}-${r.principalId}`}
              />
            )}
            {result.view.unfilled.length > 0 ? (
              <>
                <h3>Posts not filled</h3>
                <ul>
                  {result.view.unfilled.map((u) => (
                    <li key={u.schoolId}>
                      {u.schoolName}: {u.reason}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            {result.view.vacated.length > 0 ? (
              <>
                <h3>Posts these moves would open</h3>
                <ul>
                  {result.view.vacated.map((v) => (
                    <li key={v.schoolId}>
                      {v.schoolName} ({v.principalName} moves): open it as a post and solve again to
                      fill it.
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            <p className="method">{result.view.method}</p>
            <p>
              <button
                type="button"
                className="button"
                onClick={() =>
                  void apiSend('POST', '/api/matching/principals/runs', body()).then(
                    () => {
                      setRecorded(true);
                      runs.reload();
                    },
                    (e: unknown) =>
                      setResult({
                        kind: 'error',
                        error: e instanceof ApiError ? e : fallbackError(),
                      }),
                  )
                }
              >
                Record these recommendations
              </button>
            </p>
            {recorded ? (
              <p className="support-ok" role="status">
                Recorded.
              </p>
            ) : null}

            <details className="matching-constraints">
              <summary>
                Must stay and must move ({result.view.principals.filter((p) => p.schoolId).length}{' '}
                principals)
              </summary>
              <div className="table-scroll">
                <table className="data-table">
                  <caption className="visually-hidden">Principals and their constraints</caption>
                  <thead>
                    <tr>
                      <th scope="col">Principal</th>
                      <th scope="col">School</th>
                      <th scope="col" className="num">
                        Years as principal
                      </th>
                      <th scope="col">Latest rating</th>
                      <th scope="col">Constraint</th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.view.principals
                      .filter((p) => p.schoolId !== null)
                      .map((p) => (
                        <tr key={p.id}>
                          <td>{p.name}</td>
                          <td>{schools.find((s) => s.id === p.schoolId)?.name ?? p.schoolId}</td>
                          <td className="num">{Math.round(p.yearsAsPrincipal)}</td>
                          <td>{p.rating ?? 'None on record'}</td>
                          <td>
                            <select
                              aria-label={`Constraint for ${p.name}`}
                              value={constraints[p.id] ?? ''}
                              onChange={(e) =>
                                setConstraints({
                                  ...constraints,
                                  [p.id]: e.target.value as Constraint,
                                })
                              }
                            >
                              <option value="">None</option>
                              <option value="stay">Must stay</option>
                              <option value="move">Must move</option>
                            </select>
                          </td>
                        </tr>
                      ))}
                  </tbody>
                </table>
              </div>
            </details>
          </>
        ) : null}
      </section>

      <section aria-labelledby="posts-heading">
        <h2 id="posts-heading">Open and planned posts</h2>
        {posts.status === 'loading' ? <Loading label="Loading posts…" /> : null}
        {posts.status === 'error' ? (
          <ErrorNotice
            title="Posts could not be loaded"
            error={posts.error}
            onRetry={posts.reload}
          />
        ) : null}
        {posts.status === 'ok' && posts.data.posts.length === 0 ? (
          <EmptyState>No post is open or planned.</EmptyState>
        ) : null}
        {posts.status === 'ok' && posts.data.posts.length > 0 ? (
          <ul>
            {posts.data.posts.map((p) => (
              <li key={p.id}>
                {p.schoolName}, {p.schoolYear - 1}–{String(p.schoolYear % 100).padStart(2, '0')}:{' '}
                {p.reason.replace('_', ' ')} ({statusLabel(p.status)})
              </li>
            ))}
          </ul>
        ) : null}
        <form className="matching-form" aria-label="Open a post" onSubmit={addPost}>
          <label>
            School
            <select name="schoolId" required>
              {schoolOptions}
            </select>
          </label>
          <label>
            School year (spring)
            <input
              // Re-mounted when the placement's year is known, so the default fills in.
              key={result.kind === 'ok' ? result.view.year : 'pending'}
              name="schoolYear"
              type="number"
              required
              defaultValue={result.kind === 'ok' ? result.view.year : ''}
            />
          </label>
          <label>
            Reason
            <select name="reason">
              <option value="retirement">Retirement</option>
              <option value="resignation">Resignation</option>
              <option value="new_school">New school</option>
              <option value="planned_move">Planned move</option>
              <option value="other">Other</option>
            </select>
          </label>
          <button type="submit" className="button" disabled={postSend.isBusy}>
            Open post
          </button>
          <SendStatus state={postSend.state} />
        </form>
      </section>

      <section aria-labelledby="residencies-heading">
        <h2 id="residencies-heading">Residencies for aspiring principals</h2>
        {residencies.status === 'loading' ? <Loading label="Loading residencies…" /> : null}
        {residencies.status === 'error' ? (
          <ErrorNotice
            title="Residencies could not be loaded"
            error={residencies.error}
            onRetry={residencies.reload}
          />
        ) : null}
        {residencies.status === 'ok' && residencies.data.residencies.length === 0 ? (
          <EmptyState>No residency is recorded yet.</EmptyState>
        ) : null}
        {residencies.status === 'ok' && residencies.data.residencies.length > 0 ? (
          <ul>
            {residencies.data.residencies.map((r) => (
              <li key={r.id}>
                {r.residentName}: {r.firstSchoolName}
                {r.firstMentorName ? ` (mentor ${r.firstMentorName})` : ''} and {r.secondSchoolName}
                {r.secondMentorName ? ` (mentor ${r.secondMentorName})` : ''},{' '}
                {formatDay(r.startsOn)} to {formatDay(r.endsOn)} — {statusLabel(r.status)}
              </li>
            ))}
          </ul>
        ) : null}
        <form className="matching-form" aria-label="Record a residency" onSubmit={addResidency}>
          <label>
            Resident (staff ID)
            <input name="residentStaffId" required />
          </label>
          <label>
            First host school
            <select name="firstSchoolId" required>
              {schoolOptions}
            </select>
          </label>
          <label>
            Mentor principal there (staff ID)
            <input name="firstMentorStaffId" />
          </label>
          <label>
            Second host school
            <select name="secondSchoolId" required>
              {schoolOptions}
            </select>
          </label>
          <label>
            Mentor principal there (staff ID)
            <input name="secondMentorStaffId" />
          </label>
          <label>
            Starts
            <input name="startsOn" type="date" required />
          </label>
          <label>
            Ends
            <input name="endsOn" type="date" required />
          </label>
          <label>
            Status
            <select name="status">
              <option value="planned">Planned</option>
              <option value="in_progress">In progress</option>
              <option value="completed">Completed</option>
            </select>
          </label>
          <button type="submit" className="button" disabled={residencySend.isBusy}>
            Record residency
          </button>
          <SendStatus state={residencySend.state} />
        </form>
      </section>

      <section aria-labelledby="placement-runs-heading">
        <h2 id="placement-runs-heading">Recorded placements</h2>
        {runs.status === 'loading' ? <Loading label="Loading recorded placements…" /> : null}
        {runs.status === 'error' ? (
          <ErrorNotice
            title="Recorded placements could not be loaded"
            error={runs.error}
            onRetry={runs.reload}
          />
        ) : null}
        {runs.status === 'ok' && runs.data.runs.length === 0 ? (
          <EmptyState>No placement has been recorded yet.</EmptyState>
        ) : null}
        {runs.status === 'ok' && runs.data.runs.length > 0 ? (
          <ul className="matching-runs">
            {runs.data.runs.map((r) => (
              <li key={r.id}>
                {formatDay(r.runAt)}: {r.summary}
                {r.runBy ? ` (by ${r.runBy})` : ''} —{' '}
                <a href={`/api/matching/principals/runs/${r.id}/csv`} download>
                  CSV
                  <span className="visually-hidden">
                    {' '}
                    of the placement recorded {formatDay(r.runAt)}
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

function fallbackError() {
  return new ApiError({
    type: 'about:blank',
    title: 'Error',
    status: 0,
    detail: 'Something went wrong. Try again.',
  });
}
