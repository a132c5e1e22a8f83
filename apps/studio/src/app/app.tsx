import { useMemo, useState } from 'preact/hooks';
import { StudioClient } from '../api/client';
import { keyStore } from '../auth/key-store';
import { SignIn } from '../auth/sign-in';
import { CustomerPage } from '../customer/customer-page';
import { MachinePage } from '../machine/machine-page';
import { lazyView } from '../ui/lazy-view';
import { Problem } from '../ui/problem';
import { useLoad } from '../ui/use-load';
import { AppHeader } from './app-header';
import { StudioContext } from './studio-context';
import { useRoute } from './use-route';

// The machine view is the first most people see, and the customer view shares its chart: both are
// in the main bundle. The others load when first shown.
const PopulationPage = lazyView(() => import('../population/population-page').then((m) => m.PopulationPage));
const WhatIfPage = lazyView(() => import('../whatif/whatif-page').then((m) => m.WhatIfPage));

/** Studio: sign-in until the engine accepts a key, then the view the URL's hash names. */
export function App() {
  const [key, setKey] = useState(() => keyStore.read());
  const [notice, setNotice] = useState<string | null>(null);
  const signOut = (why: string | null) => {
    keyStore.forget();
    setKey(null);
    setNotice(why);
  };
  if (key === null)
    return (
      <SignIn
        notice={notice}
        onSignedIn={(accepted) => {
          keyStore.save(accepted);
          setNotice(null);
          setKey(accepted);
        }}
      />
    );
  return <SignedIn key={key} apiKey={key} signOut={signOut} />;
}

function SignedIn({ apiKey, signOut }: { readonly apiKey: string; readonly signOut: (why: string | null) => void }) {
  const route = useRoute();
  const client = useMemo(
    () =>
      new StudioClient(apiKey, location.origin, (error) =>
        signOut(`The engine refused your key (${error.code}: ${error.message}). Sign in again.`),
      ),
    // signOut only sets the parent's state: a new function each render, with the same effect.
    [apiKey],
  );
  const machine = useLoad(() => client.machine(), [client]);
  if (machine.error !== null && machine.data === null)
    return (
      <main class="page">
        <Problem error={machine.error} doing="load the machine from the engine" retry={machine.reload} />
      </main>
    );
  if (machine.data === null)
    return (
      <main class="page">
        <p class="loading">Loading the machine…</p>
      </main>
    );
  return (
    <StudioContext.Provider value={{ client, machine: machine.data }}>
      <AppHeader route={route} machine={machine.data} onSignOut={() => signOut(null)} />
      <main class="page">
        {route.view === 'machine' && <MachinePage />}
        {route.view === 'population' && <PopulationPage state={route.state} />}
        {route.view === 'customer' && <CustomerPage customerId={route.customerId} travel={route.travel} />}
        {route.view === 'whatif' && <WhatIfPage />}
      </main>
    </StudioContext.Provider>
  );
}
