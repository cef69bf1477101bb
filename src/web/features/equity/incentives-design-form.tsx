// The incentive program's design as a form: who it is for, the school categories (by poverty
// quartile, tier, designation or a list of schools), the award for each rating in each category,
// and the caps. Every change goes up at once; the page previews it live.
import { useId } from 'react';
import {
  ROLE_OPTIONS,
  categoryKey,
  parseList,
  toggle,
  type ProgramDesign,
  type Quartile,
  type SchoolCategory,
} from './incentives-model.ts';

const QUARTILES: Quartile[] = [1, 2, 3, 4];

function CategoryEditor({
  category,
  index,
  disabled,
  onChange,
  onRemove,
}: {
  category: SchoolCategory;
  index: number;
  disabled: boolean;
  onChange: (next: SchoolCategory) => void;
  onRemove: () => void;
}) {
  const id = useId();
  return (
    <fieldset className="incentive-category">
      <legend>School category {index + 1}</legend>
      <div className="field">
        <label htmlFor={`${id}-label`}>Name (read as “in …”)</label>
        <input
          id={`${id}-label`}
          value={category.label}
          disabled={disabled}
          onChange={(e) => onChange({ ...category, label: e.target.value })}
        />
      </div>
      <fieldset className="field-checks">
        <legend>Poverty quartile (4 = highest poverty; none ticked for every quartile)</legend>
        {QUARTILES.map((q) => (
          <label key={q} className="field-check">
            <input
              type="checkbox"
              disabled={disabled}
              checked={category.povertyQuartiles?.includes(q) ?? false}
              onChange={() => {
                const next = {
                  ...category,
                  povertyQuartiles: toggle(category.povertyQuartiles, q),
                };
                if (!next.povertyQuartiles) delete next.povertyQuartiles;
                onChange(next);
              }}
            />
            Quartile {q}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-tiers`}>Tiers (comma-separated; empty for every tier)</label>
        <input
          id={`${id}-tiers`}
          defaultValue={(category.tiers ?? []).join(', ')}
          disabled={disabled}
          onBlur={(e) => {
            const next = { ...category, tiers: parseList(e.target.value) };
            if (!next.tiers) delete next.tiers;
            onChange(next);
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-ids`}>
          Designations (comma-separated; empty for every designation)
        </label>
        <input
          id={`${id}-ids`}
          defaultValue={(category.identifications ?? []).join(', ')}
          disabled={disabled}
          onBlur={(e) => {
            const next = { ...category, identifications: parseList(e.target.value) };
            if (!next.identifications) delete next.identifications;
            onChange(next);
          }}
        />
      </div>
      {disabled ? null : (
        <button type="button" className="button button-quiet" onClick={onRemove}>
          Remove category {index + 1}
        </button>
      )}
    </fieldset>
  );
}

export function DesignForm({
  design,
  disabled,
  onChange,
  tiers,
  designations,
}: {
  design: ProgramDesign;
  disabled: boolean;
  onChange: (next: ProgramDesign) => void;
  tiers: string[];
  designations: string[];
}) {
  const id = useId();
  const keys = design.categories.map((c) => c.category);
  const setAward = (index: number, patch: Partial<ProgramDesign['awards'][number]>) =>
    onChange({
      ...design,
      awards: design.awards.map((a, i) => (i === index ? { ...a, ...patch } : a)),
    });
  return (
    <form className="incentive-form" onSubmit={(e) => e.preventDefault()}>
      <div className="field">
        <label htmlFor={`${id}-name`}>Program name</label>
        <input
          id={`${id}-name`}
          value={design.name}
          disabled={disabled}
          onChange={(e) => onChange({ ...design, name: e.target.value })}
        />
      </div>
      <fieldset className="field-checks">
        <legend>Open to</legend>
        {ROLE_OPTIONS.map((r) => (
          <label key={r.value} className="field-check">
            <input
              type="checkbox"
              disabled={disabled}
              checked={design.roles.includes(r.value)}
              onChange={() => onChange({ ...design, roles: toggle(design.roles, r.value) ?? [] })}
            />
            {r.label}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-ruleset`}>Tiers and designations from</label>
        <select
          id={`${id}-ruleset`}
          value={design.ruleSet}
          disabled={disabled}
          onChange={(e) =>
            onChange({
              ...design,
              ruleSet: e.target.value === 'north-carolina' ? 'north-carolina' : 'federal-essa',
            })
          }
        >
          <option value="federal-essa">Federal ESSA frame (CSI, TSI, ATSI)</option>
          <option value="north-carolina">North Carolina low-performing schools</option>
        </select>
        <p className="field-hint">
          Tiers now: {tiers.join(', ') || 'none'}. Designations now:{' '}
          {designations.join(', ') || 'none'}. A school falls in the first category that fits it.
        </p>
      </div>

      <h3 className="subheading">School categories</h3>
      {design.categories.map((category, index) => (
        <CategoryEditor
          key={category.category}
          category={category}
          index={index}
          disabled={disabled}
          onChange={(next) =>
            onChange({
              ...design,
              categories: design.categories.map((c, i) => (i === index ? next : c)),
            })
          }
          onRemove={() =>
            onChange({
              ...design,
              categories: design.categories.filter((_, i) => i !== index),
              awards: design.awards.filter((a) => a.category !== category.category),
            })
          }
        />
      ))}
      {disabled ? null : (
        <button
          type="button"
          className="button button-secondary"
          onClick={() =>
            onChange({
              ...design,
              categories: [
                ...design.categories,
                { category: categoryKey('other schools', keys), label: 'other schools' },
              ],
            })
          }
        >
          Add a school category
        </button>
      )}

      <h3 className="subheading">Awards by rating and category</h3>
      <div className="table-scroll" role="region" aria-label="Award amounts" tabIndex={0}>
        <table className="data-table award-cells">
          <caption className="visually-hidden">Award amounts by rating and school category</caption>
          <thead>
            <tr>
              <th scope="col">Rating (* for every rating)</th>
              <th scope="col">School category</th>
              <th scope="col" className="num">
                Amount ($)
              </th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {design.awards.map((award, index) => (
              <tr key={`${award.category}-${index}`}>
                <td>
                  <input
                    aria-label={`Rating for award ${index + 1}`}
                    value={award.rating}
                    disabled={disabled}
                    onChange={(e) => setAward(index, { rating: e.target.value })}
                  />
                </td>
                <td>
                  <select
                    aria-label={`School category for award ${index + 1}`}
                    value={award.category}
                    disabled={disabled}
                    onChange={(e) => setAward(index, { category: e.target.value })}
                  >
                    {design.categories.map((c) => (
                      <option key={c.category} value={c.category}>
                        {c.label}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="num">
                  <input
                    aria-label={`Amount for award ${index + 1}`}
                    type="number"
                    min={0}
                    step={100}
                    value={award.amount}
                    disabled={disabled}
                    onChange={(e) => setAward(index, { amount: Number(e.target.value) })}
                  />
                </td>
                <td>
                  {disabled ? null : (
                    <button
                      type="button"
                      className="button button-quiet"
                      onClick={() =>
                        onChange({ ...design, awards: design.awards.filter((_, i) => i !== index) })
                      }
                    >
                      Remove award {index + 1}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {disabled || design.categories.length === 0 ? null : (
        <button
          type="button"
          className="button button-secondary"
          onClick={() =>
            onChange({
              ...design,
              awards: [
                ...design.awards,
                {
                  rating: 'Effective',
                  category: design.categories[0]?.category ?? '',
                  amount: 1000,
                },
              ],
            })
          }
        >
          Add an award
        </button>
      )}

      <div className="filter-bar">
        <div className="field">
          <label htmlFor={`${id}-cap`}>Cap per person ($, optional)</label>
          <input
            id={`${id}-cap`}
            type="number"
            min={0}
            step={500}
            value={design.capPerPerson ?? ''}
            disabled={disabled}
            onChange={(e) => {
              const next: ProgramDesign = { ...design, capPerPerson: Number(e.target.value) };
              if (!e.target.value || (next.capPerPerson ?? 0) <= 0) delete next.capPerPerson;
              onChange(next);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-budget`}>
            Annual budget ($, optional; awards are scaled to fit)
          </label>
          <input
            id={`${id}-budget`}
            type="number"
            min={0}
            step={1000}
            value={design.budgetCap ?? ''}
            disabled={disabled}
            onChange={(e) => {
              const next: ProgramDesign = {
                ...design,
                budgetCap: Number(e.target.value),
                budgetRule: 'prorate',
              };
              if (!e.target.value || (next.budgetCap ?? 0) <= 0) {
                delete next.budgetCap;
                delete next.budgetRule;
              }
              onChange(next);
            }}
          />
        </div>
      </div>
    </form>
  );
}
