// The school's headline figures as cards: value, school year and how many people it is about.
import { FigureValue } from '../../ui/figure-value.tsx';
import { formatCount, formatSchoolYear } from '../../ui/format.ts';
import { latestFigure, type MeasureTrend } from './school-model.ts';

export function KeyFigures({ trends }: { trends: readonly MeasureTrend[] }) {
  return (
    <ul className="stat-grid">
      {trends.map(({ measure, points }) => {
        const figure = latestFigure(points);
        return (
          <li className="stat-card" key={measure.key}>
            <span className="stat-label" title={measure.description}>
              {measure.label}
            </span>
            <span className="stat-value">
              <FigureValue figure={figure} unit={measure.unit} />
            </span>
            {figure ? (
              <span className="stat-note">
                {formatSchoolYear(figure.year)}
                {figure.n !== null ? ` · n = ${formatCount(figure.n)}` : ''}
              </span>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
