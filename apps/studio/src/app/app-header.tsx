import type { MachineView } from '../api/contract';
import { CustomerSearch } from '../customer/customer-search';
import { routeHash, type Route } from './route';

export type AppHeaderProps = {
  readonly route: Route;
  readonly machine: MachineView;
  readonly onSignOut: () => void;
};

const VIEWS = [
  { view: 'machine', label: 'Machine', route: { view: 'machine' } },
  { view: 'population', label: 'Population', route: { view: 'population', state: null } },
  { view: 'customer', label: 'Customer', route: { view: 'customer', customerId: null, travel: null } },
  { view: 'whatif', label: 'What-if', route: { view: 'whatif' } },
] as const satisfies ReadonlyArray<{ view: Route['view']; label: string; route: Route }>;

/** The bar above every view: where to go, a customer search, the machine's version, sign-out. */
export function AppHeader({ route, machine, onSignOut }: AppHeaderProps) {
  return (
    <header class="app-header">
      <a class="brand" href="#/machine">
        Heed Studio
      </a>
      <nav aria-label="Views">
        {VIEWS.map(({ view, label, route: target }) => (
          <a key={view} href={routeHash(target)} aria-current={route.view === view ? 'page' : undefined}>
            {label}
          </a>
        ))}
      </nav>
      <CustomerSearch />
      <span class="machine-version" title="The machine the engine runs">
        machine <strong>{machine.id}</strong> version <strong>{machine.version}</strong>
      </span>
      <button type="button" class="link" onClick={onSignOut}>
        Sign out
      </button>
    </header>
  );
}
