import type { StateId } from '../api/contract';

/** Where Studio is: the hash of its URL, so that every view is a link one can share. */
export type Route =
  | { readonly view: 'machine' }
  | { readonly view: 'population'; readonly state: StateId | null }
  | { readonly view: 'customer'; readonly customerId: string | null; readonly travel: Travel | null }
  | { readonly view: 'whatif' };

/** A point of a customer's history: after an input of their stream, or an instant. */
export type Travel = { readonly revision: string } | { readonly at: string };

const REVISION = /^\d+$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Reads a hash: `#/machine`, `#/population/<stateId>`, `#/customer/<id>`, `#/customer/<id>@<revision>`
 * or `#/customer/<id>@<ISO instant>`, `#/whatif`. Anything else is the machine view. The id is URI-encoded in
 * links Studio makes (an `@` in it is `%40`); typed by hand, the last `@` starts the point in time.
 */
export function parseRoute(hash: string): Route {
  const [view = '', ...rest] = hash.replace(/^#?\/?/, '').split('/');
  const tail = rest.join('/');
  switch (view) {
    case 'population':
      return { view: 'population', state: tail === '' ? null : decode(tail) };
    case 'customer': {
      if (tail === '') return { view: 'customer', customerId: null, travel: null };
      const at = tail.lastIndexOf('@');
      const point = at < 0 ? '' : decode(tail.slice(at + 1));
      const travel = REVISION.test(point) ? { revision: point } : INSTANT.test(point) ? { at: point } : null;
      return { view: 'customer', customerId: decode(travel === null ? tail : tail.slice(0, at)), travel };
    }
    case 'whatif':
      return { view: 'whatif' };
    default:
      return { view: 'machine' };
  }
}

/** The hash of a route, as `parseRoute` reads it. */
export function routeHash(route: Route): string {
  switch (route.view) {
    case 'machine':
      return '#/machine';
    case 'population':
      return route.state === null ? '#/population' : `#/population/${encodeURIComponent(route.state)}`;
    case 'customer': {
      if (route.customerId === null) return '#/customer';
      const travel =
        route.travel === null ? '' : `@${'revision' in route.travel ? route.travel.revision : route.travel.at}`;
      return `#/customer/${encodeURIComponent(route.customerId)}${travel}`;
    }
    case 'whatif':
      return '#/whatif';
  }
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
