import { useState } from 'preact/hooks';
import { StudioClient } from '../api/client';
import { ApiError } from '../api/api-error';
import { Problem } from '../ui/problem';

export type SignInProps = {
  /** Why sign-in is shown again (a refused key), if it is. */
  readonly notice: string | null;
  readonly onSignedIn: (key: string) => void;
};

/** Asks for an API key of the engine (`HEED_API_KEYS`) and checks it before keeping it. */
export function SignIn({ notice, onSignedIn }: SignInProps) {
  const [key, setKey] = useState('');
  const [checking, setChecking] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    const candidate = key.trim();
    if (candidate === '') return;
    setChecking(true);
    setRefused(null);
    setError(null);
    try {
      await new StudioClient(candidate).machine();
      onSignedIn(candidate);
    } catch (failure) {
      if (failure instanceof ApiError && failure.unauthorized)
        setRefused(`The engine refused this key (${failure.code}): ${failure.message}.`);
      else setError(failure instanceof Error ? failure : new Error(String(failure)));
    } finally {
      setChecking(false);
    }
  };

  return (
    <main class="sign-in">
      <form onSubmit={(e) => void submit(e)} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Heed Studio</h1>
        <p class="muted">
          Sign in with an API key of the engine: one of <code>HEED_API_KEYS</code>, or the development key that{' '}
          <code>npm start</code> prints.
        </p>
        {notice && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
        <label for="api-key">API key</label>
        <input
          id="api-key"
          type="password"
          autocomplete="off"
          spellcheck={false}
          value={key}
          onInput={(e) => setKey(e.currentTarget.value)}
          required
        />
        <button type="submit" disabled={checking}>
          {checking ? 'Checking…' : 'Sign in'}
        </button>
        {refused && (
          <p class="refused" role="alert">
            {refused}
          </p>
        )}
        {error && <Problem error={error} doing="check the key" />}
        <p class="muted small">The key stays in this browser tab (session storage) and is sent only in a header.</p>
      </form>
    </main>
  );
}
