import { useState } from 'preact/hooks';
import { ApiError } from '../api/api-error';
import { navigate } from '../app/use-route';
import { useStudio } from '../app/studio-context';

/**
 * Finds a customer by id, or else by an anonymous id linked to one (identify calls), and opens
 * their page.
 */
export function CustomerSearch() {
  const { client } = useStudio();
  const [query, setQuery] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  const search = async (e: Event) => {
    e.preventDefault();
    const id = query.trim();
    if (id === '') return;
    setMessage(null);
    try {
      const customerId = await resolve(id);
      if (customerId === null) setMessage(`No customer or anonymous id "${id}" is known to the engine.`);
      else navigate({ view: 'customer', customerId, travel: null });
    } catch (error) {
      setMessage(error instanceof Error ? error.message : String(error));
    }
  };

  const resolve = async (id: string): Promise<string | null> => {
    try {
      return (await client.customer(id)).customerId;
    } catch (error) {
      if (!(error instanceof ApiError && (error.notFound || error.status === 400))) throw error;
    }
    try {
      return (await client.customerOfAnonymousId(id)).customerId;
    } catch (error) {
      if (error instanceof ApiError && (error.notFound || error.status === 400)) return null;
      throw error;
    }
  };

  return (
    <form class="customer-search" role="search" onSubmit={(e) => void search(e)}>
      <label for="customer-search" class="visually-hidden">
        Customer id or anonymous id
      </label>
      <input
        id="customer-search"
        type="search"
        placeholder="Customer id or anonymous id"
        value={query}
        onInput={(e) => setQuery(e.currentTarget.value)}
      />
      <button type="submit">Open</button>
      {message && (
        <p class="search-message" role="alert">
          {message}
        </p>
      )}
    </form>
  );
}
