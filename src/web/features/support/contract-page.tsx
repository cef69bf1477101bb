// /support/contracts/:id: one partnership contract — its targets judged on the latest loaded
// results (with the figure, its n and the import it came from), staff exchanges, district
// reviews, and the payment ledger: what is owed and why. Those who manage the supported
// school's support add targets, payment terms, exchanges, reviews and payments here.
import { useParams } from 'react-router';
import { useApi } from '../../api/use-api.ts';
import { formatCount } from '../../ui/format.ts';
import { EmptyState, ErrorNotice, Loading } from '../../ui/states.tsx';
import type { ContractDetail, SupportReference } from './support-types.ts';
import {
  formatDay,
  formatMoney,
  formValues,
  GroupSelect,
  MeasureSelect,
  NumberField,
  SelectField,
  SendStatus,
  SortTable,
  statusLabel,
  StatusTag,
  SubmitButton,
  SupportPage,
  TextField,
  useReloadingApi,
  useSend,
} from './support-ui.tsx';

type Target = ContractDetail['targets'][number];
type Entry = ContractDetail['ledger'][number];
type TermKind = ContractDetail['paymentTerms'][number]['kind'];

const TERM_KINDS: Record<TermKind, string> = {
  per_target_met: 'for each target met',
  on_start: 'when the contract starts',
  all_targets_met: 'when every target is met',
};
const JUDGEMENTS = ['on_track', 'some_progress', 'not_on_track'].map((value) => ({
  value,
  label: statusLabel(value),
}));

export function ContractPage() {
  const { contractId = '' } = useParams();
  const contract = useReloadingApi<ContractDetail>(
    `/api/support/contracts/${encodeURIComponent(contractId)}`,
  );
  const title =
    contract.status === 'ok'
      ? `${contract.data.supportedSchool.name} with ${contract.data.partnerSchool.name}`
      : 'Partnership contract';
  return (
    <SupportPage title={title}>
      {contract.status === 'loading' ? <Loading label="Loading the contract…" /> : null}
      {contract.status === 'error' ? (
        <ErrorNotice
          title="The contract could not be loaded."
          error={contract.error}
          onRetry={contract.reload}
        />
      ) : null}
      {contract.status === 'ok' ? <Contract c={contract.data} reload={contract.reload} /> : null}
    </SupportPage>
  );
}

