// The school-support section's sub-navigation. Part A of issue #6 (partner matching, principal
// placement) adds its entries to SUPPORT_TABS.
import { NavLink } from 'react-router';

export const SUPPORT_TABS: Array<{ to: string; label: string }> = [
  { to: '/support', label: 'Overview' },
  { to: '/support/contracts', label: 'Contracts' },
  { to: '/support/menu', label: 'Menu & plans' },
  { to: '/support/practices', label: 'Practices' },
  { to: '/support/clusters', label: 'Clusters & visits' },
  { to: '/support/partners', label: 'Partner matching' },
  { to: '/support/principals', label: 'Principal placement' },
];

export function SupportTabs() {
  return (
    <nav aria-label="School support" className="support-tabs">
      <ul>
        {SUPPORT_TABS.map((tab) => (
          <li key={tab.to}>
            <NavLink to={tab.to} end={tab.to === '/support'}>
              {tab.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
