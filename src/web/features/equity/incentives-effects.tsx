// What a program might do and what it did: the equity gap projected under the assumptions the
// user states (with a chart and the arithmetic), the awards paid (by CSV upload, all or nothing),
// and the awardees' retention against similar non-awardees.
import { useCallback, useId, useState, type FormEvent } from 'react';
import * as Plot from '@observablehq/plot';
import { ApiError, apiSend } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { formatSchoolYear } from '../../ui/format.ts';
import { PlotFigure } from '../../ui/plot-figure.tsx';
import { EmptyState, ErrorNotice, Loading } from '../../ui/states.tsx';
import {
  money,
  type AwardList,
  type Projection,
  type RetentionComparison,
  type Share,
} from './incentives-model.ts';

const pct = (value: number) => `${value.toFixed(1)}%`;

const LINE_LABELS = [
  'High-poverty schools, without the program',
  'High-poverty schools, with the program',
  'Low-poverty schools (held as today)',
];
const LINE_COLORS = ['#b42318', '#1d4ed8', '#6b7280'];

function Legend({ labels, colors, name }: { labels: string[]; colors: string[]; name: string }) {
  return (
    <ul className="legend" aria-label={name}>
      {labels.map((label, i) => (
        <li key={label}>
          <span className="legend-swatch" style={{ background: colors[i] }} aria-hidden="true" />
          {label}
        </li>
      ))}
    </ul>
  );
}

function ProjectionChart({ projection }: { projection: Projection }) {
  const render = useCallback(
    (width: number) => {
      const rows = projection.series.flatMap((p) => [
        { year: p.year, rate: p.withoutProgram, line: 'High-poverty schools, without the program' },
        { year: p.year, rate: p.withProgram, line: 'High-poverty schools, with the program' },
        { year: p.year, rate: p.low, line: 'Low-poverty schools (held as today)' },
      ]);
      return Plot.plot({
        width,
        height: 240,
        marginLeft: 48,
        x: {
          label: 'Years from now',
          ticks: projection.series.length,
          tickFormat: (d: number) => String(d),
        },
        y: { label: '% ineffective teachers', grid: true, zero: true },
        color: {
          domain: [
            'High-poverty schools, without the program',
            'High-poverty schools, with the program',
            'Low-poverty schools (held as today)',
          ],
          range: LINE_COLORS,
        },
        marks: [
          Plot.lineY(rows, { x: 'year', y: 'rate', stroke: 'line', strokeWidth: 2 }),
          Plot.dot(rows, { x: 'year', y: 'rate', fill: 'line', r: 3 }),
        ],
      });
    },
    [projection],
  );
  const last = projection.series.at(-1);
  return (
    <PlotFigure
      render={render}
      className="projection-chart"
      label="Line chart of the projected share of ineffective teachers in the highest-poverty schools, with and without the program"
      caption={
        last
          ? `Today ${pct(projection.baseline.highPercent)} of teachers in the highest-poverty schools are ineffective, against ${pct(projection.baseline.lowPercent)} in the lowest. After ${last.year} years: ${pct(last.withoutProgram)} without the program, ${pct(last.withProgram)} with it.`
          : ''
      }
    >
      <Legend labels={LINE_LABELS} colors={LINE_COLORS} name="Lines in the chart" />
    </PlotFigure>
  );
}

