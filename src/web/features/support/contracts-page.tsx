// /support/contracts: partnership contracts (Shanghai's "Empowered Management", seed 000) —
// which strong school supports which, on what terms, how many targets are met and what is owed.
// District leaders and supervisors start new ones here.
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { apiSend, ApiError } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { EmptyState, ErrorNotice, Loading } from '../../ui/states.tsx';
import type { ContractDetail, ContractSummary, SupportReference } from './support-types.ts';
import {
  formatDay,
  formatMoney,
  formValues,
  GroupSelect,
  MeasureSelect,
  NumberField,
  SchoolSelect,
  SortTable,
  StatusTag,
  SubmitButton,
  SupportPage,
  TextField,
} from './support-ui.tsx';

export function ContractsPage() {
  const list = useApi<{ contracts: ContractSummary[] }>('/api/support/contracts');
  const ref = useApi<SupportReference>('/api/support/reference');
  return (
    <SupportPage
      title="Partnership contracts"
      lede="A strong school contracted, usually for two years, to improve a weaker one in named areas — paid only when the contract’s targets are met on the results the district loads."
    >
      <p>
        <a className="button button-secondary" href="/api/support/ledger.csv" download>
          Download the payment ledger (CSV)
        </a>
      </p>
      {list.status === 'loading' ? <Loading label="Loading contracts…" /> : null}
      {list.status === 'error' ? (
        <ErrorNotice
          title="Contracts could not be loaded."
          error={list.error}
          onRetry={list.reload}
        />
      ) : null}
      {list.status === 'ok' ? (
        list.data.contracts.length === 0 ? (
          <EmptyState>No partnership contract yet.</EmptyState>
        ) : (
          <SortTable<ContractSummary>
            caption="Partnership contracts"
            rows={list.data.contracts}
            rowKey={(c) => c.id}
            columns={[
              {
                key: 'supported',
                label: 'Supported school',
                value: (c) => c.supportedSchool.name,
                render: (c) => (
                  <Link to={`/support/contracts/${c.id}`}>{c.supportedSchool.name}</Link>
                ),
              },
              { key: 'partner', label: 'Partner school', value: (c) => c.partnerSchool.name },
              { key: 'areas', label: 'Areas of need', value: (c) => c.areasOfNeed.join(', ') },
              {
                key: 'term',
                label: 'Term',
                value: (c) => c.termStart,
                render: (c) => `${formatDay(c.termStart)} – ${formatDay(c.termEnd)}`,
              },
              {
                key: 'status',
                label: 'Status',
                value: (c) => c.status,
                render: (c) => <StatusTag status={c.status} />,
              },
              {
                key: 'met',
                label: 'Targets met',
                isNumeric: true,
                value: (c) => c.targets.met,
                render: (c) => `${c.targets.met} of ${c.targets.total}`,
              },
              {
                key: 'balance',
                label: 'Owed now',
                isNumeric: true,
                value: (c) => c.balance,
                render: (c) => formatMoney(c.balance),
              },
            ]}
          />
        )
      ) : null}
      {ref.status === 'ok' && ref.data.canManage ? <NewContract reference={ref.data} /> : null}
    </SupportPage>
  );
}

function NewContract({ reference }: { reference: SupportReference }) {
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const measure0 = reference.measures[0]?.key ?? '';
  return (
    <section className="section" aria-labelledby="new-contract">
      <h2 id="new-contract">Start a contract</h2>
      <form
        className="form support-form"
        onSubmit={async (event) => {
          const v = formValues(event);
          setIsBusy(true);
          setError(null);
          const hasTarget = v.targetValue !== '' && v.baselineValue !== '';
          try {
            const created = await apiSend<ContractDetail>('POST', '/api/support/contracts', {
              supportedSchoolId: v.supported,
              partnerSchoolId: v.partner,
              areasOfNeed: (v.areas ?? '')
                .split(',')
                .map((a) => a.trim())
                .filter(Boolean),
              termStart: v.termStart,
              ...(v.termEnd ? { termEnd: v.termEnd } : {}),
              targets: hasTarget
                ? [
                    {
                      measureKey: v.measure,
                      studentGroup: v.group,
                      baselineValue: Number(v.baselineValue),
                      baselineYear: Number(v.baselineYear),
                      targetValue: Number(v.targetValue),
                      targetYear: Number(v.targetYear),
                    },
                  ]
                : [],
              paymentTerms: v.perTarget
                ? [{ kind: 'per_target_met', label: 'Per target met', amount: Number(v.perTarget) }]
                : [],
            });
            navigate(`/support/contracts/${created.id}`);
          } catch (e) {
            setError(e instanceof ApiError ? e.message : 'The contract could not be created.');
            setIsBusy(false);
          }
        }}
      >
        <div className="filter-grid">
          <SchoolSelect name="supported" label="Supported school" reference={reference} />
          <SchoolSelect name="partner" label="Partner school" reference={reference} />
          <TextField
            name="areas"
            label="Areas of need (comma-separated)"
            required
            defaultValue="teaching quality"
          />
          <TextField name="termStart" label="Term starts" type="date" required />
          <TextField name="termEnd" label="Term ends (blank: two years)" type="date" />
        </div>
        <fieldset className="support-fieldset">
          <legend>A first target (optional)</legend>
          <div className="filter-grid">
            <MeasureSelect
              name="measure"
              label="Measure"
              reference={reference}
              defaultValue={measure0}
            />
            <GroupSelect name="group" label="Student group" reference={reference} />
            <NumberField name="baselineValue" label="Baseline" />
            <NumberField name="baselineYear" label="Baseline year" />
            <NumberField name="targetValue" label="Target" />
            <NumberField name="targetYear" label="By year" />
            <NumberField name="perTarget" label="Paid per target met ($)" />
          </div>
        </fieldset>
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <SubmitButton isBusy={isBusy} busyText="Creating…">
          Create contract
        </SubmitButton>
      </form>
    </section>
  );
}
