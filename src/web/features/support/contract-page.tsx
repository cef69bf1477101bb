// /support/contracts/:id: one partnership contract — its targets judged on the latest loaded
// results (with the figure, its n and the import it came from), staff exchanges, district
// reviews, and the payment ledger: what is owed and why.
import { useParams } from 'react-router';
import { useApi } from '../../api/use-api.ts';
import { formatCount } from '../../ui/format.ts';
import { EmptyState, ErrorNotice, Loading } from '../../ui/states.tsx';
import { NumberField } from './contracts-page.tsx';
import type { ContractDetail } from './support-types.ts';
import {
  formatDay,
  formatMoney,
  formValues,
  SendStatus,
  SortTable,
  statusLabel,
  StatusTag,
  SupportPage,
  useSend,
} from './support-ui.tsx';

type Target = ContractDetail['targets'][number];
type Entry = ContractDetail['ledger'][number];

export function ContractPage() {
  const { contractId = '' } = useParams();
  const contract = useApi<ContractDetail>(
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
  const status = useSend(reload);
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
                {t.label}: {formatMoney(t.amount)}{' '}
                {t.kind === 'per_target_met'
                  ? 'for each target met'
                  : t.kind === 'on_start'
                    ? 'when the contract starts'
                    : 'when every target is met'}
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
            <h3>Record a payment</h3>
            <NumberField name="amount" label="Amount ($)" required />
            <div className="field">
              <label htmlFor="pay-reason">Reference</label>
              <input id="pay-reason" name="reason" required />
            </div>
            <button type="submit" className="button button-primary" disabled={payment.isBusy}>
              Record payment
            </button>
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
                      onClick={() =>
                        void exchange.send(
                          'PATCH',
                          `${base}/exchanges/${e.id}`,
                          { status: 'done' },
                          'Marked done.',
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
        {c.canManage ? (
          <form
            className="form support-inline-form"
            onSubmit={async (event) => {
              const v = formValues(event);
              const form = event.currentTarget;
              if (
                await exchange.send(
                  'POST',
                  `${base}/exchanges`,
                  {
                    direction: v.direction,
                    status: 'planned',
                    startDate: v.startDate,
                    endDate: v.endDate,
                    peopleCount: Number(v.peopleCount),
                    purpose: v.purpose ?? '',
                  },
                  'Exchange planned.',
                )
              )
                form.reset();
            }}
          >
            <h3>Plan an exchange</h3>
            <div className="field">
              <label htmlFor="direction">Direction</label>
              <select id="direction" name="direction">
                <option value="partner_to_supported">
                  {c.partnerSchool.name} staff to {c.supportedSchool.name}
                </option>
                <option value="supported_to_partner">
                  {c.supportedSchool.name} staff to {c.partnerSchool.name}
                </option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="ex-start">From</label>
              <input id="ex-start" name="startDate" type="date" required />
            </div>
            <div className="field">
              <label htmlFor="ex-end">To</label>
              <input id="ex-end" name="endDate" type="date" required />
            </div>
            <NumberField name="peopleCount" label="People" required step="1" />
            <div className="field">
              <label htmlFor="ex-purpose">Purpose</label>
              <input id="ex-purpose" name="purpose" />
            </div>
            <button type="submit" className="button button-primary" disabled={exchange.isBusy}>
              Plan exchange
            </button>
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
            <h3>Record a review</h3>
            <div className="field">
              <label htmlFor="rv-date">Date</label>
              <input id="rv-date" name="reviewDate" type="date" required />
            </div>
            <div className="field">
              <label htmlFor="rv-reviewer">Reviewer</label>
              <input id="rv-reviewer" name="reviewer" required />
            </div>
            <div className="field">
              <label htmlFor="rv-evidence">Evidence</label>
              <textarea id="rv-evidence" name="evidence" required rows={3} />
            </div>
            <div className="field">
              <label htmlFor="rv-judgement">Judgement</label>
              <select id="rv-judgement" name="judgement">
                <option value="on_track">On track</option>
                <option value="some_progress">Some progress</option>
                <option value="not_on_track">Not on track</option>
              </select>
            </div>
            <button type="submit" className="button button-primary" disabled={review.isBusy}>
              Record review
            </button>
            <SendStatus state={review.state} />
          </form>
        ) : null}
      </section>
    </>
  );
}
