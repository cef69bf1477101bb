// One figure in a table cell or card: its value, 'Suppressed' (the publisher's marker in a
// tooltip and for screen readers), or '—' when it was never reported. Never a zero.
import type { Figure, MeasureUnit } from '../api/types.ts';
import { formatFigure } from './format.ts';

export function FigureValue({ figure, unit }: { figure: Figure | undefined; unit: MeasureUnit }) {
  if (!figure || figure.status === 'missing') {
    return (
      <span className="missing" title="Not reported">
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">Not reported</span>
      </span>
    );
  }
  if (figure.status === 'suppressed') {
    const why = figure.marker ? `Suppressed (${figure.marker})` : 'Suppressed';
    return (
      <span className="suppressed" title={`${why}: too few students to publish`}>
        Suppressed
        {figure.marker ? <span className="visually-hidden"> ({figure.marker})</span> : null}
      </span>
    );
  }
  return <>{formatFigure(figure, unit)}</>;
}
