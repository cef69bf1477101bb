// The Staffing equity sub-navigation. One entry per page: add a line to EQUITY_TABS for a new
// page under /equity.
import { NavLink } from 'react-router';

export const EQUITY_TABS: ReadonlyArray<{ to: string; label: string }> = [
  { to: '/equity', label: 'Equity report' },
  { to: '/equity/incentives', label: 'Incentive designer' },
  { to: '/equity/allocation', label: 'Allocation planner' },
];

export function EquityTabs() {
  return (
    <nav aria-label="Staffing equity" className="equity-tabs">
      <ul>
        {EQUITY_TABS.map((tab) => (
          <li key={tab.to}>
            <NavLink to={tab.to} end>
              {tab.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
