import { useEffect } from 'react';

/** Sets the browser tab's title for the page, e.g. "Apex High School · Tandem". */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Tandem` : 'Tandem';
  }, [title]);
}
