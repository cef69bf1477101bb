// /support/menu: the district's menu of supports with unit costs, the non-negotiables every
// school keeps and the flexibilities by tier (Rhode Island's menu, seed 000), and each school's
// plan built from the menu with owners, dates and total cost.
import { useApi } from '../../api/use-api.ts';
import { formatCount } from '../../ui/format.ts';
import { EmptyState, ErrorNotice, Loading } from '../../ui/states.tsx';
import type { CatalogueEntry, PlanView, SupportReference, TierPolicy } from './support-types.ts';
import {
  formatDay,
  formatMoney,
  formValues,
  NumberField,
  SchoolSelect,
  schoolYearText,
  SelectField,
  SendStatus,
  SortTable,
  StatusTag,
  SubmitButton,
  SupportPage,
  TextField,
  useReloadingApi,
  useSend,
} from './support-ui.tsx';

export function MenuPage() {
  // Reloaded after every change on the page: the last data stays while the new arrives.
  const menu = useReloadingApi<{ catalogue: CatalogueEntry[]; policies: TierPolicy[] }>(
    '/api/support/menu',
  );
  const plans = useReloadingApi<{ plans: PlanView[] }>('/api/support/plans');
  const ref = useApi<SupportReference>('/api/support/reference');
  const reload = () => {
    menu.reload();
    plans.reload();
  };
  return (
    <SupportPage
      title="Menu of supports and plans"
      lede="What the district offers struggling schools and at what cost, what every school keeps, and each school’s plan drawn from the menu."
    >
      {menu.status === 'loading' ? <Loading label="Loading the menu…" /> : null}
      {menu.status === 'error' ? (
        <ErrorNotice
          title="The menu could not be loaded."
          error={menu.error}
          onRetry={menu.reload}
        />
      ) : null}
      {menu.status === 'ok' ? (
        <>
          <Catalogue items={menu.data.catalogue} />
          <Policies policies={menu.data.policies} />
          {ref.status === 'ok' && ref.data.canManage ? (
            <ManageMenu reference={ref.data} reload={reload} />
          ) : null}
        </>
      ) : null}
      {plans.status === 'ok' && menu.status === 'ok' && ref.status === 'ok' ? (
        <Plans
          plans={plans.data.plans}
          catalogue={menu.data.catalogue}
          reference={ref.data}
          reload={plans.reload}
        />
      ) : null}
      {plans.status === 'error' ? (
        <ErrorNotice
          title="Plans could not be loaded."
          error={plans.error}
          onRetry={plans.reload}
        />
      ) : null}
    </SupportPage>
  );
}

function Catalogue({ items }: { items: CatalogueEntry[] }) {
  return (
    <section className="section" aria-labelledby="menu-catalogue">
      <h2 id="menu-catalogue">The menu</h2>
      {items.length === 0 ? (
        <EmptyState>The menu is empty.</EmptyState>
      ) : (
        <SortTable<CatalogueEntry>
          caption="Menu of supports"
          rows={items}
          rowKey={(i) => i.id}
          columns={[
            { key: 'name', label: 'Support', value: (i) => i.name },
            { key: 'kind', label: 'Kind', value: (i) => i.kindLabel },
            { key: 'unit', label: 'Unit', value: (i) => i.unit },
            {
              key: 'cost',
              label: 'Unit cost',
              isNumeric: true,
              value: (i) => i.unitCost,
              render: (i) => formatMoney(i.unitCost),
            },
            { key: 'on', label: 'On the menu', value: (i) => (i.isActive ? 'Yes' : 'No') },
          ]}
        />
      )}
    </section>
  );
}

