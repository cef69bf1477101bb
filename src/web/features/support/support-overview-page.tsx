// /support: the section's entry page. Every school identified for support, with its support
// plan and partnership contract, and what the plans cost and the contracts owe.
import { Link } from 'react-router';
import { useApi } from '../../api/use-api.ts';
import { formatCount } from '../../ui/format.ts';
import { EmptyState, ErrorNotice, Loading } from '../../ui/states.tsx';
import type { OverviewSchool, SupportOverview } from './support-types.ts';
import { formatMoney, schoolYearText, SortTable, StatusTag, SupportPage } from './support-ui.tsx';

export function SupportOverviewPage() {
  const overview = useApi<SupportOverview>('/api/support/overview');
  return (
    <SupportPage
      title="School support"
      lede="Schools identified for support, the plan drawn for each from the district’s menu, and the partnership contracts that pay a strong school only when targets are met."
    >
      {overview.status === 'loading' ? <Loading label="Loading school support…" /> : null}
      {overview.status === 'error' ? (
        <ErrorNotice
          title="School support could not be loaded."
          error={overview.error}
          onRetry={overview.reload}
        />
      ) : null}
      {overview.status === 'ok' ? <Overview data={overview.data} /> : null}
    </SupportPage>
  );
}

function Overview({ data }: { data: SupportOverview }) {
  const t = data.totals;
  return (
    <>
      <section className="section" aria-labelledby="support-glance">
        <h2 id="support-glance" className="visually-hidden">
          At a glance
        </h2>
        <div className="stat-grid">
          <div className="stat-card">
            <p className="stat-label">Identified schools</p>
            <p className="stat-value">{formatCount(t.identified)}</p>
            <p className="stat-note">
              {data.identification.label}
              {data.identification.year ? `, ${schoolYearText(data.identification.year)}` : ''}
            </p>
          </div>
          <div className="stat-card">
            <p className="stat-label">With a support plan</p>
            <p className="stat-value">{formatCount(t.withPlan)}</p>
            <p className="stat-note">plans cost {formatMoney(t.planCost)} in all</p>
          </div>
          <div className="stat-card">
            <p className="stat-label">With a partnership contract</p>
            <p className="stat-value">{formatCount(t.withContract)}</p>
            <p className="stat-note">
              {formatMoney(t.owedUnderContracts)} earned, {formatMoney(t.paidUnderContracts)} paid
            </p>
          </div>
        </div>
        <p className="method">
          Identification:{' '}
          {data.identification.source === 'recorded'
            ? 'the newest recorded identification run.'
            : 'the North Carolina rule run on the latest year (no run has been recorded yet).'}{' '}
          Plan cost: quantity × unit cost at the time each item was added, items dropped left out.
          Earned: what the contracts’ payment terms make owed for targets met on the latest loaded
          results.
        </p>
      </section>
      <section className="section" aria-labelledby="support-schools">
        <h2 id="support-schools">Schools</h2>
        {data.schools.length === 0 ? (
          <EmptyState>
            No school is identified, and none has a plan or a contract yet. Start from the{' '}
            <Link to="/diagnostics">needs and results</Link>.
          </EmptyState>
        ) : (
          <SortTable<OverviewSchool>
            caption="Schools identified for support, with plan and contract"
            rows={data.schools}
            rowKey={(s) => s.schoolId}
            columns={[
              {
                key: 'school',
                label: 'School',
                value: (s) => s.schoolName,
                render: (s) => <Link to={`/schools/${s.schoolId}`}>{s.schoolName}</Link>,
              },
              {
                key: 'identified',
                label: 'Identified',
                value: (s) => (s.identified ? `Yes${s.tier ? ` (${s.tier})` : ''}` : 'No'),
              },
              {
                key: 'plan',
                label: 'Support plan',
                value: (s) => s.plan?.status ?? null,
                render: (s) =>
                  s.plan ? (
                    <>
                      <StatusTag status={s.plan.status} /> {schoolYearText(s.plan.schoolYear)},{' '}
                      {formatCount(s.plan.items)} items
                    </>
                  ) : (
                    'None'
                  ),
              },
              {
                key: 'cost',
                label: 'Plan cost',
                isNumeric: true,
                value: (s) => s.plan?.totalCost ?? null,
                render: (s) => (s.plan ? formatMoney(s.plan.totalCost) : '—'),
              },
              {
                key: 'contract',
                label: 'Contract',
                value: (s) => s.contract?.status ?? null,
                render: (s) =>
                  s.contract ? (
                    <>
                      <Link to={`/support/contracts/${s.contract.id}`}>
                        with {s.contract.partnerName}
                      </Link>{' '}
                      <StatusTag status={s.contract.status} />
                    </>
                  ) : (
                    'None'
                  ),
              },
              {
                key: 'targets',
                label: 'Targets met',
                isNumeric: true,
                value: (s) => s.contract?.targetsMet ?? null,
                render: (s) =>
                  s.contract ? `${s.contract.targetsMet} of ${s.contract.targets}` : '—',
              },
              {
                key: 'balance',
                label: 'Owed now',
                isNumeric: true,
                value: (s) => s.contract?.balance ?? null,
                render: (s) => (s.contract ? formatMoney(s.contract.balance) : '—'),
              },
            ]}
          />
        )}
      </section>
    </>
  );
}
