// An Observable Plot chart in a <figure>: drawn to the width it is given, redrawn when that
// changes, with a name (aria-label) and a described-by caption for people who cannot see it.
import { useEffect, useId, useState } from 'react';
import type { ReactNode } from 'react';

export interface PlotFigureProps {
  /** Builds the chart at a width in CSS pixels (Plot.plot(...)); keep it stable (useCallback). */
  render: (width: number) => SVGSVGElement | HTMLElement;
  /** What the chart is, e.g. "Scatter chart of performance score against …". */
  label: string;
  /** What the chart shows, in words: shown under it and read out with it. */
  caption: ReactNode;
  className?: string;
  /** Content above the chart inside the figure (a legend). */
  children?: ReactNode;
}

function useWidth(element: HTMLElement | null): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    if (!element) return;
    const update = () => setWidth(Math.floor(element.clientWidth));
    update();
    const observer = new ResizeObserver(update);
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return width;
}

export function PlotFigure({ render, label, caption, className, children }: PlotFigureProps) {
  const [host, setHost] = useState<HTMLDivElement | null>(null);
  const width = useWidth(host);
  const captionId = useId();

  useEffect(() => {
    if (!host || width === 0) return;
    const chart = render(width);
    // With a legend Plot returns a <figure> whose swatches are small SVGs of their own; the
    // chart is the figure's own <svg> child.
    const svg =
      chart instanceof SVGSVGElement
        ? chart
        : (chart.querySelector(':scope > svg') ?? chart.querySelector('svg'));
    // The chart is one image to assistive technology; Plot's labels on its inner groups
    // ("dot", "tip", "line") would only be noise, and ARIA does not allow them on a plain <g>.
    for (const element of chart.querySelectorAll('[aria-label], [aria-description]')) {
      element.removeAttribute('aria-label');
      element.removeAttribute('aria-description');
    }
    if (svg) {
      svg.setAttribute('role', 'img');
      svg.setAttribute('aria-label', label);
      svg.setAttribute('aria-describedby', captionId);
    }
    host.replaceChildren(chart);
    return () => chart.remove();
  }, [host, width, render, label, captionId]);

  return (
    <figure className={['chart', className].filter(Boolean).join(' ')}>
      {children}
      <div className="chart-canvas" ref={setHost} />
      <figcaption id={captionId} className="chart-caption">
        {caption}
      </figcaption>
    </figure>
  );
}
