// "Writing a mapping": docs/mappings.md, the guide a district analyst writes a mapping file from
// (issue #3: "a user can write a mapping for a file nobody here has seen in minutes, from the docs
// alone"), shown in the app so that nobody needs the source folder to read it. The Markdown is
// Tandem's own file, bundled at build time (never user content), and its examples are checked
// against what imports do (services/mapping-guide.test.ts).
import { marked } from 'marked';
import { Link } from 'react-router';
import guide from '../../../../docs/mappings.md?raw';
import { useDocumentTitle } from '../../ui/use-document-title.ts';

// Rendered once: the text does not change while the app runs. Tables get the app's table style;
// code blocks, which scroll sideways on a narrow screen, take the keyboard focus so that they can
// be scrolled without a mouse (WCAG 2.1.1).
const html = marked
  .parse(guide, { async: false, gfm: true })
  .replaceAll('<table>', '<div class="table-scroll"><table class="data-table">')
  .replaceAll('</table>', '</table></div>')
  .replaceAll('<pre>', '<pre tabindex="0">');

export function MappingGuidePage() {
  useDocumentTitle('Writing a mapping');
  return (
    <div className="container page mapping-guide">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <ol>
          <li>
            <Link to="/imports">Data imports</Link>
          </li>
          <li aria-current="page">Writing a mapping</li>
        </ol>
      </nav>
      <article className="prose" dangerouslySetInnerHTML={{ __html: html }} />
    </div>
  );
}