export function ProjectionSection({ programId }: { programId: string }) {
  const id = useId();
  const [inputs, setInputs] = useState({
    retention: '90',
    movesIn: '5',
    years: '3',
    without: '',
    others: '',
  });
  const [query, setQuery] = useState(`retentionOfEligible=0.9&movesIn=5&years=3`);
  const result = useApi<Projection>(`/api/incentives/${programId}/projection?${query}`, {
    keepPrevious: true,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const q = new URLSearchParams({
      retentionOfEligible: String(Number(inputs.retention) / 100),
      movesIn: inputs.movesIn,
      years: inputs.years,
    });
    // Left empty, the two retention rates come from last year's staff records.
    if (inputs.without !== '')
      q.set('retentionWithoutProgram', String(Number(inputs.without) / 100));
    if (inputs.others !== '') q.set('retentionOfOthers', String(Number(inputs.others) / 100));
    setQuery(q.toString());
  };
  return (
    <section className="section" aria-labelledby="projection-heading">
      <h2 id="projection-heading">The equity gap under your assumptions</h2>
      <form className="filter-bar" onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-r`}>Eligible teachers who stay each year (%)</label>
          <input
            id={`${id}-r`}
            type="number"
            min={0}
            max={100}
            value={inputs.retention}
            onChange={(e) => setInputs({ ...inputs, retention: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-m`}>Eligible teachers who move in each year</label>
          <input
            id={`${id}-m`}
            type="number"
            min={0}
            value={inputs.movesIn}
            onChange={(e) => setInputs({ ...inputs, movesIn: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-y`}>Years</label>
          <input
            id={`${id}-y`}
            type="number"
            min={1}
            max={10}
            value={inputs.years}
            onChange={(e) => setInputs({ ...inputs, years: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-w`}>
            Without the program, eligible who stay (%, empty: from records)
          </label>
          <input
            id={`${id}-w`}
            type="number"
            min={0}
            max={100}
            value={inputs.without}
            onChange={(e) => setInputs({ ...inputs, without: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-o`}>Other teachers who stay (%, empty: from records)</label>
          <input
            id={`${id}-o`}
            type="number"
            min={0}
            max={100}
            value={inputs.others}
            onChange={(e) => setInputs({ ...inputs, others: e.target.value })}
          />
        </div>
        <button type="submit" className="button button-primary">
          Project
        </button>
      </form>
      {result.status === 'loading' ? (
        <Loading label="Projecting…" />
      ) : result.status === 'error' ? (
        <ErrorNotice title="The projection could not be made" error={result.error} />
      ) : (
        <>
          <div className="stat-grid">
            <div className="stat-card">
              <p className="stat-label">Gap today</p>
              <p className="stat-value">{result.data.baseline.gapPoints.toFixed(1)} points</p>
              <p className="stat-note">
                {result.data.baselineFacts.highIneffective} of{' '}
                {result.data.baselineFacts.highTeachers} against{' '}
                {result.data.baselineFacts.lowIneffective} of{' '}
                {result.data.baselineFacts.lowTeachers} teachers
              </p>
            </div>
            <div className="stat-card">
              <p className="stat-label">Narrowed by</p>
              <p className="stat-value">{result.data.changePoints.toFixed(1)} points</p>
              <p className="stat-note">with the program against without it</p>
            </div>
          </div>
          <ProjectionChart projection={result.data} />
          <ul className="method-list">
            {result.data.explanation.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <details className="method">
            <summary>The arithmetic, year by year, and where the rates come from</summary>
            <p>{result.data.definition}</p>
            <p>
              Retention without the program:{' '}
              {result.data.baselineFacts.retentionWithoutProgram.source}
            </p>
            <p>Retention of other teachers: {result.data.baselineFacts.retentionOfOthers.source}</p>
            <ol>
              {result.data.withProgram.steps.map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ol>
          </details>
        </>
      )}
    </section>
  );
}

const shareText = (share: Share) =>
  share.status === 'suppressed'
    ? (share.marker ?? 'suppressed')
    : share.percent === null
      ? 'no data'
      : `${share.percent.toFixed(0)}% of ${share.n}`;

export function AwardsSection({
  programId,
  canManage,
  canSeeNames,
}: {
  programId: string;
  canManage: boolean;
  canSeeNames: boolean;
}) {
  const id = useId();
  const awards = useApi<AwardList>(`/api/incentives/${programId}/awards`);
  const retention = useApi<RetentionComparison>(`/api/incentives/${programId}/retention`);
  const [upload, setUpload] = useState<{ message: string; error: ApiError | null }>({
    message: '',
    error: null,
  });
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setUpload({ message: 'Checking every row…', error: null });
    try {
      const result = await apiSend<{ recorded: number; total: number }>(
        'POST',
        `/api/incentives/${programId}/awards/upload`,
        { csv: await file.text() },
      );
      setUpload({
        message: `Recorded ${result.recorded} awards, ${money(result.total)} in all.`,
        error: null,
      });
      awards.reload();
      retention.reload();
    } catch (error) {
      if (error instanceof ApiError) setUpload({ message: '', error });
    }
  };
  return (
    <section className="section" aria-labelledby="awards-heading">
      <h2 id="awards-heading">Awards paid, and who stayed</h2>
      {canManage ? (
        <div className="field">
          <label htmlFor={`${id}-file`}>
            Upload awards paid (CSV: staff_id, school_year, amount, paid_on)
          </label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => void onFile(e.target.files?.[0])}
          />
          <p className="field-hint">
            Every row is checked first; one bad row and nothing is recorded.
          </p>
          <p role="status" className="hint">
            {upload.message}
          </p>
        </div>
      ) : null}
      {upload.error ? (
        <div className="notice notice-error" role="alert">
          <p className="notice-title">{upload.error.message}</p>
          <ul>
            {(upload.error.problem.problems ?? []).map((p) => (
              <li key={`${p.field}-${p.message}`}>
                {p.field}: {p.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {awards.status === 'loading' ? (
        <Loading label="Loading awards…" />
      ) : awards.status === 'error' ? (
        <ErrorNotice
          title="The awards could not be loaded"
          error={awards.error}
          onRetry={awards.reload}
        />
      ) : awards.data.byYear.length === 0 ? (
        <EmptyState>No awards have been recorded for this program.</EmptyState>
      ) : (
        <div
          className="table-scroll"
          role="region"
          aria-label="Awards paid by school year"
          tabIndex={0}
        >
          <table className="data-table awards-by-year">
            <caption>Awards paid by school year{canSeeNames ? '' : ' (totals only)'}</caption>
            <thead>
              <tr>
                <th scope="col">School year</th>
                <th scope="col" className="num">
                  People
                </th>
                <th scope="col" className="num">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {awards.data.byYear.map((y) => (
                <tr key={y.schoolYear}>
                  <th scope="row">{formatSchoolYear(y.schoolYear)}</th>
                  <td className="num">{y.people}</td>
                  <td className="num">{money(y.amount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3 className="subheading">Awardees’ retention against similar teachers</h3>
      {retention.status === 'loading' ? (
        <Loading label="Comparing retention…" />
      ) : retention.status === 'error' ? (
        <ErrorNotice title="The comparison could not be made" error={retention.error} />
      ) : retention.data.comparison ? (
        <div className="stat-grid retention-comparison">
          <div className="stat-card">
            <p className="stat-label">Awardees who stayed</p>
            <p className="stat-value">{shareText(retention.data.comparison.awardees)}</p>
          </div>
          <div className="stat-card">
            <p className="stat-label">Similar non-awardees who stayed</p>
            <p className="stat-value">{shareText(retention.data.comparison.comparison)}</p>
          </div>
          <p className="stat-note stat-card-wide">{retention.data.message}</p>
        </div>
      ) : (
        <EmptyState>{retention.data.message}</EmptyState>
      )}
    </section>
  );
}