function Contract({ c, reload }: { c: ContractDetail; reload: () => void }) {
  const base = `/api/support/contracts/${c.id}`;
  const payment = useSend(reload);
  const review = useSend(reload);
  const exchange = useSend(reload);
  const exchangeDone = useSend(reload);
  const status = useSend(reload);
  const term = useSend(reload);
  return (
    <>
      <section className="section" aria-labelledby="contract-terms">
        <h2 id="contract-terms">Terms</h2>
        <div className="stat-grid">
          <div className="stat-card">
            <p className="stat-label">Status</p>
            <p className="stat-value">{statusLabel(c.status)}</p>
            <p className="stat-note">
              {formatDay(c.termStart)} – {formatDay(c.termEnd)}
            </p>
          </div>
          <div className="stat-card">
            <p className="stat-label">Targets met</p>
            <p className="stat-value">
              {c.targets.filter((t) => t.status === 'met').length} of {c.targets.length}
            </p>
            <p className="stat-note">areas: {c.areasOfNeed.join(', ')}</p>
          </div>
          <div className="stat-card">
            <p className="stat-label">Owed now</p>
            <p className="stat-value">{formatMoney(c.balance)}</p>
            <p className="stat-note">
              {formatMoney(c.owed)} earned, {formatMoney(c.paid)} paid
            </p>
          </div>
        </div>
        {c.paymentTerms.length > 0 ? (
          <ul className="support-list">
            {c.paymentTerms.map((t) => (
              <li key={t.id}>
                {t.label}: {formatMoney(t.amount)} {TERM_KINDS[t.kind]}
              </li>
            ))}
          </ul>
        ) : (
          <p>No payment terms: nothing is owed under this contract.</p>
        )}
        {c.canManage ? (
          <div className="support-actions">
            {(['active', 'completed', 'ended'] as const)
              .filter((s) => s !== c.status)
              .map((s) => (
                <button
                  key={s}
                  type="button"
                  className="button button-secondary"
                  disabled={status.isBusy}
                  onClick={() =>
                    void status.send(
                      'PATCH',
                      base,
                      { status: s },
                      `Status set to ${statusLabel(s)}.`,
                    )
                  }
                >
                  Mark {statusLabel(s).toLowerCase()}
                </button>
              ))}
            <SendStatus state={status.state} />
          </div>
        ) : null}
        {c.canManage ? (
          <form
            className="form support-inline-form"
            aria-labelledby="add-term"
            onSubmit={async (event) => {
              const v = formValues(event);
              const form = event.currentTarget;
              if (
                await term.send(
                  'POST',
                  `${base}/payment-terms`,
                  { kind: v.termKind, label: v.termLabel, amount: Number(v.termAmount) },
                  'Payment term added.',
                )
              )
                form.reset();
            }}
          >
            <h3 id="add-term">Add a payment term</h3>
            <TextField name="termLabel" label="Term" required hint="e.g. Second-year bonus" />
            <NumberField name="termAmount" label="Amount ($)" required min={0.01} />
            <SelectField
              name="termKind"
              label="Paid"
              options={Object.entries(TERM_KINDS).map(([value, label]) => ({ value, label }))}
            />
            <SubmitButton isBusy={term.isBusy}>Add payment term</SubmitButton>
            <SendStatus state={term.state} />
          </form>
        ) : null}
      </section>

      <section className="section" aria-labelledby="contract-targets">
        <h2 id="contract-targets">Targets</h2>
        <p className="method">
          Each target is judged on the latest loaded figure for a school year after the baseline and
          no later than the target year, re-checked whenever results are imported or an import is
          rolled back
          {c.lastCheck ? `; last checked ${formatDay(c.lastCheck.checkedAt)}` : ''}. A suppressed
          figure, or one about fewer than 10 students, is never used.
        </p>
        {c.targets.length === 0 ? (
          <EmptyState>No targets yet.</EmptyState>
        ) : (
          <SortTable<Target>
            caption="Contract targets and their status"
            rows={c.targets}
            rowKey={(t) => t.id}
            columns={[
              { key: 'what', label: 'Target', value: (t) => t.description },
              {
                key: 'status',
                label: 'Status',
                value: (t) => t.status,
                render: (t) => <StatusTag status={t.status} />,
              },
              {
                key: 'figure',
                label: 'Checked against',
                isNumeric: true,
                value: (t) => t.checked.value,
                render: (t) =>
                  t.checked.year === null
                    ? '—'
                    : `${t.checked.value === null ? statusLabel(t.checked.figureStatus ?? 'missing') : t.checked.value} (${t.checked.year}${t.checked.n === null ? '' : `, n = ${formatCount(t.checked.n)}`})`,
              },
              { key: 'why', label: 'Why', value: (t) => t.reason },
            ]}
          />
        )}
        {c.canManage ? <AddTarget base={base} reload={reload} /> : null}
      </section>

      <section className="section" aria-labelledby="contract-ledger">
        <h2 id="contract-ledger">Payment ledger: what is owed and why</h2>
        {c.ledger.length === 0 ? (
          <EmptyState>Nothing is owed yet.</EmptyState>
        ) : (
          <SortTable<Entry>
            caption="Payment ledger"
            rows={c.ledger}
            rowKey={(e) => e.id}
            initial={{ key: 'date', direction: 'ascending' }}
            columns={[
              {
                key: 'date',
                label: 'Date',
                value: (e) => e.entryDate,
                render: (e) => formatDay(e.entryDate),
              },
              {
                key: 'kind',
                label: 'Entry',
                value: (e) => e.kind,
                render: (e) => statusLabel(e.kind),
              },
              {
                key: 'amount',
                label: 'Amount',
                isNumeric: true,
                value: (e) => e.amount,
                render: (e) => formatMoney(e.kind === 'paid' ? -e.amount : e.amount),
              },
              {
                key: 'after',
                label: 'Owed after',
                isNumeric: true,
                value: (e) => e.balanceAfter,
                render: (e) => formatMoney(e.balanceAfter),
              },
              { key: 'reason', label: 'Why', value: (e) => e.reason },
            ]}
          />
        )}
        {c.canManage && c.balance > 0 ? (
          <form
            className="form support-inline-form"
            aria-labelledby="add-payment"
            onSubmit={async (event) => {
              const v = formValues(event);
              const form = event.currentTarget;
              if (
                await payment.send(
                  'POST',
                  `${base}/payments`,
                  { amount: Number(v.amount), reason: v.reason },
                  'Payment recorded.',
                )
              )
                form.reset();
            }}
          >
            <h3 id="add-payment">Record a payment</h3>
            <NumberField
              name="amount"
              label="Amount ($)"
              required
              min={0.01}
              hint={`At most ${formatMoney(c.balance)}, what is owed now.`}
            />
            <TextField name="reason" id="pay-reason" label="Reference" required />
            <SubmitButton isBusy={payment.isBusy}>Record payment</SubmitButton>
            <SendStatus state={payment.state} />
          </form>
        ) : null}
      </section>

      <section className="section" aria-labelledby="contract-exchanges">
        <h2 id="contract-exchanges">Staff exchanges</h2>
        {c.exchanges.length === 0 ? (
          <EmptyState>No staff exchange planned yet.</EmptyState>
        ) : (
          <ul className="support-list">
            {c.exchanges.map((e) => (
              <li key={e.id}>
                <StatusTag status={e.status} />{' '}
                {e.direction === 'partner_to_supported'
                  ? `${c.partnerSchool.name} → ${c.supportedSchool.name}`
                  : `${c.supportedSchool.name} → ${c.partnerSchool.name}`}
                , {formatDay(e.startDate)} – {formatDay(e.endDate)}, {formatCount(e.peopleCount)}{' '}
                {e.peopleCount === 1 ? 'person' : 'people'}
                {e.names ? ` (${e.names})` : ''}
                {e.purpose ? `: ${e.purpose}` : ''}
                {c.canManage && e.status === 'planned' ? (
                  <>
                    {' '}
                    <button
                      type="button"
                      className="button button-quiet"
                      aria-label={`Mark the exchange of ${formatDay(e.startDate)} done`}
                      disabled={exchangeDone.isBusy}
                      onClick={() =>
                        void exchangeDone.send(
                          'PATCH',
                          `${base}/exchanges/${e.id}`,
                          { status: 'done' },
                          'Exchange marked done.',
                        )
                      }
                    >
                      Mark done
                    </button>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        <SendStatus state={exchangeDone.state} />
        {c.canManage ? (
          <form
            className="form support-inline-form"
            aria-labelledby="add-exchange"
            onSubmit={async (event) => {
              const v = formValues(event);
              const form = event.currentTarget;
              if (
                await exchange.send(
                  'POST',
                  `${base}/exchanges`,
                  {
                    direction: v.direction,
                    status: v.exchangeStatus,
                    startDate: v.startDate,
                    endDate: v.endDate,
                    peopleCount: Number(v.peopleCount),
                    names: v.names ?? '',
                    purpose: v.purpose ?? '',
                  },
                  v.exchangeStatus === 'done' ? 'Exchange recorded.' : 'Exchange planned.',
                )
              )
                form.reset();
            }}
          >
            <h3 id="add-exchange">Plan or record an exchange</h3>
            <SelectField
              name="direction"
              label="Direction"
              options={[
                {
                  value: 'partner_to_supported',
                  label: `${c.partnerSchool.name} staff to ${c.supportedSchool.name}`,
                },
                {
                  value: 'supported_to_partner',
                  label: `${c.supportedSchool.name} staff to ${c.partnerSchool.name}`,
                },
              ]}
            />
            <SelectField
              name="exchangeStatus"
              id="ex-status"
              label="Status"
              options={[
                { value: 'planned', label: 'Planned' },
                { value: 'done', label: 'Done' },
              ]}
            />
            <TextField name="startDate" id="ex-start" label="From" type="date" required />
            <TextField name="endDate" id="ex-end" label="To" type="date" required />
            <NumberField name="peopleCount" label="People" required step="1" min={1} />
            <TextField name="names" id="ex-names" label="Names (optional)" />
            <TextField name="purpose" id="ex-purpose" label="Purpose" />
            <SubmitButton isBusy={exchange.isBusy}>Save exchange</SubmitButton>
            <SendStatus state={exchange.state} />
          </form>
        ) : null}
      </section>

      <section className="section" aria-labelledby="contract-reviews">
        <h2 id="contract-reviews">District reviews</h2>
        {c.reviews.length === 0 ? (
          <EmptyState>No review recorded yet.</EmptyState>
        ) : (
          <ul className="support-list">
            {c.reviews.map((r) => (
              <li key={r.id}>
                {formatDay(r.reviewDate)}, {r.reviewer}: <StatusTag status={r.judgement} /> —{' '}
                {r.evidence}
              </li>
            ))}
          </ul>
        )}
        {c.canManage ? (
          <form
            className="form support-inline-form"
            aria-labelledby="add-review"
            onSubmit={async (event) => {
              const v = formValues(event);
              const form = event.currentTarget;
              if (
                await review.send(
                  'POST',
                  `${base}/reviews`,
                  {
                    reviewDate: v.reviewDate,
                    reviewer: v.reviewer,
                    evidence: v.evidence,
                    judgement: v.judgement,
                  },
                  'Review recorded.',
                )
              )
                form.reset();
            }}
          >
            <h3 id="add-review">Record a review</h3>
            <TextField name="reviewDate" id="rv-date" label="Date" type="date" required />
            <TextField name="reviewer" id="rv-reviewer" label="Reviewer" required />
            <TextField name="evidence" id="rv-evidence" label="Evidence" required rows={3} />
            <SelectField
              name="judgement"
              id="rv-judgement"
              label="Judgement"
              options={JUDGEMENTS}
            />
            <SubmitButton isBusy={review.isBusy}>Record review</SubmitButton>
            <SendStatus state={review.state} />
          </form>
        ) : null}
      </section>
    </>
  );
}

/** A measurable target: a measure for a student group, from a baseline to a target by a year. */
function AddTarget({ base, reload }: { base: string; reload: () => void }) {
  const ref = useApi<SupportReference>('/api/support/reference');
  const target = useSend(reload);
  if (ref.status !== 'ok') return null;
  const year = new Date().getFullYear();
  return (
    <form
      className="form support-inline-form"
      aria-labelledby="add-target"
      onSubmit={async (event) => {
        const v = formValues(event);
        const form = event.currentTarget;
        if (
          await target.send(
            'POST',
            `${base}/targets`,
            {
              measureKey: v.targetMeasure,
              studentGroup: v.targetGroup,
              baselineValue: Number(v.baselineValue),
              baselineYear: Number(v.baselineYear),
              targetValue: Number(v.targetValue),
              targetYear: Number(v.targetYear),
            },
            'Target added.',
          )
        )
          form.reset();
      }}
    >
      <h3 id="add-target">Add a target</h3>
      <MeasureSelect name="targetMeasure" label="Measure" reference={ref.data} />
      <GroupSelect name="targetGroup" label="Student group" reference={ref.data} />
      <NumberField name="baselineValue" label="Baseline" required />
      <NumberField
        name="baselineYear"
        label="Baseline year"
        required
        step="1"
        hint="School year by its spring, e.g. 2024"
        defaultValue={year - 1}
      />
      <NumberField name="targetValue" label="Target" required />
      <NumberField
        name="targetYear"
        label="By year"
        required
        step="1"
        hint="After the baseline year"
        defaultValue={year + 1}
      />
      <SubmitButton isBusy={target.isBusy}>Add target</SubmitButton>
      <SendStatus state={target.state} />
    </form>
  );
}