function Policies({ policies }: { policies: TierPolicy[] }) {
  const nonNegotiables = policies.filter((p) => p.kind === 'non_negotiable');
  const tiers = [...new Set(policies.filter((p) => p.kind === 'flexibility').map((p) => p.tier))];
  return (
    <section className="section" aria-labelledby="menu-policies">
      <h2 id="menu-policies">Non-negotiables and flexibilities</h2>
      <h3>Every school keeps</h3>
      {nonNegotiables.length === 0 ? (
        <EmptyState>No non-negotiables are set.</EmptyState>
      ) : (
        <ul className="support-list">
          {nonNegotiables.map((p) => (
            <li key={p.id}>{p.statement}</li>
          ))}
        </ul>
      )}
      {tiers.map((tier) => (
        <div key={tier}>
          <h3>Flexibilities for tier “{tier}”</h3>
          <ul className="support-list">
            {policies
              .filter((p) => p.kind === 'flexibility' && p.tier === tier)
              .map((p) => (
                <li key={p.id}>{p.statement}</li>
              ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

function ManageMenu({ reference, reload }: { reference: SupportReference; reload: () => void }) {
  const add = useSend(reload);
  const policy = useSend(reload);
  return (
    <section className="section" aria-labelledby="menu-manage">
      <h2 id="menu-manage">Change the menu</h2>
      <form
        className="form support-inline-form"
        onSubmit={async (event) => {
          const v = formValues(event);
          const form = event.currentTarget;
          if (
            await add.send(
              'POST',
              '/api/support/catalogue',
              { kind: v.kind, name: v.name, unit: v.unit, unitCost: Number(v.unitCost) },
              'Added to the menu.',
            )
          )
            form.reset();
        }}
      >
        <h3>Add a support</h3>
        <SelectField
          name="kind"
          id="cat-kind"
          label="Kind"
          options={reference.supportKinds.map((k) => ({ value: k.key, label: k.label }))}
        />
        <TextField name="name" id="cat-name" label="Name" required />
        <TextField
          name="unit"
          id="cat-unit"
          label="Unit"
          required
          hint="e.g. day, FTE-year, session"
        />
        <NumberField name="unitCost" label="Unit cost ($)" required />
        <SubmitButton isBusy={add.isBusy}>Add support</SubmitButton>
        <SendStatus state={add.state} />
      </form>
      <form
        className="form support-inline-form"
        onSubmit={async (event) => {
          const v = formValues(event);
          const form = event.currentTarget;
          const isAll = v.policyKind === 'non_negotiable';
          if (
            await policy.send(
              'POST',
              '/api/support/tier-policies',
              { kind: v.policyKind, tier: isAll ? 'all' : v.tier, statement: v.statement },
              'Statement added.',
            )
          )
            form.reset();
        }}
      >
        <h3>Add a statement</h3>
        <SelectField
          name="policyKind"
          id="pol-kind"
          label="Kind"
          options={[
            { value: 'non_negotiable', label: 'Non-negotiable (every school)' },
            { value: 'flexibility', label: 'Flexibility (one tier)' },
          ]}
        />
        <TextField
          name="tier"
          id="pol-tier"
          label="Tier (for a flexibility)"
          defaultValue="targeted"
        />
        <TextField name="statement" id="pol-statement" label="Statement" required />
        <SubmitButton isBusy={policy.isBusy}>Add statement</SubmitButton>
        <SendStatus state={policy.state} />
      </form>
    </section>
  );
}

function Plans({
  plans,
  catalogue,
  reference,
  reload,
}: {
  plans: PlanView[];
  catalogue: CatalogueEntry[];
  reference: SupportReference;
  reload: () => void;
}) {
  const create = useSend(reload);
  return (
    <section className="section" aria-labelledby="menu-plans">
      <h2 id="menu-plans">Support plans</h2>
      <p>
        <a className="button button-secondary" href="/api/support/plans.csv" download>
          Download all plans (CSV)
        </a>
      </p>
      <p className="method">
        Total cost: quantity × the unit cost when the item was added, over items not dropped.
      </p>
      {plans.length === 0 ? <EmptyState>No school has a support plan yet.</EmptyState> : null}
      {plans.map((p) => (
        <PlanCard key={p.id} plan={p} catalogue={catalogue} reload={reload} />
      ))}
      {reference.canManage ? (
        <form
          className="form support-inline-form"
          onSubmit={async (event) => {
            const v = formValues(event);
            await create.send(
              'POST',
              '/api/support/plans',
              { schoolId: v.planSchool, schoolYear: Number(v.planYear) },
              'Plan started.',
            );
          }}
        >
          <h3>Start a school’s plan</h3>
          <SchoolSelect name="planSchool" label="School" reference={reference} />
          <NumberField
            name="planYear"
            label="School year (spring year, e.g. 2026)"
            required
            step="1"
          />
          <SubmitButton isBusy={create.isBusy}>Start plan</SubmitButton>
          <SendStatus state={create.state} />
        </form>
      ) : null}
    </section>
  );
}

function PlanCard({
  plan,
  catalogue,
  reload,
}: {
  plan: PlanView;
  catalogue: CatalogueEntry[];
  reload: () => void;
}) {
  const add = useSend(reload);
  const item = useSend(reload);
  const id = plan.id.slice(0, 8);
  return (
    <article className="panel support-plan" aria-labelledby={`plan-${id}`}>
      <h3 id={`plan-${id}`}>
        {plan.schoolName}, {schoolYearText(plan.schoolYear)} <StatusTag status={plan.status} />
      </h3>
      <p>
        Total cost: <strong>{formatMoney(plan.totalCost)}</strong> ·{' '}
        {formatCount(plan.items.length)} {plan.items.length === 1 ? 'item' : 'items'}
      </p>
      {plan.items.length > 0 ? (
        <SortTable
          caption={`Support plan items for ${plan.schoolName}`}
          rows={plan.items}
          rowKey={(i) => i.id}
          columns={[
            { key: 'support', label: 'Support', value: (i) => i.supportName },
            {
              key: 'qty',
              label: 'Quantity',
              isNumeric: true,
              value: (i) => i.quantity,
              render: (i) => `${i.quantity} ${i.unit}`,
            },
            {
              key: 'cost',
              label: 'Cost',
              isNumeric: true,
              value: (i) => i.cost,
              render: (i) => formatMoney(i.cost),
            },
            { key: 'owner', label: 'Owner', value: (i) => i.owner },
            {
              key: 'dates',
              label: 'Dates',
              value: (i) => i.startDate,
              render: (i) => `${formatDay(i.startDate)} – ${formatDay(i.dueDate)}`,
            },
            {
              key: 'status',
              label: 'Status',
              value: (i) => i.status,
              render: (i) =>
                plan.canUpdateItems ? (
                  <select
                    aria-label={`Status of ${i.supportName}`}
                    value={i.status}
                    onChange={(e) =>
                      void item.send(
                        'PATCH',
                        `/api/support/plans/${plan.id}/items/${i.id}`,
                        { status: e.target.value },
                        'Status saved.',
                      )
                    }
                  >
                    {['planned', 'in_progress', 'done', 'dropped'].map((s) => (
                      <option key={s} value={s}>
                        {s === 'in_progress' ? 'In progress' : s[0]?.toUpperCase() + s.slice(1)}
                      </option>
                    ))}
                  </select>
                ) : (
                  <StatusTag status={i.status} />
                ),
            },
          ]}
        />
      ) : null}
      <SendStatus state={item.state} />
      {plan.canManage ? (
        <form
          className="form support-inline-form"
          onSubmit={async (event) => {
            const v = formValues(event);
            const form = event.currentTarget;
            if (
              await add.send(
                'POST',
                `/api/support/plans/${plan.id}/items`,
                {
                  catalogueId: v.catalogueId,
                  quantity: Number(v.quantity),
                  owner: v.owner,
                  startDate: v.startDate,
                  dueDate: v.dueDate,
                },
                'Added to the plan.',
              )
            )
              form.reset();
          }}
        >
          <h4>Add from the menu</h4>
          <SelectField
            name="catalogueId"
            id={`item-support-${id}`}
            label="Support"
            required
            options={catalogue
              .filter((c) => c.isActive)
              .map((c) => ({
                value: c.id,
                label: `${c.name} (${formatMoney(c.unitCost)} per ${c.unit})`,
              }))}
          />
          <NumberField name="quantity" id={`item-qty-${id}`} label="Quantity" required />
          <TextField name="owner" id={`item-owner-${id}`} label="Owner" required />
          <TextField name="startDate" id={`item-start-${id}`} label="Start" type="date" required />
          <TextField name="dueDate" id={`item-due-${id}`} label="Due" type="date" required />
          <SubmitButton isBusy={add.isBusy}>Add to plan</SubmitButton>
          <SendStatus state={add.state} />
        </form>
      ) : null}
    </article>
  );
}
