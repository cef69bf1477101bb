// A category's figures as a grid of measure × school year, with n under each figure.
import type { Figure, MeasureUnit } from '../../api/types.ts';
import { FigureValue } from '../../ui/figure-value.tsx';
import { formatCount, formatSchoolYear } from '../../ui/format.ts';
import type { CategorySection } from './school-model.ts';

export function FigureCell({ figure, unit }: { figure: Figure | undefined; unit: MeasureUnit }) {
  return (
    <td className="num">
      <FigureValue figure={figure} unit={unit} />
      {figure && figure.n !== null && figure.status !== 'missing' ? (
        <span className="figure-n">n = {formatCount(figure.n)}</span>
      ) : null}
    </td>
  );
}

export function FiguresTable({
  section,
  years,
}: {
  section: CategorySection;
  years: readonly number[];
}) {
  return (
    <div
      className="table-scroll"
      role="region"
      aria-label={`${section.title} figures by school year`}
      tabIndex={0}
    >
      <table className="data-table figures-table">
        <caption>{section.title} figures by school year, all students</caption>
        <thead>
          <tr>
            <th scope="col">Measure</th>
            {years.map((year) => (
              <th scope="col" className="num" key={year}>
                {formatSchoolYear(year)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {section.trends.map(({ measure, points }) => (
            <tr key={measure.key}>
              <th scope="row" title={measure.description}>
                {measure.label}
              </th>
              {years.map((year) => (
                <FigureCell
                  key={year}
                  figure={points.find((p) => p.year === year)}
                  unit={measure.unit}
                />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
